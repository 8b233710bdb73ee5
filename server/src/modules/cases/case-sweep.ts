// The timer sweep (STYLE.md: timers are rows). Due `case_timer` rows are claimed in batches with
// FOR UPDATE … SKIP LOCKED and stamped `fired_at` in the same transaction as what they do, so any
// number of server instances (and `wangge sweep`) may sweep one PostgreSQL at once and each timer
// acts exactly once. The cost of a sweep follows the due timers, not the open cases: the claim reads
// the partial index `case_timer_due_idx` (unfired timers by `fire_at`) from its start.
//
// What a timer does (DOMAIN.md §2, issue 4 item 6):
//   remind   the step turns yellow: `deadlineYellow` to the lead unit, or to the centre holding the
//            case while no unit has it. Only in working hours on the city's calendar: claimed outside
//            them, it is moved to the next working instant (stale if that is not before the due time).
//   overdue  the step is red: `case_record.overdue`, `deadlineRed` to the lead unit and the centre.
//   escalate still overdue after the escalation delay: red supervision by the system on behalf of the
//            next centre up (town → district → city), which is told (`caseEscalated`).
// The workflow deletes a step's unfired timers when the step ends (cancelCaseTimers), so an unfired
// timer belongs to the current step; a timer of a case that is closed, cancelled, archived or
// suspended is stale all the same: stamped (`fired_by` = 'stale') and nothing done.
import os from 'node:os';
import { and, asc, eq, inArray, isNull, lte, ne } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { type JobRunner, startJobRunner } from '../../lib/job-runner.js';
import type { WorkingCalendar } from '../../lib/working-time.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { workCalendar } from '../calendar/calendar.tables.js';
import { divisionLevel, parentDivisionCode } from '../territory/division-code.js';
import { type CaseStatus, caseRecord, caseSupervision, caseTimer, type TimerKind } from './case.tables.js';
import { type NotificationInput, notify } from './notify.js';

export interface SweepOptions {
  /** The sweep's clock; default ctx.now(). */
  now?: Date;
  /** Timers claimed per transaction. */
  batchSize?: number;
  /** Stop starting new batches after this long; the rest waits for the next sweep. */
  budgetMs?: number;
  /** Written to `fired_by`: which instance fired a timer. */
  instanceId?: string;
}

export interface SweepCounts {
  reminded: number;
  overdue: number;
  escalated: number;
  stale: number;
  postponed: number;
  /** Transactions that claimed at least one timer. */
  batches: number;
}

export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_BUDGET_MS = 10_000;
/** `fired_by` of a timer stamped without acting. */
export const STALE = 'stale';

/** A case in one of these has no running step clock: its timers are stale. */
const CLOCK_STOPPED: ReadonlySet<CaseStatus> = new Set(['closed', 'cancelled', 'archived', 'suspended']);
const SYSTEM: AuditContext = { actorId: null, actorRole: 'system', ip: null, divisionCode: null };

export function defaultInstanceId(): string {
  return `${os.hostname()}:${process.pid}`;
}

/** A claimed timer with what the sweep needs of its case. */
export interface ClaimedTimer {
  id: string;
  kind: TimerKind;
  caseId: string;
  status: CaseStatus;
  cityCode: string;
  divisionCode: string;
  centreCode: string;
  leadUnitId: string | null;
  /** Epoch ms; null when the case has no running due time. */
  dueAt: number | null;
  number: string;
  title: string;
}

export type TimerDecision = { act: 'fire' } | { act: 'stale' } | { act: 'postpone'; fireAt: number };

/**
 * What to do with one claimed timer at `now`: pure, so it is tested without a database. `cal` is the
 * case's city calendar (undefined when the city has none: reminders then go out at any hour, rather
 * than never).
 */
export function decide(timer: ClaimedTimer, now: number, cal: WorkingCalendar | undefined): TimerDecision {
  if (CLOCK_STOPPED.has(timer.status)) return { act: 'stale' };
  if (timer.kind !== 'remind') return { act: 'fire' };
  // A reminder after the due time is no reminder: the overdue timer speaks then (a sweep that was
  // down catches up with both).
  if (timer.dueAt !== null && now >= timer.dueAt) return { act: 'stale' };
  if (!cal) return { act: 'fire' };
  // DOMAIN.md §2: reminders go out in working hours only.
  const next = cal.nextWorkingInstant(now);
  if (next === now) return { act: 'fire' };
  if (timer.dueAt !== null && next >= timer.dueAt) return { act: 'stale' };
  return { act: 'postpone', fireAt: next };
}

