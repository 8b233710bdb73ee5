// Secrets that sign sessions and encrypt personal-data fields. Taken from the configuration when
// given; otherwise generated once into the data folder (mode 0600) and reused on every start.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Secrets {
  sessionSecret: string;
  fieldKey: Buffer;
}

interface SecretsFile {
  sessionSecret: string;
  fieldKey: string;
}

export function loadSecrets(dataDir: string, given: { sessionSecret?: string; fieldKey?: string }): Secrets {
  const file = path.join(dataDir, 'secrets.json');
  let stored: Partial<SecretsFile> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<SecretsFile>;
  // Only what is not given is generated and kept: the file never holds a key that is not in use.
  const next: Partial<SecretsFile> = { ...stored };
  if (!given.sessionSecret) next.sessionSecret ??= randomBytes(32).toString('base64url');
  if (!given.fieldKey) next.fieldKey ??= randomBytes(32).toString('hex');
  if (next.sessionSecret !== stored.sessionSecret || next.fieldKey !== stored.fieldKey) {
    writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  }
  return {
    sessionSecret: given.sessionSecret ?? (next.sessionSecret as string),
    fieldKey: Buffer.from(given.fieldKey ?? (next.fieldKey as string), 'hex'),
  };
}
