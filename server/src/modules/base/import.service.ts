// Import jobs (issue 5 §4): a file already on disk in the data folder becomes a job row; the job
// runs in this process, its state in the database (any instance answers its status).
//  Pass 1 reads every row and checks it (the registry's rules, the placement, the same key twice in
//  the file, a record registered outside the uploader's jurisdiction), storing the row-by-row
//  report. With mode 'all' and any row wrong, nothing is written: the job ends 'invalid'.
//  Pass 2 upserts the valid rows a batch at a time, each batch one transaction with its history
//  rows; the job's counts move with each batch. A registry imported by the million (persons) has
//  its rows prepared once, in pass 1, and staged in a table of the job's own; its pass 2 reads no
//  file and writes from the stage by SQL (StagedWrites in import-rows.ts). The others read the
//  file again.
// The job ends with one audit row (counts in its detail, never a value) and the file removed.
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { and, asc, count, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { advisoryLocks } from '../../db/advisory-locks.js';
import { type Executor, type Tx, queryRows } from '../../db/client.js';
import { pgArrayLiteral } from '../../db/pg-array.js';
import { errors } from '../../lib/errors.js';
import type { PageParams } from '../../lib/http.js';
import { type Actor, requirePermission } from '../access/access.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { type ImportFormat, type ImportRegistry, registryColumns } from './import-columns.js';
import { buildingImporter } from './import-building.js';
import { dwellingImporter } from './import-dwelling.js';
import { organisationImporter } from './import-organisation.js';
import { type BatchResult, personImporter, type RowProblem } from './import-person.js';
import { type KeyedRow, type RegistryImporter, type StagedWrites, keyProblems } from './import-rows.js';
import { type FileRow, ImportFileError, readImportRows } from './import-read.js';
import { baseImport, baseImportError, baseImportKey } from './import.tables.js';

export const importModes = ['all', 'validOnly'] as const;
export const importStatuses = ['queued', 'validating', 'invalid', 'importing', 'done', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];
export type ImportMode = (typeof importModes)[number];
type ImportRow = typeof baseImport.$inferSelect;

/** Rows checked and written together: one round trip per lookup, one transaction per write. */
export const IMPORT_BATCH = 2000;

export function importsDir(ctx: AppContext): string {
  return path.join(ctx.config.dataDir, 'imports');
}

/** Where an upload is streamed before its job exists. */
export async function importUploadPath(ctx: AppContext, id: string): Promise<string> {
  const dir = importsDir(ctx);
  await mkdir(dir, { recursive: true });
  return path.join(dir, `${id}.upload`);
}

/** What a file is, by its first bytes (an .xlsx is a zip), whatever its name says. */
export async function sniffFormat(file: string, fileName: string): Promise<ImportFormat> {
  const handle = await open(file, 'r');
  const start = Buffer.alloc(8192);
  let length: number;
  try {
    ({ bytesRead: length } = await handle.read(start, 0, start.length, 0));
  } finally {
    await handle.close();
  }
  const head = start.subarray(0, 8);
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  // The old binary Excel format (an OLE compound file).
  if (head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) || /\.xls$/i.test(fileName))
    throw errors.validation('file', 'Save the workbook as .xlsx (Excel 2007 or later) or as CSV.', '请将工作簿另存为 .xlsx（Excel 2007 及以上）或 CSV 格式。');
  // Text has no NUL bytes (UTF-16 files do: Excel's "Unicode text" is not CSV).
  if (start.subarray(0, length).includes(0))
    throw errors.validation('file', 'The file is neither an .xlsx workbook nor a CSV text file.', '该文件既不是 .xlsx 工作簿，也不是 CSV 文本文件。');
  return 'csv';
}

export interface NewImport {
  id: string;
  registry: ImportRegistry;
  mode: ImportMode;
  fileName: string;
  path: string;
  bytes: number;
}

