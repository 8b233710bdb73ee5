// Households (户): a number, the dwelling or grid they live in, a head and members with their
// relation to the head. One person, one household: joining another is refused (409) unless the
// writer says `move`, and then the person leaves the old household in the same transaction, with a
// history row on each. The head is always a member. Households hold persons, so they pass the
// 'person' gate.
import { type SQL, and, asc, count, eq, like, ne, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor, Tx } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import { type PageParams, escapeLike } from '../../lib/http.js';
import { type Actor, requirePermission } from '../access/access.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { canWriteAt, visibleBaseWhere } from './base-access.js';
import { type ChangeRow, type ChangeSource, diffShown, historyOf, recordChanges } from './base-history.js';
import { linkedPersons, staleVersion } from './base-links.js';
import { placeRecord } from './base-place.js';
import { building, dwelling, household, householdMember, person } from './base.tables.js';
import { baseAudit, requireWritable } from './building.service.js';
import { recordBaseWrite, shownFields, writeOf } from './base-records.js';
import type { householdKinds, relations } from './household.schemas.js';

type HouseholdRow = typeof household.$inferSelect;
type Relation = (typeof relations)[number];

export interface HouseholdBody {
  householdNo: string;
  kind?: (typeof householdKinds)[number];
  dwellingId?: string | null;
  gridCode?: string | null;
  headPersonId: string;
  move?: boolean;
}
export interface HouseholdUpdate extends Partial<Omit<HouseholdBody, 'move'>> {
  version: number;
}
export interface MemberBody {
  personId: string;
  relation: Relation;
  move?: boolean;
}

const takenNo = () => errors.conflict('body.householdNo', 'Another household has this number.', '该户号已被其他户使用。');

function change(h: HouseholdRow, changes: ChangeRow['changes'], actor: Actor, source: ChangeSource = 'api'): ChangeRow {
  return { entity: 'household', entityId: h.id, divisionCode: h.divisionCode, action: 'update', source, changes, actorId: actor.userId };
}

/**
 * Makes a person a member of a household with a relation. A member already changes relation; a
 * member of another household moves only with `move`, and never the head of one.
 */
async function join(
  tx: Tx,
  ctx: AppContext,
  auditCtx: AuditContext,
  actor: Actor,
  h: HouseholdRow,
  who: { id: string; name: string },
  relation: Relation,
  move: boolean,
  field: string,
): Promise<ChangeRow[]> {
  const memberships = await tx
    .select({ householdId: householdMember.householdId, relation: householdMember.relation })
    .from(householdMember)
    .where(eq(householdMember.personId, who.id))
    .for('update');
  const here = memberships.find((m) => m.householdId === h.id);
  if (here) {
    if (here.relation === relation) return [];
    await tx
      .update(householdMember)
      .set({ relation })
      .where(and(eq(householdMember.householdId, h.id), eq(householdMember.personId, who.id)));
    return [change(h, { [`member:${who.id}`]: { from: { name: who.name, relation: here.relation }, to: { name: who.name, relation } } }, actor)];
  }
  const rows: ChangeRow[] = [];
  const elsewhere = memberships.filter((m) => m.householdId !== h.id);
  if (elsewhere.length > 0 && !move)
    throw errors.conflict(
      `body.${field}`,
      'This person belongs to another household: say move to move them here.',
      '该人员已属于其他户；如需迁入本户，请选择迁移。',
    );
  for (const m of elsewhere) {
    const [old] = await tx.select().from(household).where(eq(household.id, m.householdId)).for('update');
    if (!old) continue;
    if (old.headPersonId === who.id)
      throw errors.conflict(
        `body.${field}`,
        'This person heads another household: choose another head there first.',
        '该人员是其他户的户主，请先为该户另选户主。',
      );
    if (!canWriteAt(actor, old.gridCode, old.divisionCode))
      throw errors.conflict(`body.${field}`, 'This person belongs to a household outside your jurisdiction.', '该人员所在的户不在您的管辖范围内。');
    await tx.delete(householdMember).where(and(eq(householdMember.householdId, old.id), eq(householdMember.personId, who.id)));
    await tx
      .update(household)
      .set({ version: old.version + 1, updatedAt: ctx.now() })
      .where(eq(household.id, old.id));
    rows.push(change(old, { [`member:${who.id}`]: { from: { name: who.name, relation: m.relation }, to: null } }, actor));
    await recordAudit(tx, auditCtx, baseAudit('base.household.leave', 'household', old, ['members']));
  }
  await tx.insert(householdMember).values({ householdId: h.id, personId: who.id, relation });
  rows.push(change(h, { [`member:${who.id}`]: { from: null, to: { name: who.name, relation } } }, actor));
  await recordAudit(tx, auditCtx, baseAudit('base.household.join', 'household', h, ['members']));
  return rows;
}

