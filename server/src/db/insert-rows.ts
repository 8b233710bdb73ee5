// Inserts whose SQL Drizzle builds once. Building an insert (a parameter and a type check per value,
// the column list, the defaults) cost the server more than sending it: a quarter of its thread's time
// on the case intake path (docs/BENCHMARKS.md, "Case intake"). Rows of the same table and the same
// shape (the same columns given, and the same of them null, row by row) get the same SQL text, so it
// is built once with placeholders (a null is written as NULL), kept, and then only filled in: each
// value still goes through its column's encoder. Sent as an unnamed statement, as Drizzle sends one.
//
// `insertTogether` sends the inserts of several tables as one statement (data-modifying WITH): one
// round trip instead of one per table. They see the same snapshot and their foreign keys are
// checked at the end of the statement, so a row may refer to a row inserted beside it.
import { getTableColumns, getTableName, is, Param, Placeholder, type Query, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';

/** Where each parameter's value comes from: a part's row's column, through the column's encoder. */
interface Slot {
  part: number;
  row: number;
  key: string;
  encoder: { mapToDriverValue(value: unknown): unknown } | undefined;
}

const built = new Map<string, { sql: string; slots: Slot[] }>();

/** Refuses a table with a column whose default Drizzle computes in JS: the first value would be kept for good. */
function checkCacheable(table: PgTable): void {
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (column.defaultFn || column.onUpdateFn) throw new Error(`insertRows: ${getTableName(table)}.${key} has a JS default`);
  }
}

export interface InsertPart<T extends PgTable = PgTable> {
  table: T;
  rows: readonly T['$inferInsert'][];
  /** Keep a row already there (same unique key) rather than fail. */
  onConflictDoNothing?: boolean;
}

/** Per row, the columns given: a value ('v') or null ('n'); undefined leaves the column to its default. */
function shapeOf(row: Record<string, unknown>): string {
  let shape = '';
  for (const k in row) {
    const v = row[k];
    if (v !== undefined) shape += v === null ? `${k}=n,` : `${k},`;
  }
  return shape;
}

/** One table's insert with placeholders named `<row>:<column>`. */
function build(db: Executor, part: InsertPart, shapes: readonly string[]): Query {
  checkCacheable(part.table);
  const rows = shapes.map((shape, i) => {
    const out: Record<string, unknown> = {};
    for (const item of shape.split(',')) {
      if (item.endsWith('=n')) out[item.slice(0, -2)] = sql`null`;
      else if (item) out[item] = sql.placeholder(`${i}:${item}`);
    }
    return out;
  });
  const insert = db.insert(part.table).values(rows as PgTable['$inferInsert'][]);
  return (part.onConflictDoNothing ? insert.onConflictDoNothing() : insert).toSQL();
}

/**
 * Inserts the parts' rows in one statement (parts without rows are left out; nothing when none has any).
 * Values only, no SQL expressions (they would be passed as values). One SQL text is kept per shape, so
 * this is for the small batches of hot paths, not for bulk loads of varying sizes.
 */
export async function insertTogether(db: Executor, parts: readonly InsertPart[]): Promise<void> {
  const live = parts.filter((p) => p.rows.length > 0);
  if (live.length === 0) return;
  const shapes = live.map((p) => p.rows.map((r) => shapeOf(r as Record<string, unknown>)));
  const key = live.map((p, i) => `${getTableName(p.table)}${p.onConflictDoNothing ? '!' : ''}|${shapes[i]?.join('|')}`).join('#');
  let query = built.get(key);
  if (!query) {
    const names = live.map((p) => getTableName(p.table));
    if (new Set(names).size !== names.length) throw new Error('insertTogether: one part per table');
    const texts: string[] = [];
    const slots: Slot[] = [];
    live.forEach((p, part) => {
      const q = build(db, p, shapes[part] ?? []);
      // Drizzle numbers each insert's parameters from $1: numbered on here.
      const offset = slots.length;
      texts.push(q.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`));
      for (const param of q.params) slots.push(slotOf(part, param));
    });
    const last = texts.pop() as string;
    query = { sql: texts.length > 0 ? `with ${texts.map((t, i) => `"i${i}" as (${t})`).join(', ')} ${last}` : last, slots };
    built.set(key, query);
  }
  // The values in the parameters' order, each through its column's encoder (what Drizzle's fillPlaceholders does, without a lookup by name).
  const params = query.slots.map((s) => {
    const v = (live[s.part]?.rows[s.row] as Record<string, unknown> | undefined)?.[s.key];
    return s.encoder ? s.encoder.mapToDriverValue(v) : v;
  });
  await db._.session.prepareQuery({ sql: query.sql, params }, undefined, undefined, false).execute();
}

/** A built insert's parameter: always a placeholder `<row>:<column>`, wrapped with its column's encoder or not. */
function slotOf(part: number, param: unknown): Slot {
  const named =
    is(param, Param) && is(param.value, Placeholder)
      ? { name: param.value.name, encoder: param.encoder }
      : is(param, Placeholder)
        ? { name: param.name, encoder: undefined }
        : undefined;
  if (!named) throw new Error('insertTogether: a value that is not a placeholder');
  const at = named.name.indexOf(':');
  return { part, row: Number(named.name.slice(0, at)), key: named.name.slice(at + 1), encoder: named.encoder };
}

/** Inserts rows of one table (nothing when there are none). A column left out of a row (or undefined) takes its default. */
export async function insertRows<T extends PgTable>(
  db: Executor,
  table: T,
  rows: readonly T['$inferInsert'][],
  opts: { onConflictDoNothing?: boolean } = {},
): Promise<void> {
  await insertTogether(db, [{ table, rows, ...opts }]);
}
