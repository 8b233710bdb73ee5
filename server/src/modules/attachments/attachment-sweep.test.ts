// The orphan sweep of attachment blobs on a real database (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): what no row names is removed once a day old, nothing a row names is, and an
// upload racing the sweep for the same bytes never ends with a row naming a missing blob.
import { utimes } from 'node:fs/promises';
import path from 'node:path';
import { count, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { blobKey, type BlobStore, type LocalBlobStore } from '../../lib/blob-store.js';
import { createTestApp } from '../../test/harness.js';
import { multipartBody } from '../../test/multipart.js';
import { auditEvent } from '../audit/audit.tables.js';
import { lockBlobsShared, sweepOrphanBlobs } from './attachment-sweep.js';
import { attachment } from './attachment.tables.js';

const t = await createTestApp();
afterAll(() => t.close());

const store = t.ctx.blobs as LocalBlobStore;
const DAY = 86_400_000;
/** Makes a blob look written `days` ago. */
const age = async (key: string, days: number) => {
  const at = new Date(Date.now() - days * DAY);
  await utimes(path.join(store.root, ...key.split('/')), at, at);
};
const photo = (r: number) =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: { r, g: 90, b: 60 } } })
    .jpeg()
    .toBuffer();
const upload = (data: Buffer) =>
  t.request({ method: 'POST', url: '/api/attachments', as: 'worker', ...multipartBody([{ name: 'file', data, fileName: 'IMG.jpg', type: 'image/jpeg' }]) });
const sweepAudits = async () => (await t.ctx.db.select({ n: count() }).from(auditEvent).where(eq(auditEvent.action, 'attachment.blobs.sweep')))[0]?.n ?? 0;

describe('the orphan sweep', () => {
  it('removes the blobs no row names once a day old, and keeps every blob a row names', async () => {
    const res = await upload(await photo(10));
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await t.ctx.db.select().from(attachment).where(eq(attachment.id, res.json().id));
    const named = [row?.originalKey, row?.publicKey, row?.thumbnailKey] as string[];
    // Left by an upload whose transaction failed: one two days old, one an hour old.
    const [old, young] = [Buffer.from('orphan, two days old'), Buffer.from('orphan, an hour old')];
    await store.put(blobKey(old), old);
    await store.put(blobKey(young), young);
    for (const k of [...named, blobKey(old)]) await age(k, 2);
    const auditsBefore = await sweepAudits();

    const counts = await sweepOrphanBlobs(t.ctx);
    expect(counts).toEqual({ checked: 4, removed: 1 });
    expect(await store.has(blobKey(old))).toBe(false);
    expect(await store.has(blobKey(young))).toBe(true);
    for (const k of named) expect(await store.has(k), k).toBe(true);
    // Still served.
    const thumb = await t.request({ method: 'GET', url: `/api/attachments/${row?.id}/content?variant=thumbnail`, as: 'worker' });
    expect(thumb.statusCode).toBe(200);
    expect(await sweepAudits()).toBe(auditsBefore + 1);
    const [audit] = await t.ctx.db.select().from(auditEvent).where(eq(auditEvent.action, 'attachment.blobs.sweep'));
    expect(audit).toMatchObject({ actorRole: 'system', targetType: 'blob', detail: 'checked=4 removed=1' });

    // Nothing more to do, and nothing audited for it.
    expect(await sweepOrphanBlobs(t.ctx)).toEqual({ checked: 3, removed: 0 });
    expect(await sweepAudits()).toBe(auditsBefore + 1);
  });

  it('cannot leave an upload naming a blob it removed: the upload stores it again', async () => {
    // The same photo as an orphan two days old: the upload's first store only makes it new again,
    // and here the sweep removes it right after, before the upload's transaction begins.
    const bytes = await photo(20);
    await store.put(blobKey(bytes), bytes);
    await age(blobKey(bytes), 2);
    const real: BlobStore = t.ctx.blobs;
    let swept = false;
    t.ctx.blobs = {
      put: async (key, b) => {
        await real.put(key, b);
        if (key === blobKey(bytes) && !swept) {
          swept = true;
          await age(key, 2);
          expect(await sweepOrphanBlobs(t.ctx)).toMatchObject({ removed: 1 });
        }
      },
      has: (key) => real.has(key),
      list: (before) => real.list(before),
      get: (key) => real.get(key),
      stream: (key) => real.stream(key),
      delete: (key) => real.delete(key),
    };
    try {
      const res = await upload(bytes);
      expect(res.statusCode, res.body).toBe(201);
      expect(swept).toBe(true);
      const original = await t.request({ method: 'GET', url: `/api/attachments/${res.json().id}/content?variant=original`, as: 'worker' });
      expect(original.statusCode).toBe(200);
      expect(original.rawPayload.equals(bytes)).toBe(true);
    } finally {
      t.ctx.blobs = real;
    }
  });

  it('waits for an upload holding its blobs, and then keeps what its row names', async () => {
    const bytes = Buffer.from('named by a row being committed');
    const key = blobKey(bytes);
    await store.put(key, bytes);
    await age(key, 2);
    const [any] = await t.ctx.db.select().from(attachment).limit(1);
    if (!any) throw new Error('no attachment to copy');
    let sweep: Promise<unknown> | undefined;
    await t.ctx.db.transaction(async (tx) => {
      await lockBlobsShared(tx);
      const { id: _id, createdAt: _c, ...copy } = any;
      await tx
        .insert(attachment)
        .values({ ...copy, kind: 'document', mime: 'application/pdf', width: null, height: null, originalKey: key, publicKey: key, thumbnailKey: null });
      sweep = sweepOrphanBlobs(t.ctx);
      // On PostgreSQL the sweep's transaction waits for the lock this one holds (PGlite runs one
      // transaction at a time, so there it waits for this transaction anyway).
      if (t.ctx.database.kind === 'postgres') {
        await expect
          .poll(async () => (await queryRows(t.ctx.db, sql`select 1 from pg_locks where locktype = 'advisory' and not granted`)).length, { timeout: 10_000 })
          .toBeGreaterThan(0);
      }
    });
    await sweep;
    expect(await store.has(key)).toBe(true);
  });
});
