// Open311 GeoReport v2, reading requests: GET requests (filters, the 90-day and 1,000-result limits),
// GET requests/{id}, GET tokens/{token}. Only cases that came in through Open311 are published
// (source 'public'): a case staff reported was written for the desk, not for the public, and may
// name people. A request's status follows the workflow: closed, archived and cancelled are
// "closed", every other state "open"; a merged duplicate reports the case it was merged into.
import { type SQL, and, desc, eq, gte, inArray, lte, notInArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppContext } from '../../context.js';
import { department } from '../access/access.tables.js';
import { type CaseStatus, caseRecord, caseStep } from '../cases/case.tables.js';
import { finalStatuses } from '../cases/case-workflow.js';
import { matter } from '../matters/matter.tables.js';
import { ancestorCodes } from '../territory/division-code.js';
import { findDivisions } from '../territory/division.store.js';
import { type Open311Error, open311Errors, w3c } from './open311.presenter.js';
import { open311Request } from './open311.tables.js';
import type { Jurisdiction } from './open311.service.js';

export const MAX_RESULTS = 1000;
export const MAX_DAYS = 90;
const DAY_MS = 86_400_000;

/** What the public is told a case's state means; service_notice. */
const notices: Record<CaseStatus, string> = {
  reported: '已上报，等待镇（街道）网格化服务管理中心受理 / Reported; waiting for the town centre to accept it',
  accepted: '已受理，等待立案派遣 / Accepted; waiting to be registered and dispatched',
  registered: '已立案，等待派遣 / Registered; waiting to be dispatched',
  dispatched: '已派遣至承办单位 / Dispatched to the responsible unit',
  handling: '承办单位处置中 / Being handled by the responsible unit',
  suspended: '暂缓处置（挂账），条件具备后继续 / Suspended; handling resumes when conditions allow',
  verifying: '已处置，等待核查 / Handled; being verified on site',
  closed: '已办结 / Resolved',
  archived: '已办结 / Resolved',
  cancelled: '已作废（不予受理或已撤销） / Cancelled (refused or withdrawn)',
};

export function openOrClosed(status: CaseStatus): 'open' | 'closed' {
  return (finalStatuses as readonly string[]).includes(status) ? 'closed' : 'open';
}

export function noticeFor(status: CaseStatus): string {
  return notices[status];
}

// A duplicate merged into a case that was later merged itself: followed three merges deep. The
// workflow only merges into a case that is not a duplicate, so a deeper chain needs a case merged
// into another three times over.
const into1 = alias(caseRecord, 'merged_into_1');
const into2 = alias(caseRecord, 'merged_into_2');
const into3 = alias(caseRecord, 'merged_into_3');
const effectiveStatus = sql<string>`coalesce(${into3.status}, ${into2.status}, ${into1.status}, ${caseRecord.status})`;

export interface RequestFilters {
  ids?: string[];
  serviceCodes?: string[];
  start?: Date;
  end?: Date;
  statuses?: ('open' | 'closed')[];
}

/** Values given as a repeated parameter, comma-delimited, or both; empty ones dropped. */
function listOf(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = (Array.isArray(value) ? value : [value])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

const W3C = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * A W3C date-time (https://www.w3.org/TR/NOTE-datetime) with its zone, or a date (midnight in the
 * city). A "+" left unescaped in a query string arrives as a space: taken back as "+".
 */
export function parseW3c(name: string, raw: string | undefined, offsetMinutes: number): Date | undefined {
  if (!raw) return undefined;
  const text = raw.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  const m = W3C.exec(text);
  const bad = () =>
    open311Errors.bad(`${name} must be a W3C date-time such as 2026-09-01T00:00:00+08:00.`, `${name} 须为 W3C 日期时间格式，如 2026-09-01T00:00:00+08:00。`);
  if (!m) throw bad();
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone] = m;
  const offset =
    zone === undefined ? offsetMinutes : zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), Math.round(Number(`0${frac}`) * 1000));
  const check = new Date(utc);
  // Date.UTC rolls 31 February over into March: a date that does not exist is refused.
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) throw bad();
  return new Date(utc - offset * 60_000);
}

