// Intake (上报): a report from a grid worker (a GPS point located to its grid, photos, the matter),
// from centre staff (hotline, walk-in), from a department or from the public (Open311). The point
// decides the grid and community; the matter (when given) decides the routing rule; a rule with
// automatic dispatch takes the case straight to its units, otherwise it waits on the town centre's
// dispatch desk.
import { randomUUID } from 'node:crypto';
import { and, eq, gte, inArray, lte, notInArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor, Tx } from '../../db/client.js';
import { insertTogether } from '../../db/insert-rows.js';
import { placeholder, preparedQuery } from '../../db/prepared.js';
import { errors } from '../../lib/errors.js';
import { gcj02ToWgs84, type LngLat, metresBetween } from '../../lib/geometry/index.js';
import { maskPhone } from '../../lib/phone.js';
import type { Actor } from '../access/access.js';
import { department } from '../access/access.tables.js';
import { type AuditContext, recordAudits } from '../audit/audit.js';
import { type CaseAttribute, checkAnswers } from '../matters/matter-attributes.js';
import { matter, matterList } from '../matters/matter.tables.js';
import { ancestorCodes, divisionLevel } from '../territory/division-code.js';
import { findDivision } from '../territory/division.store.js';
import { division } from '../territory/territory.tables.js';
import { type CaseSource, caseAssignment, caseRecord, caseStep, caseTimer, notification } from './case.tables.js';
import { type AssignmentRow, type CaseRow, nextCaseNumber, type StepRow } from './case.store.js';
import { isCentre, visibleCasesWhere } from './case-access.js';
import { dispatchCase } from './case-dispatch.js';
import { findRoutingRule, unavailableUnits } from './case-routing.js';
import { type CasePageParts, placesOf } from './case-query.js';
import { checkAttachments, compiledCalendarFor, dueFor, transition, type UnwrittenCase, unwrittenCase } from './case-transition.js';
import { stepTimerRows } from './case-timers.js';
import { finalStatuses, stepKey } from './case-workflow.js';
import { notificationRows } from './notify.js';

export interface ReportInput {
  title: string;
  description?: string;
  lng?: number;
  lat?: number;
  crs?: 'wgs84' | 'gcj02';
  address?: string;
  /** A community code, when there is no point (a hotline call). */
  divisionCode?: string;
  matterCode?: string;
  source?: CaseSource;
  attachmentIds?: string[];
  reporter?: { name?: string; phone?: string; email?: string };
  urgent?: boolean;
  /** Answers to the matter's attributes, by code: text, or a list for a multivaluelist. */
  attributes?: Record<string, unknown>;
}

/** The matter in the city's published list, with the version it is in. */
export async function publishedMatter(db: Executor, cityCode: string, code: string) {
  const [row] = await publishedMatterQuery(db).execute({ cityCode, code });
  return row;
}

// Every report reads it: built once (db/prepared.ts).
const publishedMatterQuery = preparedQuery((db) =>
  db
    .select({
      listId: matter.listId,
      listVersion: matterList.version,
      code: matter.code,
      name: matter.name,
      urgent: matter.urgent,
      public: matter.public,
      attributes: matter.attributes,
    })
    .from(matter)
    .innerJoin(matterList, eq(matterList.id, matter.listId))
    .where(
      and(
        eq(matterList.cityCode, placeholder(matterList.cityCode, 'cityCode')),
        eq(matterList.status, 'published'),
        eq(matter.code, placeholder(matter.code, 'code')),
      ),
    ),
);

/** The report's answers to its matter's attributes, checked; a 400 names `body.attributes.CODE`. */
function answersOf(defs: MatterAttributeList | undefined, given: Record<string, unknown> | undefined): CaseAttribute[] {
  const entries = Object.entries(given ?? {});
  if (!defs) {
    if (entries.length === 0) return [];
    throw errors.validation('body.attributes', 'Attributes are answered under a matter: choose the matter first.', '属性须在选定事项后填写：请先选择事项。');
  }
  return checkAnswers(
    defs,
    new Map(entries),
    (code) => `attributes.${code}`,
    (p) => errors.validation(`body.attributes.${p.code}`, p.en, p.zh),
  );
}

type MatterAttributeList = NonNullable<Awaited<ReturnType<typeof publishedMatter>>>['attributes'];

/** Which sources each kind of reporter may use; the public comes only through Open311 (actor null). */
function sourceFor(actor: Actor | null, asked: CaseSource | undefined): CaseSource {
  if (!actor) return 'public';
  if (actor.scopeKind === 'grids') return 'gridWorker';
  if (actor.role === 'department') return 'department';
  if (isCentre(actor)) {
    if (asked === 'hotline' || asked === 'walkIn') return asked;
    if (asked === undefined) return 'hotline';
  }
  throw errors.validation('body.source', 'Centre staff report as hotline or walkIn.', '中心工作人员上报来源须为热线或来访。');
}

