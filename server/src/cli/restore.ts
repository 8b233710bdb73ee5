// `wangge restore <file> [--force]`: loads a backup into a migrated, empty database (or, with
// --force, replaces what is there), all in ONE transaction: it lands whole or not at all.
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { type Config, loadConfig } from '../config.js';
import type { Tx } from '../db/client.js';
import { type FieldCipher, keyFingerprint } from '../lib/crypto.js';
import { type ChainReport, recordAudit, verifyChain } from '../modules/audit/audit.js';
import { systemSetting } from '../modules/system/system.tables.js';
import { type BackupEnd, type BackupHeader, parseHeader, readLines } from './backup-format.js';
import { appliedMigrations, identifierList, ownedSequences, publicTables, type TableInfo, tablesWithRows, tablesWithUserTriggers } from './catalog.js';
import { CliError, type Command, positionals, withRuntime } from './command.js';
import { describeChain } from './verify-audit.js';

const BATCH_ROWS = 1000;
const BATCH_BYTES = 4 * 1024 * 1024;

export interface RestoreOptions {
  /** Replace whatever the database holds (the audit trail included) instead of refusing. */
  force?: boolean;
}

export interface RestoreSummary {
  file: string;
  header: BackupHeader;
  counts: Record<string, number>;
  /** Tables that held rows before and were emptied (only with --force). */
  replaced: { name: string; rows: number }[];
  chain: ChainReport;
}

export async function restore(config: Config, file: string, options: RestoreOptions = {}): Promise<RestoreSummary> {
  const source = path.resolve(file);
  const lines = readLines(source);
  try {
    // The header first, before touching the database: a wrong file costs nothing.
    const header = parseHeader((await lines.next()).value ?? undefined, file);
    return await withRuntime(config, async (ctx) => {
      const applied = await appliedMigrations(ctx.db);
      if (applied.join('\n') !== header.migrations.join('\n')) {
        throw new CliError(
          `${file} was made from a database at migrations [${header.migrations.join(', ')}], but this database is at [${applied.join(', ')}].\n` +
            'Restore it with the Wangge version that made it (into an empty database), then upgrade that installation.',
        );
      }
      const tables = await publicTables(ctx.db);
      const byName = new Map(tables.map((t) => [t.name, t]));
      const missing = header.tables.filter((t) => !byName.has(t));
      if (missing.length > 0) throw new CliError(`${file} has tables this database lacks: ${missing.join(', ')}`);

      const result = await ctx.db.transaction(async (tx) => {
        // Nobody else writes while the data is swapped; the empty-check below stays true until commit.
        // It waits for running transactions however long they take (the pool's lock_timeout is for requests).
        if (ctx.database.kind === 'postgres') await tx.execute(sql`SET LOCAL lock_timeout = 0`);
        await tx.execute(sql`LOCK TABLE ${identifierList(tables.map((t) => t.name))} IN ACCESS EXCLUSIVE MODE`);
        const present = await tablesWithRows(tx, tables);
        if (present.length > 0 && !options.force) {
          throw new CliError(
            `this database already holds data (${present.map((t) => `${t.name}: ${t.rows}`).join(', ')}); nothing was changed.\n` +
              'Restore into a new, empty database, or add --force to replace everything in this one (its audit trail included).',
          );
        }
        if (present.length > 0) await emptyAllTables(tx, tables);
        const counts = await insertRows(tx, lines, header, byName, file);
        await refuseOtherFieldKey(tx, ctx.cipher, file);
        for (const s of await ownedSequences(tx)) {
          await tx.execute(
            sql`SELECT setval(${s.sequence}::regclass, coalesce((SELECT max(${sql.identifier(s.column)}) FROM ${sql.identifier(s.table)}), 0) + 1, false)`,
          );
        }
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        // The restore itself continues the restored chain, so the trail shows when the data came back.
        await recordAudit(
          tx,
          { actorId: null, actorRole: 'system', ip: null, divisionCode: null },
          {
            action: 'system.restore',
            detail: `backup of ${header.createdAt} from ${header.sourceDatabase}: ${total} rows${present.length > 0 ? ', replaced existing data' : ''}`,
          },
        );
        return { counts, replaced: present };
      });
      const chain = await verifyChain(ctx.db);
      return { file: source, header, ...result, chain };
    });
  } finally {
    await lines.return(undefined);
  }
}

/**
 * --force: empties every public table. The audit trail's trigger refuses TRUNCATE on every
 * connection (migration 0001), so it is switched off for this one statement inside the restore's
 * transaction and on again straight after: if anything later fails, the rollback undoes both the
 * switch and the truncate. The trail that is dropped is replaced by the backup's own chain, and the
 * system.restore row that follows records the replacement.
 */
async function emptyAllTables(tx: Tx, tables: TableInfo[]): Promise<void> {
  const guarded = await tablesWithUserTriggers(tx);
  for (const t of guarded) await tx.execute(sql`ALTER TABLE ${sql.identifier(t)} DISABLE TRIGGER USER`);
  await tx.execute(sql`TRUNCATE ${identifierList(tables.map((t) => t.name))} RESTART IDENTITY`);
  for (const t of guarded) await tx.execute(sql`ALTER TABLE ${sql.identifier(t)} ENABLE TRIGGER USER`);
}

/**
 * Inserts the file's rows table by table, in batches. Each batch goes to the database as the raw
 * NDJSON lines; the database takes `r` out of each and builds the rows with json_populate_record,
 * so values (bigints, numerics) never pass through JavaScript numbers.
 */