/** The query of GET requests, read as the specification describes it. */
export function filtersOf(query: Record<string, unknown>, offsetMinutes: number): RequestFilters {
  const ids = listOf(query.service_request_id);
  if (ids && ids.length > MAX_RESULTS) {
    throw open311Errors.bad(`At most ${MAX_RESULTS} service_request_id values at once.`, `一次最多查询 ${MAX_RESULTS} 个 service_request_id。`);
  }
  const statuses = listOf(query.status);
  if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw open311Errors.bad('status must be open or closed.', 'status 须为 open 或 closed。');
  const one = (name: string) => {
    const v = query[name];
    if (Array.isArray(v)) throw open311Errors.bad(`${name} was given more than once.`, `${name} 重复提交。`);
    return typeof v === 'string' ? v : undefined;
  };
  return {
    ...(ids ? { ids } : {}),
    ...(listOf(query.service_code) ? { serviceCodes: listOf(query.service_code) } : {}),
    ...(statuses ? { statuses: statuses as ('open' | 'closed')[] } : {}),
    start: parseW3c('start_date', one('start_date'), offsetMinutes),
    end: parseW3c('end_date', one('end_date'), offsetMinutes),
  };
}

/** GET requests: the filters as GeoReport v2 reads them. service_request_id overrides every other filter. */
export async function findRequests(ctx: AppContext, j: Jurisdiction, f: RequestFilters) {
  let where: SQL | undefined;
  if (f.ids) {
    where = inArray(caseRecord.number, f.ids);
  } else {
    const { start, end } = dateRange(ctx.now(), f.start, f.end);
    const wanted = new Set(f.statuses ?? []);
    // Both, or neither: every status.
    const status = wanted.size === 1 ? (wanted.has('closed') ? inArray : notInArray)(effectiveStatus, [...finalStatuses]) : undefined;
    where = and(
      gte(caseRecord.createdAt, start),
      lte(caseRecord.createdAt, end),
      f.serviceCodes ? inArray(caseRecord.matterCode, f.serviceCodes) : undefined,
      status,
    );
  }
  return present(ctx, j, where);
}

export async function findRequest(ctx: AppContext, j: Jurisdiction, id: string) {
  const [found] = await present(ctx, j, eq(caseRecord.number, id));
  if (!found) throw open311Errors.notFound('service_request_id was not found.', '未找到该 service_request_id。');
  return found;
}

/** GET tokens/{token}: the request a token stands for. */
export async function findToken(ctx: AppContext, j: Jurisdiction, token: string) {
  const [row] = await ctx.db
    .select({ number: caseRecord.number })
    .from(caseRecord)
    .where(and(eq(caseRecord.publicToken, token), eq(caseRecord.source, 'public'), eq(caseRecord.cityCode, j.code)));
  if (!row) throw open311Errors.notFound('token was not found.', '未找到该 token。');
  return { service_request_id: row.number, token };
}

/**
 * The window GET requests searches: the last 90 days by default; from start_date or up to end_date,
 * 90 days on the other side; with both, no more than 90 days apart.
 */
export function dateRange(now: Date, start?: Date, end?: Date): { start: Date; end: Date } {
  const span = MAX_DAYS * DAY_MS;
  if (start && end) {
    const problem = rangeProblem(start, end);
    if (problem) throw problem;
    return { start, end };
  }
  if (start) return { start, end: new Date(start.getTime() + span) };
  if (end) return { start: new Date(end.getTime() - span), end };
  return { start: new Date(now.getTime() - span), end: now };
}

function rangeProblem(start: Date, end: Date): Open311Error | undefined {
  if (end.getTime() < start.getTime()) return open311Errors.bad('end_date is before start_date.', 'end_date 早于 start_date。');
  if (end.getTime() - start.getTime() > MAX_DAYS * DAY_MS) {
    return open311Errors.bad(`start_date and end_date may not span more than ${MAX_DAYS} days.`, `start_date 与 end_date 相隔不得超过 ${MAX_DAYS} 天。`);
  }
  return undefined;
}

