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
import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor, Tx } from '../../db/client.js';
import { type JobRunner, startJobRunner } from '../../lib/job-runner.js';
import type { WorkingCalendar } from '../../lib/working-time.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { workCalendar } from '../calendar/calendar.tables.js';
import { divisionLevel, parentDivisionCode } from '../territory/division-code.js';
import { type CaseStatus, caseRecord, caseSupervision, caseTimer, notification, type TimerKind } from './case.tables.js';
import type { NotificationKind } from './notify.js';

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

/**
 * The claim: due, unfired timers, oldest first, with their cases. Both rows are locked, and rows
 * locked by others skipped: a case that a workflow transaction holds right now (its step may be
 * ending, deleting this very timer) is left to the next sweep rather than waited for, and another
 * instance's batch is never taken twice. Reads `case_timer_due_idx` from its start (bench/case-sweep.ts
 * prints the plan). Exported for that benchmark.
 */
export function claimDueTimers(db: Executor, now: Date, limit: number) {
  return db
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
    })
    .from(caseTimer)
    .innerJoin(caseRecord, eq(caseRecord.id, caseTimer.caseId))
    .where(and(isNull(caseTimer.firedAt), lte(caseTimer.fireAt, now)))
    .orderBy(asc(caseTimer.fireAt))
    .limit(limit)
    .for('update', { of: [caseTimer, caseRecord], skipLocked: true });
}

async function sweepBatch(tx: Tx, calendars: ReadonlyMap<string, WorkingCalendar | undefined>, now: Date, batchSize: number, instanceId: string) {
  const counts = { reminded: 0, overdue: 0, escalated: 0, stale: 0, postponed: 0 };
  const rows = await claimDueTimers(tx, now, batchSize);
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

  // Set-based from here: one statement per kind of effect, each taking its ids as one array
  // parameter, whatever the batch size.
  const stamp = (ids: string[], firedBy: string) =>
    tx.execute(sql`UPDATE ${caseTimer} SET fired_at = ${now.toISOString()}::timestamptz, fired_by = ${firedBy} WHERE id = ANY(${pgArray(ids)}::uuid[])`);
  if (fired.length > 0)
    await stamp(
      fired.map((t) => t.id),
      instanceId,
    );
  if (stale.length > 0) await stamp(stale, STALE);
  // One UPDATE per new fire time: within a batch that is one per city calendar, usually one.
  for (const [fireAt, ids] of postponed) {
    await tx.execute(sql`UPDATE ${caseTimer} SET fire_at = ${new Date(fireAt).toISOString()}::timestamptz WHERE id = ANY(${pgArray(ids)}::uuid[])`);
  }

  const notes: { kind: NotificationKind; caseId: string; unitId: string | null; centreCode: string | null }[] = [];
  const overdueIds: string[] = [];
  const escalated: ClaimedTimer[] = [];
  for (const t of fired) {
    switch (t.kind) {
      case 'remind':
        notes.push({ kind: 'deadlineYellow', caseId: t.caseId, unitId: t.leadUnitId, centreCode: t.leadUnitId ? null : t.centreCode });
        counts.reminded += 1;
        break;
      case 'overdue':
        overdueIds.push(t.caseId);
        if (t.leadUnitId) notes.push({ kind: 'deadlineRed', caseId: t.caseId, unitId: t.leadUnitId, centreCode: null });
        notes.push({ kind: 'deadlineRed', caseId: t.caseId, unitId: null, centreCode: t.centreCode });
        counts.overdue += 1;
        break;
      case 'escalate':
        escalated.push(t);
        notes.push({ kind: 'caseEscalated', caseId: t.caseId, unitId: null, centreCode: escalationCentre(t.centreCode) });
        counts.escalated += 1;
        break;
    }
  }
  if (overdueIds.length > 0) {
    await tx.execute(sql`UPDATE ${caseRecord} SET overdue = true WHERE id = ANY(${pgArray(overdueIds)}::uuid[]) AND NOT overdue`);
  }
  if (escalated.length > 0) {
    const caseIds = pgArray(escalated.map((t) => t.caseId));
    const centres = pgArray(escalated.map((t) => escalationCentre(t.centreCode)));
    await tx.execute(sql`
      INSERT INTO ${caseSupervision} (case_id, division_code, level, centre_code, actor_id, opinion, created_at)
      SELECT c.id, c.division_code, 'red', e.centre_code, NULL, ${ESCALATION_OPINION}, ${now.toISOString()}::timestamptz
      FROM unnest(${caseIds}::uuid[], ${centres}::text[]) AS e(case_id, centre_code) JOIN ${caseRecord} c ON c.id = e.case_id`);
    await tx.execute(sql`UPDATE ${caseRecord} SET supervision = 'red' WHERE id = ANY(${caseIds}::uuid[]) AND supervision <> 'red'`);
  }
  // The notifications of the whole batch in one INSERT … SELECT; number and title from the case.
  if (notes.length > 0) {
    await tx.execute(sql`
      INSERT INTO ${notification} (kind, case_id, case_number, title, recipient_unit_id, recipient_centre_code)
      SELECT n.kind, c.id, c.number, c.title, n.unit_id, n.centre_code
      FROM unnest(${pgArray(notes.map((n) => n.kind))}::text[], ${pgArray(notes.map((n) => n.caseId))}::uuid[],
                  ${pgArray(notes.map((n) => n.unitId))}::uuid[], ${pgArray(notes.map((n) => n.centreCode))}::text[])
             WITH ORDINALITY AS n(kind, case_id, unit_id, centre_code, ord)
      JOIN ${caseRecord} c ON c.id = n.case_id
      ORDER BY n.ord`);
  }
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

/**
 * A PostgreSQL array literal, sent as one text parameter and cast in the query (`::uuid[]`). Only for
 * values that need no quoting, checked here: ids, division codes, notification kinds.
 */
function pgArray(values: readonly (string | null)[]): string {
  for (const v of values) if (v !== null && !/^[0-9A-Za-z-]+$/.test(v)) throw new Error('pgArray: a value that would need quoting');
  return `{${values.map((v) => v ?? 'NULL').join(',')}}`;
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
