// Intake (上报): a report from a grid worker (a GPS point located to its grid, photos, the matter),
// from centre staff (hotline, walk-in), from a department or from the public (Open311). The point
// decides the grid and community; the matter (when given) decides the routing rule; a rule with
// automatic dispatch takes the case straight to its units, otherwise it waits on the town centre's
// dispatch desk.
import { and, eq, gte, lte, notInArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import { gcj02ToWgs84, type LngLat, metresBetween } from '../../lib/geometry/index.js';
import { maskPhone } from '../../lib/phone.js';
import type { Actor } from '../access/access.js';
import { type AuditContext, type PendingAudit, recordAudits } from '../audit/audit.js';
import { matter, matterList } from '../matters/matter.tables.js';
import { ancestorCodes, divisionLevel } from '../territory/division-code.js';
import { findDivision } from '../territory/division.store.js';
import { division } from '../territory/territory.tables.js';
import { type CaseSource, caseRecord, caseStep } from './case.tables.js';
import { type CaseRow, nextCaseNumber } from './case.store.js';
import { isCentre, visibleCasesWhere } from './case-access.js';
import { dispatchCase } from './case-dispatch.js';
import { findRoutingRule } from './case-routing.js';
import { checkAttachments, compiledCalendarFor, dueFor, transition } from './case-transition.js';
import { scheduleStepTimers } from './case-timers.js';
import { finalStatuses, stepKey } from './case-workflow.js';
import { notify } from './notify.js';

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
}

/** The matter in the city's published list, with the version it is in. */
export async function publishedMatter(db: Executor, cityCode: string, code: string) {
  const [row] = await db
    .select({ listId: matter.listId, code: matter.code, name: matter.name, urgent: matter.urgent, public: matter.public })
    .from(matter)
    .innerJoin(matterList, eq(matterList.id, matter.listId))
    .where(and(eq(matterList.cityCode, cityCode), eq(matterList.status, 'published'), eq(matter.code, code)));
  return row;
}

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

export async function reportCase(ctx: AppContext, audit: AuditContext, actor: Actor | null, input: ReportInput, publicToken?: string): Promise<CaseRow> {
  const source = sourceFor(actor, input.source);
  const place = await placeOf(ctx, actor, input);
  const cityCode = `${place.communityCode.slice(0, 4)}00000000`;
  if (actor && !actor.divisionCode.startsWith(cityCode.slice(0, 4))) {
    throw errors.validation('body.lng', 'The place lies outside your city.', '该位置不在本市范围内。');
  }
  const found = input.matterCode ? await publishedMatter(ctx.db, cityCode, input.matterCode) : undefined;
  if (input.matterCode && !found) {
    throw errors.validation('body.matterCode', 'No such matter in the published matter list.', '已发布的事项清单中没有该事项。');
  }
  if (!actor && found && !found.public) throw errors.validation('body.matterCode', 'This matter is not open to public reporting.', '该事项不受理公众上报。');
  const rule = found ? await findRoutingRule(ctx.db, cityCode, found.code, place.communityCode) : undefined;
  const townCode = ancestorCodes(place.communityCode)[3] ?? cityCode;
  const { calendar: cal, offsetMinutes: offset } = await compiledCalendarFor(ctx, cityCode);

  return ctx.db.transaction(async (tx) => {
    await checkAttachments(tx, actor, input.attachmentIds, 'body.attachmentIds');
    const now = ctx.now();
    const { serial, number } = await nextCaseNumber(tx, now, offset);
    const contact = input.reporter && Object.values(input.reporter).some(Boolean) ? input.reporter : undefined;
    const urgent = (found?.urgent ?? false) || (input.urgent ?? false);
    const base = {
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
      urgent,
      status: 'reported',
      centreCode: townCode,
      limits: rule?.limits ?? null,
      stepStartedAt: now,
      publicToken: publicToken ?? null,
    };
    const due = await dueFor(tx, cal, { id: '', limits: base.limits, urgent, handleStartedAt: null }, 'reported', now.getTime());
    const [created] = await tx
      .insert(caseRecord)
      .values({ ...base, dueAt: due.dueAt, dueProvisional: due.provisional })
      .returning();
    if (!created) throw new Error('case insert returned nothing');
    await tx.insert(caseStep).values({
      caseId: created.id,
      divisionCode: created.divisionCode,
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
    // The audit rows go in together at the end: the chain's lock is held from them to the commit.
    const audits: PendingAudit[] = [
      { context: audit, entry: { action: 'case.report', targetType: 'case', targetId: created.id, divisionCode: created.divisionCode, detail: source } },
    ];
    // Automatic dispatch: the routing list says so and the report did not come from the public. The
    // case passes through accepted and registered in this transaction: those steps are recorded
    // with their clocks, but only the claim step that follows the dispatch gets timers.
    if (rule?.autoDispatch && source !== 'public') {
      const system = { ...audit, actorId: null, actorRole: 'system' };
      const passing = { timers: false, auditLater: audits };
      let c = await transition(ctx, tx, system, null, created, { action: 'accept', to: 'accepted', data: { auto: true }, ...passing });
      c = await transition(ctx, tx, system, null, c, { action: 'register', to: 'registered', data: { auto: true, matterCode: c.matterCode }, ...passing });
      const dispatched = await dispatchCase(ctx, tx, system, null, c, {
        action: 'dispatch',
        leadUnitId: rule.leadUnitId,
        assistUnitIds: rule.assistUnitIds,
        rule,
        data: { auto: true },
        first: true,
        auditLater: audits,
      });
      await recordAudits(tx, audits);
      return dispatched;
    }
    await scheduleStepTimers(
      tx,
      cal,
      {
        caseId: created.id,
        divisionCode: created.divisionCode,
        stepKey: stepKey('accept', created.version),
        startedAt: now.getTime(),
        dueAt: due.dueAt?.getTime() ?? null,
        naturalHours: due.natural,
      },
      ctx.config,
    );
    await notify(tx, [{ kind: 'caseReported', caseId: created.id, caseNumber: number, title: `新上报事件：${input.title}`, to: { centreCode: townCode } }]);
    await recordAudits(tx, audits);
    return created;
  });
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
      .map((r) => ({ ...r, distance: Math.round(metresBetween([q.lng, q.lat], [r.lon ?? 0, r.lat ?? 0])) }))
      .filter((r) => r.distance <= radius)
      .sort((a, b) => a.distance - b.distance)
      .map((r) => ({ id: r.id, number: r.number, title: r.title, status: r.status, distance: r.distance, createdAt: r.createdAt.toISOString() })),
  };
}