const memberCount = sql<number>`(select count(*) from ${householdMember} where ${householdMember.householdId} = ${household.id})`.mapWith(Number);

function presentRow(h: HouseholdRow, headName: string | null, members: number) {
  return {
    id: h.id,
    householdNo: h.householdNo,
    kind: h.kind,
    divisionCode: h.divisionCode,
    gridCode: h.gridCode,
    dwellingId: h.dwellingId,
    headPersonId: h.headPersonId,
    headName,
    members,
    version: h.version,
    updatedAt: h.updatedAt.toISOString(),
  };
}

export async function createHousehold(ctx: AppContext, auditCtx: AuditContext, actor: Actor, body: HouseholdBody, source: ChangeSource = 'api') {
  requirePermission(actor, 'base.write');
  const { row, headName } = await ctx.db.transaction(async (tx) => {
    const place = await placeRecord(ctx, tx, actor, { dwellingId: body.dwellingId, gridCode: body.gridCode });
    const head = (await linkedPersons(tx, ctx, actor, [body.headPersonId], 'headPersonId')).get(body.headPersonId) as { id: string; name: string };
    const [created] = await tx
      .insert(household)
      .values({ ...place, householdNo: body.householdNo, kind: body.kind ?? 'family', headPersonId: head.id })
      .onConflictDoNothing()
      .returning();
    if (!created) throw takenNo();
    const joined = await join(tx, ctx, auditCtx, actor, created, head, 'head', body.move ?? false, 'headPersonId');
    await recordBaseWrite(tx, auditCtx, actor, writeOf('household', created, 'create', diffShown({}, shownFields(created)), 'base.household.create'), source);
    await recordChanges(tx, joined);
    return { row: created, headName: head.name };
  });
  return presentRow(row, headName, 1);
}

async function findHousehold(db: Executor, ctx: AppContext, actor: Actor, id: string, lock = false): Promise<HouseholdRow> {
  const q = db
    .select()
    .from(household)
    .where(and(eq(household.id, id), visibleBaseWhere(actor, 'person', household, ctx.now())))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw errors.notFound('household');
  return row;
}

/** Bumps a household's version after a change of its members (an edit made on an older read then gets 409). */
async function touch(tx: Tx, ctx: AppContext, h: HouseholdRow, set: Partial<HouseholdRow> = {}): Promise<HouseholdRow> {
  const [after] = await tx
    .update(household)
    .set({ ...set, version: h.version + 1, updatedAt: ctx.now() })
    .where(eq(household.id, h.id))
    .returning();
  return after as HouseholdRow;
}

