// What the importers of buildings, dwellings and organisations share: the shape of an importer (the
// job in import.service.ts drives any registry's through it), the checks of a row's cells (NUL
// characters, lengths, choices, whole numbers), the placement of a row (a dwelling by its building;
// a building or organisation by a point or a grid code, as the API places a record, base-place.ts:
// the point is located to its most specific grid, a grid also given must hold it, and the uploader
// must hold that grid) and the upsert by a public code. Points are located while a batch is checked,
// never inside a write transaction (see locatePoint).
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { AppContext } from '../../context.js';
import type { Executor, Tx } from '../../db/client.js';
import { pgArrayLiteral } from '../../db/pg-array.js';
import type { Actor } from '../access/access.js';
import { grid } from '../territory/grid.tables.js';
import { canWriteAt } from './base-access.js';
import { type ChangeRow, diffShown, recordChanges } from './base-history.js';
import { locatePoint, mostSpecific, type Placement } from './base-place.js';
import { shownFields } from './base-records.js';
import type { building, dwelling, organisation } from './base.tables.js';
import { choiceOf, type ImportColumn, type ImportRegistry, registryKeys } from './import-columns.js';
import type { BatchResult, RowProblem } from './import-person.js';
import type { FileRow } from './import-read.js';
import type { Problem } from './person-input.js';

/** A valid row: where it is in the file, and the key it is upserted by. */
export interface KeyedRow {
  rowNo: number;
  keyHash: string;
}

/**
 * What the import job asks of a registry's importer (methods, so one of any registry's rows fits):
 * check a batch, name the keys registered outside the uploader's jurisdiction, prepare the stored
 * values (CPU only, outside the transaction) and upsert them with their history.
 */
export interface RegistryImporter<C extends KeyedRow = KeyedRow, P = unknown> {
  columns: readonly ImportColumn[];
  check(db: Executor, rows: readonly FileRow[]): Promise<{ valid: C[]; problems: RowProblem[] }>;
  foreignKeys(db: Executor, keys: readonly string[]): Promise<Set<string>>;
  prepare(rows: readonly C[]): P[];
  upsert(tx: Tx, rows: readonly P[]): Promise<BatchResult>;
  /** Given by a registry imported by the million (persons): its rows are staged once, not read twice. */
  staged?: StagedWrites<P>;
}

/**
 * The writes of a staged import. The first pass checks and prepares each row once and stages it
 * (`stage`, into a table of the job's own); the second pass reads no file: it writes the staged rows
 * a range of row numbers at a time (`write`, one transaction each, in the database alone).
 */
export interface StagedWrites<P> {
  open(db: Executor): Promise<void>;
  /** Stages rows in file order; a row whose key is already staged is not, and comes back with the earlier row's number. */
  stage(db: Executor, rows: readonly P[]): Promise<{ rowNo: number; earlier: number }[]>;
  /** The first and last row number staged (null: none). */
  range(db: Executor): Promise<{ first: number; last: number } | null>;
  /** Writes the staged rows numbered from `from` up to, not including, `to`. */
  write(tx: Tx, from: number, to: number): Promise<BatchResult>;
  close(db: Executor): Promise<void>;
}

/** A cell's NUL characters (PostgreSQL text cannot hold U+0000) and lengths over the column's limit. */
export function cellProblems(cells: FileRow['cells'], lengths: Record<string, number>): Problem[] {
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(cells)) {
    if (value?.includes('\u0000')) problems.push({ field: key, message: 'Contains a NUL character.', messageZh: '含有空字符（NUL）。' });
    const max = lengths[key];
    if (max !== undefined && (value?.length ?? 0) > max)
      problems.push({ field: key, message: `At most ${max} characters.`, messageZh: `不超过 ${max} 个字。` });
  }
  return problems;
}

