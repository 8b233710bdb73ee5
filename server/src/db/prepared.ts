// Reads on the hot paths, built once. Drizzle builds a select's SQL text afresh on every call, and on
// the case intake path the building of its selects was over a third of what the server allocated
// per report (docs/BENCHMARKS.md, "Case intake"). A read written here with `placeholder(column, name)`
// for its values is built once per database and then only filled in: each value goes through the
// column's encoder (a bare `sql.placeholder` would not: its value would reach the driver as given),
// and the rows are mapped as any select's are. It is still sent as an unnamed
// statement, as Drizzle sends every query, so PostgreSQL parses and plans it each time as before.
//
// Inside a transaction (a Drizzle transaction object lives for one transaction) it is built on the
// transaction each time, exactly as a plain select would be.
import { type Column, is, type Param, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';

/** A named value of a prepared query, encoded as `column` encodes its values (a Date for a timestamp, JSON for jsonb). */
export function placeholder(column: Column, name: string): Param {
  return sql.param(sql.placeholder(name), column);
}

/** A query Drizzle can prepare: a select, an insert or an update builder. */
interface Preparable<Q> {
  prepare(name: string): Q;
}

/**
 * The query `build` makes, prepared once per database (and each time on a transaction). Run it with
 * `.execute({ name: value, … })`, one value per placeholder.
 */
export function preparedQuery<Q>(build: (db: Executor) => Preparable<Q>): (db: Executor) => Q {
  const built = new WeakMap<Executor, Q>();
  return (db) => {
    // An empty name: an unnamed statement, as any other query is sent.
    if (is(db, PgTransaction)) return build(db).prepare('');
    let query = built.get(db);
    if (query === undefined) {
      query = build(db).prepare('');
      built.set(db, query);
    }
    return query;
  };
}