/** Each registry's importer (the job drives them all alike). */
const importers: Record<ImportRegistry, (ctx: AppContext, actor: Actor, importId: string) => RegistryImporter> = {
  person: personImporter,
  building: buildingImporter,
  dwelling: dwellingImporter,
  organisation: organisationImporter,
};

/** Jobs of this process still running, so a test (or a shutdown) can wait for them. */
const running = new Map<string, Promise<void>>();

export function importSettled(id: string): Promise<void> {
  return running.get(id) ?? Promise.resolve();
}

export async function importsSettled(): Promise<void> {
  await Promise.all(running.values());
}

/** Creates the job for a file on disk and starts it in the background; answers at once. */
export async function startImport(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  upload: NewImport,
  onError: (err: unknown) => void,
): Promise<ReturnType<typeof presentImport>> {
  requirePermission(actor, 'base.import');
  await sweepAbandonedImports(ctx);
  const row = await createImportJob(ctx, actor, upload);
  const job = runImport(ctx, audit, actor, row.id, upload.path)
    .catch(onError)
    .finally(() => running.delete(row.id));
  running.set(row.id, job);
  return presentImport(row);
}

/**
 * A job whose row has not moved for this long has lost its process: a running job moves every batch,
 * and the margin covers clocks of two instances that disagree.
 */
export const ABANDONED_AFTER_MS = 30 * 60_000;

/**
 * What a job whose process died leaves behind: its row still `validating` or `importing`, (a
 * staged import) its stage table, and its files in the imports folder (the upload, and an xlsx
 * reader's spilled shared strings). Before each new job the rows not moved for `ABANDONED_AFTER_MS`
 * become `failed` ('abandoned'), and the stages of jobs no longer running are dropped — by any
 * instance: a running job's row moves every batch, so another instance's live job is left alone.
 * A file goes when it too is that old and its job is not running (an upload still streaming has
 * no job yet, but its file moves; the folder is one instance's own, in its data folder).
 */
