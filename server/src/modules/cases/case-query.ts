// Reading cases: the lists (dispatch desk, my unit's cases, overdue board, verification tasks) and
// the case page (timeline, units, requests, pauses, supervision, the routing suggestion). The
// presenters here are the one place a case row becomes a response.
import { type SQL, and, asc, count, desc, eq, exists, ilike, inArray, lt, notInArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { placeholder, preparedQuery } from '../../db/prepared.js';
import { errors } from '../../lib/errors.js';
import { escapeLike } from '../../lib/http.js';
import type { WorkingCalendar } from '../../lib/working-time.js';
import type { Actor } from '../access/access.js';
import { appUser, department } from '../access/access.tables.js';
import { recordAudit, type AuditContext } from '../audit/audit.js';
import { matter, matterList } from '../matters/matter.tables.js';
import { ancestorCodes } from '../territory/division-code.js';
import { division } from '../territory/territory.tables.js';
import { type DivisionRow, findDivisions } from '../territory/division.store.js';
import { type CaseSource, type CaseStatus, caseAssignment, casePause, caseRecord, caseRequest, caseStep, caseSupervision } from './case.tables.js';
import { type AssignmentRow, activeAssignment, type CaseRow } from './case.store.js';
import { actorUnitIds, actorUnitsSql, centreActsOn, gridStaffOf, isCentre, visibleCasesWhere, withinCase } from './case-access.js';
import { findRoutingRule, unavailableUnits } from './case-routing.js';
import { calendarFor } from './case-transition.js';
import { clockOf, deadlineLight, defaultLimits, effectiveLimit, finalStatuses, type Light, openStatuses } from './case-workflow.js';

export const caseViews = ['all', 'desk', 'unit', 'overdue', 'verify'] as const;
export type CaseView = (typeof caseViews)[number];

export interface ListQuery {
  view?: CaseView;
  status?: CaseStatus;
  q?: string;
  matterCode?: string;
  page?: number;
  pageSize?: number;
}

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** The deadline light of the case's running step, on its city's calendar. */
export function lightOf(ctx: AppContext, cal: WorkingCalendar, c: Pick<CaseRow, 'status' | 'limits' | 'urgent' | 'stepStartedAt' | 'dueAt'>): Light {
  const clock = clockOf(c.status as CaseStatus);
  if (!clock) return 'none';
  const limit = effectiveLimit((c.limits ?? defaultLimits)[clock], c.urgent);
  return deadlineLight(
    cal,
    { startedAt: c.stepStartedAt.getTime(), dueAt: c.dueAt?.getTime() ?? null, unit: limit.unit },
    ctx.now().getTime(),
    ctx.config.remindWorkingHours,
  );
}

function viewWhere(actor: Actor, view: CaseView, now: Date): SQL | undefined {
  const open = notInArray(caseRecord.status, [...finalStatuses]);
  switch (view) {
    case 'all':
      return undefined;
    case 'desk': {
      const pending = exists(sql`(select 1 from ${caseRequest} where ${caseRequest.caseId} = ${caseRecord.id} and ${caseRequest.status} = 'pending')`);
      const waiting = inArray(caseRecord.status, ['reported', 'accepted', 'registered']);
      return and(sql`${caseRecord.centreCode} like ${`${actor.divisionPrefix}%`}`, or(waiting, pending));
    }
    case 'unit':
      return and(
        open,
        exists(
          sql`(select 1 from ${caseAssignment} where ${caseAssignment.caseId} = ${caseRecord.id} and ${caseAssignment.unitId} in ${actorUnitsSql(actor)} and ${inArray(caseAssignment.status, [...activeAssignment])})`,
        ),
      );
    case 'overdue':
      return and(inArray(caseRecord.status, [...openStatuses]), or(eq(caseRecord.overdue, true), lt(caseRecord.dueAt, now)));
    case 'verify':
      return eq(caseRecord.status, 'verifying');
  }
}

const leadUnit = alias(department, 'lead_unit');

export async function listCases(ctx: AppContext, actor: Actor, q: ListQuery) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const view = q.view ?? 'all';
  const where = and(
    visibleCasesWhere(actor),
    viewWhere(actor, view, ctx.now()),
    q.status ? eq(caseRecord.status, q.status) : undefined,
    q.matterCode ? eq(caseRecord.matterCode, q.matterCode) : undefined,
    q.q ? or(ilike(caseRecord.title, `%${escapeLike(q.q)}%`), eq(caseRecord.number, q.q)) : undefined,
  );
  const [{ total } = { total: 0 }] = await ctx.db.select({ total: count() }).from(caseRecord).where(where);
  const rows = await ctx.db
    .select({ c: caseRecord, matterName: matter.name, leadUnitName: leadUnit.name })
    .from(caseRecord)
    .leftJoin(matter, and(eq(matter.listId, caseRecord.matterListId), eq(matter.code, caseRecord.matterCode)))
    .leftJoin(leadUnit, eq(leadUnit.id, caseRecord.leadUnitId))
    .where(where)
    .orderBy(...(view === 'desk' || view === 'overdue' || view === 'unit' ? [asc(caseRecord.dueAt), desc(caseRecord.createdAt)] : [desc(caseRecord.createdAt)]))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const ids = rows.map((r) => r.c.id);
  const pending = ids.length
    ? await ctx.db
        .select({ caseId: caseRequest.caseId, n: count() })
        .from(caseRequest)
        .where(and(inArray(caseRequest.caseId, ids), eq(caseRequest.status, 'pending')))
        .groupBy(caseRequest.caseId)
    : [];
  const calendars = new Map<string, WorkingCalendar>();
  const items = [];
  for (const r of rows) {
    let cal = calendars.get(r.c.cityCode);
    if (!cal) {
      cal = await calendarFor(ctx, r.c.cityCode);
      calendars.set(r.c.cityCode, cal);
    }
    // The summary spread last (ARCHITECTURE, "Spread last").
    items.push({
      matterName: r.matterName ?? null,
      leadUnitName: r.leadUnitName ?? null,
      light: lightOf(ctx, cal, r.c),
      pendingRequests: pending.find((p) => p.caseId === r.c.id)?.n ?? 0,
      ...summary(r.c),
    });
  }
  return { items, total, page, pageSize };
}

