// The case workflow (DOMAIN.md §2) as data: which action moves a case from which states to which,
// and which clock each state runs. Pure: the service asks here, the tests test here.
//
// report ─▶ reported ─accept─▶ accepted ─register─▶ registered ─dispatch─▶ dispatched ─claim─▶ handling
// reported ─reject─▶ cancelled; reported | accepted | registered ─selfResolve─▶ closed
// handling ─feedback─▶ verifying ─verifyPass─▶ closed ─archive─▶ archived; verifyFail ─▶ handling (rework)
// handling ─(approved suspension)─▶ suspended ─resume─▶ handling
// any open state ─cancel─▶ cancelled; escalate, reclassify, supervise, merge leave the state alone
// (reclassify may re-dispatch).
import { HOUR_MS, type Unit, type WorkingCalendar } from '../../lib/working-time.js';
import type { CaseStatus } from './case.tables.js';
import type { StepLimit, StepLimits, TimedStep } from './routing.tables.js';

export const openStatuses: readonly CaseStatus[] = ['reported', 'accepted', 'registered', 'dispatched', 'handling', 'suspended', 'verifying'];
export const finalStatuses: readonly CaseStatus[] = ['closed', 'archived', 'cancelled'];

export const caseActions = [
  'report',
  'accept',
  'reject',
  'register',
  'dispatch',
  'claim',
  'feedback',
  'verifyPass',
  'verifyFail',
  'requestReturn',
  'requestExtension',
  'requestSuspension',
  'approveReturn',
  'rejectReturn',
  'approveExtension',
  'rejectExtension',
  'approveSuspension',
  'rejectSuspension',
  'resume',
  'escalate',
  'cancel',
  'reclassify',
  'selfResolve',
  'archive',
  'merge',
  'reassign',
  'supervise',
] as const;
export type CaseAction = (typeof caseActions)[number];

/** From which states an action may be taken. The target state is the service's to set. */
export const allowedFrom: Record<Exclude<CaseAction, 'report' | 'supervise'>, readonly CaseStatus[]> = {
  accept: ['reported'],
  reject: ['reported'],
  register: ['accepted'],
  dispatch: ['registered'],
  claim: ['dispatched', 'handling'],
  feedback: ['handling'],
  verifyPass: ['verifying'],
  verifyFail: ['verifying'],
  requestReturn: ['dispatched', 'handling'],
  requestExtension: ['handling'],
  requestSuspension: ['handling'],
  approveReturn: ['dispatched', 'handling'],
  rejectReturn: ['dispatched', 'handling'],
  approveExtension: ['handling'],
  rejectExtension: ['handling', 'suspended', 'verifying', 'dispatched'],
  approveSuspension: ['handling'],
  rejectSuspension: ['handling', 'verifying', 'dispatched'],
  resume: ['suspended'],
  escalate: ['reported', 'accepted', 'registered', 'dispatched', 'handling'],
  cancel: openStatuses,
  reclassify: ['registered', 'dispatched', 'handling'],
  selfResolve: ['reported', 'accepted', 'registered'],
  archive: ['closed'],
  merge: ['reported', 'accepted', 'registered'],
  reassign: ['dispatched', 'handling', 'suspended'],
};

export function mayTake(action: keyof typeof allowedFrom, status: CaseStatus): boolean {
  return allowedFrom[action].includes(status);
}

/** Which timed step's clock runs in a state; none in the final states and while suspended. */
export function clockOf(status: CaseStatus): TimedStep | null {
  switch (status) {
    case 'reported':
      return 'accept';
    case 'accepted':
    case 'registered':
      return 'dispatch';
    case 'dispatched':
      return 'claim';
    case 'handling':
      return 'handle';
    case 'verifying':
      return 'verify';
    default:
      return null;
  }
}

/**
 * Limits before a case has a routing rule: accept within half a working day (DOMAIN.md §2), and as
 * long again to dispatch. Once dispatched the rule's limits, copied onto the case, apply.
 */
export const defaultLimits: StepLimits = {
  accept: { amount: 0.5, unit: 'workingDays' },
  dispatch: { amount: 0.5, unit: 'workingDays' },
  claim: { amount: 4, unit: 'workingHours' },
  handle: { amount: 3, unit: 'workingDays' },
  verify: { amount: 1, unit: 'workingDays' },
};

/**
 * The limit a step runs on. An urgent safety matter counts natural hours, 24/7 (DOMAIN.md §2): a
 * limit written in working hours is taken as that many natural hours, a working day as 24 hours.
 */
export function effectiveLimit(limit: StepLimit, urgent: boolean): { amount: number; unit: Unit } {
  if (!urgent || limit.unit === 'naturalHours') return limit;
  return { amount: limit.unit === 'workingDays' ? limit.amount * 24 : limit.amount, unit: 'naturalHours' };
}

export type Light = 'green' | 'yellow' | 'red' | 'none';

/**
 * The deadline light of a running step at `now`: red past due, yellow within `remindHours` of it
 * (working hours, or natural hours for a natural-hours limit; at half the limit when that is
 * shorter), green otherwise; none when no clock runs.
 */
export function deadlineLight(
  cal: WorkingCalendar,
  step: { startedAt: number; dueAt: number | null; unit: Unit | null },
  now: number,
  remindHours: number,
): Light {
  if (step.dueAt === null || step.unit === null) return 'none';
  if (now >= step.dueAt) return 'red';
  const natural = step.unit === 'naturalHours';
  const clock = (t: number) => (natural ? t : cal.workingClock(t));
  const limit = Math.max(0, clock(step.dueAt) - clock(step.startedAt));
  const left = clock(step.dueAt) - clock(now);
  return left <= Math.min(remindHours * HOUR_MS, limit / 2) ? 'yellow' : 'green';
}

/** The step key that names one run of a step's clock: the timers of the run carry it. */
export function stepKey(step: TimedStep, version: number): string {
  return `${step}#${version}`;
}