/** Reads a row's cells against its registry's columns, pushing what is wrong into `problems`. */
export function cellReader(columns: readonly ImportColumn[], cells: FileRow['cells'], problems: Problem[]) {
  const columnOf = (key: string) => columns.find((c) => c.key === key) as ImportColumn;
  return {
    /** A problem of the row found by the registry's own rules. */
    problem(p: Problem): void {
      problems.push(p);
    },
    /** A required text: blank is a problem. */
    text(key: string): string {
      const v = cells[key] ?? null;
      if (v === null) problems.push({ field: key, message: 'Must not be blank.', messageZh: '不能为空。' });
      return v ?? '';
    },
    /** An optional text: blank is null. */
    optional(key: string): string | null {
      return cells[key] ?? null;
    },
    /** The value of an enum cell (its label or its value); blank is undefined (a problem when `missing` is given), one naming no choice a problem. */
    choice(key: string, missing?: Problem): string | undefined {
      const cell = cells[key] ?? null;
      if (cell === null) {
        if (missing) problems.push(missing);
        return undefined;
      }
      const column = columnOf(key);
      const value = choiceOf(column, cell);
      if (value === undefined) {
        const list = (column.choices ?? []).map((x) => x.label);
        problems.push({ field: key, message: `Must be one of: ${list.join(', ')}.`, messageZh: `须为以下之一：${list.join('、')}。` });
      }
      return value;
    },
    /** A whole number within bounds (below zero where `min` allows it: a basement floor); blank is null. */
    integer(key: string, min: number, max: number): number | null {
      const cell = cells[key] ?? null;
      if (cell === null) return null;
      const n = /^-?\d+$/.test(cell) ? Number(cell) : Number.NaN;
      if (!Number.isSafeInteger(n) || n < min || n > max) {
        problems.push({ field: key, message: `Must be a whole number from ${min} to ${max}.`, messageZh: `须为 ${min} 至 ${max} 的整数。` });
        return null;
      }
      return n;
    },
  };
}

export type CellReader = ReturnType<typeof cellReader>;

/**
 * A registry's batch check (`RegistryImporter.check`) for records placed by a point or a grid code
 * (buildings, organisations): `checkRows` with `rowPlacer`.
 */
export function rowChecker<V extends object>(
  ctx: AppContext,
  actor: Actor,
  columns: readonly ImportColumn[],
  lengths: Record<string, number>,
  read: (cell: CellReader, place: RowPlace | null) => { key: string; values: V } | null,
) {
  return checkRows(rowPlacer(ctx, actor), columns, lengths, read);
}

/** How a registry's rows are placed: lookups for a batch (before any transaction), then each row's place or its problems. */
export interface RowPlacer<Pl extends object> {
  load(db: Executor, rows: readonly FileRow[]): Promise<void>;
  place(r: FileRow, problems: Problem[]): Pl | null;
}

/**
 * A registry's batch check: each row's cells (NUL characters, lengths), its place (the stored
 * columns that say where it lies), then `read` (the registry's own rules) giving its key and values.
 * A row with any problem is reported, not kept; the others are kept with their place.
 */
export function checkRows<V extends object, Pl extends object>(
  placer: RowPlacer<Pl>,
  columns: readonly ImportColumn[],
  lengths: Record<string, number>,
  read: (cell: CellReader, place: Pl | null) => { key: string; values: V } | null,
) {
  return async (db: Executor, rows: readonly FileRow[]): Promise<{ valid: (KeyedRow & { values: V & Pl })[]; problems: RowProblem[] }> => {
    await placer.load(db, rows);
    const valid: (KeyedRow & { values: V & Pl })[] = [];
    const problems: RowProblem[] = [];
    for (const r of rows) {
      const mine = cellProblems(r.cells, lengths);
      const place = placer.place(r, mine);
      const row = read(cellReader(columns, r.cells, mine), place);
      if (mine.length > 0 || !place || !row) {
        for (const p of mine) problems.push({ rowNo: r.rowNo, ...p });
        continue;
      }
      valid.push({ rowNo: r.rowNo, keyHash: row.key, values: { ...row.values, ...place } });
    }
    return { valid, problems };
  };
}

export interface RowPlace extends Placement {
  lng: number | null;
  lat: number | null;
}

const outsideGrid = (field: string): Problem => ({
  field,
  message: 'No such current grid in your jurisdiction.',
  messageZh: '该网格不存在、已撤销或不在您的管辖范围内。',
});

/** A row's point, if its cells give one: both coordinates, numbers in range; else problems. */
function pointOf(cells: FileRow['cells'], problems: Problem[]): { lng: number; lat: number } | null {
  const lngCell = cells.lng ?? null;
  const latCell = cells.lat ?? null;
  if (lngCell === null && latCell === null) return null;
  if (lngCell === null || latCell === null) {
    problems.push({ field: lngCell === null ? 'lng' : 'lat', message: 'Give both the longitude and the latitude.', messageZh: '经度和纬度须同时填写。' });
    return null;
  }
  const read = (field: 'lng' | 'lat', cell: string, bound: number) => {
    const n = /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : Number.NaN;
    if (Number.isFinite(n) && Math.abs(n) <= bound) return n;
    problems.push({ field, message: `Must be a number from -${bound} to ${bound}.`, messageZh: `须为 -${bound} 至 ${bound} 的数字。` });
    return null;
  };
  const lng = read('lng', lngCell, 180);
  const lat = read('lat', latCell, 90);
  return lng === null || lat === null ? null : { lng, lat };
}