function summary(c: CaseRow) {
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    status: c.status as CaseStatus,
    source: c.source as CaseSource,
    matterCode: c.matterCode,
    divisionCode: c.divisionCode,
    gridCode: c.gridCode,
    lng: c.lon,
    lat: c.lat,
    urgent: c.urgent,
    supervision: c.supervision,
    overdue: c.overdue,
    reworkCount: c.reworkCount,
    centreCode: c.centreCode,
    createdAt: c.createdAt.toISOString(),
    dueAt: iso(c.dueAt),
    dueProvisional: c.dueProvisional,
    handleDueAt: iso(c.handleDueAt),
    closedAt: iso(c.closedAt),
  };
}

const actorUser = alias(appUser, 'actor_user');
const stepUnit = alias(department, 'step_unit');
const responsibleUnit = alias(department, 'responsible_unit');

type StepRow = typeof caseStep.$inferSelect;
type RequestRow = typeof caseRequest.$inferSelect;

/** What the case page is made of: the case row with the names it refers to, and its related rows. */
export interface CasePageParts {
  c: CaseRow;
  matterName: string | null;
  listVersion: number | null;
  leadUnitName: string | null;
  reporterName: string | null;
  steps: { s: StepRow; actorName: string | null; unitName: string | null }[];
  assignments: { a: AssignmentRow; unitName: string }[];
  requests: { r: RequestRow; unitName: string; responsibleUnitName: string | null }[];
  pauses: (typeof casePause.$inferSelect)[];
  supervisions: (typeof caseSupervision.$inferSelect)[];
  places: DivisionRow[];
  duplicates: { id: string; number: string; createdAt: Date }[];
  duplicateOf: { id: string; number: string; status: string } | null;
}