/** The centre an escalation goes to: the next one up (town → district → city); the city's stays with it. */
export function escalationCentre(centreCode: string): string {
  return divisionLevel(centreCode) >= 2 ? (parentDivisionCode(centreCode) ?? centreCode) : centreCode;
}

/** The opinion on a supervision the sweep raises (shown on the case, kept for assessment). */
export const ESCALATION_OPINION = '超过处置时限仍未办结，系统自动升级为红色督办。';

/**
 * Sweeps due timers in batches (one transaction each) until none are due or the budget is spent.
 * Safe to run from several instances at once.
 */
export async function sweepTimers(ctx: AppContext, options: SweepOptions = {}): Promise<SweepCounts> {
  const now = options.now ?? ctx.now();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const instanceId = options.instanceId ?? defaultInstanceId();
  const total: SweepCounts = { reminded: 0, overdue: 0, escalated: 0, stale: 0, postponed: 0, batches: 0 };
  const started = performance.now();
  // Every city's compiled calendar, read before any transaction: on PGlite (one connection) the
  // cache could not reach the database from inside one.
  const calendars = new Map<string, WorkingCalendar | undefined>();
  for (const { cityCode } of await ctx.db.select({ cityCode: workCalendar.cityCode }).from(workCalendar)) {
    calendars.set(cityCode, (await ctx.calendars.get(cityCode))?.calendar);
  }
  for (;;) {
    const { claimed, counts } = await ctx.db.transaction((tx) => sweepBatch(tx, calendars, now, batchSize, instanceId));
    if (claimed === 0) break;
    total.batches += 1;
    total.reminded += counts.reminded;
    total.overdue += counts.overdue;
    total.escalated += counts.escalated;
    total.stale += counts.stale;
    total.postponed += counts.postponed;
    // Not `claimed < batchSize`: another instance holding some rows makes a batch short while more are due.
    if (performance.now() - started > budgetMs) break;
  }
  return total;
}

