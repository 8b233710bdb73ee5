// Queries on grid versions. Visibility comes from access.ts as a where clause.
import { type SQL, and, asc, count, desc, eq, gt, gte, ilike, isNull, like, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { escapeLike } from '../../lib/http.js';
import { division } from './territory.tables.js';
import { grid, gridCode, gridSequence } from './grid.tables.js';

export type GridRow = typeof grid.$inferSelect;
export type NewGridRow = typeof grid.$inferInsert;

export interface GridFilter {
  q?: string;
  kind?: string;
  divisionPrefix?: string;
}

function filterWhere(visible: SQL, f: GridFilter): SQL | undefined {
  const escaped = f.q === undefined ? undefined : escapeLike(f.q);
  return and(
    visible,
    isNull(grid.validTo),
    escaped ? or(like(grid.code, `${escaped}%`), ilike(grid.name, `%${escaped}%`), ilike(grid.placeName, `%${escaped}%`)) : undefined,
    f.kind ? eq(grid.kind, f.kind) : undefined,
    f.divisionPrefix ? like(grid.communityCode, `${f.divisionPrefix}%`) : undefined,
  );
}

const listColumns = {
  id: grid.id,
  code: grid.code,
  kind: grid.kind,
  name: grid.name,
  communityCode: grid.communityCode,
  communityName: division.name,
  parentCode: grid.parentCode,
  placeName: grid.placeName,
  placeKind: grid.placeKind,
  areaM2: grid.areaM2,
  labelLng: grid.labelLng,
  labelLat: grid.labelLat,
  households: grid.households,
  validFrom: grid.validFrom,
};

export async function listGrids(
  db: Executor,
  visible: SQL,
  filter: GridFilter,
  sort: { field: 'code' | 'name'; desc: boolean },
  page: { offset: number; pageSize: number },
) {
  const where = filterWhere(visible, filter);
  const column = sort.field === 'name' ? grid.name : grid.code;
  const rows = await db
    .select(listColumns)
    .from(grid)
    .innerJoin(division, eq(division.code, grid.communityCode))
    .where(where)
    .orderBy(sort.desc ? desc(column) : asc(column), asc(grid.code))
    .limit(page.pageSize)
    .offset(page.offset);
  const [total] = await db.select({ n: count() }).from(grid).where(where);
  return { rows, total: total?.n ?? 0 };
}

/** Every version of a grid the actor may see, newest first. */
export async function gridVersions(db: Executor, visible: SQL, code: string): Promise<GridRow[]> {
  return db
    .select()
    .from(grid)
    .where(and(visible, eq(grid.code, code)))
    .orderBy(desc(grid.validFrom));
}

/** The versions valid at a moment whose bounding box holds the point (the exact test is the caller's). */
export async function versionsAtPoint(db: Executor, visible: SQL, lng: number, lat: number, at: Date): Promise<GridRow[]> {
  return db
    .select()
    .from(grid)
    .where(
      and(
        visible,
        lte(grid.minLng, lng),
        gte(grid.maxLng, lng),
        lte(grid.minLat, lat),
        gte(grid.maxLat, lat),
        lte(grid.validFrom, at),
        or(isNull(grid.validTo), gt(grid.validTo, at)),
      ),
    );
}

/** Current grids under a division prefix, for the spatial index and for export. */
export async function currentGrids(db: Executor, where?: SQL): Promise<GridRow[]> {
  return db
    .select()
    .from(grid)
    .where(and(isNull(grid.validTo), where))
    .orderBy(asc(grid.code));
}

export async function currentGridCount(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(grid).where(isNull(grid.validTo));
  return row?.n ?? 0;
}

/** Reserves the next `n` sequence numbers of a scope; returns the first. Never hands a number out twice. */
export async function reserveSequence(db: Executor, scope: string, n: number): Promise<number> {
  const [row] = await db
    .insert(gridSequence)
    .values({ scope, lastSeq: n })
    .onConflictDoUpdate({ target: gridSequence.scope, set: { lastSeq: sql`${gridSequence.lastSeq} + ${n}` } })
    .returning({ lastSeq: gridSequence.lastSeq });
  if (!row) throw new Error('sequence reservation returned nothing');
  return row.lastSeq - n + 1;
}

export async function insertGridVersions(db: Executor, rows: NewGridRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insert(grid).values(rows.slice(i, i + 500));
}

export async function registerCodes(db: Executor, rows: (typeof gridCode.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(gridCode).values(rows.slice(i, i + 1000));
}
