// Looks for text anywhere in the database: every column of every table in the public schema (found
// in the catalogue, so tables added later are scanned too), each row as PostgreSQL's own text form.
// The personal-data tests use it to show that no plain value (or no value under a retired key) is stored.
import { sql } from 'drizzle-orm';
import { publicTables } from '../cli/catalog.js';
import type { Executor } from '../db/client.js';
import { queryRows } from '../db/client.js';

/** "table: n rows" for every table where some row's text holds one of `needles` (case-insensitive). */
export async function tablesHolding(db: Executor, needles: readonly string[]): Promise<string[]> {
  if (needles.length === 0) return [];
  const patterns = needles.map((n) => `%${n.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const found: string[] = [];
  for (const t of await publicTables(db)) {
    const [row] = await queryRows<{ n: number | string }>(
      db,
      sql`SELECT count(*) AS n FROM ${sql.identifier(t.name)} AS r WHERE r::text ILIKE ANY (ARRAY[${sql.join(
        patterns.map((p) => sql`${p}`),
        sql`, `,
      )}]::text[])`,
    );
    if (Number(row?.n ?? 0) > 0) found.push(`${t.name}: ${row?.n} rows`);
  }
  return found;
}