/** Where a report lies: the grid and community of its point, or the community named. */
async function placeOf(ctx: AppContext, actor: Actor | null, input: ReportInput) {
  if (input.lng !== undefined && input.lat !== undefined) {
    const point: LngLat = input.crs === 'gcj02' ? gcj02ToWgs84([input.lng, input.lat]) : [input.lng, input.lat];
    const hits = await ctx.grids.locate(point);
    const basic = hits.find((h) => h.kind === 'basic') ?? hits.find((h) => h.kind === 'dedicated') ?? hits.find((h) => h.kind === 'micro');
    if (basic) return { gridCode: basic.key, communityCode: basic.communityCode, lng: point[0], lat: point[1] };
    if (!input.divisionCode) {
      throw errors.validation(
        'body.lng',
        'The point lies outside every grid: check the position or name the community.',
        '该位置不在任何网格内，请核对位置或填写所在村（社区）。',
      );
    }
  } else if (input.lng !== undefined || input.lat !== undefined) {
    throw errors.validation(input.lng === undefined ? 'body.lng' : 'body.lat', 'Give both longitude and latitude.', '经度和纬度须同时填写。');
  }
  if (!input.divisionCode) {
    throw errors.validation('body.lng', 'Give the position (longitude and latitude) or the community.', '请填写位置（经纬度）或所在村（社区）。');
  }
  const code = input.divisionCode;
  const inScope = actor?.scopeKind !== 'division' || code.startsWith(actor.divisionPrefix);
  const found = /^\d{12}$/.test(code) && divisionLevel(code) === 4 && inScope ? await findDivision(ctx.db, eq(division.code, code), code) : undefined;
  if (!found)
    throw errors.validation('body.divisionCode', 'Name a community (12 digits) in your jurisdiction.', '请填写您管辖范围内的村（社区）代码（12 位）。');
  return { gridCode: null, communityCode: code, lng: input.lng ?? null, lat: input.lat ?? null };
}

/** A new case and what intake knows of it: enough for its case page without reading it back. */
export interface ReportedCase {
  case: CaseRow;
  page: CasePageParts;
}