/** The case page. */
export async function getCase(ctx: AppContext, actor: Actor, id: string) {
  const [row] = await ctx.db
    .select({ c: caseRecord, matterName: matter.name, listVersion: matterList.version, leadUnitName: leadUnit.name, reporterName: appUser.displayName })
    .from(caseRecord)
    .leftJoin(matter, and(eq(matter.listId, caseRecord.matterListId), eq(matter.code, caseRecord.matterCode)))
    .leftJoin(matterList, eq(matterList.id, caseRecord.matterListId))
    .leftJoin(leadUnit, eq(leadUnit.id, caseRecord.leadUnitId))
    .leftJoin(appUser, eq(appUser.id, caseRecord.reporterId))
    .where(and(eq(caseRecord.id, id), visibleCasesWhere(actor)));
  if (!row) throw errors.notFound('case');
  const c = row.c;
  const [steps, assignments, requests, pauses, supervisions, places, duplicates, duplicateOf] = await Promise.all([
    ctx.db
      .select({ s: caseStep, actorName: actorUser.displayName, unitName: stepUnit.name })
      .from(caseStep)
      .leftJoin(actorUser, eq(actorUser.id, caseStep.actorId))
      .leftJoin(stepUnit, eq(stepUnit.id, caseStep.unitId))
      .where(eq(caseStep.caseId, c.id))
      .orderBy(asc(caseStep.finishedAt), asc(caseStep.startedAt)),
    ctx.db
      .select({ a: caseAssignment, unitName: department.name })
      .from(caseAssignment)
      .innerJoin(department, eq(department.id, caseAssignment.unitId))
      .where(eq(caseAssignment.caseId, c.id))
      .orderBy(asc(caseAssignment.dispatchedAt)),
    ctx.db
      .select({ r: caseRequest, unitName: department.name, responsibleUnitName: responsibleUnit.name })
      .from(caseRequest)
      .innerJoin(department, eq(department.id, caseRequest.unitId))
      .leftJoin(responsibleUnit, eq(responsibleUnit.id, caseRequest.responsibleUnitId))
      .where(eq(caseRequest.caseId, c.id))
      .orderBy(asc(caseRequest.createdAt)),
    ctx.db.select().from(casePause).where(eq(casePause.caseId, c.id)).orderBy(asc(casePause.from)),
    ctx.db.select().from(caseSupervision).where(eq(caseSupervision.caseId, c.id)).orderBy(asc(caseSupervision.createdAt)),
    placesOf(ctx.db, c.divisionCode),
    ctx.db.select({ id: caseRecord.id, number: caseRecord.number, createdAt: caseRecord.createdAt }).from(caseRecord).where(eq(caseRecord.duplicateOf, c.id)),
    c.duplicateOf
      ? ctx.db.select({ id: caseRecord.id, number: caseRecord.number, status: caseRecord.status }).from(caseRecord).where(eq(caseRecord.id, c.duplicateOf))
      : Promise.resolve([]),
  ]);
  return presentCase(ctx, actor, {
    c,
    matterName: row.matterName,
    listVersion: row.listVersion,
    leadUnitName: row.leadUnitName,
    reporterName: row.reporterName,
    steps,
    assignments,
    requests,
    pauses,
    supervisions,
    places,
    duplicates,
    duplicateOf: duplicateOf[0] ?? null,
  });
}

/** The divisions a case page names: district, town and the community itself. */
export function placesOf(db: Executor, communityCode: string): Promise<DivisionRow[]> {
  const codes = [...ancestorCodes(communityCode).slice(2), communityCode];
  if (codes.length !== 3) return findDivisions(db, codes);
  const [district, town, community] = codes;
  return placesQuery(db).execute({ district, town, community });
}

// Every report's page names them: built once (db/prepared.ts).
const placesQuery = preparedQuery((db) =>
  db
    .select()
    .from(division)
    .where(or(...['district', 'town', 'community'].map((level) => eq(division.code, placeholder(division.code, level)))))
    .orderBy(asc(division.level)),
);

/** The case page from its parts (read by getCase, or known to intake): the reader's capacity, the light, the routing suggestion. */
export async function presentCase(ctx: AppContext, actor: Actor, parts: CasePageParts) {
  const { c, steps, assignments, requests, pauses, supervisions, places, duplicates, duplicateOf } = parts;
  const unitIds = await actorUnitIds(ctx.db, actor);
  const cal = await calendarFor(ctx, c.cityCode);
  const mine = assignments.filter((a) => unitIds.includes(a.a.unitId) && (activeAssignment as readonly string[]).includes(a.a.status));
  // The summary spread last: keys added after a spread cost ~1.5 µs each on Node 20, and the page
  // has 24 (ARCHITECTURE, "Spread last").
  return {
    description: c.description,
    address: c.address,
    matterName: parts.matterName ?? null,
    matterListVersion: parts.listVersion ?? null,
    leadUnitId: c.leadUnitId,
    leadUnitName: parts.leadUnitName ?? null,
    reporterName: parts.reporterName ?? null,
    reporterContact: c.reporterContactMasked,
    attributes: c.attributes,
    pendingRequests: requests.filter((r) => r.r.status === 'pending').length,
    light: lightOf(ctx, cal, c),
    limits: c.limits ?? defaultLimits,
    version: c.version,
    places: places.map((d) => ({ code: d.code, name: d.name, level: d.level })),
    duplicateOf,
    duplicates: duplicates.map((d) => ({ id: d.id, number: d.number, createdAt: d.createdAt.toISOString() })),
    steps: steps.map(({ s, actorName, unitName }) => ({
      id: s.id,
      action: s.action,
      fromStatus: s.fromStatus,
      toStatus: s.toStatus,
      actorName: actorName ?? (s.actorId ? null : '系统'),
      unitName: unitName ?? null,
      opinion: s.opinion,
      publicNote: s.publicNote,
      attachmentIds: s.attachmentIds,
      data: s.data,
      startedAt: s.startedAt.toISOString(),
      dueAt: iso(s.dueAt),
      finishedAt: s.finishedAt.toISOString(),
      overdue: s.overdue,
    })),
    assignments: assignments.map(({ a, unitName }) => ({
      unitId: a.unitId,
      unitName,
      role: a.role,
      status: a.status,
      dispatchedAt: a.dispatchedAt.toISOString(),
      claimedAt: iso(a.claimedAt),
      fedBackAt: iso(a.fedBackAt),
      endedAt: iso(a.endedAt),
    })),
    requests: requests.map(({ r, unitName, responsibleUnitName }) => ({
      id: r.id,
      kind: r.kind,
      unitName,
      reason: r.reason,
      responsibleUnitId: r.responsibleUnitId,
      responsibleUnitName: responsibleUnitName ?? null,
      suspensionReason: r.suspensionReason,
      requestedDueAt: iso(r.requestedDueAt),
      status: r.status,
      decidedAt: iso(r.decidedAt),
      decisionOpinion: r.decisionOpinion,
      createdAt: r.createdAt.toISOString(),
    })),
    pauses: pauses.map((p) => ({ from: p.from.toISOString(), to: iso(p.to) })),
    supervisions: supervisions.map((s) => ({
      level: s.level,
      centreCode: s.centreCode,
      opinion: s.opinion,
      byCentre: s.actorId !== null,
      createdAt: s.createdAt.toISOString(),
    })),
    myUnit: mine[0] ? { unitId: mine[0].a.unitId, role: mine[0].a.role, status: mine[0].a.status } : null,
    capacity: {
      centre: centreActsOn(actor, c),
      unit: mine.length > 0,
      verifier: c.status === 'verifying' && (gridStaffOf(actor, c) || centreActsOn(actor, c) || c.reporterId === actor.userId),
      reporter: c.reporterId === actor.userId,
    },
    suggestion: await suggestion(ctx, actor, c),
    ...summary(c),
  };
}

