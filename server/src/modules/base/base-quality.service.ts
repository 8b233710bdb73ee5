// Data quality of base information (issue 5 item 5), for the centres and grid leaders who answer for
// it (`base.quality`), always inside their jurisdiction (the base gate):
//  - completeness: per grid, the households that have every required field (householdRequirements,
//    the one definition), and the share;
//  - duplicates the unique ID-number hash cannot catch: a person in two or more households, and
//    persons of one community with the same name and birth date where one has no ID number;
//  - what re-gridding after a grid change moved, and what it left for manual assignment (base-regrid.ts).
import { type AnyColumn, type SQL, and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, like, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { type PageParams, escapeLike } from '../../lib/http.js';
import { type Actor, requirePermission, visibleGridsWhere } from '../access/access.js';
import { divisionPrefix, normalizeDivisionCode } from '../territory/division-code.js';
import { grid } from '../territory/grid.tables.js';
import { visibleBaseWhere } from './base-access.js';
import { baseEntities, tableOf, visibleEntityWhere } from './base-entities.js';
import type { BaseEntity } from './base-history.js';
import { baseRegrid } from './base-quality.tables.js';
import { building, carePerson, dispute, dwelling, hazard, household, householdMember, organisation, person, rental, watchedPerson } from './base.tables.js';
import { presentPersonRow } from './person.service.js';

export interface QualityFilter {
  divisionCode?: string;
  gridCode?: string;
}

/**
 * What a complete household has (Art. 11, DOMAIN.md §3 "Household: dwelling, head, members with
 * relation to head"). Each requirement is a condition on one household row. Every member needs an
 * identity document and a birth date; the phone is asked of the head only, as the household's
 * contact (a child has none).
 */
export const householdRequirements: readonly { key: string; en: string; zh: string; met: SQL }[] = [
  {
    key: 'head',
    en: 'a head who is a member of the household',
    zh: '户主且户主为本户成员',
    met: sql`exists (select 1 from ${householdMember} hm where hm.household_id = ${household.id} and hm.person_id = ${household.headPersonId})`,
  },
  { key: 'dwelling', en: 'the dwelling it lives in', zh: '所住房屋', met: sql`${household.dwellingId} is not null` },
  {
    key: 'members',
    en: 'at least one member',
    zh: '至少一名成员',
    met: sql`exists (select 1 from ${householdMember} hm where hm.household_id = ${household.id})`,
  },
  {
    key: 'memberIds',
    en: 'every member with an ID number or another identity document',
    zh: '每名成员均有身份证号或其他证件号',
    met: sql`not exists (select 1 from ${householdMember} hm join ${person} p on p.id = hm.person_id where hm.household_id = ${household.id} and p.id_number_hash is null)`,
  },
  {
    key: 'memberBirthDates',
    en: 'every member with a birth date',
    zh: '每名成员均有出生日期',
    met: sql`not exists (select 1 from ${householdMember} hm join ${person} p on p.id = hm.person_id where hm.household_id = ${household.id} and p.birth_date is null)`,
  },
  {
    key: 'headPhone',
    en: 'a phone number of the head',
    zh: '户主联系电话',
    met: sql`exists (select 1 from ${person} p where p.id = ${household.headPersonId} and p.phone_hash is not null)`,
  },
];
const allMet = sql.join(
  householdRequirements.map((r) => sql`(${r.met})`),
  sql` and `,
);

const prefixOf = (code: string) => {
  const normal = normalizeDivisionCode(code);
  return normal ? divisionPrefix(normal) : code;
};

/** Records of a registry table inside the filter. */
function filtered(table: { divisionCode: AnyColumn; gridCode: AnyColumn }, f: QualityFilter) {
  return and(
    f.divisionCode ? like(table.divisionCode, `${escapeLike(prefixOf(f.divisionCode))}%`) : undefined,
    f.gridCode ? like(table.gridCode, `${escapeLike(f.gridCode)}%`) : undefined,
  );
}

async function completenessOf(db: Executor, where: SQL | undefined) {
  const rows = await db
    .select({
      gridCode: household.gridCode,
      households: count(),
      complete: count(sql`case when ${allMet} then 1 end`),
      ...Object.fromEntries(householdRequirements.map((r) => [r.key, count(sql`case when not (${r.met}) then 1 end`)])),
    })
    .from(household)
    .where(where)
    .groupBy(household.gridCode);
  return rows as unknown as ({ gridCode: string; households: number; complete: number } & Record<string, number>)[];
}

interface Tally {
  households: number;
  complete: number;
  missing: Record<string, number>;
}
const emptyTally = (): Tally => ({ households: 0, complete: 0, missing: Object.fromEntries(householdRequirements.map((r) => [r.key, 0])) });
function add(t: Tally, row: { households: number; complete: number } & Record<string, number>) {
  t.households += row.households;
  t.complete += row.complete;
  for (const r of householdRequirements) t.missing[r.key] = (t.missing[r.key] ?? 0) + (row[r.key] ?? 0);
}
const present = (t: Tally) => ({ ...t, share: t.households === 0 ? null : Math.round((t.complete / t.households) * 10_000) / 10_000 });

const severalHouseholdsWhere = sql`(select count(*) from ${householdMember} where ${householdMember.personId} = ${person.id}) > 1`;

function personsWhere(ctx: AppContext, actor: Actor, f: QualityFilter): SQL {
  return and(visibleBaseWhere(actor, 'person', person, ctx.now()), filtered(person, f), eq(person.status, 'active')) as SQL;
}

/** Name and birth date shared inside one community, and at least one of them has no ID number. */
function sameNameGroups(db: Executor, where: SQL) {
  return db
    .select({ divisionCode: person.divisionCode, name: person.name, birthDate: person.birthDate, n: count().as('n') })
    .from(person)
    .where(and(where, isNotNull(person.birthDate)))
    .groupBy(person.divisionCode, person.name, person.birthDate)
    .having(and(gt(count(), 1), gt(count(sql`case when ${person.idNumberHash} is null then 1 end`), 0)));
}

function regriddedWhere(ctx: AppContext, actor: Actor, f: QualityFilter & { state?: string; changeId?: string }): SQL {
  const now = ctx.now();
  return and(
    or(...baseEntities.map((e) => and(eq(baseRegrid.entity, e), visibleEntityWhere(actor, e, baseRegrid.entityId, now)))),
    f.divisionCode ? like(baseRegrid.divisionCode, `${escapeLike(prefixOf(f.divisionCode))}%`) : undefined,
    f.gridCode ? or(like(baseRegrid.fromGrid, `${escapeLike(f.gridCode)}%`), like(baseRegrid.toGrid, `${escapeLike(f.gridCode)}%`)) : undefined,
    f.state ? eq(baseRegrid.state, f.state) : undefined,
    f.changeId ? eq(baseRegrid.changeId, f.changeId) : undefined,
  ) as SQL;
}

/** The overview: completeness per grid (a page of the grids in scope), duplicates and re-gridding in numbers. */
export async function baseQuality(ctx: AppContext, actor: Actor, f: QualityFilter, page: PageParams) {
  requirePermission(actor, 'base.quality');
  const now = ctx.now();
  const gridWhere = and(
    isNull(grid.validTo),
    visibleGridsWhere(actor, grid.code, grid.communityCode),
    f.divisionCode ? like(grid.communityCode, `${escapeLike(prefixOf(f.divisionCode))}%`) : undefined,
    f.gridCode ? eq(grid.code, f.gridCode) : inArray(grid.kind, ['basic', 'dedicated']),
  );
  const householdWhere = and(visibleBaseWhere(actor, 'person', household, now), filtered(household, f));
  const persons = personsWhere(ctx, actor, f);
  const [grids, [gridTotal], totals, [several], [sameName], regridded] = await Promise.all([
    ctx.db
      .select({ code: grid.code, name: grid.name, kind: grid.kind, communityCode: grid.communityCode })
      .from(grid)
      .where(gridWhere)
      .orderBy(asc(grid.code))
      .limit(page.pageSize)
      .offset(page.offset),
    ctx.db.select({ n: count() }).from(grid).where(gridWhere),
    completenessOf(ctx.db, householdWhere),
    ctx.db.select({ n: count() }).from(person).where(and(persons, severalHouseholdsWhere)),
    ctx.db.select({ n: count() }).from(sameNameGroups(ctx.db, persons).as('g')),
    ctx.db
      .select({ state: baseRegrid.state, n: count() })
      .from(baseRegrid)
      .where(regriddedWhere(ctx, actor, f))
      .groupBy(baseRegrid.state),
  ]);
  // A household in a micro grid counts towards the basic grid whose code its code extends.
  const perGrid = new Map(grids.map((g) => [g.code, emptyTally()]));
  const total = emptyTally();
  for (const row of totals) {
    add(total, row);
    const owner = grids.filter((g) => row.gridCode.startsWith(g.code)).sort((a, b) => b.code.length - a.code.length)[0];
    if (owner) add(perGrid.get(owner.code) as Tally, row);
  }
  const stateCount = (s: string) => regridded.find((r) => r.state === s)?.n ?? 0;
  return {
    requirements: householdRequirements.map(({ key, en, zh }) => ({ key, en, zh })),
    totals: present(total),
    grids: {
      items: grids.map((g) => ({ gridCode: g.code, name: g.name, kind: g.kind, communityCode: g.communityCode, ...present(perGrid.get(g.code) as Tally) })),
      total: gridTotal?.n ?? 0,
      page: page.page,
      pageSize: page.pageSize,
    },
    duplicates: { severalHouseholds: several?.n ?? 0, sameNameAndBirth: sameName?.n ?? 0 },
    regridded: { moved: stateCount('moved'), manual: stateCount('manual') },
  };
}

/** The households of these persons the actor finds, and how many each belongs to in all. */
async function householdsOf(ctx: AppContext, actor: Actor, personIds: string[]) {
  if (personIds.length === 0)
    return { visible: new Map<string, { id: string; householdNo: string; gridCode: string; relation: string }[]>(), counts: new Map<string, number>() };
  const [rows, counts] = await Promise.all([
    ctx.db
      .select({
        personId: householdMember.personId,
        id: household.id,
        householdNo: household.householdNo,
        gridCode: household.gridCode,
        relation: householdMember.relation,
      })
      .from(householdMember)
      .innerJoin(household, eq(household.id, householdMember.householdId))
      .where(and(inArray(householdMember.personId, personIds), visibleBaseWhere(actor, 'person', household, ctx.now())))
      .orderBy(asc(household.householdNo)),
    ctx.db
      .select({ personId: householdMember.personId, n: count() })
      .from(householdMember)
      .where(inArray(householdMember.personId, personIds))
      .groupBy(householdMember.personId),
  ]);
  const visible = new Map<string, { id: string; householdNo: string; gridCode: string; relation: string }[]>();
  for (const { personId, ...h } of rows) visible.set(personId, [...(visible.get(personId) ?? []), h]);
  return { visible, counts: new Map(counts.map((c) => [c.personId, c.n])) };
}

export type DuplicateKind = 'severalHouseholds' | 'sameNameAndBirth';

/** The duplicates themselves, as groups of masked persons. */
export async function baseDuplicates(ctx: AppContext, actor: Actor, f: QualityFilter & { kind?: DuplicateKind }, page: PageParams) {
  requirePermission(actor, 'base.quality');
  const kind = f.kind ?? 'severalHouseholds';
  const where = personsWhere(ctx, actor, f);
  let groups: (typeof person.$inferSelect)[][];
  let total: number;
  if (kind === 'severalHouseholds') {
    const [rows, [n]] = await Promise.all([
      ctx.db.select().from(person).where(and(where, severalHouseholdsWhere)).orderBy(asc(person.name), asc(person.id)).limit(page.pageSize).offset(page.offset),
      ctx.db.select({ n: count() }).from(person).where(and(where, severalHouseholdsWhere)),
    ]);
    groups = rows.map((r) => [r]);
    total = n?.n ?? 0;
  } else {
    const sq = sameNameGroups(ctx.db, where).as('g');
    const [keys, [n]] = await Promise.all([
      ctx.db.select().from(sq).orderBy(asc(sq.divisionCode), asc(sq.name), asc(sq.birthDate)).limit(page.pageSize).offset(page.offset),
      ctx.db.select({ n: count() }).from(sq),
    ]);
    total = n?.n ?? 0;
    const members =
      keys.length === 0
        ? []
        : await ctx.db
            .select()
            .from(person)
            .where(
              and(
                where,
                or(...keys.map((k) => and(eq(person.divisionCode, k.divisionCode), eq(person.name, k.name), eq(person.birthDate, k.birthDate as string)))),
              ),
            )
            .orderBy(asc(person.idNumberHash), asc(person.id));
    groups = keys.map((k) => members.filter((m) => m.divisionCode === k.divisionCode && m.name === k.name && m.birthDate === k.birthDate));
  }
  const { visible, counts } = await householdsOf(
    ctx,
    actor,
    groups.flat().map((p) => p.id),
  );
  return {
    items: groups.map((persons) => ({
      kind,
      // The row spread last (ARCHITECTURE, "Spread last").
      persons: persons.map((p) => ({
        hasIdNumber: p.idNumberHash !== null,
        households: visible.get(p.id) ?? [],
        householdCount: counts.get(p.id) ?? 0,
        ...presentPersonRow(p),
      })),
    })),
    total,
    page: page.page,
    pageSize: page.pageSize,
  };
}

/** A short label per registry: names and numbers a list shows anyway, never a personal value. */
const labelColumn = {
  building: building.name,
  dwelling: dwelling.roomNo,
  person: person.name,
  household: household.householdNo,
  rental: rental.landlordName,
  organisation: organisation.name,
  watchedPerson: watchedPerson.kind,
  carePerson: carePerson.kind,
  dispute: dispute.kind,
  hazard: hazard.kind,
} as const;

async function recordsNow(db: Executor, entity: BaseEntity, ids: string[]) {
  const t = tableOf(entity);
  const rows = await db.select({ id: t.id, gridCode: t.gridCode, label: labelColumn[entity] }).from(t).where(inArray(t.id, ids));
  return rows as { id: string; gridCode: string; label: string }[];
}

/** What re-gridding moved and what it left for manual assignment; `open` while a flagged record is still in the grid it was flagged in. */
export async function baseRegridded(ctx: AppContext, actor: Actor, f: QualityFilter & { state?: 'moved' | 'manual'; changeId?: string }, page: PageParams) {
  requirePermission(actor, 'base.quality');
  const where = regriddedWhere(ctx, actor, f);
  const [rows, [n]] = await Promise.all([
    ctx.db.select().from(baseRegrid).where(where).orderBy(desc(baseRegrid.id)).limit(page.pageSize).offset(page.offset),
    ctx.db.select({ n: count() }).from(baseRegrid).where(where),
  ]);
  const now = new Map<string, { gridCode: string; label: string }>();
  for (const entity of new Set(rows.map((r) => r.entity as BaseEntity))) {
    const ids = rows.filter((r) => r.entity === entity).map((r) => r.entityId);
    for (const rec of await recordsNow(ctx.db, entity, ids)) now.set(`${entity}:${rec.id}`, rec);
  }
  return {
    items: rows.map((r) => {
      const rec = now.get(`${r.entity}:${r.entityId}`);
      return {
        id: r.id,
        changeId: r.changeId,
        entity: r.entity,
        entityId: r.entityId,
        label: rec?.label ?? '',
        divisionCode: r.divisionCode,
        fromGrid: r.fromGrid,
        toGrid: r.toGrid,
        state: r.state as 'moved' | 'manual',
        reason: r.reason,
        currentGrid: rec?.gridCode ?? null,
        open: r.state === 'manual' && rec?.gridCode === r.fromGrid,
        at: r.at.toISOString(),
      };
    }),
    total: n?.n ?? 0,
    page: page.page,
    pageSize: page.pageSize,
  };
}
