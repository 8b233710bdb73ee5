// Where a base record lies: its grid and community, from a dwelling it is in, a point (located to
// its grid by the in-process index), or a grid chosen by code. The writer must hold that grid.
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import type { Actor } from '../access/access.js';
import type { IndexedGrid } from '../territory/grid-index.js';
import { grid } from '../territory/grid.tables.js';
import { canWriteAt, visibleBaseWhere } from './base-access.js';
import { dwelling } from './base.tables.js';

export interface Placement {
  gridCode: string;
  divisionCode: string;
}

export interface PlaceInput {
  gridCode?: string | null;
  dwellingId?: string | null;
  lng?: number | null;
  lat?: number | null;
  /** The grids holding the point, looked up before the transaction (`locateFirst`). */
  located?: readonly LocatedGrid[];
}

type LocatedGrid = Pick<IndexedGrid, 'key' | 'communityCode'>;

/**
 * Looks the point up before a transaction opens. The grid index reads through `ctx.db` (to load, and
 * to check its version every few seconds); on PGlite's single connection that read would wait
 * forever behind the caller's open transaction.
 */
export async function locateFirst<T extends PlaceInput>(ctx: AppContext, input: T): Promise<T> {
  if (input.lng == null || input.lat == null) return input;
  return { ...input, located: await ctx.grids.locate([input.lng, input.lat]) };
}

const outside = (field: string) =>
  errors.validation(`body.${field}`, 'No such current grid in your jurisdiction.', '该网格不存在、已撤销或不在您的管辖范围内。');

/** A current grid by code, if the actor may write records into it. */
export async function writableGrid(db: Executor, actor: Actor, code: string, field = 'gridCode'): Promise<Placement> {
  const [row] = await db
    .select({ code: grid.code, communityCode: grid.communityCode })
    .from(grid)
    .where(and(eq(grid.code, code), isNull(grid.validTo)))
    .limit(1);
  if (!row || !canWriteAt(actor, row.code, row.communityCode)) throw outside(field);
  return { gridCode: row.code, divisionCode: row.communityCode };
}

/** The dwelling (and so the grid) a record is placed in, if the actor finds it. */
export async function visibleDwelling(db: Executor, actor: Actor, id: string, now: Date) {
  const [row] = await db
    .select({ id: dwelling.id, gridCode: dwelling.gridCode, divisionCode: dwelling.divisionCode, buildingId: dwelling.buildingId })
    .from(dwelling)
    .where(and(eq(dwelling.id, id), visibleBaseWhere(actor, 'building', dwelling, now)))
    .limit(1);
  if (!row) throw errors.validation('body.dwellingId', 'No such dwelling in your jurisdiction.', '该房屋不存在或不在您的管辖范围内。');
  return row;
}

/**
 * The most specific of the grids holding a point (given in code order): a micro grid lies inside its
 * basic grid and its code extends the basic grid's. Re-gridding after a grid change uses the same rule.
 */
export function mostSpecific<T extends { key: string }>(hits: readonly T[]): T | undefined {
  return [...hits].sort((a, b) => b.key.length - a.key.length)[0];
}

/** Resolves where a new or moved record lies: a dwelling first, then a point, then a grid code. */
export async function placeRecord(ctx: AppContext, db: Executor, actor: Actor, input: PlaceInput): Promise<Placement & { dwellingId: string | null }> {
  if (input.dwellingId) {
    const d = await visibleDwelling(db, actor, input.dwellingId, ctx.now());
    if (!canWriteAt(actor, d.gridCode, d.divisionCode)) throw outside('dwellingId');
    return { gridCode: d.gridCode, divisionCode: d.divisionCode, dwellingId: d.id };
  }
  if (input.lng != null && input.lat != null) {
    const best = mostSpecific(input.located ?? (await ctx.grids.locate([input.lng, input.lat])));
    if (!best)
      throw errors.validation(
        'body.lng',
        'The point lies outside every grid: check the position or choose the grid.',
        '该位置不在任何网格内，请核对位置或选择网格。',
      );
    if (!canWriteAt(actor, best.key, best.communityCode)) throw outside('lng');
    return { gridCode: best.key, divisionCode: best.communityCode, dwellingId: null };
  }
  if (input.gridCode) return { ...(await writableGrid(db, actor, input.gridCode)), dwellingId: null };
  throw errors.validation('body.gridCode', 'Say where the record lies: a dwelling, a point or a grid.', '请指定所在房屋、位置或网格。');
}
