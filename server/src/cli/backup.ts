// `wangge backup <file>`: a logical backup of every public table, readable by either database.
// Rows are read in one REPEATABLE READ snapshot, so the file is consistent even while a server on
// the same PostgreSQL keeps writing, and streamed through gzip to disk batch by batch.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { type SQL, sql } from 'drizzle-orm';
import { type Config, loadConfig } from '../config.js';
import { type Executor, queryRows } from '../db/client.js';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupEnd, type BackupHeader, rowLine } from './backup-format.js';
import { appliedMigrations, publicTables, type TableInfo } from './catalog.js';
import { type Command, positionals, withRuntime } from './command.js';

const BATCH_ROWS = 1000;

export interface BackupSummary {
  file: string;
  header: BackupHeader;
  counts: Record<string, number>;
}

export async function backup(config: Config, file: string): Promise<BackupSummary> {
  const target = path.resolve(file);
  // Written beside the target and renamed at the end: a failed run never leaves a file that looks whole.
  const partial = `${target}.partial`;
  return withRuntime(config, async (ctx) => {
    try {
      const summary = await ctx.db.transaction(
        async (tx) => {
          const tables = await publicTables(tx);
          const header: BackupHeader = {
            format: BACKUP_FORMAT,
            version: BACKUP_VERSION,
            createdAt: new Date().toISOString(),
            wanggeVersion: ctx.version,
            sourceDatabase: ctx.database.kind,
            migrations: await appliedMigrations(tx),
            tables: tables.map((t) => t.name),
          };
          const counts: Record<string, number> = {};
          // The file holds password hashes and encrypted personal data: readable by its owner only.
          await pipeline(backupLines(tx, header, tables, counts), createGzip(), createWriteStream(partial, { mode: 0o600 }));
          return { file: target, header, counts };
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      );
      await rename(partial, target);
      return summary;
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
  });
}

async function* backupLines(db: Executor, header: BackupHeader, tables: TableInfo[], counts: Record<string, number>): AsyncGenerator<string> {
  yield `${JSON.stringify(header)}\n`;
  for (const table of tables) {
    let n = 0;
    for await (const rows of tableBatches(db, table)) {
      n += rows.length;
      yield rows.map((r) => rowLine(table.name, r)).join('');
    }
    counts[table.name] = n;
  }
  const end: BackupEnd = { end: true, counts };
  yield `${JSON.stringify(end)}\n`;
}

/**
 * A table's rows as JSON text, in key order, a batch at a time. Keyset paging: each batch starts
 * after the last key of the one before. Keys travel as text and are cast back to their column
 * type, and rows stay the database's JSON text, so no value passes through a JavaScript number.
 */
async function* tableBatches(db: Executor, table: TableInfo): AsyncGenerator<string[]> {
  const keyCols = table.key.map((k) => sql`x.${sql.identifier(k.name)}`);
  const keyTuple = sql.join(keyCols, sql`, `);
  const keyText = sql.join(
    keyCols.map((c, i) => sql`${c}::text AS ${sql.identifier(`k${i}`)}`),
    sql`, `,
  );
  let after: string[] | undefined;
  for (;;) {
    const where: SQL = after
      ? sql`WHERE (${keyTuple}) > (${sql.join(
          after.map((v, i) => sql`${v}::${sql.raw(table.key[i]?.type ?? 'text')}`),
          sql`, `,
        )})`
      : sql``;
    const rows = await queryRows<Record<string, string>>(
      db,
      sql`SELECT row_to_json(x)::text AS j, ${keyText} FROM ${sql.identifier(table.name)} x ${where} ORDER BY ${keyTuple} LIMIT ${BATCH_ROWS}`,
    );
    if (rows.length === 0) return;
    yield rows.map((r) => r.j as string);
    if (rows.length < BATCH_ROWS) return;
    const last = rows[rows.length - 1] as Record<string, string>;
    after = table.key.map((_, i) => last[`k${i}`] as string);
  }
}

export const backupCommand: Command = {
  name: 'backup',
  args: '<file>',
  summary: "write every table to a gzip'd NDJSON file (PGlite and PostgreSQL alike)",
  help: [
    'Writes a logical backup of the database named by WANGGE_DATA_DIR / DATABASE_URL: one header line,',
    "then every row of every table as JSON, then an end line with the row counts, gzip'd.",
    'The file can be restored into either database kind with `wangge restore`. It does not contain',
    'the field-encryption key: keep WANGGE_FIELD_KEY (or secrets.json from the data folder) safe separately.',
    'Example: wangge backup /backups/wangge-2025-06-01.ndjson.gz',
  ].join('\n'),
  async run(args) {
    const [file] = positionals(args, ['file']);
    const s = await backup(loadConfig(), file as string);
    console.log(`backup written to ${s.file} (${s.header.sourceDatabase}, migrations ${s.header.migrations.join(', ') || 'none'})`);
    for (const t of s.header.tables) console.log(`  ${t.padEnd(24)} ${String(s.counts[t] ?? 0).padStart(9)} rows`);
    return 0;
  },
};
