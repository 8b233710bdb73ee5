// Attachments: uploading a photo or file (checked by content, copies without metadata made, the
// original kept as evidence), reading one's metadata and its bytes. Who may read which variant is
// decided in one place, visibleAttachmentsWhere (access.ts); outside it an attachment is not found.
import { and, eq, like } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { blobKey } from '../../lib/blob-store.js';
import { sha256Hex } from '../../lib/crypto.js';
import { errors } from '../../lib/errors.js';
import { type Actor, type AttachmentVariant, visibleAttachmentsWhere } from '../access/access.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { division } from '../territory/territory.tables.js';
import { inspectFile, variantMime } from './attachment.content.js';
import { lockBlobsShared } from './attachment-sweep.js';
import { presentAttachment } from './attachment.presenter.js';
import { attachment } from './attachment.tables.js';

export interface Upload {
  fileName: string;
  bytes: Buffer;
  /** The form's divisionCode, if given. */
  divisionCode?: string;
}

/** The name as the device gave it, without any folder, control characters or excess length. */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return [...cleaned].slice(0, 200).join('') || 'file';
}

/**
 * The division an upload is filed under: the uploader's home division (a grid worker's community), or
 * the one the form names, which must exist and lie inside the uploader's jurisdiction.
 */
async function uploadDivision(ctx: AppContext, actor: Actor, requested: string | undefined): Promise<string> {
  if (requested === undefined) return actor.divisionCode;
  const outside = () =>
    errors.validation('divisionCode', 'This division does not exist or is outside your jurisdiction.', '该行政区划不存在或不在您的管辖范围内。');
  if (!/^\d{12}$/.test(requested)) throw outside();
  // Grid staff file under their own community; the others anywhere under their home division.
  if (actor.scopeKind === 'grids' ? requested !== actor.divisionCode : !requested.startsWith(actor.divisionPrefix)) throw outside();
  const [found] = await ctx.db
    .select({ code: division.code })
    .from(division)
    .where(and(eq(division.code, requested), like(division.code, `${actor.divisionPrefix}%`)));
  if (!found) throw outside();
  return found.code;
}

export async function uploadAttachment(ctx: AppContext, audit: AuditContext, actor: Actor, upload: Upload) {
  const divisionCode = await uploadDivision(ctx, actor, upload.divisionCode);
  const inspected = await inspectFile(upload.bytes);
  const originalKey = blobKey(upload.bytes);
  // Documents are kept as they are: their public copy is the original.
  const publicKey = inspected.image ? blobKey(inspected.image.publicCopy) : originalKey;
  const thumbnailKey = inspected.image ? blobKey(inspected.image.thumbnail) : null;

  // The blobs first, then the row: a row never points at a missing file. Keys are content addresses,
  // which other rows may share, so a failed transaction leaves its blobs where they are rather than
  // deleting bytes another upload of the same file may have just claimed; the orphan sweep reclaims
  // them a day later (attachment-sweep.ts).
  const blobs: [string, Buffer][] = [[originalKey, upload.bytes]];
  if (inspected.image) blobs.push([publicKey, inspected.image.publicCopy], [thumbnailKey as string, inspected.image.thumbnail]);
  for (const [key, bytes] of blobs) await ctx.blobs.put(key, bytes);

  const row = await ctx.db.transaction(async (tx) => {
    // Held from here to the commit, against the sweep's exclusive hold: a blob the sweep removed since
    // it was stored above (an orphan of the same bytes, a day old) is stored again before the row names it.
    await lockBlobsShared(tx);
    for (const [key, bytes] of blobs) if (!(await ctx.blobs.has(key))) await ctx.blobs.put(key, bytes);
    const [inserted] = await tx
      .insert(attachment)
      .values({
        divisionCode,
        uploadedBy: actor.userId,
        fileName: cleanFileName(upload.fileName),
        kind: inspected.kind,
        mime: inspected.mime,
        byteSize: upload.bytes.length,
        sha256: sha256Hex(upload.bytes),
        width: inspected.image?.width ?? null,
        height: inspected.image?.height ?? null,
        originalKey,
        publicKey,
        thumbnailKey,
      })
      .returning();
    if (!inserted) throw new Error('attachment insert returned no row');
    // The type, never the file's name: a name can carry personal data.
    await recordAudit(tx, audit, { action: 'attachment.upload', targetType: 'attachment', targetId: inserted.id, divisionCode, detail: inspected.mime });
    return inserted;
  });
  return presentAttachment(row, { original: true });
}

/** The attachment if the actor may read it at all (its public copy), with whether they may read the original. */
async function readable(ctx: AppContext, actor: Actor, id: string) {
  const [found] = await ctx.db
    .select({ row: attachment, original: visibleAttachmentsWhere(actor, 'original').mapWith(Boolean) })
    .from(attachment)
    .where(and(eq(attachment.id, id), visibleAttachmentsWhere(actor, 'public')));
  if (!found) throw errors.notFound('attachment');
  return found;
}

export async function getAttachment(ctx: AppContext, actor: Actor, id: string) {
  const { row, original } = await readable(ctx, actor, id);
  return presentAttachment(row, { original });
}

export interface Content {
  key: string;
  mime: string;
  /** Quoted SHA-256 of the variant's bytes (its key is its hash). */
  etag: string;
  disposition: string;
}

/**
 * Which bytes to send for a variant, if the actor may read it. Sending an original (evidence, with its
 * EXIF and location) is a read of personal data: its audit row is written with the lookup, in one
 * transaction. The copies without metadata are not audited.
 */
export async function attachmentContent(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, variant: AttachmentVariant): Promise<Content> {
  const lookup = async (db: Executor) => {
    const [found] = await db
      .select()
      .from(attachment)
      .where(and(eq(attachment.id, id), visibleAttachmentsWhere(actor, variant)));
    if (!found) throw errors.notFound('attachment');
    return found;
  };
  const found =
    variant === 'original'
      ? await ctx.db.transaction(async (tx) => {
          const row = await lookup(tx);
          await recordAudit(tx, audit, { action: 'attachment.original.read', targetType: 'attachment', targetId: row.id, divisionCode: row.divisionCode });
          return row;
        })
      : await lookup(ctx.db);
  const key = variant === 'original' ? found.originalKey : variant === 'public' ? found.publicKey : found.thumbnailKey;
  if (!key) throw errors.notFound('thumbnail');
  const mime = variantMime(found.mime, variant);
  return {
    key,
    mime,
    etag: `"${key.split('/').pop()}"`,
    disposition: contentDisposition(found.kind === 'image' ? 'inline' : 'attachment', variantFileName(found.fileName, mime, variant)),
  };
}

const EXTENSIONS: Record<string, string> = { 'image/jpeg': '.jpg', 'image/png': '.png', 'image/webp': '.webp', 'application/pdf': '.pdf' };

/** The name a variant is saved under: the original's name, with the extension of what is sent when it differs. */
export function variantFileName(fileName: string, mime: string, variant: AttachmentVariant): string {
  const dot = fileName.lastIndexOf('.');
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  const ext = EXTENSIONS[mime];
  if (variant === 'thumbnail') return `${stem}-thumbnail.webp`;
  if (!ext || variant === 'original') return fileName;
  return fileName.toLowerCase().endsWith(ext) || (ext === '.jpg' && /\.jpe?g$/i.test(fileName)) ? fileName : `${stem}${ext}`;
}

/**
 * A Content-Disposition header that survives any name: an ASCII fallback in `filename` (anything else
 * replaced by _) and the name itself, UTF-8 and percent-encoded, in `filename*` (RFC 5987 / 6266).
 */
export function contentDisposition(type: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
