// Personal values (Art. 10) as base information stores them: sealed (AES-256-GCM), a keyed hash for
// exact search, and masked for every list and default view. One place decides how each kind is
// normalised before hashing and how it is masked.
import type { BlindIndexKind, FieldCipher } from '../../lib/crypto.js';
import { maskIdNumber } from '../../lib/id-number.js';
import { maskPhone } from '../../lib/phone.js';

export type PersonalKind = BlindIndexKind;

export interface SealedValue {
  sealed: string;
  hash: string;
  masked: string;
}

/** Full-width characters folded, whitespace collapsed, letters upper-cased: two spellings of one address hash alike. */
export function normalisePersonal(kind: PersonalKind, value: string): string {
  const folded = value.normalize('NFKC').replace(/\s+/g, ' ').trim();
  return kind === 'address' ? folded.replace(/ /g, '') : folded.toUpperCase();
}

/** An address shows its first six characters (district and street), never the number or the room. */
export function maskAddress(value: string): string {
  const chars = [...value];
  return chars.length <= 6 ? `${chars.slice(0, 2).join('')}****` : `${chars.slice(0, 6).join('')}****`;
}

/** Other documents (passports, residence permits): the first two and last two characters. */
export function maskDocument(value: string): string {
  return value.length <= 4 ? '****' : `${value.slice(0, 2)}${'*'.repeat(Math.min(value.length - 4, 10))}${value.slice(-2)}`;
}

export function maskPersonal(kind: PersonalKind, value: string): string {
  switch (kind) {
    case 'idNumber':
      return maskIdNumber(value);
    case 'phone':
      return maskPhone(value);
    case 'address':
      return maskAddress(value);
    case 'document':
      return maskDocument(value);
  }
}

/** Seal a value already validated and normalised; `hash`, when the caller has it (an import's key), is its blind index. */
export function sealPersonal(cipher: FieldCipher, kind: PersonalKind, value: string, hash?: string): SealedValue {
  return { sealed: cipher.encrypt(value), hash: hash ?? cipher.blindIndex(kind, normalisePersonal(kind, value)), masked: maskPersonal(kind, value) };
}

/** The hashes an exact search for this value looks for (one per key in the ring). */
export function searchHashes(cipher: FieldCipher, kind: PersonalKind, value: string): string[] {
  return cipher.blindIndexes(kind, normalisePersonal(kind, value));
}
