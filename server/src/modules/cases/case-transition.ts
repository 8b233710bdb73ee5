// One transition of a case, the way every action takes it: the step row that closes the current
// step (who, unit, opinion, attachments, started, due, finished, overdue), the case row moved on
// with its version bumped (a concurrent action finds the version changed: 409), the next step's
// clock started on the city's work calendar with its timers as rows, and the audit row, all in the
// caller's transaction.
import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor, Tx } from '../../db/client.js';
import { insertRows } from '../../db/insert-rows.js';
import { errors } from '../../lib/errors.js';
import type { WorkingCalendar } from '../../lib/working-time.js';
import { type Actor, visibleAttachmentsWhere } from '../access/access.js';
import { attachment } from '../attachments/attachment.tables.js';
import { type AuditContext, type PendingAudit, recordAudit } from '../audit/audit.js';
import type { AuditAction } from '../audit/audit-actions.js';
import type { CompiledCalendar } from '../calendar/calendar-cache.js';
import { type CaseStatus, type caseAssignment, caseRecord, caseStep } from './case.tables.js';
import { type CaseRow, pausesOf, type StepInsert } from './case.store.js';
import { cancelCaseTimers, insertTimers, stepTimerRows, type TimerRow } from './case-timers.js';
import { type CaseAction, clockOf, defaultLimits, effectiveLimit, stepKey } from './case-workflow.js';
import type { NotificationInput } from './notify.js';

/**
 * The writes of a case that is not in the database yet (a report, and the automatic accept,
 * register and dispatch that follow it in the same transaction): its transitions collect their rows
 * here instead of writing them, and the changed columns in `patch`; intake then writes the case once,
 * in the state they leave it, and each table with one statement (case-intake.ts `writeNewCase`).
 * Such a case has no timers to cancel, no units to recall and no stored version to check.
 */
export interface UnwrittenCase {
  /** The columns the transitions set, in order (later ones win). */
  patch: Partial<typeof caseRecord.$inferInsert>;
  steps: StepInsert[];
  timers: TimerRow[];
  assignments: (typeof caseAssignment.$inferInsert)[];
  notifications: NotificationInput[];
  audits: PendingAudit[];
  /** Names of the handling units the rows mention (from the dispatch's check), for the case page. */
  unitNames: Map<string, string>;
}

export function unwrittenCase(): UnwrittenCase {
  return { patch: {}, steps: [], timers: [], assignments: [], notifications: [], audits: [], unitNames: new Map() };
}

export interface Transition {
  action: CaseAction;
  to: CaseStatus;
  opinion?: string;
  publicNote?: boolean;
  attachmentIds?: readonly string[];
  /** The request field the attachment ids came in, for the error. */
  attachmentField?: string;
  /** The unit the actor acts for, when they act for one. */
  unitId?: string | null;
  data?: Record<string, unknown>;
  /** Other columns the action changes (lead unit, limits, matter, centre …); the status, version and update time are the transition's. */
  patch?: Partial<typeof caseRecord.$inferInsert> & { status?: never; version?: never; updatedAt?: never };
  /**
   * Whether the current step's clock stops and the next one starts. Default: when the status
   * changes. A re-dispatch or a changed limit restarts or recounts it without a status change.
   */
  restartClock?: boolean;
  /** Recount the running clock's due time (new limit, extension, resumed after a pause) without closing the step. */
  recount?: boolean;
  /**
   * False when the step starting here also ends in this transaction (accept and register on the
   * way to automatic dispatch at intake): its due time is still counted and recorded, but it gets
   * no timers, and there are none of the step before to cancel (that step wrote none either).
   */
  timers?: boolean;
  /**
   * The case is not written yet: collect the rows here instead of writing them (see UnwrittenCase).
   * Its audit rows are then written together at the end of the transaction, so the audit chain's
   * lock, held from a transaction's first audit row to its commit, is held for the shortest time.
   */
  unwritten?: UnwrittenCase;
}

/**
 * Attachments named on a step must be ones the actor may read (their own uploads, or photos already
 * on a case they see): otherwise a step could pull someone else's evidence into a case. 400 naming the field.
 */
export async function checkAttachments(db: Executor, actor: Actor | null, ids: readonly string[] | undefined, field: string): Promise<void> {
  if (!ids || ids.length === 0) return;
  const unique = [...new Set(ids)];
  const found = actor
    ? await db
        .select({ id: attachment.id })
        .from(attachment)
        .where(and(inArray(attachment.id, unique), visibleAttachmentsWhere(actor, 'original')))
    : [];
  if (found.length !== unique.length) {
    throw errors.validation(field, 'Attach only photos and files you uploaded (POST /api/attachments).', '只能附上您本人上传的照片或文件。');
  }
}

/** The city's compiled work calendar (hours, days, time zone). Inside a transaction pass it (`db`): see CalendarCache.get. */
export async function compiledCalendarFor(ctx: AppContext, cityCode: string, db?: Executor): Promise<CompiledCalendar> {
  const compiled = await ctx.calendars.get(cityCode, db);
  if (!compiled) throw errors.validation('cityCode', 'The city has no work calendar.', '该市尚无工作日历。');
  return compiled;
}

/** The city's working-time arithmetic. Inside a transaction pass it (`db`). */
export async function calendarFor(ctx: AppContext, cityCode: string, db?: Executor): Promise<WorkingCalendar> {
  return (await compiledCalendarFor(ctx, cityCode, db)).calendar;
}