/** The published requests matching `where`, newest first, at most 1,000, as GeoReport v2 fields. */
async function present(ctx: AppContext, j: Jurisdiction, where: SQL | undefined) {
  const rows = await ctx.db
    .select({
      c: caseRecord,
      into1: {
        id: into1.id,
        status: into1.status,
        updatedAt: into1.updatedAt,
        closedAt: into1.closedAt,
        dueAt: into1.dueAt,
        handleDueAt: into1.handleDueAt,
        leadUnitId: into1.leadUnitId,
      },
      into2: {
        id: into2.id,
        status: into2.status,
        updatedAt: into2.updatedAt,
        closedAt: into2.closedAt,
        dueAt: into2.dueAt,
        handleDueAt: into2.handleDueAt,
        leadUnitId: into2.leadUnitId,
      },
      into3: {
        id: into3.id,
        status: into3.status,
        updatedAt: into3.updatedAt,
        closedAt: into3.closedAt,
        dueAt: into3.dueAt,
        handleDueAt: into3.handleDueAt,
        leadUnitId: into3.leadUnitId,
      },
      serviceName: matter.name,
      mediaUrl: open311Request.mediaUrl,
    })
    .from(caseRecord)
    .leftJoin(into1, eq(into1.id, caseRecord.duplicateOf))
    .leftJoin(into2, eq(into2.id, into1.duplicateOf))
    .leftJoin(into3, eq(into3.id, into2.duplicateOf))
    .leftJoin(matter, and(eq(matter.listId, caseRecord.matterListId), eq(matter.code, caseRecord.matterCode)))
    .leftJoin(open311Request, eq(open311Request.caseId, caseRecord.id))
    .where(and(eq(caseRecord.source, 'public'), eq(caseRecord.cityCode, j.code), where))
    .orderBy(desc(caseRecord.createdAt), desc(caseRecord.serial))
    .limit(MAX_RESULTS);
  if (rows.length === 0) return [];

  // Each row spread last (ARCHITECTURE, "Spread last"): up to a thousand of them.
  const resolved = rows.map((r) => ({ root: r.into3 ?? r.into2 ?? r.into1 ?? r.c, ...r }));
  const caseIds = [...new Set(resolved.flatMap((r) => [r.c.id, r.root.id]))];
  const unitIds = [...new Set(resolved.map((r) => r.root.leadUnitId).filter((id): id is string => id !== null))];
  const communities = [...new Set(resolved.filter((r) => !r.c.address).map((r) => r.c.divisionCode))];
  const [notes, units, places] = await Promise.all([
    // The latest opinion a centre or unit marked as public, per case.
    ctx.db
      .selectDistinctOn([caseStep.caseId], { caseId: caseStep.caseId, opinion: caseStep.opinion, at: caseStep.finishedAt })
      .from(caseStep)
      .where(and(inArray(caseStep.caseId, caseIds), eq(caseStep.publicNote, true), sql`${caseStep.opinion} <> ''`))
      .orderBy(caseStep.caseId, desc(caseStep.finishedAt)),
    unitIds.length ? ctx.db.select({ id: department.id, name: department.name }).from(department).where(inArray(department.id, unitIds)) : [],
    findDivisions(ctx.db, [...new Set(communities.flatMap((c) => [...ancestorCodes(c).slice(2), c]))]),
  ]);
  const noteOf = new Map(notes.map((n) => [n.caseId, n]));
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const placeName = new Map(places.map((p) => [p.code, p.name]));

  return resolved.map(({ c, root, serviceName, mediaUrl }) => {
    const status = root.status as CaseStatus;
    const closed = openOrClosed(status) === 'closed';
    // Its own note (a merge says where it went) unless the case it joined has said something since.
    const own = noteOf.get(c.id);
    const joined = root.id === c.id ? undefined : noteOf.get(root.id);
    const note = joined && (!own || joined.at > own.at) ? joined : own;
    const updated = closed ? (root.closedAt ?? root.updatedAt) : new Date(Math.max(root.updatedAt.getTime(), c.updatedAt.getTime()));
    const address = c.address || [...ancestorCodes(c.divisionCode).slice(2), c.divisionCode].map((code) => placeName.get(code) ?? '').join('');
    return {
      service_request_id: c.number,
      status: closed ? 'closed' : 'open',
      status_notes: note?.opinion ?? null,
      service_name: serviceName ?? null,
      service_code: c.matterCode,
      description: c.description,
      agency_responsible: root.leadUnitId ? (unitName.get(root.leadUnitId) ?? null) : null,
      service_notice: noticeFor(status),
      requested_datetime: w3c(c.createdAt, j.offsetMinutes),
      updated_datetime: w3c(updated, j.offsetMinutes),
      expected_datetime: closed ? null : w3c(root.handleDueAt ?? root.dueAt, j.offsetMinutes),
      address,
      address_id: null,
      zipcode: null,
      lat: c.lat,
      long: c.lon,
      media_url: mediaUrl ?? null,
    };
  });
}