/**
 * Places rows by a point or a grid code for one job: current grids the uploader may write, cached
 * for the job (a city has some 22,000); points located to their grids a batch at a time.
 */
export function rowPlacer(ctx: AppContext, actor: Actor) {
  const grids = new Map<string, Placement | null>();
  let located = new Map<number, Awaited<ReturnType<typeof locatePoint>>>();

  return {
    /** Looks up the grids and locates the points a batch names (before any transaction). */
    async load(db: Executor, rows: readonly FileRow[]): Promise<void> {
      located = new Map();
      const codes = new Set<string>();
      for (const r of rows) {
        const point = pointOf(r.cells, []);
        if (point) located.set(r.rowNo, await locatePoint(ctx, point));
        else if (r.cells.gridCode) codes.add(r.cells.gridCode);
      }
      const missing = [...codes].filter((c) => !grids.has(c));
      if (missing.length === 0) return;
      const found = await db
        .select({ code: grid.code, communityCode: grid.communityCode })
        .from(grid)
        .where(and(sql`${grid.code} = ANY(${pgArrayLiteral(missing)}::text[])`, isNull(grid.validTo)));
      for (const c of missing) grids.set(c, null);
      for (const g of found) grids.set(g.code, canWriteAt(actor, g.code, g.communityCode) ? { gridCode: g.code, divisionCode: g.communityCode } : null);
    },

    /** Where a loaded row lies, or null with its problems pushed. */
    place(r: FileRow, problems: Problem[]): RowPlace | null {
      const before = problems.length;
      const point = pointOf(r.cells, problems);
      if (problems.length > before) return null;
      const gridCode = r.cells.gridCode ?? null;
      if (point) {
        const best = mostSpecific(located.get(r.rowNo) ?? []);
        if (!best) {
          problems.push({
            field: 'lng',
            message: 'The point lies outside every grid: check the position or give the grid code.',
            messageZh: '该位置不在任何网格内，请核对经纬度或填写网格编码。',
          });
          return null;
        }
        if (!canWriteAt(actor, best.key, best.communityCode)) {
          problems.push(outsideGrid('lng'));
          return null;
        }
        if (gridCode && !best.key.startsWith(gridCode)) {
          problems.push({ field: 'gridCode', message: 'The point lies in another grid than the one given.', messageZh: '该位置不在所填网格内。' });
          return null;
        }
        return { gridCode: best.key, divisionCode: best.communityCode, ...point };
      }
      if (gridCode) {
        const g = grids.get(gridCode);
        if (g) return { ...g, lng: null, lat: null };
        problems.push(outsideGrid('gridCode'));
        return null;
      }
      problems.push({
        field: 'gridCode',
        message: 'Give the grid code, or the point (longitude and latitude).',
        messageZh: '请填写网格编码，或经度和纬度。',
      });
      return null;
    },
  };
}

/** Whether the new values differ from the stored row in any of them (sealed values compared by their hashes). */
export function differsFrom(old: Record<string, unknown>, values: Record<string, unknown>): boolean {
  for (const [key, value] of Object.entries(values)) {
    if (key.endsWith('Sealed')) continue;
    if ((old[key] ?? null) !== (value ?? null)) return true;
  }
  return false;
}

/** The problems of a row's key, named as its registry names it. */
export function keyProblems(registry: ImportRegistry) {
  const k = registryKeys[registry];
  return {
    elsewhere: {
      field: k.field,
      message: `A ${k.record} with this ${k.en} is registered outside your jurisdiction.`,
      messageZh: `该${k.zh}的${k.recordZh}已在您的管辖范围外登记。`,
    },
    meanwhile: {
      field: k.field,
      message: `A ${k.record} with this ${k.en} was registered while the file was imported: import it again.`,
      messageZh: `导入期间已有他人登记该${k.zh}的${k.recordZh}，请重新导入。`,
    },
    duplicate: (rowNo: number, earlier: number): RowProblem => ({
      rowNo,
      field: k.field,
      message: `The same ${k.en} is on row ${earlier} of the file.`,
      messageZh: `该${k.zh}与文件第 ${earlier} 行重复。`,
    }),
  };
}