async function sweepBatch(tx: Tx, calendars: ReadonlyMap<string, WorkingCalendar | undefined>, now: Date, batchSize: number, instanceId: string) {
  const counts = { reminded: 0, overdue: 0, escalated: 0, stale: 0, postponed: 0 };
  // Both rows locked: a case that a workflow transaction holds right now is skipped (its step may be
  // ending, deleting this very timer) and taken by the next sweep, rather than waited for.
  const rows = await tx
    .select({
      id: caseTimer.id,
      kind: caseTimer.kind,
      caseId: caseTimer.caseId,
      status: caseRecord.status,
      cityCode: caseRecord.cityCode,
      divisionCode: caseRecord.divisionCode,
      centreCode: caseRecord.centreCode,
      leadUnitId: caseRecord.leadUnitId,
      dueAt: caseRecord.dueAt,
      number: caseRecord.number,
      title: caseRecord.title,
    })
    .from(caseTimer)
    .innerJoin(caseRecord, eq(caseRecord.id, caseTimer.caseId))
    .where(and(isNull(caseTimer.firedAt), lte(caseTimer.fireAt, now)))
    .orderBy(asc(caseTimer.fireAt))
    .limit(batchSize)
    .for('update', { of: [caseTimer, caseRecord], skipLocked: true });
  if (rows.length === 0) return { claimed: 0, counts };

  const timers: ClaimedTimer[] = rows.map((r) => ({
    ...r,
    kind: r.kind as TimerKind,
    status: r.status as CaseStatus,
    dueAt: r.dueAt ? r.dueAt.getTime() : null,
  }));
  const fired: ClaimedTimer[] = [];
  const stale: string[] = [];
  const postponed = new Map<number, string[]>();
  for (const t of timers) {
    const d = decide(t, now.getTime(), calendars.get(t.cityCode));
    if (d.act === 'fire') fired.push(t);
    else if (d.act === 'stale') stale.push(t.id);
    else postponed.set(d.fireAt, [...(postponed.get(d.fireAt) ?? []), t.id]);
  }

  // Stamps: fired by this instance, or stale.
  const stamp = (ids: string[], firedBy: string) => tx.update(caseTimer).set({ firedAt: now, firedBy }).where(inArray(caseTimer.id, ids));
  if (fired.length > 0)
    await stamp(
      fired.map((t) => t.id),
      instanceId,
    );
  if (stale.length > 0) await stamp(stale, STALE);
  // One UPDATE per new fire time: within a batch that is one per city calendar, usually one.
  for (const [fireAt, ids] of postponed) {
    await tx
      .update(caseTimer)
      .set({ fireAt: new Date(fireAt) })
      .where(inArray(caseTimer.id, ids));
  }

  const notes: NotificationInput[] = [];
  const about = (t: ClaimedTimer) => ({ caseId: t.caseId, caseNumber: t.number, title: t.title });
  const overdueIds: string[] = [];
  const escalated: ClaimedTimer[] = [];
  for (const t of fired) {
    switch (t.kind) {
      case 'remind':
        notes.push({ kind: 'deadlineYellow', ...about(t), to: t.leadUnitId ? { unitId: t.leadUnitId } : { centreCode: t.centreCode } });
        counts.reminded += 1;
        break;
      case 'overdue':
        overdueIds.push(t.caseId);
        if (t.leadUnitId) notes.push({ kind: 'deadlineRed', ...about(t), to: { unitId: t.leadUnitId } });
        notes.push({ kind: 'deadlineRed', ...about(t), to: { centreCode: t.centreCode } });
        counts.overdue += 1;
        break;
      case 'escalate':
        escalated.push(t);
        notes.push({ kind: 'caseEscalated', ...about(t), to: { centreCode: escalationCentre(t.centreCode) } });
        counts.escalated += 1;
        break;
    }
  }
  if (overdueIds.length > 0) {
    await tx
      .update(caseRecord)
      .set({ overdue: true })
      .where(and(inArray(caseRecord.id, overdueIds), eq(caseRecord.overdue, false)));
  }
  if (escalated.length > 0) {
    await tx.insert(caseSupervision).values(
      escalated.map((t) => ({
        caseId: t.caseId,
        divisionCode: t.divisionCode,
        level: 'red',
        centreCode: escalationCentre(t.centreCode),
        actorId: null,
        opinion: ESCALATION_OPINION,
        createdAt: now,
      })),
    );
    const caseIds = escalated.map((t) => t.caseId);
    await tx
      .update(caseRecord)
      .set({ supervision: 'red' })
      .where(and(inArray(caseRecord.id, caseIds), ne(caseRecord.supervision, 'red')));
  }
  await notify(tx, notes);
  counts.stale = stale.length;
  counts.postponed = timers.length - fired.length - stale.length;
  // One audit row per batch that changed something, not per timer: the timer rows themselves
  // (fired_at, fired_by) and the supervision rows are the detailed record.
  if (fired.length > 0) {
    await recordAudit(tx, SYSTEM, {
      action: 'case.timers.sweep',
      targetType: 'caseTimer',
      fields: [...(overdueIds.length > 0 ? ['overdue'] : []), ...(escalated.length > 0 ? ['supervision'] : [])],
      detail: `remind=${counts.reminded} overdue=${counts.overdue} escalate=${counts.escalated} stale=${counts.stale} postponed=${counts.postponed}`,
    });
  }
  return { claimed: timers.length, counts };
}

/** One line for logs and the command: counts only, never a case's content. */
export function describeSweep(c: SweepCounts): string {
  return `reminded ${c.reminded}, overdue ${c.overdue}, escalated ${c.escalated}, stale ${c.stale}, postponed ${c.postponed} (${c.batches} batch${c.batches === 1 ? '' : 'es'})`;
}

export interface SweepLog {
  debug(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * The server's sweep: every `WANGGE_SWEEP_INTERVAL_SECONDS` (0: none on this instance), one sweep
 * at a time. Counts go to the debug log; a failure to the error log as `loggableError` shapes it
 * (the query text and the database's message, never parameter values).
 */
export function startTimerSweeps(ctx: AppContext, log: SweepLog, describeError: (err: Error) => object): JobRunner | undefined {
  if (ctx.config.sweepIntervalSeconds === 0) return undefined;
  const instanceId = defaultInstanceId();
  return startJobRunner({
    intervalMs: ctx.config.sweepIntervalSeconds * 1000,
    job: async () => {
      const started = performance.now();
      const counts = await sweepTimers(ctx, { instanceId });
      log.debug({ ...counts, ms: Math.round(performance.now() - started) }, 'case timer sweep');
    },
    onError: (err) => log.error({ err: err instanceof Error ? describeError(err) : { message: String(err) } }, 'case timer sweep failed'),
  });
}