export async function reportCase(ctx: AppContext, audit: AuditContext, actor: Actor | null, input: ReportInput, publicToken?: string): Promise<ReportedCase> {
  const source = sourceFor(actor, input.source);
  const place = await placeOf(ctx, actor, input);
  const cityCode = `${place.communityCode.slice(0, 4)}00000000`;
  if (actor && !actor.divisionCode.startsWith(cityCode.slice(0, 4))) {
    throw errors.validation('body.lng', 'The place lies outside your city.', '该位置不在本市范围内。');
  }
  // The matter, its routing rule (the matter's code is the one asked for) and the case page's places.
  // One after another, not at once: at once they took three of the pool's connections, and waking
  // three database backends for one report cost PostgreSQL ~20 % more CPU per report than one backend
  // running them in turn, and this thread more too, and bought no latency (with one client, p50 4.2 ms
  // at once, 3.9 ms in turn: docs/BENCHMARKS.md, "Reads in turn, spread last").
  const found = input.matterCode ? await publishedMatter(ctx.db, cityCode, input.matterCode) : undefined;
  if (input.matterCode && !found) {
    throw errors.validation('body.matterCode', 'No such matter in the published matter list.', '已发布的事项清单中没有该事项。');
  }
  if (!actor && found && !found.public) throw errors.validation('body.matterCode', 'This matter is not open to public reporting.', '该事项不受理公众上报。');
  const attributes = answersOf(found?.attributes, input.attributes);
  const rule = found ? await findRoutingRule(ctx.db, cityCode, found.code, place.communityCode) : undefined;
  const places = await placesOf(ctx.db, place.communityCode);
  const townCode = ancestorCodes(place.communityCode)[3] ?? cityCode;
  const { calendar: cal, offsetMinutes: offset } = await compiledCalendarFor(ctx, cityCode);

  return ctx.db.transaction(async (tx) => {
    await checkAttachments(tx, actor, input.attachmentIds, 'body.attachmentIds');
    const now = ctx.now();
    const { serial, number, transactionStart } = await nextCaseNumber(tx, now, offset);
    const contact = input.reporter && Object.values(input.reporter).some(Boolean) ? input.reporter : undefined;
    const urgent = (found?.urgent ?? false) || (input.urgent ?? false);
    const base = {
      id: randomUUID(),
      number,
      serial,
      cityCode,
      divisionCode: place.communityCode,
      gridCode: place.gridCode,
      lon: place.lng,
      lat: place.lat,
      address: input.address ?? '',
      title: input.title,
      description: input.description ?? '',
      source,
      reporterId: actor?.userId ?? null,
      reporterContactEncrypted: contact ? ctx.cipher.encrypt(JSON.stringify(contact)) : null,
      reporterContactMasked: contact ? maskContact(contact) : null,
      matterListId: found?.listId ?? null,
      matterCode: found?.code ?? null,
      attributes,
      urgent,
      status: 'reported',
      centreCode: townCode,
      limits: rule?.limits ?? null,
      stepStartedAt: now,
      publicToken: publicToken ?? null,
    };
    const due = await dueFor(tx, cal, { id: base.id, limits: base.limits, urgent, handleStartedAt: null }, 'reported', now.getTime());
    // The case as reported, before it is written: what the automatic transitions start from. The
    // columns not set in `base` are written as their defaults, which these are (created and updated
    // at the transaction's start, as `now()`). `base` is spread last, here and in the patch: keys
    // added after a spread cost ~1.5 µs each on Node 20 (docs/ARCHITECTURE.md, "Spread last").
    const reported: CaseRow = {
      dueAt: due.dueAt,
      dueProvisional: due.provisional,
      routingRuleId: null,
      leadUnitId: null,
      handleStartedAt: null,
      handleDueAt: null,
      overdue: false,
      supervision: 'none',
      duplicateOf: null,
      reworkCount: 0,
      createdAt: transactionStart,
      updatedAt: transactionStart,
      closedAt: null,
      version: 1,
      ...base,
    };
    const w = unwrittenCase();
    w.patch = { dueAt: due.dueAt, dueProvisional: due.provisional, ...base };
    w.steps.push({
      caseId: base.id,
      divisionCode: base.divisionCode,
      action: 'report',
      fromStatus: null,
      toStatus: 'reported',
      actorId: actor?.userId ?? null,
      unitId: actor?.departmentId ?? null,
      opinion: input.description ?? '',
      attachmentIds: input.attachmentIds ?? [],
      data: { source, ...(place.gridCode ? { gridCode: place.gridCode } : {}) },
      startedAt: now,
      finishedAt: now,
    });
    w.audits.push({ context: audit, entry: { action: 'case.report', targetType: 'case', targetId: base.id, divisionCode: base.divisionCode, detail: source } });
    // Automatic dispatch: the routing list says so, the report did not come from the public, and the
    // rule's units can take it (a unit disabled since the rule was written cannot: the report then
    // waits on the desk, where the suggestion shows the unit as disabled, rather than being refused). The
    // case passes through accepted and registered in this transaction: those steps are recorded
    // with their clocks, but only the claim step that follows the dispatch gets timers.
    let c = reported;
    if (rule?.autoDispatch && source !== 'public' && unavailableUnits(rule, base.divisionCode).length === 0) {
      const system = { ...audit, actorId: null, actorRole: 'system' };
      c = await transition(ctx, tx, system, null, c, { action: 'accept', to: 'accepted', data: { auto: true }, timers: false, unwritten: w });
      c = await transition(ctx, tx, system, null, c, {
        action: 'register',
        to: 'registered',
        data: { auto: true, matterCode: c.matterCode },
        timers: false,
        unwritten: w,
      });
      c = await dispatchCase(ctx, tx, system, null, c, {
        action: 'dispatch',
        leadUnitId: rule.leadUnitId,
        assistUnitIds: rule.assistUnitIds,
        rule,
        units: rule.units,
        data: { auto: true },
        unwritten: w,
      });
    } else {
      w.timers.push(
        ...stepTimerRows(
          cal,
          {
            caseId: base.id,
            divisionCode: base.divisionCode,
            stepKey: stepKey('accept', reported.version),
            startedAt: now.getTime(),
            dueAt: due.dueAt?.getTime() ?? null,
            naturalHours: due.natural,
          },
          ctx.config,
        ),
      );
      w.notifications.push({ kind: 'caseReported', caseId: base.id, caseNumber: number, title: `新上报事件：${input.title}`, to: { centreCode: townCode } });
    }
    const written = await writeNewCase(tx, w);
    // Unit names: the dispatched units' came with the dispatch's check; a reporting unit's is read.
    const unknown = written.steps.flatMap((s) => (s.unitId && !w.unitNames.has(s.unitId) ? [s.unitId] : []));
    if (unknown.length > 0) {
      const rows = await tx.select({ id: department.id, name: department.name }).from(department).where(inArray(department.id, unknown));
      for (const r of rows) w.unitNames.set(r.id, r.name);
    }
    const unitName = (id: string | null) => (id === null ? null : (w.unitNames.get(id) ?? null));
    // The page's order: by finish, then start (as getCase reads them).
    const steps = [...written.steps].sort((a, b) => a.finishedAt.getTime() - b.finishedAt.getTime() || a.startedAt.getTime() - b.startedAt.getTime());
    return {
      case: c,
      page: {
        c,
        matterName: found?.name ?? null,
        listVersion: found?.listVersion ?? null,
        leadUnitName: unitName(c.leadUnitId),
        reporterName: actor?.displayName ?? null,
        steps: steps.map((s) => ({
          s,
          actorName: s.actorId !== null && s.actorId === actor?.userId ? actor.displayName : null,
          unitName: unitName(s.unitId),
        })),
        assignments: written.assignments.map((a) => ({ a, unitName: unitName(a.unitId) ?? '' })),
        requests: [],
        pauses: [],
        supervisions: [],
        places,
        duplicates: [],
        duplicateOf: null,
      },
    };
  });
}

