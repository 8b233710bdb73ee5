// What backup and restore need to know about the database, read from pg_catalog rather than from
// the Drizzle schema, so that every table in the public schema is included, also future ones.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import { type Executor, migrationsFolder, queryRows } from '../db/client.js';

export interface TableInfo {
  name: string;
  /** Columns a restore inserts: every column except generated ones, in table order. */
  columns: string[];
  /** Key to page through the rows: the primary key, or the row's physical address when there is none. */
  key: { name: string; type: string }[];
  /** Public tables this one's foreign keys point at (itself excluded). */
  references: string[];
}

const PUBLIC = sql`n.nspname = 'public'`;

/**
 * Every table in the public schema, parents before children (a foreign key's target comes first).
 * Tables an extension owns (PostGIS's spatial_ref_sys) belong to the extension, not to the data.
 */
export async function publicTables(db: Executor): Promise<TableInfo[]> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE ${PUBLIC} AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
        ORDER BY c.relname`,
  );
  const columns = await queryRows<{ table: string; name: string; type: string; generated: boolean }>(
    db,
    sql`SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attgenerated <> '' AS generated
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE ${PUBLIC} AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum`,
  );
  const keys = await queryRows<{ table: string; name: string }>(
    db,
    sql`SELECT c.relname AS table, a.attname AS name
        FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
        WHERE ${PUBLIC} AND i.indisprimary ORDER BY c.relname, k.ord`,
  );
  const fks = await queryRows<{ table: string; target: string }>(
    db,
    sql`SELECT DISTINCT c.relname AS table, r.relname AS target
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
        WHERE ${PUBLIC} AND rn.nspname = 'public' AND k.contype = 'f' AND r.relname <> c.relname`,
  );
  const infos = tables.map(({ name }): TableInfo => {
    const cols = columns.filter((c) => c.table === name);
    const pk = keys.filter((k) => k.table === name).map((k) => ({ name: k.name, type: cols.find((c) => c.name === k.name)?.type ?? 'text' }));
    return {
      name,
      columns: cols.filter((c) => !c.generated).map((c) => c.name),
      key: pk.length > 0 ? pk : [{ name: 'ctid', type: 'tid' }],
      references: fks.filter((f) => f.table === name).map((f) => f.target),
    };
  });
  return parentsFirst(infos);
}

/**
 * Orders tables so every foreign key points at a table earlier in the list; ties go alphabetically
 * so the order is stable. Tables caught in a foreign-key cycle (none today) are appended as they
 * are: a restore of such rows would then fail on the constraint and roll back, not load half.
 */
export function parentsFirst(tables: TableInfo[]): TableInfo[] {
  const names = new Set(tables.map((t) => t.name));
  const placed = new Set<string>();
  const out: TableInfo[] = [];
  const pending = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  for (;;) {
    const next = pending.find((t) => !placed.has(t.name) && t.references.every((r) => placed.has(r) || !names.has(r)));
    if (!next) break;
    placed.add(next.name);
    out.push(next);
  }
  return [...out, ...pending.filter((t) => !placed.has(t.name))];
}

/** The public tables that hold at least one row, with their counts. */
export async function tablesWithRows(db: Executor, tables: TableInfo[]): Promise<{ name: string; rows: number }[]> {
  const out: { name: string; rows: number }[] = [];
  for (const t of tables) {
    const [row] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(t.name)}`);
    const n = Number(row?.n ?? 0);
    if (n > 0) out.push({ name: t.name, rows: n });
  }
  return out;
}

/** Tables with triggers of their own (not the internal ones that enforce foreign keys). */
export async function tablesWithUserTriggers(db: Executor): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`SELECT DISTINCT c.relname AS name FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE ${PUBLIC} AND NOT g.tgisinternal ORDER BY c.relname`,
  );
  return rows.map((r) => r.name);
}

/** Sequences owned by public tables' columns (serial and identity), to move past the restored rows. */
export async function ownedSequences(db: Executor): Promise<{ table: string; column: string; sequence: string }[]> {
  return queryRows(
    db,
    sql`SELECT c.relname AS table, a.attname AS column, s.oid::regclass::text AS sequence
        FROM pg_class s JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
        JOIN pg_class c ON c.oid = d.refobjid JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid
        WHERE ${PUBLIC} AND s.relkind = 'S' AND d.deptype IN ('a', 'i') ORDER BY c.relname, a.attname`,
  );
}

/**
 * The migrations the database has applied, by tag ("0000_core"). Drizzle records each one by the
 * `when` of its journal entry; a row this code's journal does not know is shown as "unknown@<when>"
 * (a database migrated by a newer Wangge).
 */
export async function appliedMigrations(db: Executor): Promise<string[]> {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
  const tagOf = new Map(journal.entries.map((e) => [String(e.when), e.tag]));
  const exists = await queryRows<{ t: string | null }>(db, sql`SELECT to_regclass('drizzle.__drizzle_migrations')::text AS t`);
  if (!exists[0]?.t) return [];
  const rows = await queryRows<{ created_at: string }>(db, sql`SELECT created_at::text AS created_at FROM drizzle.__drizzle_migrations ORDER BY id`);
  return rows.map((r) => tagOf.get(r.created_at) ?? `unknown@${r.created_at}`);
}

/** `"a", "b"` for a list of column names. */
export function identifierList(names: string[]): SQL {
  return sql.join(
    names.map((n) => sql.identifier(n)),
    sql`, `,
  );
}
