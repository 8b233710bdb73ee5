// A grid's base information at a glance (issue 5 item 6): people by residency, households, buildings,
// dwellings, active rentals, organisations with key units and key places, care persons by kind,
// watched persons by kind (for the responsible roles only), open disputes and hazards. The grid must
// be one the actor sees (the grid gate), and every count goes through the base gate as well, so a
// department without a grant gets zeros, never someone else's numbers. A basic grid's figures include
// its micro grids (their codes extend its code).
import { type SQL, and, count, eq, inArray, isNotNull, isNull, like } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import { escapeLike } from '../../lib/http.js';
import { type Actor, requirePermission, visibleGridsWhere } from '../access/access.js';
import { can } from '../access/roles.js';
import { grid } from '../territory/grid.tables.js';
import { type BaseRegistry, visibleBaseWhere, visibleWatchedWhere } from './base-access.js';
import type { LocatedTable } from './base-entities.js';
import { building, carePerson, dispute, dwelling, hazard, household, organisation, person, rental, watchedPerson } from './base.tables.js';
import { residencies } from './person-input.js';

/** A dispute is open until its mediation has an outcome; a hazard until it is rectified. */
export const openDisputeOutcomes = ['pending', 'mediating'] as const;
export const openHazardStatuses = ['open', 'rectifying'] as const;

async function countIn(db: Executor, table: LocatedTable, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: count() }).from(table).where(where);
  return row?.n ?? 0;
}

async function countByKind(db: Executor, table: typeof carePerson | typeof watchedPerson, where: SQL | undefined): Promise<Record<string, number>> {
  const rows = await db.select({ kind: table.kind, n: count() }).from(table).where(where).groupBy(table.kind).orderBy(table.kind);
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

export async function gridBaseSummary(ctx: AppContext, actor: Actor, code: string) {
  requirePermission(actor, 'base.read');
  const [g] = await ctx.db
    .select({ code: grid.code })
    .from(grid)
    .where(and(eq(grid.code, code), isNull(grid.validTo), visibleGridsWhere(actor, grid.code, grid.communityCode)))
    .limit(1);
  if (!g) throw errors.notFound('grid');
  const now = ctx.now();
  const inGrid = (table: LocatedTable, registry: BaseRegistry, ...more: (SQL | undefined)[]) =>
    and(like(table.gridCode, `${escapeLike(code)}%`), visibleBaseWhere(actor, registry, table, now), ...more);
  const db = ctx.db;
  const [byResidency, households, buildings, dwellings, rentals, organisations, keyUnits, keyPlaces, care, watched, disputes, hazards] = await Promise.all([
    db
      .select({ residency: person.residency, n: count() })
      .from(person)
      .where(inGrid(person, 'person', eq(person.status, 'active')))
      .groupBy(person.residency),
    countIn(db, household, inGrid(household, 'person')),
    countIn(db, building, inGrid(building, 'building')),
    countIn(db, dwelling, inGrid(dwelling, 'building')),
    countIn(db, rental, inGrid(rental, 'building', eq(rental.status, 'active'))),
    countIn(db, organisation, inGrid(organisation, 'organisation', eq(organisation.status, 'active'))),
    countIn(db, organisation, inGrid(organisation, 'organisation', eq(organisation.status, 'active'), eq(organisation.keyUnit, true))),
    countIn(db, organisation, inGrid(organisation, 'organisation', eq(organisation.status, 'active'), isNotNull(organisation.placeKind))),
    countByKind(db, carePerson, inGrid(carePerson, 'carePerson', eq(carePerson.status, 'active'))),
    // Watched persons: only for a role that reads them, and only the records it is responsible for.
    can(actor.role, 'watched.read')
      ? countByKind(
          db,
          watchedPerson,
          and(like(watchedPerson.gridCode, `${escapeLike(code)}%`), visibleWatchedWhere(actor), eq(watchedPerson.status, 'active')),
        )
      : Promise.resolve(null),
    countIn(db, dispute, inGrid(dispute, 'dispute', inArray(dispute.outcome, [...openDisputeOutcomes]))),
    countIn(db, hazard, inGrid(hazard, 'hazard', inArray(hazard.status, [...openHazardStatuses]))),
  ]);
  const persons = Object.fromEntries(residencies.map((r) => [r, byResidency.find((b) => b.residency === r)?.n ?? 0])) as Record<
    (typeof residencies)[number],
    number
  >;
  return {
    gridCode: code,
    persons: { ...persons, total: persons.registered + persons.floating + persons.foreign },
    households,
    buildings,
    dwellings,
    rentals: { active: rentals },
    organisations,
    keyUnits,
    keyPlaces,
    care,
    watched,
    disputes: { open: disputes },
    hazards: { open: hazards },
  };
}