/** The due time of the clock running in `status` for case `c` (after the patch), with pauses. */
export async function dueFor(
  tx: Tx,
  cal: WorkingCalendar,
  c: Pick<CaseRow, 'id' | 'limits' | 'urgent' | 'handleStartedAt'>,
  status: CaseStatus,
  startedAt: number,
): Promise<{ dueAt: Date | null; provisional: boolean; natural: boolean }> {
  const clock = clockOf(status);
  if (!clock) return { dueAt: null, provisional: false, natural: false };
  const limit = effectiveLimit((c.limits ?? defaultLimits)[clock], c.urgent);
  const natural = limit.unit === 'naturalHours';
  try {
    if (clock === 'handle') {
      const start = c.handleStartedAt?.getTime() ?? startedAt;
      const due = cal.dueWithPauses(start, limit.amount, limit.unit, await pausesOf(tx, c.id));
      return { dueAt: due.dueAt === null ? null : new Date(due.dueAt), provisional: due.provisional, natural };
    }
    const due = cal.due(startedAt, limit.amount, limit.unit);
    return { dueAt: due.dueAt === null ? null : new Date(due.dueAt), provisional: due.provisional, natural };
  } catch (err) {
    // Past the last year the calendar holds: no due time rather than a wrong one.
    if (err instanceof RangeError) return { dueAt: null, provisional: true, natural };
    throw err;
  }
}

export async function transition(ctx: AppContext, tx: Tx, audit: AuditContext, actor: Actor | null, c: CaseRow, t: Transition): Promise<CaseRow> {
  const now = ctx.now();
  await checkAttachments(tx, actor, t.attachmentIds, t.attachmentField ?? 'body.attachmentIds');
  const cal = await calendarFor(ctx, c.cityCode, tx);
  const statusChanges = t.to !== c.status;
  // A restart closes the running step: its row reports that clock; an event inside a step is instantaneous.
  const restart = t.restartClock ?? statusChanges;
  const step: StepInsert = {
    caseId: c.id,
    divisionCode: c.divisionCode,
    action: t.action,
    fromStatus: c.status,
    toStatus: t.to,
    actorId: actor?.userId ?? null,
    unitId: t.unitId ?? null,
    opinion: t.opinion ?? '',
    publicNote: t.publicNote ?? false,
    attachmentIds: [...(t.attachmentIds ?? [])],
    data: t.data ?? {},
    startedAt: restart ? c.stepStartedAt : now,
    dueAt: restart ? c.dueAt : null,
    finishedAt: now,
    overdue: restart && c.dueAt !== null && now.getTime() > c.dueAt.getTime(),
  };
  const w = t.unwritten;
  if (w) w.steps.push(step);
  else await insertRows(tx, caseStep, [step]);

  const version = c.version + 1;
  const next = { ...c, ...t.patch, status: t.to } as CaseRow;
  // The patch spread last (keys added after a spread cost ~1.5 µs each on Node 20: ARCHITECTURE,
  // "Spread last"); its type leaves out the three columns set here.
  const set: Partial<typeof caseRecord.$inferInsert> = { status: t.to, version, updatedAt: now, ...t.patch };
  if (restart || t.recount) {
    const startedAt = restart ? now : c.stepStartedAt;
    if (restart && clockOf(t.to) === 'handle' && !t.patch?.handleStartedAt && c.status !== 'suspended') {
      next.handleStartedAt = now;
      set.handleStartedAt = now;
    }
    const due = await dueFor(tx, cal, next, t.to, startedAt.getTime());
    set.stepStartedAt = startedAt;
    set.dueAt = due.dueAt;
    set.dueProvisional = due.provisional;
    if (clockOf(t.to) === 'handle' || t.to === 'suspended') set.handleDueAt = due.dueAt;
    if (restart) set.overdue = false;
    else if (due.dueAt && due.dueAt.getTime() > now.getTime()) set.overdue = false;
    const timers = t.timers ?? true;
    if (timers && !w) await cancelCaseTimers(tx, c.id);
    const clock = clockOf(t.to);
    if (clock && timers) {
      const rows = stepTimerRows(
        cal,
        {
          caseId: c.id,
          divisionCode: c.divisionCode,
          stepKey: stepKey(clock, version),
          startedAt: startedAt.getTime(),
          dueAt: due.dueAt?.getTime() ?? null,
          naturalHours: due.natural,
        },
        ctx.config,
      );
      if (w) w.timers.push(...rows);
      else await insertTimers(tx, rows);
    }
  }
  if (t.to === 'closed') set.closedAt = now;

  const entry = {
    action: `case.${t.action}` as AuditAction,
    targetType: 'case',
    targetId: c.id,
    divisionCode: c.divisionCode,
    fields: t.patch ? Object.keys(t.patch) : undefined,
  };
  if (w) {
    Object.assign(w.patch, set);
    w.audits.push({ context: audit, entry });
    return { ...c, ...set } as CaseRow;
  }
  const [row] = await tx
    .update(caseRecord)
    .set(set)
    .where(and(eq(caseRecord.id, c.id), eq(caseRecord.version, c.version)))
    .returning();
  if (!row) throw errors.conflict('version', 'The case changed meanwhile: reload it and try again.', '事件已被他人处理，请刷新后重试。');
  await recordAudit(tx, audit, entry);
  return row;
}