async function insertRows(
  tx: Tx,
  lines: AsyncGenerator<string>,
  header: BackupHeader,
  tables: Map<string, TableInfo>,
  file: string,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = Object.fromEntries(header.tables.map((t) => [t, 0]));
  let end: BackupEnd | undefined;
  let position = 0;
  let batch: string[] = [];
  let batchBytes = 0;
  let batchTable: TableInfo | undefined;
  const flush = async () => {
    if (!batchTable || batch.length === 0) return;
    const t = sql.identifier(batchTable.name);
    const cols = identifierList(batchTable.columns);
    await tx.execute(
      sql`INSERT INTO ${t} (${cols}) OVERRIDING SYSTEM VALUE
          SELECT ${cols} FROM json_populate_recordset(NULL::${t}, (SELECT json_agg(l->'r') FROM json_array_elements(${`[${batch.join(',')}]`}::json) l))`,
    );
    batch = [];
    batchBytes = 0;
  };
  let lineNo = 1;
  for await (const line of lines) {
    lineNo += 1;
    if (end) throw new CliError(`${file}: line ${lineNo} follows the end line; the file is damaged`);
    let parsed: { t?: unknown; r?: unknown; end?: unknown; counts?: unknown };
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new CliError(`${file}: line ${lineNo} is not JSON; the file is damaged`);
    }
    if (parsed.end === true) {
      await flush();
      end = parsed as BackupEnd;
      continue;
    }
    const index = typeof parsed.t === 'string' ? header.tables.indexOf(parsed.t) : -1;
    if (index < 0 || typeof parsed.r !== 'object' || parsed.r === null)
      throw new CliError(`${file}: line ${lineNo} is not a row of a table named in the header`);
    // Rows arrive parents first; a table seen again later would break the foreign-key order.
    if (index < position) throw new CliError(`${file}: line ${lineNo} (${String(parsed.t)}) is out of table order; the file is damaged`);
    if (index > position || batchTable === undefined) {
      await flush();
      position = index;
      batchTable = tables.get(header.tables[index] as string);
    }
    batch.push(line);
    batchBytes += line.length;
    counts[parsed.t as string] = (counts[parsed.t as string] ?? 0) + 1;
    if (batch.length >= BATCH_ROWS || batchBytes >= BATCH_BYTES) await flush();
  }
  await flush();
  if (!end) throw new CliError(`${file} ends before its end line: the backup is incomplete (was it cut short?); nothing was restored`);
  for (const t of header.tables) {
    if ((end.counts[t] ?? 0) !== counts[t])
      throw new CliError(`${file}: the end line counts ${end.counts[t] ?? 0} rows of ${t}, the file holds ${counts[t]}; nothing was restored`);
  }
  return counts;
}

/**
 * Personal-data fields are encrypted with WANGGE_FIELD_KEY. Restored under another key they could
 * never be read again, and the server would refuse to start (bootstrap.checkFieldKey), so the
 * restore refuses first.
 */
async function refuseOtherFieldKey(tx: Tx, cipher: FieldCipher, file: string): Promise<void> {
  const [row] = await tx.select().from(systemSetting).where(eq(systemSetting.key, 'fieldKeyFingerprint'));
  // A backup taken during a rotation is sealed partly under a previous key: any key of the ring will do.
  if (row && !cipher.fingerprints.includes(row.value)) {
    throw new CliError(
      `${file} holds data encrypted with another field key (fingerprint ${row.value}; this installation's is ${keyFingerprint(cipher.keyBytes)}); nothing was restored.\n` +
        'Set WANGGE_FIELD_KEY to the key of the installation that made the backup (its data folder\'s secrets.json, "fieldKey"), then run the restore again.',
    );
  }
}

export const restoreCommand: Command = {
  name: 'restore',
  args: '<file> [--force]',
  summary: 'load a backup into an empty, migrated database (--force: replace what is there)',
  help: [
    'Loads a file written by `wangge backup` into the database named by WANGGE_DATA_DIR / DATABASE_URL,',
    'in one transaction. Refuses when the database already holds data (unless --force, which empties it,',
    'audit trail included), when the backup was made at other migrations, or when WANGGE_FIELD_KEY is not',
    "the key the backup's data was encrypted with. Appends a system.restore audit row and verifies the chain.",
    'Example: DATABASE_URL=postgres://wangge@db/wangge wangge restore wangge-2025-06-01.ndjson.gz',
  ].join('\n'),
  options: { force: { type: 'boolean' } },
  async run(args) {
    const [file] = positionals(args, ['file']);
    const s = await restore(loadConfig(), file as string, { force: args.values.force === true });
    console.log(`restored ${s.file} (made ${s.header.createdAt} from ${s.header.sourceDatabase}, Wangge ${s.header.wanggeVersion})`);
    if (s.replaced.length > 0) console.log(`  replaced the data that was there: ${s.replaced.map((t) => `${t.name} ${t.rows}`).join(', ')}`);
    for (const t of s.header.tables) console.log(`  ${t.padEnd(24)} ${String(s.counts[t] ?? 0).padStart(9)} rows`);
    console.log(describeChain(s.chain));
    if (!s.chain.ok) {
      console.log("The data was restored, but its audit chain does not verify: the backup's trail had been altered before it was made.");
      return 1;
    }
    return 0;
  },
};