export async function updateHousehold(ctx: AppContext, auditCtx: AuditContext, actor: Actor, id: string, body: HouseholdUpdate) {
  requirePermission(actor, 'base.write');
  await ctx.db.transaction(async (tx) => {
    const before = await findHousehold(tx, ctx, actor, id, true);
    if (before.version !== body.version) throw staleVersion('household', '户');
    requireWritable(actor, before);
    const moved = body.dwellingId !== undefined || body.gridCode !== undefined;
    const place = moved ? await placeRecord(ctx, tx, actor, { dwellingId: body.dwellingId, gridCode: body.gridCode }) : {};
    if (body.householdNo !== undefined && body.householdNo !== before.householdNo) {
      const [taken] = await tx
        .select({ id: household.id })
        .from(household)
        .where(and(eq(household.householdNo, body.householdNo), ne(household.id, id)))
        .limit(1);
      if (taken) throw takenNo();
    }
    if (body.headPersonId !== undefined && body.headPersonId !== before.headPersonId) {
      const [member] = await tx
        .select({ name: person.name })
        .from(householdMember)
        .innerJoin(person, eq(person.id, householdMember.personId))
        .where(and(eq(householdMember.householdId, id), eq(householdMember.personId, body.headPersonId)));
      if (!member)
        throw errors.validation('body.headPersonId', 'The head must be a member of the household: add them first.', '户主须为本户成员，请先将其加入本户。');
      const relation = (personId: string, to: Relation) =>
        tx
          .update(householdMember)
          .set({ relation: to })
          .where(and(eq(householdMember.householdId, id), eq(householdMember.personId, personId)));
      if (before.headPersonId) await relation(before.headPersonId, 'other');
      await relation(body.headPersonId, 'head');
    }
    const after = await touch(tx, ctx, before, {
      ...place,
      ...(body.householdNo !== undefined ? { householdNo: body.householdNo } : {}),
      ...(body.kind !== undefined ? { kind: body.kind } : {}),
      ...(body.headPersonId !== undefined ? { headPersonId: body.headPersonId } : {}),
    });
    await recordBaseWrite(
      tx,
      auditCtx,
      actor,
      writeOf('household', after, 'update', diffShown(shownFields(before), shownFields(after)), 'base.household.update'),
    );
  });
  return getHouseholdRow(ctx, actor, id);
}

export async function addMember(ctx: AppContext, auditCtx: AuditContext, actor: Actor, id: string, body: MemberBody) {
  requirePermission(actor, 'base.write');
  await ctx.db.transaction(async (tx) => {
    const h = await findHousehold(tx, ctx, actor, id, true);
    requireWritable(actor, h);
    const who = (await linkedPersons(tx, ctx, actor, [body.personId], 'personId')).get(body.personId) as { id: string; name: string };
    const isHead = h.headPersonId === who.id;
    if (body.relation === 'head' && !isHead)
      throw errors.validation(
        'body.relation',
        'A household has one head: to change it, change the household’s head.',
        '一户只有一位户主；如需更换，请修改本户户主。',
      );
    if (isHead && body.relation !== 'head')
      throw errors.validation('body.relation', 'This member is the head: choose another head first.', '该成员是户主，请先另选户主。');
    const rows = await join(tx, ctx, auditCtx, actor, h, who, body.relation, body.move ?? false, 'personId');
    if (rows.length > 0) await touch(tx, ctx, h);
    await recordChanges(tx, rows);
  });
  return getHousehold(ctx, actor, id);
}

export async function removeMember(ctx: AppContext, auditCtx: AuditContext, actor: Actor, id: string, personId: string) {
  requirePermission(actor, 'base.write');
  await ctx.db.transaction(async (tx) => {
    const h = await findHousehold(tx, ctx, actor, id, true);
    requireWritable(actor, h);
    if (h.headPersonId === personId)
      throw errors.validation('params.personId', 'The head cannot leave: choose another head first.', '户主不能迁出，请先另选户主。');
    const [gone] = await tx
      .delete(householdMember)
      .where(and(eq(householdMember.householdId, id), eq(householdMember.personId, personId)))
      .returning({ relation: householdMember.relation });
    if (!gone) throw errors.notFound('member');
    const [who] = await tx.select({ name: person.name }).from(person).where(eq(person.id, personId));
    const after = await touch(tx, ctx, h);
    await recordBaseWrite(tx, auditCtx, actor, {
      ...writeOf(
        'household',
        after,
        'update',
        { [`member:${personId}`]: { from: { name: who?.name ?? null, relation: gone.relation }, to: null } },
        'base.household.leave',
      ),
      auditFields: ['members'],
    });
  });
  return getHousehold(ctx, actor, id);
}

