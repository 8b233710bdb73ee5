// The work calendar of the actor's city: reading it, the city centre's changes (a year's schedule
// from the form or a file, the working hours), and due-time previews. Every change runs in one
// transaction that locks the calendar row, bumps its version and appends the audit row.
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import { HOUR_MS, type Unit, sessionProblem } from '../../lib/working-time.js';
import type { Actor } from '../access/access.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import type { CompiledCalendar } from './calendar-cache.js';
import { toMinutes } from './calendar-cache.js';
import { parseScheduleText, scheduleProblems } from './calendar-schedule.js';
import { FIRST_YEAR, LAST_YEAR } from './calendar.schemas.js';
import { type StoredSession, workCalendar, workCalendarDay, workCalendarYear } from './calendar.tables.js';
import type { ScheduleDay } from './chinese-days.js';

type Status = 'chineseDays' | 'centre' | 'none';
interface Warning {
  code: 'no_schedule';
  year: number;
  message: string;
  messageZh: string;
}

/** The city whose calendar an actor works on: the city their home division lies in. */
export function cityOf(actor: Actor): string {
  return actor.divisionCode.slice(0, 4).padEnd(12, '0');
}

export function noScheduleWarning(year: number): Warning {
  return {
    code: 'no_schedule',
    year,
    message: `No official holiday schedule is loaded for ${year}: it is counted Monday to Friday, and due times in it are provisional.`,
    messageZh: `${year} 年的节假日安排尚未导入：暂按周一至周五计算，落在该年的办理时限均为暂定。`,
  };
}

async function compiled(ctx: AppContext, actor: Actor): Promise<CompiledCalendar> {
  const cal = await ctx.calendars.get(cityOf(actor));
  if (!cal) throw errors.notFound('work calendar');
  return cal;
}

/** The current year in the calendar's zone. */
function currentYear(ctx: AppContext, cal: CompiledCalendar): number {
  return new Date(ctx.now().getTime() + cal.offsetMinutes * 60_000).getUTCFullYear();
}

function statusOf(cal: CompiledCalendar, year: number): Status {
  return cal.sources.get(year) ?? 'none';
}

