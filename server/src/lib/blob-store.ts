// Where attachment bytes live. The database holds the rows, a BlobStore the files: by default a
// folder on this machine (LocalBlobStore), replaceable by any store that keeps bytes under a key,
// such as an S3-compatible bucket (docs/ARCHITECTURE.md, "Attachments", says what one needs).
// Keys are content addresses (`ab/cd/<sha256>`), so a blob never changes once written.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { sha256Hex } from './crypto.js';

export interface BlobStore {
  /**
   * Stores the bytes under their key (`blobKey(bytes)`), whole or not at all. A key is the content's
   * address, so a key already stored holds these very bytes: storing it again only makes it new again
   * (its write time is now), so the orphan sweep takes it for a fresh upload's.
   */
  put(key: string, bytes: Buffer): Promise<void>;
  /** Whether the key holds a blob. */
  has(key: string): Promise<boolean>;
  /** The keys of the blobs last written before `writtenBefore`, in no particular order (the orphan sweep's candidates). */
  list(writtenBefore: Date): AsyncIterable<string>;
  /** The bytes, or undefined when the key holds nothing. */
  get(key: string): Promise<Buffer | undefined>;
  /** The bytes as a stream with their length, or undefined: for answering a request without holding the file in memory. */
  stream(key: string): Promise<{ body: Readable; byteSize: number } | undefined>;
  /** Removes the key; a key that holds nothing is not an error. */
  delete(key: string): Promise<void>;
}

const KEY = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

/** The key of some bytes: their SHA-256, sharded by its first two pairs of digits (`ab/cd/abcd…`) so no folder grows too large. */
export function blobKey(bytes: Buffer): string {
  const sha = sha256Hex(bytes);
  return `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;
}

/** `fn`'s result, or `missing` when the file or folder it reads does not exist (any other error is thrown). */
async function unlessMissing<T>(fn: () => Promise<T>, missing: T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return missing;
    throw err;
  }
}

const exists = (file: string): Promise<boolean> => unlessMissing(async () => Boolean(await stat(file)), false);

/** The two-hex-digit folders of a blob folder (none when it does not exist yet). */
async function subfolders(folder: string): Promise<string[]> {
  const entries = await unlessMissing(() => readdir(folder, { withFileTypes: true }), []);
  return entries.filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name)).map((e) => e.name);
}

function checkKey(key: string): void {
  // Keys come from our own rows, never from a request; still, nothing outside the folder is ever touched.
  if (!KEY.test(key)) throw new Error('not a blob key');
}

/**
 * Blobs as files under one folder (`<dataDir>/attachments` unless WANGGE_ATTACHMENTS_DIR says otherwise).
 * A blob is written to a temporary file in its final folder, flushed to disk, then renamed into place
 * (and the folder flushed): a crash leaves at most a stray `.tmp-*` file, never a half-written blob
 * under a real key, and a committed row never names a blob the disk lost.
 * The folder is made when the first blob is written, so opening a store costs nothing.
 */
export class LocalBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  private file(key: string): string {
    checkKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const target = this.file(key);
    // The key is the content's hash: a blob already there holds these very bytes, and is made new.
    if (await exists(target)) {
      const now = new Date();
      await utimes(target, now, now);
      return;
    }
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.tmp-${randomBytes(6).toString('hex')}`;
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (err) {
      await handle.close().catch(() => undefined);
      await rm(temp, { force: true });
      throw err;
    }
    await handle.close();
    try {
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    // The rename itself reaches the disk before the row that names the blob is committed.
    const folder = await open(path.dirname(target), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  async has(key: string): Promise<boolean> {
    return exists(this.file(key));
  }

  async *list(writtenBefore: Date): AsyncIterable<string> {
    const cutoff = writtenBefore.getTime();
    for (const a of await subfolders(this.root)) {
      for (const b of await subfolders(path.join(this.root, a))) {
        const folder = path.join(this.root, a, b);
        for (const name of await unlessMissing(() => readdir(folder), [])) {
          const key = `${a}/${b}/${name}`;
          // Only blobs: a `.tmp-*` file is a write in progress (or one a crash cut short).
          if (!KEY.test(key)) continue;
          // A blob deleted since the folder was read is simply not listed.
          const written = await unlessMissing(async () => (await stat(path.join(folder, name))).mtimeMs, undefined);
          if (written !== undefined && written < cutoff) yield key;
        }
      }
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    const file = this.file(key);
    return unlessMissing<Buffer | undefined>(() => readFile(file), undefined);
  }

  async stream(key: string): Promise<{ body: Readable; byteSize: number } | undefined> {
    const file = this.file(key);
    // The size first: a stream opened on a missing file would only fail later, unheard.
    const size = await unlessMissing(async () => (await stat(file)).size, undefined);
    return size === undefined ? undefined : { body: createReadStream(file), byteSize: size };
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }
}
