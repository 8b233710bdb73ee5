// Queries on the division tree. Visibility comes from access.ts as a where clause.
import { type AnyColumn, type SQL, and, asc, count, eq, gt, inArray, like, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.js';
import type { DivisionRecord, OutlineRecord } from './territory-file.js';
import { division, divisionOutline } from './territory.tables.js';

export type DivisionRow = typeof division.$inferSelect;

export async function findDivision(db: Executor, visible: SQL, code: string): Promise<DivisionRow | undefined> {
  const [row] = await db
    .select()
    .from(division)
    .where(and(eq(division.code, code), visible))
    .limit(1);
  return row;
}

export async function findDivisions(db: Executor, codes: string[]): Promise<DivisionRow[]> {
  if (codes.length === 0) return [];
  return db.select().from(division).where(inArray(division.code, codes)).orderBy(asc(division.level));
}

export async function childDivisions(db: Executor, visible: SQL, parentCode: string): Promise<DivisionRow[]> {
  return db
    .select()
    .from(division)
    .where(and(eq(division.parentCode, parentCode), visible))
    .orderBy(asc(division.code));
}

export interface DivisionCounts {
  districts: number;
  towns: number;
  communities: number;
}

/**
 * How many districts, towns and communities lie beneath each given division, counting only what
 * `visibleBelow` (a predicate on the `below` alias's code) lets the caller see.
 */
export async function countsBeneath(db: Executor, parents: DivisionRow[], visibleBelow: (code: AnyColumn) => SQL): Promise<Map<string, DivisionCounts>> {
  const out = new Map<string, DivisionCounts>(parents.map((p) => [p.code, { districts: 0, towns: 0, communities: 0 }]));
  if (parents.length === 0) return out;
  const below = alias(division, 'below');
  const n = (level: number) => sql<number>`count(*) filter (where ${below.level} = ${level})`.mapWith(Number);
  const rows = await db
    .select({ code: division.code, districts: n(2), towns: n(3), communities: n(4) })
    .from(division)
    .innerJoin(below, and(like(below.code, sql`${division.prefix} || '%'`), gt(below.level, division.level)))
    .where(
      and(
        inArray(
          division.code,
          parents.map((p) => p.code),
        ),
        visibleBelow(below.code),
      ),
    )
    .groupBy(division.code);
  for (const r of rows) out.set(r.code, { districts: r.districts, towns: r.towns, communities: r.communities });
  return out;
}

export async function outlinesWithin(db: Executor, visible: SQL, prefix: string) {
  return db
    .select({ code: division.code, name: division.name, level: division.level, geometry: divisionOutline.geometry })
    .from(divisionOutline)
    .innerJoin(division, eq(division.code, divisionOutline.divisionCode))
    .where(and(like(division.code, `${prefix}%`), visible))
    .orderBy(asc(division.code));
}

export async function outlinesOf(db: Executor, codes: string[]) {
  if (codes.length === 0) return [];
  return db
    .select({ code: division.code, name: division.name, level: division.level, geometry: divisionOutline.geometry })
    .from(divisionOutline)
    .innerJoin(division, eq(division.code, divisionOutline.divisionCode))
    .where(inArray(division.code, codes))
    .orderBy(asc(division.level));
}

export async function divisionCount(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(division);
  return row?.n ?? 0;
}

/** Inserts or renames divisions (codes never change meaning), in batches. */
export async function upsertDivisions(db: Executor, records: DivisionRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 500) {
    await db
      .insert(division)
      .values(records.slice(i, i + 500))
      .onConflictDoUpdate({
        target: division.code,
        set: { name: sql`excluded.name`, kind: sql`excluded.kind`, parentCode: sql`excluded.parent_code` },
      });
  }
}

export async function upsertOutlines(db: Executor, outlines: OutlineRecord[], source: string): Promise<void> {
  for (const o of outlines) {
    await db
      .insert(divisionOutline)
      .values({ divisionCode: o.divisionCode, geometry: o.geometry, source })
      .onConflictDoUpdate({ target: divisionOutline.divisionCode, set: { geometry: o.geometry, source, updatedAt: new Date() } });
  }
}
