// The backup file: gzip'd NDJSON, the same for PGlite and PostgreSQL (docs/ARCHITECTURE.md, "Backups").
//   line 1:    header   {"format":"wangge-backup","version":1,"createdAt",...,"migrations":[...],"tables":[...]}
//   then:      rows     {"t":"<table>","r":<row_to_json of the row>}, table by table in header order
//   last line: end      {"end":true,"counts":{"<table>":<rows>,...}}
// The end line lets a restore tell a complete file from one cut short.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { CliError, messageOf } from './command.js';

export const BACKUP_FORMAT = 'wangge-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  createdAt: string;
  /** The Wangge version and database kind that wrote the file; for people, not checked. */
  wanggeVersion: string;
  sourceDatabase: 'pglite' | 'postgres';
  /** Migration tags applied to the source database, in order; a restore needs exactly these. */
  migrations: string[];
  /** Tables in the file, parents before children: the order rows appear and are inserted. */
  tables: string[];
}

export interface BackupEnd {
  end: true;
  counts: Record<string, number>;
}

/** The line for one row; `rowJson` is the database's own JSON text of the row, written unparsed. */
export function rowLine(table: string, rowJson: string): string {
  return `{"t":${JSON.stringify(table)},"r":${rowJson}}\n`;
}

/** Lines of a gzip'd text file, read as the consumer pulls them (the whole file is never in memory). */
export async function* readLines(file: string): AsyncGenerator<string> {
  const source = createReadStream(file);
  const gunzip = createGunzip();
  source.once('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  gunzip.setEncoding('utf8');
  let pending: string[] = [];
  try {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      let start = 0;
      for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
        pending.push(chunk.slice(start, nl));
        const line = pending.join('');
        pending = [];
        start = nl + 1;
        if (line !== '') yield line;
      }
      if (start < chunk.length) pending.push(chunk.slice(start));
    }
    const last = pending.join('');
    if (last !== '') yield last;
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(
      `cannot read ${file}: ${messageOf(err)}${(err as NodeJS.ErrnoException).code?.startsWith('Z_') ? ' (not a gzip file, or a damaged one)' : ''}`,
    );
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

export function parseHeader(line: string | undefined, file: string): BackupHeader {
  const notBackup = (why: string) => new CliError(`${file} is not a Wangge backup: ${why}`);
  if (line === undefined) throw notBackup('the file is empty');
  let header: unknown;
  try {
    header = JSON.parse(line);
  } catch {
    throw notBackup('the first line is not JSON');
  }
  const h = header as Partial<BackupHeader>;
  if (h?.format !== BACKUP_FORMAT) throw notBackup(`the header has no "format":"${BACKUP_FORMAT}"`);
  if (h.version !== BACKUP_VERSION) throw new CliError(`${file} is a version ${String(h.version)} backup; this Wangge reads version ${BACKUP_VERSION}`);
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (!strings(h.migrations) || !strings(h.tables)) throw notBackup('the header lacks its "migrations" or "tables" list');
  return h as BackupHeader;
}
