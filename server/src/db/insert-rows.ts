// Inserts whose SQL Drizzle builds once. Building an insert (a parameter and a type check per value,
// the column list, the defaults) cost the server more than sending it: a quarter of its thread's time
// on the case intake path (docs/BENCHMARKS.md, "Case intake"). Rows of the same table and the same
// shape (the same columns given, and the same of them null, row by row) get the same SQL text, so it
// is built once with placeholders (a null is written as NULL), kept, and then only filled in: each
// value still goes through its column's encoder.
// Sent as an unnamed statement, exactly as an ordinary Drizzle insert is.
import { getTableColumns, getTableName, type Query, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';

const built = new Map<string, Query>();

/** Refuses a table with a column whose default Drizzle computes in JS: the first value would be kept for good. */
function checkCacheable(table: PgTable): void {
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (column.defaultFn || column.onUpdateFn) throw new Error(`insertRows: ${getTableName(table)}.${key} has a JS default`);
  }
}

/**
 * Inserts rows (nothing when there are none); `onConflictDoNothing` keeps a row already there. A
 * column left out of a row (or undefined) takes its default, as with `db.insert(table).values(rows)`.
 */
export async function insertRows<T extends PgTable>(
  db: Executor,
  table: T,
  rows: readonly T['$inferInsert'][],
  opts: { onConflictDoNothing?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  // Per row, the columns given: a value (v) or null (n).
  const shapes = rows.map((r) =>
    Object.entries(r as Record<string, unknown>).flatMap(([k, v]): [string, 'v' | 'n'][] => (v === undefined ? [] : [[k, v === null ? 'n' : 'v']])),
  );
  const key = `${getTableName(table)}|${opts.onConflictDoNothing ? 'c' : ''}|${shapes.map((s) => s.map(([k, n]) => `${k}${n}`).join(',')).join('|')}`;
  let query = built.get(key);
  if (!query) {
    checkCacheable(table);
    const placeholders = shapes.map((shape, i) => Object.fromEntries(shape.map(([k, n]) => [k, n === 'n' ? sql`null` : sql.placeholder(`${i}:${k}`)])));
    const insert = db.insert(table).values(placeholders as T['$inferInsert'][]);
    query = (opts.onConflictDoNothing ? insert.onConflictDoNothing() : insert).toSQL();
    built.set(key, query);
  }
  const values: Record<string, unknown> = {};
  rows.forEach((r, i) => {
    for (const [k, n] of shapes[i] ?? []) if (n === 'v') values[`${i}:${k}`] = (r as Record<string, unknown>)[k];
  });
  await db._.session.prepareQuery(query, undefined, undefined, false).execute(values);
}