/** For a centre on a case not yet dispatched: what the routing list says. */
async function suggestion(ctx: AppContext, actor: Actor, c: CaseRow) {
  if (!isCentre(actor) || !c.matterCode || !['reported', 'accepted', 'registered'].includes(c.status)) return null;
  const rule = await findRoutingRule(ctx.db, c.cityCode, c.matterCode, c.divisionCode);
  if (!rule) return null;
  // The rule comes with its units' names.
  const name = (id: string) => rule.units.find((u) => u.id === id)?.name ?? id;
  return {
    ruleId: rule.id,
    scopeCode: rule.scopeCode,
    leadUnitId: rule.leadUnitId,
    leadUnitName: name(rule.leadUnitId),
    assistUnits: rule.assistUnitIds.map((id) => ({ id, name: name(id) })),
    // Units of the rule that cannot take the case now (disabled since, or not serving its area): why an
    // automatic rule left it on the desk, and what the centre should dispatch to instead.
    unavailableUnitIds: unavailableUnits(rule, c.divisionCode),
    post: rule.post,
    closingConditions: rule.closingConditions,
    limits: rule.limits,
  };
}

/** A public reporter's contact in full, for centre staff: a personal-data read, audited. */
export async function reporterContact(ctx: AppContext, audit: AuditContext, actor: Actor, id: string) {
  return ctx.db.transaction(async (tx) => {
    const [c] = await tx
      .select({ id: caseRecord.id, divisionCode: caseRecord.divisionCode, enc: caseRecord.reporterContactEncrypted })
      .from(caseRecord)
      .where(and(eq(caseRecord.id, id), visibleCasesWhere(actor), isCentre(actor) ? undefined : sql`false`));
    if (!c?.enc) throw errors.notFound('case');
    await recordAudit(tx, audit, {
      action: 'case.personal.read',
      targetType: 'case',
      targetId: c.id,
      divisionCode: c.divisionCode,
      fields: ['reporterContact'],
    });
    return JSON.parse(ctx.cipher.decrypt(c.enc)) as { name?: string; phone?: string; email?: string };
  });
}

/**
 * The handling units that serve a case's area (enabled, their division covers the case's community):
 * whom a centre may dispatch to, and whom a unit may name as responsible in a return. A unit's own
 * `/api/units` shows only itself, so the case answers for the units it may go to.
 */
export async function caseUnits(ctx: AppContext, actor: Actor, id: string) {
  const [c] = await ctx.db.select({ divisionCode: caseRecord.divisionCode }).from(caseRecord).where(withinCase(actor, id));
  if (!c) throw errors.notFound('case');
  const rows = await ctx.db
    .select({ id: department.id, name: department.name, kind: department.kind, divisionCode: department.divisionCode })
    .from(department)
    .where(and(eq(department.disabled, false), inArray(department.divisionCode, [...ancestorCodes(c.divisionCode), c.divisionCode])))
    .orderBy(asc(department.divisionCode), asc(department.code));
  return { items: rows };
}
