// Re-gridding base records when an approved grid change (Art. 7) redraws or retires grids. It runs
// inside the approval's transaction, so there is no moment when a grid code is retired and records
// still point at it (the gate would hide them from everyone working the new grids):
//  1. records with a point (buildings, organisations, hazards) in a touched grid are located again
//     against the community's grids as the change leaves them, the most specific grid winning (as
//     placeRecord places a new record);
//  2. records without a point follow what they are in: a dwelling its building; a person, a household
//     and a rental their dwelling; a hazard without a point its organisation; watch and care records
//     their person;
//  3. what is still in a retired grid after that (no point, nothing placed to follow), and records
//     whose point lies in no grid any more, are flagged for manual assignment.
// Each move bumps the record's version and leaves a base_change row (source `gridChange`); every
// move and flag leaves a base_regrid row for the data-quality list.
import { type SQL, and, eq, inArray, isNotNull, isNull, ne, notInArray, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/client.js';
import { type PolygonGeometry, SpatialIndex } from '../../lib/geometry/index.js';
import type { ChangeItem } from '../territory/grid-change.validate.js';
import { currentGrids } from '../territory/grid.store.js';
import { grid } from '../territory/grid.tables.js';
import { baseEntities, tableOf } from './base-entities.js';
import { type BaseEntity, recordChanges } from './base-history.js';
import { mostSpecific } from './base-place.js';
import { baseRegrid } from './base-quality.tables.js';
import { building, carePerson, dwelling, hazard, household, organisation, person, rental, watchedPerson } from './base.tables.js';

export interface RegridInput {
  changeId: string;
  communityCode: string;
  /** Grids whose records may now lie elsewhere (see touchedGrids). */
  touched: readonly string[];
  /** Grids retired by the change: nothing may stay in them. */
  retired: readonly string[];
  actorId: string;
  now: Date;
}

export interface RegridResult {
  moved: number;
  manual: number;
}

type ManualReason = 'noPoint' | 'outsideGrids';
interface Move {
  entity: BaseEntity;
  id: string;
  from: string;
  to: string;
}
interface Flag {
  entity: BaseEntity;
  id: string;
  from: string;
  reason: ManualReason;
}

/**
 * The grids a change touches: every grid it redraws or retires, and the basic grid under a micro grid
 * it creates or redraws (a record of the basic grid may now lie in the micro grid).
 */
export function touchedGrids(items: readonly ChangeItem[], parentOf: (code: string) => string | null | undefined): string[] {
  const touched = new Set<string>();
  for (const item of items) {
    if (item.action !== 'create' && item.code) {
      touched.add(item.code);
      const parent = parentOf(item.code);
      if (parent && item.action === 'redraw') touched.add(parent);
    }
    if (item.action === 'create' && item.kind === 'micro' && item.parentCode) touched.add(item.parentCode);
  }
  return [...touched];
}

const CHUNK = 2_000;
function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Records with a point, and what a record without one follows. */
const pointed = [
  { entity: 'building', table: building },
  { entity: 'organisation', table: organisation },
  { entity: 'hazard', table: hazard },
] as const;

interface Follower {
  entity: BaseEntity;
  child: PgTable & { id: AnyPgColumn; gridCode: AnyPgColumn; divisionCode: AnyPgColumn };
  fk: AnyPgColumn;
  parent: PgTable & { id: AnyPgColumn; gridCode: AnyPgColumn };
  only?: SQL;
}
// In order: a parent is placed before what follows it.
const followers: Follower[] = [
  { entity: 'dwelling', child: dwelling, fk: dwelling.buildingId, parent: building },
  { entity: 'person', child: person, fk: person.dwellingId, parent: dwelling },
  { entity: 'household', child: household, fk: household.dwellingId, parent: dwelling },
  { entity: 'rental', child: rental, fk: rental.dwellingId, parent: dwelling },
  { entity: 'hazard', child: hazard, fk: hazard.organisationId, parent: organisation, only: isNull(hazard.lng) },
  { entity: 'watchedPerson', child: watchedPerson, fk: watchedPerson.personId, parent: person },
  { entity: 'carePerson', child: carePerson, fk: carePerson.personId, parent: person },
];

async function applyMoves(tx: Tx, moves: readonly Move[], now: Date): Promise<void> {
  const groups = new Map<string, Move[]>();
  for (const m of moves) {
    const key = `${m.entity} ${m.to}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  for (const list of groups.values()) {
    const first = list[0] as Move;
    const t = tableOf(first.entity);
    for (const part of chunks(list)) {
      await tx.execute(
        sql`update ${t} set grid_code = ${first.to}, version = version + 1, updated_at = ${now.toISOString()}::timestamptz where ${inArray(
          t.id,
          part.map((m) => m.id),
        )}`,
      );
    }
  }
}

/** Re-grids the base records of one community after its change took effect (called inside the approval). */
export async function regridBase(tx: Tx, input: RegridInput): Promise<RegridResult> {
  if (input.touched.length === 0) return { moved: 0, manual: 0 };
  const { communityCode, now } = input;
  const touched = [...input.touched];
  const retired = [...input.retired];
  const moves: Move[] = [];
  const flags: Flag[] = [];

  // 1. Points, against the community's grids as they stand now (the new versions are written).
  const grids = await currentGrids(tx, eq(grid.communityCode, communityCode));
  const index = new SpatialIndex(grids.map((g) => ({ key: g.code, geometry: g.boundary as PolygonGeometry })));
  for (const { entity, table } of pointed) {
    const rows = await tx
      .select({ id: table.id, gridCode: table.gridCode, lng: table.lng, lat: table.lat })
      .from(table)
      .where(and(eq(table.divisionCode, communityCode), inArray(table.gridCode, touched), isNotNull(table.lng), isNotNull(table.lat)));
    const step: Move[] = [];
    for (const r of rows) {
      const to = mostSpecific(index.locate([r.lng as number, r.lat as number]))?.key;
      if (!to) flags.push({ entity, id: r.id, from: r.gridCode, reason: 'outsideGrids' });
      else if (to !== r.gridCode) step.push({ entity, id: r.id, from: r.gridCode, to });
    }
    await applyMoves(tx, step, now);
    moves.push(...step);
  }

  // 2. What has no point follows what it is in; never into a retired grid (a parent left there is flagged below, and so is the child).
  for (const f of followers) {
    const rows = (await tx
      .select({ id: f.child.id, from: f.child.gridCode, to: f.parent.gridCode })
      .from(f.child)
      .innerJoin(f.parent, eq(f.parent.id, f.fk))
      .where(
        and(
          eq(f.child.divisionCode, communityCode),
          inArray(f.child.gridCode, touched),
          ne(f.child.gridCode, f.parent.gridCode),
          retired.length > 0 ? notInArray(f.parent.gridCode, retired) : undefined,
          f.only,
        ),
      )) as { id: string; from: string; to: string }[];
    const step = rows.map((r) => ({ entity: f.entity, ...r }));
    await applyMoves(tx, step, now);
    moves.push(...step);
  }

  // 3. Still in a retired grid: nothing says where it lies now.
  if (retired.length > 0) {
    const flagged = new Set(flags.map((f) => `${f.entity}:${f.id}`));
    for (const entity of baseEntities) {
      const t = tableOf(entity);
      const rows = (await tx
        .select({ id: t.id, gridCode: t.gridCode })
        .from(t)
        .where(and(eq(t.divisionCode, communityCode), inArray(t.gridCode, retired)))) as { id: string; gridCode: string }[];
      for (const r of rows) if (!flagged.has(`${entity}:${r.id}`)) flags.push({ entity, id: r.id, from: r.gridCode, reason: 'noPoint' });
    }
  }

  for (const part of chunks(moves, 1_000)) {
    await recordChanges(
      tx,
      part.map((m) => ({
        entity: m.entity,
        entityId: m.id,
        divisionCode: communityCode,
        action: 'update' as const,
        source: 'gridChange' as const,
        changes: { gridCode: { from: m.from, to: m.to } },
        actorId: input.actorId,
      })),
    );
  }
  const regridRows = [
    ...moves.map((m) => ({ entity: m.entity, entityId: m.id, fromGrid: m.from, toGrid: m.to, state: 'moved', reason: null })),
    ...flags.map((f) => ({ entity: f.entity, entityId: f.id, fromGrid: f.from, toGrid: null, state: 'manual', reason: f.reason })),
  ];
  for (const part of chunks(regridRows, 1_000))
    await tx.insert(baseRegrid).values(part.map((r) => ({ ...r, changeId: input.changeId, divisionCode: communityCode, at: now })));
  return { moved: moves.length, manual: flags.length };
}
