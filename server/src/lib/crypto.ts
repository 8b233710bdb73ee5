// Field encryption for personal data (AES-256-GCM) with a key ring, the keyed hashes ("blind
// indexes") that make sealed values searchable by exact value, and the hashes used by sessions and
// the audit chain.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

export function sha256Hex(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex');
}

/** A short, non-reversible fingerprint of a key, to notice when an instance starts with the wrong one. */
export function keyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update('wangge-field-key-fingerprint').digest('hex').slice(0, 16);
}

/** What a blind index is computed over: the kind namespaces it, so one value in two fields gives two hashes. */
export type BlindIndexKind = 'idNumber' | 'phone' | 'address' | 'document';

interface RingKey {
  id: string;
  key: Buffer;
  indexKey: Buffer;
}

function ringKey(key: Buffer): RingKey {
  if (key.length !== 32) throw new Error('field key must be 32 bytes');
  // The index key is derived, never the encryption key itself: a leaked hash reveals nothing about the cipher key.
  return { id: keyFingerprint(key).slice(0, 8), key, indexKey: createHmac('sha256', key).update('wangge-blind-index-v1').digest() };
}

/**
 * Seals personal-data fields. The current key encrypts and indexes; previous keys (a rotation in
 * progress) still decrypt, and their indexes still find rows not yet re-encrypted.
 * Sealed text: "v2.<key id>.<iv>.<tag>.<ciphertext>" (base64url parts); "v1.<iv>.<tag>.<ct>" from
 * before key ids is still read.
 */
export class FieldCipher {
  private readonly current: RingKey;
  private readonly ring: readonly RingKey[];

  constructor(key: Buffer, previous: readonly Buffer[] = []) {
    this.current = ringKey(key);
    this.ring = [this.current, ...previous.map(ringKey).filter((k) => k.id !== this.current.id)];
  }

  get keyBytes(): Buffer {
    return this.current.key;
  }

  /** The ring's earlier keys (a rotation in progress). */
  get previousKeys(): Buffer[] {
    return this.ring.slice(1).map((k) => k.key);
  }

  /** The fingerprints of every key in the ring, current first. */
  get fingerprints(): string[] {
    return this.ring.map((k) => keyFingerprint(k.key));
  }

  encrypt(plain: string): string {
    const iv = nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    // GCM is a stream mode: update gives every byte of ciphertext, final none (it computes the tag).
    const ct = cipher.update(plain, 'utf8');
    cipher.final();
    return ['v2', this.current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  decrypt(sealed: string): string {
    const parts = sealed.split('.');
    if (parts[0] === 'v2' && parts.length === 5) {
      const key = this.ring.find((k) => k.id === parts[1]);
      if (!key) throw new Error('encrypted with a key that is not in the ring');
      return open(key.key, parts[2] as string, parts[3] as string, parts[4] as string);
    }
    if (parts[0] === 'v1' && parts.length === 4) {
      // No key id: the authentication tag tells which key sealed it.
      for (const key of this.ring) {
        try {
          return open(key.key, parts[1] as string, parts[2] as string, parts[3] as string);
        } catch {}
      }
    }
    throw new Error('unreadable encrypted field');
  }

  /** What every value sealed under the current key starts with (a rotation looks for values without it). */
  get currentPrefix(): string {
    return `v2.${this.current.id}.`;
  }

  /** Whether a sealed value is already under the current key (a rotation skips it). */
  isCurrent(sealed: string): boolean {
    return sealed.startsWith(this.currentPrefix);
  }

  /** The keyed hash of a normalised value under the current key: stored beside the sealed value. */
  blindIndex(kind: BlindIndexKind, normalised: string): string {
    return indexHash(this.current.indexKey, kind, normalised);
  }

  /** The value's hash under every key in the ring: what an exact search looks for during a rotation. */
  blindIndexes(kind: BlindIndexKind, normalised: string): string[] {
    return this.ring.map((k) => indexHash(k.indexKey, kind, normalised));
  }
}

// IVs are taken from a pool of random bytes filled 4 KiB at a time: one call to the system's
// random source per 341 values instead of one per value (an import seals several per row). Each IV
// is still 12 fresh random bytes, never reused; the slice is copied out of the pool.
const IV_POOL = 12 * 341;
let ivPool = Buffer.alloc(0);
let ivAt = IV_POOL;
function nextIv(): Buffer {
  if (ivAt >= ivPool.length) {
    ivPool = randomBytes(IV_POOL);
    ivAt = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivAt, ivAt + 12));
  ivAt += 12;
  return iv;
}

function open(key: Buffer, iv: string, tag: string, ct: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}

function indexHash(indexKey: Buffer, kind: BlindIndexKind, normalised: string): string {
  return createHmac('sha256', indexKey).update(`${kind}\u0000${normalised}`).digest('base64url').slice(0, 22);
}