export interface HouseholdQuery {
  q?: string;
  divisionCode?: string;
  gridCode?: string;
  dwellingId?: string;
}

export async function householdRows(db: Executor, ctx: AppContext, actor: Actor, where: SQL | undefined, page?: PageParams) {
  const now = ctx.now();
  const q = db
    .select({ h: household, headName: person.name, members: memberCount })
    .from(household)
    .leftJoin(person, and(eq(person.id, household.headPersonId), visibleBaseWhere(actor, 'person', person, now)))
    .where(and(visibleBaseWhere(actor, 'person', household, now), where))
    .orderBy(asc(household.householdNo));
  const rows = page ? await q.limit(page.pageSize).offset(page.offset) : await q;
  return rows.map((r) => presentRow(r.h, r.headName, r.members));
}

/** The filters of a households list (or an export); the gate is the caller's (householdRows adds it). */
export function householdFilterWhere(ctx: AppContext, actor: Actor, query: HouseholdQuery): SQL | undefined {
  const now = ctx.now();
  const prefix = query.q ? `${escapeLike(query.q.trim())}%` : null;
  return and(
    prefix
      ? (or(
          like(household.householdNo, prefix),
          sql`${household.headPersonId} in (select ${person.id} from ${person} where ${person.name} like ${prefix} and ${visibleBaseWhere(actor, 'person', person, now)})`,
        ) as SQL)
      : undefined,
    query.divisionCode ? like(household.divisionCode, `${escapeLike(query.divisionCode.replace(/0+$/, ''))}%`) : undefined,
    query.gridCode ? like(household.gridCode, `${escapeLike(query.gridCode)}%`) : undefined,
    query.dwellingId ? eq(household.dwellingId, query.dwellingId) : undefined,
  );
}

export async function listHouseholds(ctx: AppContext, actor: Actor, query: HouseholdQuery, page: PageParams) {
  requirePermission(actor, 'base.read');
  const now = ctx.now();
  const where = householdFilterWhere(ctx, actor, query);
  const [items, [total]] = await Promise.all([
    householdRows(ctx.db, ctx, actor, where, page),
    ctx.db
      .select({ n: count() })
      .from(household)
      .where(and(visibleBaseWhere(actor, 'person', household, now), where)),
  ]);
  return { items, total: total?.n ?? 0, page: page.page, pageSize: page.pageSize };
}

async function getHouseholdRow(ctx: AppContext, actor: Actor, id: string) {
  const [row] = await householdRows(ctx.db, ctx, actor, eq(household.id, id));
  if (!row) throw errors.notFound('household');
  return row;
}

export async function getHousehold(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'base.read');
  const row = await getHouseholdRow(ctx, actor, id);
  const [members, home, history] = await Promise.all([
    ctx.db
      .select({
        personId: person.id,
        name: person.name,
        relation: householdMember.relation,
        sex: person.sex,
        birthDate: person.birthDate,
        residency: person.residency,
        idNumberMasked: person.idNumberMasked,
      })
      .from(householdMember)
      .innerJoin(person, eq(person.id, householdMember.personId))
      .where(and(eq(householdMember.householdId, id), visibleBaseWhere(actor, 'person', person, ctx.now())))
      .orderBy(sql`${householdMember.relation} <> 'head'`, asc(person.birthDate), asc(person.name)),
    row.dwellingId
      ? ctx.db
          .select({
            id: dwelling.id,
            addressCode: dwelling.addressCode,
            unitLabel: dwelling.unitLabel,
            roomNo: dwelling.roomNo,
            buildingId: building.id,
            buildingName: building.name,
          })
          .from(dwelling)
          .innerJoin(building, eq(building.id, dwelling.buildingId))
          .where(eq(dwelling.id, row.dwellingId))
      : Promise.resolve([]),
    historyOf(ctx.db, 'household', id),
  ]);
  return {
    ...row,
    dwelling: home[0] ?? null,
    memberList: members.map(({ birthDate, ...m }) => ({ birthYear: birthDate ? Number(birthDate.slice(0, 4)) : null, ...m })),
    history,
  };
}
