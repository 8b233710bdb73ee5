import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { appUser } from '../access/access.tables.js';
import { division } from '../territory/territory.tables.js';

/**
 * A photo or file uploaded as evidence (case photos, documents). The bytes live in the blob store
 * (ctx.blobs) under content-addressed keys; the row says what they are, where they belong and who
 * brought them. Three variants:
 *  - original: kept byte for byte as evidence, metadata (EXIF, GPS) and all; `sha256` is its hash;
 *  - public: what is shown outside the handling chain: for images re-encoded upright without any
 *    metadata; for documents (PDF) the original itself, kept as it is (publicKey = originalKey);
 *  - thumbnail: images only, 320 px on the longer side, WebP, no metadata.
 * Rows are never changed; an attachment belongs to the division it was filed in.
 */
export const attachment = pgTable(
  'attachment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    divisionCode: text('division_code')
      .notNull()
      .references(() => division.code),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => appUser.id),
    /** As the uploader's device named it, without any folder. May carry personal data: never logged or audited. */
    fileName: text('file_name').notNull(),
    kind: text('kind').notNull(),
    /** Sniffed from the content, never taken from the request. */
    mime: text('mime').notNull(),
    byteSize: integer('byte_size').notNull(),
    /** SHA-256 of the original, hex. */
    sha256: text('sha256').notNull(),
    /** Images: the upright size (EXIF orientation applied), which the public copy has. */
    width: integer('width'),
    height: integer('height'),
    originalKey: text('original_key').notNull(),
    publicKey: text('public_key').notNull(),
    thumbnailKey: text('thumbnail_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('attachment_division_idx').on(t.divisionCode.op('text_pattern_ops')),
    index('attachment_uploaded_by_idx').on(t.uploadedBy),
    // The orphan sweep asks which blob keys rows name.
    index('attachment_original_key_idx').on(t.originalKey),
    index('attachment_public_key_idx').on(t.publicKey),
    index('attachment_thumbnail_key_idx').on(t.thumbnailKey),
    check('attachment_kind', sql`${t.kind} in ('image', 'document')`),
    // An image has its size and a thumbnail; a document has neither.
    check('attachment_image_fields', sql`${t.kind} <> 'image' or (${t.width} is not null and ${t.height} is not null and ${t.thumbnailKey} is not null)`),
    check('attachment_document_fields', sql`${t.kind} = 'image' or (${t.width} is null and ${t.height} is null and ${t.thumbnailKey} is null)`),
  ],
);
