import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { blobKey, LocalBlobStore } from './blob-store.js';
import { sha256Hex } from './crypto.js';

const root = mkdtempSync(path.join(tmpdir(), 'wangge-blobs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every file under a folder, relative to it. */
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();

describe('LocalBlobStore', () => {
  const store = new LocalBlobStore(path.join(root, 'attachments'));
  const bytes = Buffer.from('a photo, as far as this test is concerned');
  const key = blobKey(bytes);

  it('keys bytes by their SHA-256, sharded ab/cd/<sha256>', () => {
    const sha = sha256Hex(bytes);
    expect(key).toBe(`${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`);
  });

  it('makes no folder until the first blob is written', () => {
    expect(readdirSync(root)).toEqual([]);
  });

  it('stores, reads, streams and deletes; leaves no temporary file behind', async () => {
    await store.put(key, bytes);
    await store.put(key, bytes);
    expect(files(store.root)).toEqual([path.join(...key.split('/'))]);
    expect(await store.get(key)).toEqual(bytes);
    const streamed = await store.stream(key);
    expect(streamed?.byteSize).toBe(bytes.length);
    const chunks: Buffer[] = [];
    for await (const c of streamed?.body ?? []) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toEqual(bytes);
    await store.delete(key);
    await store.delete(key);
    expect(await store.get(key)).toBeUndefined();
    expect(await store.stream(key)).toBeUndefined();
  });

  it('stores the same new blob written by several uploads at once, whole', async () => {
    const big = Buffer.alloc(256 * 1024, 7);
    const k = blobKey(big);
    await Promise.all([store.put(k, big), store.put(k, big), store.put(k, big)]);
    expect(await store.get(k)).toEqual(big);
    expect(files(store.root).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('lists the blobs written before a time, not temporary files; storing a blob again makes it new', async () => {
    const own = new LocalBlobStore(path.join(root, 'listed'));
    const list = async (before: Date) => {
      const keys: string[] = [];
      for await (const k of own.list(before)) keys.push(k);
      return keys.sort();
    };
    expect(await list(new Date())).toEqual([]);
    const [a, b] = [Buffer.from('old blob'), Buffer.from('new blob')];
    await own.put(blobKey(a), a);
    await own.put(blobKey(b), b);
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    await utimes(path.join(own.root, ...blobKey(a).split('/')), twoDaysAgo, twoDaysAgo);
    writeFileSync(`${path.join(own.root, ...blobKey(a).split('/'))}.tmp-abcdef`, 'a write cut short');
    await utimes(`${path.join(own.root, ...blobKey(a).split('/'))}.tmp-abcdef`, twoDaysAgo, twoDaysAgo);
    const dayAgo = new Date(Date.now() - 86_400_000);
    expect(await list(dayAgo)).toEqual([blobKey(a)]);
    expect(await list(new Date(Date.now() + 1000))).toEqual([blobKey(a), blobKey(b)].sort());
    expect(await own.has(blobKey(a))).toBe(true);
    // Stored again (a new upload of the same bytes): no longer a day old.
    await own.put(blobKey(a), a);
    expect(await list(dayAgo)).toEqual([]);
    await own.delete(blobKey(a));
    expect(await own.has(blobKey(a))).toBe(false);
  });

  it('refuses anything that is not a blob key, so nothing outside its folder is touched', async () => {
    for (const bad of ['../../etc/passwd', 'ab/cd/short', `${key}/..`, key.toUpperCase(), '']) {
      await expect(store.get(bad), bad).rejects.toThrow('not a blob key');
      await expect(store.delete(bad), bad).rejects.toThrow('not a blob key');
    }
  });

  it('lives in the data folder unless WANGGE_ATTACHMENTS_DIR says otherwise; 20 MiB per file by default', () => {
    const config = loadConfig({ WANGGE_DATA_DIR: '/srv/wangge' });
    expect(config.attachmentsDir).toBeUndefined();
    expect(config.attachmentMaxBytes).toBe(20 * 1024 * 1024);
    expect(loadConfig({ WANGGE_ATTACHMENTS_DIR: '/mnt/evidence' }).attachmentsDir).toBe('/mnt/evidence');
  });
});
