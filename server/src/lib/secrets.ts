// Secrets that sign sessions and encrypt personal-data fields. Taken from the configuration when
// given; otherwise generated once into the data folder (mode 0600) and reused on every start.
// During a field-key rotation the file also keeps the earlier field keys (`previousFieldKeys`),
// which still open values not yet re-encrypted.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Secrets {
  sessionSecret: string;
  fieldKey: Buffer;
  /** Earlier field keys: from the configuration when given, else from the data folder. */
  previousFieldKeys: Buffer[];
}

interface SecretsFile {
  sessionSecret: string;
  fieldKey: string;
  previousFieldKeys?: string[];
}

export interface GivenSecrets {
  sessionSecret?: string;
  fieldKey?: string;
  fieldKeysPrevious?: string[];
}

const secretsFile = (dataDir: string) => path.join(dataDir, 'secrets.json');

function readStored(file: string): Partial<SecretsFile> {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<SecretsFile>) : {};
}

function writeStored(file: string, content: Partial<SecretsFile>): void {
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
}

const keyBytes = (hex: string) => Buffer.from(hex, 'hex');

export function loadSecrets(dataDir: string, given: GivenSecrets): Secrets {
  const file = secretsFile(dataDir);
  const stored = readStored(file);
  // Only what is not given is generated and kept: the file never holds a key that is not in use.
  const next: Partial<SecretsFile> = { ...stored };
  if (!given.sessionSecret) next.sessionSecret ??= randomBytes(32).toString('base64url');
  if (!given.fieldKey) next.fieldKey ??= randomBytes(32).toString('hex');
  if (next.sessionSecret !== stored.sessionSecret || next.fieldKey !== stored.fieldKey) writeStored(file, next);
  // Previous keys belong with the current one: a configured key comes with configured previous keys.
  const previous = given.fieldKey ? (given.fieldKeysPrevious ?? []) : [...(given.fieldKeysPrevious ?? []), ...(stored.previousFieldKeys ?? [])];
  return {
    sessionSecret: given.sessionSecret ?? (next.sessionSecret as string),
    fieldKey: keyBytes(given.fieldKey ?? (next.fieldKey as string)),
    previousFieldKeys: previous.map(keyBytes),
  };
}

/**
 * Starts a rotation of a generated field key: a new key becomes the data folder's current one and the
 * old one moves to `previousFieldKeys`. Refused when the key comes from the configuration, which the
 * operator changes instead. Returns the new key's bytes.
 */
export function generateNextFieldKey(dataDir: string): Buffer {
  const file = secretsFile(dataDir);
  const stored = readStored(file);
  if (!stored.fieldKey) throw new Error(`${file} holds no generated field key`);
  const fresh = randomBytes(32).toString('hex');
  writeStored(file, { ...stored, fieldKey: fresh, previousFieldKeys: [stored.fieldKey, ...(stored.previousFieldKeys ?? [])] });
  return keyBytes(fresh);
}

/** Ends a rotation in the data folder: the earlier keys are no longer needed by this database. */
export function forgetPreviousFieldKeys(dataDir: string): number {
  const file = secretsFile(dataDir);
  const stored = readStored(file);
  const n = stored.previousFieldKeys?.length ?? 0;
  if (n > 0) {
    const { previousFieldKeys: _p, ...rest } = stored;
    writeStored(file, rest);
  }
  return n;
}