export async function getCalendar(ctx: AppContext, actor: Actor) {
  const cal = await compiled(ctx, actor);
  const [row] = await ctx.db.select().from(workCalendar).where(eq(workCalendar.cityCode, cal.cityCode));
  if (!row) throw errors.notFound('work calendar');
  const loaded = await ctx.db
    .select({ year: workCalendarYear.year, loadedAt: workCalendarYear.loadedAt })
    .from(workCalendarYear)
    .where(eq(workCalendarYear.cityCode, cal.cityCode));
  const counts = await ctx.db
    .select({ year: workCalendarDay.year, kind: workCalendarDay.kind, n: count() })
    .from(workCalendarDay)
    .where(eq(workCalendarDay.cityCode, cal.cityCode))
    .groupBy(workCalendarDay.year, workCalendarDay.kind);
  const now = currentYear(ctx, cal);
  // Every loaded year, and every year from the first loaded one to next year, so a gap shows.
  const loadedYears = loaded.map((y) => y.year);
  const from = Math.min(now, ...loadedYears);
  const to = Math.min(LAST_YEAR, Math.max(now + 1, ...loadedYears));
  const years = [];
  for (let year = from; year <= to; year++) {
    const n = (kind: string) => counts.find((c) => c.year === year && c.kind === kind)?.n ?? 0;
    years.push({
      year,
      status: statusOf(cal, year),
      loadedAt: loaded.find((y) => y.year === year)?.loadedAt.toISOString() ?? null,
      holidays: n('holiday'),
      makeupWorkdays: n('makeupWorkday'),
      workingDays: cal.calendar.workingDaysInYear(year),
    });
  }
  const sessions = row.sessions as StoredSession[];
  return {
    cityCode: cal.cityCode,
    timeZone: row.timeZone,
    sessions,
    hoursPerDay: cal.calendar.dayMs / HOUR_MS,
    years,
    // This year and next: deadlines being set now run into them.
    warnings: [now, now + 1].filter((y) => y <= LAST_YEAR && statusOf(cal, y) === 'none').map(noScheduleWarning),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function getYear(ctx: AppContext, actor: Actor, year: number) {
  const cal = await compiled(ctx, actor);
  const [loaded] = await ctx.db
    .select({ loadedAt: workCalendarYear.loadedAt })
    .from(workCalendarYear)
    .where(and(eq(workCalendarYear.cityCode, cal.cityCode), eq(workCalendarYear.year, year)));
  const days = await ctx.db
    .select({ date: workCalendarDay.date, kind: workCalendarDay.kind, name: workCalendarDay.name })
    .from(workCalendarDay)
    .where(and(eq(workCalendarDay.cityCode, cal.cityCode), eq(workCalendarDay.year, year)))
    .orderBy(asc(workCalendarDay.date));
  const status = statusOf(cal, year);
  return {
    year,
    status,
    loadedAt: loaded?.loadedAt.toISOString() ?? null,
    workingDays: cal.calendar.workingDaysInYear(year),
    days: days.map((d) => ({ date: d.date, kind: d.kind as ScheduleDay['kind'], name: d.name })),
    warning: status === 'none' ? noScheduleWarning(year) : null,
  };
}

/** Locks the city's calendar row and bumps its version (every instance recompiles). */
async function lockAndBump(tx: Tx, cityCode: string, actor: Actor, set: Partial<typeof workCalendar.$inferInsert> = {}): Promise<void> {
  const [row] = await tx.select({ v: workCalendar.version }).from(workCalendar).where(eq(workCalendar.cityCode, cityCode)).for('update');
  if (!row) throw errors.notFound('work calendar');
  await tx
    .update(workCalendar)
    .set({ ...set, version: sql`${workCalendar.version} + 1`, updatedAt: new Date(), updatedBy: actor.userId })
    .where(eq(workCalendar.cityCode, cityCode));
}

async function storeYear(ctx: AppContext, audit: AuditContext, actor: Actor, year: number, days: ScheduleDay[], how: 'form' | 'import') {
  const cityCode = cityOf(actor);
  await ctx.db.transaction(async (tx) => {
    await lockAndBump(tx, cityCode, actor);
    await tx.delete(workCalendarYear).where(and(eq(workCalendarYear.cityCode, cityCode), eq(workCalendarYear.year, year)));
    await tx.insert(workCalendarYear).values({ cityCode, year, source: 'centre', loadedBy: actor.userId, loadedAt: ctx.now() });
    if (days.length > 0) await tx.insert(workCalendarDay).values(days.map((d) => ({ cityCode, year, date: d.date, kind: d.kind, name: d.name.trim() })));
    await recordAudit(tx, audit, {
      action: how === 'form' ? 'calendar.year.replace' : 'calendar.year.import',
      targetType: 'workCalendarYear',
      targetId: `${cityCode}:${year}`,
      divisionCode: cityCode,
      fields: ['days'],
      detail: `${days.length} days`,
    });
  });
  ctx.calendars.invalidate(cityCode);
  return getYear(ctx, actor, year);
}

/** The city centre replaces a year's schedule from the form. */
export async function replaceYear(ctx: AppContext, audit: AuditContext, actor: Actor, year: number, days: ScheduleDay[]) {
  const [problem] = scheduleProblems(year, days);
  if (problem) throw errors.validation(`body.days.${problem.at}.${problem.field}`, problem.message, problem.messageZh);
  return storeYear(ctx, audit, actor, year, days, 'form');
}

const REPORTED_LINES = 20;

/** The city centre loads a year's schedule from a file; any bad line refuses the whole file. */
export async function importYear(ctx: AppContext, audit: AuditContext, actor: Actor, year: number, text: string) {
  const { days, problems } = parseScheduleText(year, text);
  if (problems.length > 0) {
    const shown = problems.slice(0, REPORTED_LINES);
    const more = problems.length - shown.length;
    throw errors.validation(
      'body.text',
      `Nothing was loaded: ${problems.length} bad line(s). ${shown.map((p) => `Line ${p.at}: ${p.message}`).join(' ')}${more > 0 ? ` … and ${more} more.` : ''}`,
      `未导入：共 ${problems.length} 行有误。${shown.map((p) => `第 ${p.at} 行：${p.messageZh}`).join('')}${more > 0 ? `……另有 ${more} 行。` : ''}`,
    );
  }
  return storeYear(ctx, audit, actor, year, days, 'import');
}

export async function updateHours(ctx: AppContext, audit: AuditContext, actor: Actor, sessions: StoredSession[]) {
  const problem = sessionProblem(sessions.map((s) => ({ start: toMinutes(s.start), end: toMinutes(s.end) })));
  if (problem) throw errors.validation(`body.sessions.${problem.index}`, problem.message, problem.messageZh);
  const cityCode = cityOf(actor);
  await ctx.db.transaction(async (tx) => {
    await lockAndBump(tx, cityCode, actor, { sessions });
    await recordAudit(tx, audit, {
      action: 'calendar.hours.update',
      targetType: 'workCalendar',
      targetId: cityCode,
      divisionCode: cityCode,
      fields: ['sessions'],
    });
  });
  ctx.calendars.invalidate(cityCode);
  return getCalendar(ctx, actor);
}

/** A due time counted on the actor's city calendar (a preview: nothing is stored). */
export async function previewDeadline(ctx: AppContext, actor: Actor, q: { start: string; amount: number; unit: Unit }) {
  const cal = await compiled(ctx, actor);
  const start = Date.parse(q.start);
  const yearOf = (ms: number) => new Date(ms + cal.offsetMinutes * 60_000).getUTCFullYear();
  if (!Number.isFinite(start) || yearOf(start) < FIRST_YEAR || yearOf(start) > LAST_YEAR) {
    throw errors.validation('query.start', `The start must lie in ${FIRST_YEAR}–${LAST_YEAR}.`, `开始时间须在 ${FIRST_YEAR}–${LAST_YEAR} 年之间。`);
  }
  let due: ReturnType<typeof cal.calendar.due>;
  try {
    due = cal.calendar.due(start, q.amount, q.unit);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw errors.validation('query.amount', `The due time would fall after ${LAST_YEAR}.`, `截止时间将超出 ${LAST_YEAR} 年。`);
  }
  const dueAt = due.dueAt ?? start;
  if (yearOf(dueAt) > LAST_YEAR) {
    throw errors.validation('query.amount', `The due time would fall after ${LAST_YEAR}.`, `截止时间将超出 ${LAST_YEAR} 年。`);
  }
  const warnings: Warning[] = [];
  if (due.provisional) for (let y = yearOf(start); y <= yearOf(dueAt); y++) if (statusOf(cal, y) === 'none') warnings.push(noScheduleWarning(y));
  return { start: new Date(start).toISOString(), amount: q.amount, unit: q.unit, dueAt: new Date(dueAt).toISOString(), provisional: due.provisional, warnings };
}