/** Of these keys, those of records lying outside the uploader's jurisdiction. */
export async function foreignByKey(
  db: Executor,
  actor: Actor,
  table: KeyedTable,
  key: 'addressCode' | 'creditCode',
  keys: readonly string[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const t = table as typeof building;
  const keyColumn = (table as unknown as Record<string, PgColumn>)[key] as PgColumn;
  const rows = await db
    .select({ key: sql<string>`${keyColumn}`, gridCode: t.gridCode, divisionCode: t.divisionCode })
    .from(t)
    .where(sql`${keyColumn} = ANY(${pgArrayLiteral(keys)}::text[])`);
  return new Set(rows.filter((r) => !canWriteAt(actor, r.gridCode, r.divisionCode)).map((r) => r.key));
}

/** A checked row as it will be stored: its key and its columns. */
export interface PreparedRecord {
  rowNo: number;
  keyHash: string;
  values: Placement & object;
}

type KeyedTable = typeof building | typeof dwelling | typeof organisation;
type StoredRecord = { id: string; gridCode: string; divisionCode: string; version: number } & Record<string, unknown>;

/**
 * Writes a batch of buildings, dwellings or organisations keyed by a public code: the stored ones locked and
 * read in one query; new ones inserted in one statement, changed ones updated, unchanged ones left
 * alone, ones lying outside the uploader's jurisdiction refused; a history row for each write.
 * `moved` follows an update that changed the record's grid (a building's dwellings follow it).
 */
export async function upsertByKey(
  tx: Tx,
  o: {
    ctx: AppContext;
    actor: Actor;
    importId: string;
    registry: 'building' | 'dwelling' | 'organisation';
    table: KeyedTable;
    key: 'addressCode' | 'creditCode';
    rows: readonly PreparedRecord[];
    moved?: (before: StoredRecord, after: StoredRecord) => Promise<void>;
  },
): Promise<BatchResult> {
  const result: BatchResult = { created: 0, updated: 0, unchanged: 0, refused: [] };
  if (o.rows.length === 0) return result;
  const table = o.table as typeof building;
  const keyColumn = (o.table as unknown as Record<string, PgColumn>)[o.key] as PgColumn;
  const problems = keyProblems(o.registry);
  const existing = (await tx
    .select()
    .from(table)
    .where(sql`${keyColumn} = ANY(${pgArrayLiteral(o.rows.map((r) => r.keyHash))}::text[])`)
    .for('update')) as unknown as StoredRecord[];
  const before = new Map(existing.map((r) => [r[o.key] as string, r]));
  const changes: ChangeRow[] = [];
  const history = (r: StoredRecord, old: StoredRecord | undefined) =>
    changes.push({
      entity: o.registry,
      entityId: r.id,
      divisionCode: r.divisionCode,
      action: old ? 'update' : 'create',
      source: 'import',
      changes: diffShown(old ? shownFields(old) : {}, shownFields(r)),
      actorId: o.actor.userId,
      importId: o.importId,
    });
  const inserts: PreparedRecord[] = [];
  for (const r of o.rows) {
    const old = before.get(r.keyHash);
    if (!old) {
      inserts.push(r);
      continue;
    }
    if (!canWriteAt(o.actor, old.gridCode, old.divisionCode)) {
      result.refused.push({ rowNo: r.rowNo, ...problems.elsewhere });
      continue;
    }
    if (!differsFrom(old, r.values as Record<string, unknown>)) {
      result.unchanged += 1;
      continue;
    }
    const [after] = (await tx
      .update(table)
      .set({ ...r.values, version: old.version + 1, updatedAt: o.ctx.now() } as typeof building.$inferInsert)
      .where(eq(table.id, old.id))
      .returning()) as unknown as StoredRecord[];
    const a = after as StoredRecord;
    history(a, old);
    if (o.moved && (old.gridCode !== a.gridCode || old.divisionCode !== a.divisionCode)) await o.moved(old, a);
    result.updated += 1;
  }
  if (inserts.length > 0) {
    const created = (await tx
      .insert(table)
      .values(inserts.map((r) => r.values) as (typeof building.$inferInsert)[])
      .onConflictDoNothing()
      .returning()) as unknown as StoredRecord[];
    const done = new Set(created.map((c) => c[o.key] as string));
    for (const c of created) history(c, undefined);
    result.created += created.length;
    // Registered by someone else between the lock and the insert: the row is reported, not overwritten.
    for (const r of inserts) if (!done.has(r.keyHash)) result.refused.push({ rowNo: r.rowNo, ...problems.meanwhile });
  }
  await recordChanges(tx, changes);
  return result;
}