export async function sweepAbandonedImports(ctx: AppContext): Promise<void> {
  const stale = new Date(ctx.now().getTime() - ABANDONED_AFTER_MS);
  await ctx.db
    .update(baseImport)
    .set({ status: 'failed', failure: 'abandoned', finishedAt: ctx.now(), updatedAt: ctx.now() })
    .where(and(inArray(baseImport.status, ['queued', 'validating', 'importing']), lt(baseImport.updatedAt, stale)));
  const stages = await queryRows<{ name: string; jobId: string }>(
    ctx.db,
    sql`SELECT s.tablename AS name, j.id AS "jobId" FROM pg_tables s
      LEFT JOIN ${baseImport} j ON replace(j.id::text, '-', '') = substring(s.tablename FROM 19)
      WHERE s.schemaname = current_schema() AND s.tablename LIKE 'base_import_stage_%'
        AND (j.id IS NULL OR j.status NOT IN ('queued', 'validating', 'importing'))`,
  );
  for (const stage of stages) {
    // Never wait on a stage still in use (a job the sweep took for dead): leave it for a later sweep.
    await ctx.db
      .transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL lock_timeout = '2s'`);
        await tx.execute(sql`DROP TABLE IF EXISTS ${sql.identifier(stage.name)}`);
      })
      .catch(() => undefined);
  }
  await sweepImportFiles(ctx);
}

async function sweepImportFiles(ctx: AppContext): Promise<void> {
  // Files are dated by the machine's clock, not the context's.
  const stale = new Date(Date.now() - ABANDONED_AFTER_MS);
  const dir = importsDir(ctx);
  const names = await readdir(dir).catch(() => [] as string[]);
  const ids = [...new Set(names.map((n) => n.slice(0, 36)).filter((id) => /^[0-9a-f-]{36}$/.test(id)))];
  if (ids.length === 0) return;
  const running = new Set(
    (
      await ctx.db
        .select({ id: baseImport.id })
        .from(baseImport)
        .where(and(inArray(baseImport.id, ids), inArray(baseImport.status, ['queued', 'validating', 'importing'])))
    ).map((r) => r.id),
  );
  for (const name of names) {
    if (running.has(name.slice(0, 36))) continue;
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info?.isFile() && info.mtime < stale) await rm(file, { force: true });
  }
}

export async function createImportJob(ctx: AppContext, actor: Actor, upload: NewImport): Promise<ImportRow> {
  let format: ImportFormat;
  try {
    format = await sniffFormat(upload.path, upload.fileName);
  } catch (err) {
    await rm(upload.path, { force: true });
    throw err;
  }
  const [row] = await ctx.db
    .insert(baseImport)
    .values({
      id: upload.id,
      registry: upload.registry,
      mode: upload.mode,
      format,
      fileName: upload.fileName.slice(0, 200),
      fileBytes: upload.bytes,
      uploadedBy: actor.userId,
    })
    .returning();
  return row as ImportRow;
}

interface Counts {
  rowsRead: number;
  rowsValid: number;
  rowsInvalid: number;
  rowsCreated: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  rowsDone: number;
}

async function* batches(rows: AsyncIterable<FileRow>, size: number): AsyncGenerator<FileRow[]> {
  let batch: FileRow[] = [];
  for await (const r of rows) {
    batch.push(r);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function saveProblems(db: Executor, importId: string, registry: ImportRegistry, problems: readonly RowProblem[]) {
  if (problems.length === 0) return;
  const titles = new Map(registryColumns[registry].map((c) => [c.key, c.title]));
  const sorted = [...problems].sort((a, b) => a.rowNo - b.rowNo);
  // A few thousand rows per statement keep within PostgreSQL's parameter limit.
  for (let i = 0; i < problems.length; i += 5000) {
    await db.insert(baseImportError).values(
      sorted.slice(i, i + 5000).map((p) => ({
        importId,
        rowNo: p.rowNo,
        column: titles.get(p.field) ?? '',
        field: p.field,
        message: p.message,
        messageZh: p.messageZh,
      })),
    );
  }
}

/**
 * A promise awaited later (after the next batch is read): marked as handled now, so that a failure
 * while the next batch is being read is not an unhandled rejection; awaiting it still throws.
 */
function settledLater<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

const rowsOf = (problems: readonly RowProblem[]) => new Set(problems.map((p) => p.rowNo)).size;

/**
 * Runs a job to its end: validating, then invalid, or importing and done; failed if it broke (the
 * batches already committed stay, each with its history, where batches commit one by one; a staged
 * import on PostgreSQL commits once, so a broken one writes nothing and counts nothing written).
 */
export async function runImport(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, file: string): Promise<void> {
  const [job] = await ctx.db.select().from(baseImport).where(eq(baseImport.id, id));
  if (!job) throw new Error('import job missing');
  const registry = job.registry as ImportRegistry;
  const format = job.format as ImportFormat;
  const importer: RegistryImporter = importers[registry](ctx, actor, id);
  const staged = importer.staged;
  const keyed = keyProblems(registry);
  const counts: Counts = { rowsRead: 0, rowsValid: 0, rowsInvalid: 0, rowsCreated: 0, rowsUpdated: 0, rowsUnchanged: 0, rowsDone: 0 };
  const progress = (db: Executor, status?: ImportRow['status']) =>
    db
      .update(baseImport)
      .set({ ...counts, ...(status ? { status } : {}), updatedAt: ctx.now() })
      .where(eq(baseImport.id, id));
  // Rows refused at the write (registered by someone else meanwhile): reported, but not what decides
  // whether the file is accepted — on PGlite they are met after that decision, and on PostgreSQL alike.
  let refusedLate = 0;
  /**
   * A batch's result into the counts and the report, in the batch's transaction; the report and the
   * progress through another connection instead (`outside`: the overlapping writer's, whose
   * transaction may be rolled back and must never wait on the job's row).
   */
  const written = async (tx: Tx, result: BatchResult, problems: readonly RowProblem[], rows: number, outside?: Executor) => {
    counts.rowsCreated += result.created;
    counts.rowsUpdated += result.updated;
    counts.rowsUnchanged += result.unchanged;
    // What changed between the passes (a grid retired, a person registered elsewhere) is reported too.
    const late = [...problems, ...result.refused];
    if (late.length > 0) {
      const bad = rowsOf(late);
      counts.rowsInvalid += bad;
      counts.rowsValid -= bad;
      refusedLate += bad;
      await saveProblems(outside ?? tx, id, registry, late);
    }
    counts.rowsDone = Math.min(counts.rowsRead, counts.rowsDone + rows);
    await progress(outside ?? tx);
  };
  let status: 'invalid' | 'done' | 'failed' = 'failed';
  // On PostgreSQL a staged import writes while it reads (one transaction, committed at the end).
  let writer: OverlappingWriter | null = null;
  try {
    await progress(ctx.db, 'validating');
    await staged?.open(ctx.db);
    if (staged && ctx.database.kind === 'postgres') writer = overlappingWriter(ctx, staged, (tx, result, rows) => written(tx, result, [], rows, ctx.db));
    try {
      // ---- Pass 1: check every row; remember the valid rows' keys in the database. The next batch is
      // read and checked while the previous one's keys are claimed (claims stay in file order).
      let claiming: Promise<void> = Promise.resolve();
      try {
        for await (const batch of batches(readImportRows(file, format, importer.columns), IMPORT_BATCH)) {
          writer?.check();
          const { valid, problems } = await importer.check(ctx.db, batch);
          // A staged import prepares (seals) its rows here, once; the database claims and stages the
          // previous batch meanwhile.
          const prepared = staged ? (importer.prepare(valid) as KeyedRow[]) : [];
          await claiming;
          claiming = settledLater(
            (async () => {
              // A key met twice: found by the stage (below) for a staged import, else by base_import_key.
              const dupes = staged ? [] : await claimKeys(ctx.db, id, valid, keyed.duplicate);
              const foreign = await importer.foreignKeys(
                ctx.db,
                valid.map((v) => v.keyHash),
              );
              for (const v of valid) if (foreign.has(v.keyHash)) problems.push({ rowNo: v.rowNo, ...keyed.elsewhere });
              problems.push(...dupes);
              if (staged) {
                const bad = new Set(problems.map((p) => p.rowNo));
                const again = await staged.stage(
                  ctx.db,
                  prepared.filter((p) => !bad.has(p.rowNo)),
                );
                problems.push(...again.map((d) => keyed.duplicate(d.rowNo, d.earlier)));
                writer?.stagedThrough((batch[batch.length - 1] as FileRow).rowNo);
              }
              const bad = rowsOf(problems);
              counts.rowsRead += batch.length;
              counts.rowsInvalid += bad;
              counts.rowsValid += batch.length - bad;
              await ctx.db.transaction(async (tx) => {
                await saveProblems(tx, id, registry, problems);
                await progress(tx);
              });
            })(),
          );
        }
      } finally {
        // A file that breaks off still has the batches before it counted; a failed claim is the job's failure.
        await claiming;
      }
    } catch (err) {
      if (!(err instanceof ImportFileError)) throw err;
      await saveProblems(ctx.db, id, registry, [{ rowNo: 1, field: err.field, message: err.messageEn, messageZh: err.messageZh }]);
      counts.rowsInvalid = Math.max(counts.rowsInvalid, 1);
    }
    if (counts.rowsInvalid - refusedLate > 0 && (job.mode === 'all' || counts.rowsValid + refusedLate === 0)) {
      status = 'invalid';
      if (writer) {
        // Written meanwhile, rolled back; the report keeps every problem found (saved outside the writer).
        await writer.end(false);
        writer = null;
        Object.assign(counts, { rowsCreated: 0, rowsUpdated: 0, rowsUnchanged: 0, rowsInvalid: (await invalidRowNumbers(ctx.db, id)).size });
        counts.rowsValid = counts.rowsRead - counts.rowsInvalid;
      }
    } else if (writer) {
      await progress(ctx.db, 'importing');
      await writer.end(true);
      writer = null;
      counts.rowsDone = counts.rowsRead;
      status = 'done';
    } else {
      // ---- Pass 2: the valid rows, from the stage or again from the file, written a batch at a time.
      counts.rowsDone = 0;
      await progress(ctx.db, 'importing');
      if (staged) await writeStaged(ctx, staged, written);
      else {
        const invalidRows = await invalidRowNumbers(ctx.db, id);
        // Each batch is checked and sealed while the previous one is being written: the CPU work of a
        // batch overlaps the database's; the writes themselves stay one transaction at a time, in file order.
        let writing: Promise<void> = Promise.resolve();
        try {
          for await (const batch of batches(readImportRows(file, format, importer.columns), IMPORT_BATCH)) {
            const wanted = batch.filter((r) => !invalidRows.has(r.rowNo));
            const { valid, problems } = await importer.check(ctx.db, wanted);
            const prepared = importer.prepare(valid);
            await writing;
            writing = settledLater(ctx.db.transaction(async (tx) => written(tx, await importer.upsert(tx, prepared), problems, batch.length)));
          }
        } finally {
          await writing;
        }
      }
      status = 'done';
    }
  } finally {
    // The job broke while writing on PostgreSQL: what was written is rolled back.
    if (writer) {
      await writer.end(false).catch(() => undefined);
      Object.assign(counts, { rowsCreated: 0, rowsUpdated: 0, rowsUnchanged: 0 });
    }
    await ctx.db.transaction(async (tx) => {
      await tx
        .update(baseImport)
        .set({ ...counts, status, failure: status === 'failed' ? 'internal' : null, updatedAt: ctx.now(), finishedAt: ctx.now() })
        .where(eq(baseImport.id, id));
      await tx.delete(baseImportKey).where(eq(baseImportKey.importId, id));
      await recordAudit(tx, audit, {
        action: 'base.import',
        outcome: status === 'failed' ? 'failed' : 'ok',
        targetType: 'baseImport',
        targetId: id,
        divisionCode: actor.divisionCode,
        detail: `${registry} ${status} read=${counts.rowsRead} invalid=${counts.rowsInvalid} created=${counts.rowsCreated} updated=${counts.rowsUpdated} unchanged=${counts.rowsUnchanged}`,
      });
    });
    await staged?.close(ctx.db);
    await rm(file, { force: true });
  }
}

/** Staged rows written per statement (and, on PGlite, per transaction) of the second pass. */
const STAGED_CHUNK = 5000;

/** The advisory lock the overlapping writers take. */
const IMPORT_WRITER_LOCK_KEY = advisoryLocks.importWriter;

interface OverlappingWriter {
  /** The first pass has staged every row up to this row number. */
  stagedThrough(rowNo: number): void;
  /** Throws what broke the writer, so the first pass stops. */
  check(): void;
  /** The first pass is over: write the rest and commit, or roll back. */
  end(accept: boolean): Promise<void>;
}

/**
 * The writes of a staged import on PostgreSQL, overlapping its first pass: one transaction, on a
 * connection of its own, writes each range of rows as soon as the first pass has staged it (a
 * staged row is final: a key met again later makes the later row wrong, not this one), and commits
 * when the first pass accepts the file — or rolls back: in mode 'all' a file with any wrong row
 * writes nothing. Reading and checking (this process) and writing (the database) then run side by
 * side. PGlite, one connection, writes after the first pass (`writeStaged`).
 */
function overlappingWriter(
  ctx: AppContext,
  staged: StagedWrites<unknown>,
  onRange: (tx: Tx, result: BatchResult, rows: number) => Promise<void>,
): OverlappingWriter {
  let through = 0;
  let ended = false;
  let accept = false;
  let failure: unknown = null;
  let wake = () => {};
  const nudge = () => {
    const w = wake;
    wake = () => {};
    w();
  };
  const rollback = new Error('import rolled back');
  const done = settledLater(
    ctx.db
      .transaction(async (tx) => {
        // One such writer at a time, across instances: two imports of overlapping persons would
        // otherwise wait on each other's uncommitted rows for the length of a file (or deadlock).
        // It waits for the writer before it as long as that takes (the pool's lock_timeout is for requests).
        await tx.execute(sql`SET LOCAL lock_timeout = 0`);
        await tx.execute(sql`SELECT pg_advisory_xact_lock(${IMPORT_WRITER_LOCK_KEY})`);
        let from = 0;
        for (;;) {
          if (ended && !accept) break;
          if (through >= from + STAGED_CHUNK || (ended && through >= from)) {
            const to = Math.min(from + STAGED_CHUNK, through + 1);
            await onRange(tx, await staged.write(tx, from, to), to - from);
            from = to;
            continue;
          }
          if (ended) break;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
        if (!accept) throw rollback;
      })
      .catch((err) => {
        if (err === rollback) return;
        failure = err;
        throw err;
      }),
  );
  return {
    stagedThrough(rowNo) {
      through = rowNo;
      nudge();
    },
    check() {
      if (failure) throw failure;
    },
    async end(yes) {
      ended = true;
      accept = yes;
      nudge();
      await done;
    },
  };
}

/**
 * The second pass of a staged import: the stage's rows written a range at a time, each range one
 * transaction. The work is the database's alone, so on PostgreSQL two ranges are written at once
 * (their keys are distinct: the first pass refused a key met twice); PGlite runs one at a time.
 */
async function writeStaged(
  ctx: AppContext,
  staged: StagedWrites<unknown>,
  written: (tx: Tx, result: BatchResult, problems: readonly RowProblem[], rows: number) => Promise<void>,
): Promise<void> {
  const range = await staged.range(ctx.db);
  if (!range) return;
  const ranges: [number, number][] = [];
  for (let from = range.first; from <= range.last; from += STAGED_CHUNK) ranges.push([from, Math.min(from + STAGED_CHUNK, range.last + 1)]);
  let next = 0;
  const writer = async () => {
    while (next < ranges.length) {
      const [from, to] = ranges[next++] as [number, number];
      try {
        await ctx.db.transaction(async (tx) => written(tx, await staged.write(tx, from, to), [], to - from));
      } catch (err) {
        next = ranges.length; // the other writer stops after its range
        throw err;
      }
    }
  };
  const done = await Promise.allSettled(Array.from({ length: ctx.database.kind === 'postgres' ? 2 : 1 }, writer));
  for (const d of done) if (d.status === 'rejected') throw d.reason;
}

/**
 * Records the keys of a batch's valid rows; a key met on an earlier row (in this batch or an
 * earlier one) is a problem of the later row, which is dropped from `valid`.
 */
async function claimKeys(db: Executor, importId: string, valid: KeyedRow[], duplicate: (rowNo: number, earlier: number) => RowProblem): Promise<RowProblem[]> {
  const problems: RowProblem[] = [];
  const first = new Map<string, number>();
  const kept: KeyedRow[] = [];
  for (const v of valid) {
    const earlier = first.get(v.keyHash);
    if (earlier !== undefined) problems.push(duplicate(v.rowNo, earlier));
    else {
      first.set(v.keyHash, v.rowNo);
      kept.push(v);
    }
  }
  if (kept.length > 0) {
    const claimed = await queryRows<{ keyHash: string }>(
      db,
      sql`INSERT INTO ${baseImportKey} (import_id, key_hash, row_no)
        SELECT ${importId}::uuid, k, r FROM unnest(${pgArrayLiteral(kept.map((v) => v.keyHash))}::text[], ${pgArrayLiteral(kept.map((v) => v.rowNo))}::int[]) AS x(k, r)
        ON CONFLICT DO NOTHING RETURNING key_hash AS "keyHash"`,
    );
    if (claimed.length < kept.length) {
      const mine = new Set(claimed.map((c) => c.keyHash));
      const taken = kept.filter((v) => !mine.has(v.keyHash));
      const earlier = await db
        .select({ keyHash: baseImportKey.keyHash, rowNo: baseImportKey.rowNo })
        .from(baseImportKey)
        .where(
          and(
            eq(baseImportKey.importId, importId),
            inArray(
              baseImportKey.keyHash,
              taken.map((v) => v.keyHash),
            ),
          ),
        );
      const at = new Map(earlier.map((e) => [e.keyHash, e.rowNo]));
      for (const v of taken) problems.push(duplicate(v.rowNo, at.get(v.keyHash) ?? 0));
    }
  }
  const dropped = new Set(problems.map((p) => p.rowNo));
  valid.splice(0, valid.length, ...valid.filter((v) => !dropped.has(v.rowNo)));
  return problems;
}

async function invalidRowNumbers(db: Executor, importId: string): Promise<Set<number>> {
  const rows = await db.selectDistinct({ rowNo: baseImportError.rowNo }).from(baseImportError).where(eq(baseImportError.importId, importId));
  return new Set(rows.map((r) => r.rowNo));
}

export function presentImport(r: ImportRow) {
  const total = r.rowsRead;
  return {
    id: r.id,
    registry: r.registry,
    mode: r.mode,
    format: r.format,
    fileName: r.fileName,
    fileBytes: r.fileBytes,
    status: r.status as ImportStatus,
    rowsRead: r.rowsRead,
    rowsValid: r.rowsValid,
    rowsInvalid: r.rowsInvalid,
    rowsCreated: r.rowsCreated,
    rowsUpdated: r.rowsUpdated,
    rowsUnchanged: r.rowsUnchanged,
    rowsDone: r.rowsDone,
    // While validating the total is not known yet: the count read so far is the progress.
    progress: r.status === 'done' || r.status === 'invalid' ? 1 : r.status === 'importing' && total > 0 ? Math.min(1, r.rowsDone / total) : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
  };
}

/** A job is found by the one who uploaded it: its report speaks of rows of their file. */
async function findImport(db: Executor, actor: Actor, id: string): Promise<ImportRow> {
  const [row] = await db
    .select()
    .from(baseImport)
    .where(and(eq(baseImport.id, id), eq(baseImport.uploadedBy, actor.userId)));
  if (!row) throw errors.notFound('import');
  return row;
}

export async function getImport(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'base.import');
  return presentImport(await findImport(ctx.db, actor, id));
}

export async function listImportErrors(ctx: AppContext, actor: Actor, id: string, page: PageParams) {
  requirePermission(actor, 'base.import');
  await findImport(ctx.db, actor, id);
  const where = eq(baseImportError.importId, id);
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(baseImportError).where(where).orderBy(asc(baseImportError.rowNo), asc(baseImportError.id)).limit(page.pageSize).offset(page.offset),
    ctx.db.select({ n: count() }).from(baseImportError).where(where),
  ]);
  return { items: rows.map(presentProblem), total: total?.n ?? 0, page: page.page, pageSize: page.pageSize };
}

function presentProblem(r: typeof baseImportError.$inferSelect) {
  return { row: r.rowNo, column: r.column, field: r.field, message: r.message, messageZh: r.messageZh };
}

/** Every problem of a job in the order they were found (row order within each pass), a page at a time, for the downloadable report. */
export async function importReport(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'base.import');
  const job = await findImport(ctx.db, actor, id);
  async function* rows(): AsyncGenerator<ReturnType<typeof presentProblem>> {
    let after = 0;
    for (;;) {
      const page = await ctx.db
        .select()
        .from(baseImportError)
        .where(and(eq(baseImportError.importId, id), gt(baseImportError.id, after)))
        .orderBy(asc(baseImportError.id))
        .limit(2000);
      for (const r of page) yield presentProblem(r);
      if (page.length < 2000) return;
      after = (page[page.length - 1] as { id: number }).id;
    }
  }
  return { job: presentImport(job), rows: rows() };
}
