// Scheduling a case step's timers (STYLE.md: timers are rows). When a step starts, its reminder,
// overdue marking and escalation are written as `case_timer` rows in the same transaction; when it
// ends, the unfired ones are deleted. The sweep (case-sweep.ts) fires what falls due.
import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { insertRows } from '../../db/insert-rows.js';
import { HOUR_MS, type WorkingCalendar } from '../../lib/working-time.js';
import { caseTimer, type TimerKind } from './case.tables.js';

export interface StepTimerInput {
  caseId: string;
  divisionCode: string;
  /** Names the step instance, e.g. "handle#7": a timer whose key no longer matches the case is stale. */
  stepKey: string;
  /** When the step's clock started and when it is due (epoch ms). No due time (paused): no timers. */
  startedAt: number;
  dueAt: number | null;
  /** Urgent matters count natural hours: their reminder and escalation too. */
  naturalHours: boolean;
}

export interface TimerSettings {
  remindWorkingHours: number;
  escalateWorkingHours: number;
}

/** When each timer of a step fires (epoch ms): pure, so it is tested without a database. */
export function stepTimerTimes(cal: WorkingCalendar, step: StepTimerInput, settings: TimerSettings): { kind: TimerKind; fireAt: number }[] {
  if (step.dueAt === null) return [];
  const due = step.dueAt;
  const remindMs = settings.remindWorkingHours * HOUR_MS;
  const escalateMs = settings.escalateWorkingHours * HOUR_MS;
  let remindAt: number;
  let escalateAt: number;
  if (step.naturalHours) {
    const limit = Math.max(0, due - step.startedAt);
    remindAt = due - Math.min(remindMs, limit / 2);
    escalateAt = due + escalateMs;
  } else {
    // Working time: the reminder lands inside working hours by construction.
    const limit = Math.max(0, cal.workingBetween(step.startedAt, due));
    remindAt = cal.instantAt(cal.workingClock(due) - Math.min(remindMs, limit / 2));
    escalateAt = cal.addWorking(due, escalateMs);
  }
  const out: { kind: TimerKind; fireAt: number }[] = [];
  if (remindAt > step.startedAt && remindAt < due) out.push({ kind: 'remind', fireAt: remindAt });
  out.push({ kind: 'overdue', fireAt: due }, { kind: 'escalate', fireAt: escalateAt });
  return out;
}

export type TimerRow = typeof caseTimer.$inferInsert;

/** A step's timer rows, to insert. */
export function stepTimerRows(cal: WorkingCalendar, step: StepTimerInput, settings: TimerSettings): TimerRow[] {
  return stepTimerTimes(cal, step, settings).map((t) => ({
    caseId: step.caseId,
    divisionCode: step.divisionCode,
    kind: t.kind,
    stepKey: step.stepKey,
    fireAt: new Date(t.fireAt),
  }));
}

/** Writes timer rows; one already there for the same (case, kind, step) is kept. */
export async function insertTimers(db: Executor, rows: readonly TimerRow[]): Promise<void> {
  if (rows.length === 0) return;
  await insertRows(db, caseTimer, rows, { onConflictDoNothing: true });
}

export async function scheduleStepTimers(db: Executor, cal: WorkingCalendar, step: StepTimerInput, settings: TimerSettings): Promise<void> {
  await insertTimers(db, stepTimerRows(cal, step, settings));
}

/** A step ended (or the clock paused): its timers that have not fired go. */
export async function cancelCaseTimers(db: Executor, caseId: string): Promise<void> {
  await db.delete(caseTimer).where(and(eq(caseTimer.caseId, caseId), isNull(caseTimer.firedAt)));
}
