// Opens the database: embedded PGlite in the data folder, or a PostgreSQL server when
// DATABASE_URL is set. One schema, one set of migrations, one Drizzle query layer for both.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { advisoryLocks } from './advisory-locks.js';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';

// Queries are built with the query builder on the tables of schema.ts; Drizzle's relational API
// (`db.query.x`) is not used, so the database is opened without the schema: with it, Drizzle sets up a
// relational builder per table for every transaction it opens.
type NoSchema = Record<string, never>;
export type Db = PgDatabase<PgQueryResultHKT, NoSchema>;
export type Tx = PgTransaction<PgQueryResultHKT, NoSchema, ExtractTablesWithRelations<NoSchema>>;
/** Anything that runs queries: the database or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** PGlite only: the whole data folder as a tarball (tests start from one instead of migrating and seeding each time). */
  dump?(): Promise<Blob>;
}

/** server/ — the same from src/db and from dist/db. */
export const serverRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const migrationsFolder = path.join(serverRoot, 'src', 'db', 'migrations');

const MIGRATION_LOCK_KEY = advisoryLocks.migration;

export async function openDatabase(opts: { databaseUrl?: string; pgliteDir?: string; pgliteTemplate?: Blob; lockTimeoutMs?: number }): Promise<Database> {
  if (opts.databaseUrl) {
    // Every connection of the pool waits at most lockTimeoutMs for a lock (a request must not hang on
    // a long import's rows); a job that has to wait longer says so with SET LOCAL lock_timeout = 0.
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 10,
      ...(opts.lockTimeoutMs === undefined ? {} : { options: `-c lock_timeout=${Math.round(opts.lockTimeoutMs)}` }),
    });
    // A dropped idle connection must not take the process down.
    pool.on('error', () => undefined);
    const db: Db = drizzlePg(pool);
    return { db, kind: 'postgres', close: () => pool.end() };
  }
  // Without a folder, PGlite runs in memory (tests), empty or from a template dump.
  const client = opts.pgliteDir ? await PGlite.create(opts.pgliteDir) : await PGlite.create(opts.pgliteTemplate ? { loadDataDir: opts.pgliteTemplate } : {});
  const db: Db = drizzlePglite(client);
  return { db, kind: 'pglite', close: () => client.close(), dump: () => client.dumpDataDir('none') };
}

/**
 * Applies the checked-in migrations. On a PostgreSQL server several instances may start at once,
 * so the work runs on one connection holding an advisory lock; the others wait, then find nothing
 * left to do. PGlite has one process per data folder (the folder lock), but takes the same path.
 */
export async function migrateDatabase(database: Database, databaseUrl?: string): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migratePg(drizzlePg(client), { migrationsFolder });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

export function expectedMigrations(): string[] {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  return journal.entries.map((e) => e.tag);
}

/** How many migrations the database has applied (drizzle's own bookkeeping table). */
export async function appliedMigrationCount(db: Executor): Promise<number> {
  const rows = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM drizzle.__drizzle_migrations`);
  // count(*) is a number on PGlite and a string from pg.
  return Number(rows[0]?.n ?? 0);
}

/** Rows of a raw SQL query: both drivers answer with `{ rows }`. Prefer typed Drizzle queries. */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