/**
 * Writes a new case in the state its transitions left it, with each table's rows in one statement,
 * and the audit rows last. Returns the step and assignment rows as written (the page shows them):
 * their ids are made here, the other columns are what the database would default them to.
 */
async function writeNewCase(tx: Tx, w: UnwrittenCase): Promise<{ steps: StepRow[]; assignments: AssignmentRow[] }> {
  const steps = w.steps.map(
    (s): StepRow => ({
      id: randomUUID(),
      caseId: s.caseId,
      divisionCode: s.divisionCode,
      action: s.action,
      fromStatus: s.fromStatus ?? null,
      toStatus: s.toStatus,
      actorId: s.actorId ?? null,
      unitId: s.unitId ?? null,
      opinion: s.opinion ?? '',
      publicNote: s.publicNote ?? false,
      attachmentIds: s.attachmentIds ?? [],
      data: s.data ?? {},
      startedAt: s.startedAt,
      dueAt: s.dueAt ?? null,
      finishedAt: s.finishedAt,
      overdue: s.overdue ?? false,
    }),
  );
  const assignments = w.assignments.map(
    (a): AssignmentRow => ({
      id: randomUUID(),
      caseId: a.caseId,
      unitId: a.unitId,
      role: a.role,
      status: a.status,
      dispatchedAt: a.dispatchedAt,
      claimedAt: a.claimedAt ?? null,
      fedBackAt: a.fedBackAt ?? null,
      endedAt: a.endedAt ?? null,
    }),
  );
  // One statement for the five tables.
  await insertTogether(tx, [
    { table: caseRecord, rows: [w.patch as typeof caseRecord.$inferInsert] },
    { table: caseStep, rows: steps },
    { table: caseAssignment, rows: assignments },
    { table: caseTimer, rows: w.timers, onConflictDoNothing: true },
    { table: notification, rows: notificationRows(w.notifications) },
  ]);
  // The audit rows go in together at the end: the chain's lock is held from them to the commit.
  await recordAudits(tx, w.audits);
  return { steps, assignments };
}

function maskContact(c: { name?: string; phone?: string; email?: string }): string {
  const parts: string[] = [];
  if (c.name) parts.push(`${c.name.slice(0, 1)}${'*'.repeat(Math.max(1, c.name.length - 1))}`);
  if (c.phone) parts.push(maskPhone(c.phone));
  if (c.email) parts.push(c.email.replace(/^(.).*(@.*)$/, '$1***$2'));
  return parts.join(' ');
}

/**
 * Open cases of the same matter near a point (duplicates, offered before a report is submitted): a
 * bounding box on the index, then the exact distance. Only cases the actor may see.
 */
export async function similarCases(ctx: AppContext, actor: Actor, q: { matterCode: string; lng: number; lat: number; radius?: number }) {
  const radius = q.radius ?? ctx.config.duplicateRadiusM;
  const dLat = radius / 111_320;
  const dLng = radius / (111_320 * Math.max(0.01, Math.cos((q.lat * Math.PI) / 180)));
  const rows = await ctx.db
    .select({
      id: caseRecord.id,
      number: caseRecord.number,
      title: caseRecord.title,
      status: caseRecord.status,
      lon: caseRecord.lon,
      lat: caseRecord.lat,
      createdAt: caseRecord.createdAt,
    })
    .from(caseRecord)
    .where(
      and(
        eq(caseRecord.matterCode, q.matterCode),
        notInArray(caseRecord.status, [...finalStatuses]),
        gte(caseRecord.lat, q.lat - dLat),
        lte(caseRecord.lat, q.lat + dLat),
        gte(caseRecord.lon, q.lng - dLng),
        lte(caseRecord.lon, q.lng + dLng),
        visibleCasesWhere(actor),
      ),
    )
    .limit(200);
  return {
    radius,
    items: rows
      .map((r) => ({ distance: Math.round(metresBetween([q.lng, q.lat], [r.lon ?? 0, r.lat ?? 0])), ...r }))
      .filter((r) => r.distance <= radius)
      .sort((a, b) => a.distance - b.distance)
      .map((r) => ({ id: r.id, number: r.number, title: r.title, status: r.status, distance: r.distance, createdAt: r.createdAt.toISOString() })),
  };
}
