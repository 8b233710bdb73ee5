// The one place the case pages name and colour statuses, actions, lights, sources, requests and
// units (the words themselves are in locales/cases.*.ts), and the workflow facts the action bar needs.
import { useTranslation } from 'react-i18next';
import type { CaseLight, CaseRequestKind, CaseSource, CaseStatus, SuspensionKind } from '../../api/types';

export const statusColour: Record<CaseStatus, string> = {
  reported: 'blue',
  accepted: 'cyan',
  registered: 'geekblue',
  dispatched: 'purple',
  handling: 'processing',
  suspended: 'warning',
  verifying: 'gold',
  closed: 'success',
  archived: 'default',
  cancelled: 'default',
};

export const lightColour: Record<CaseLight, string> = { green: '#52c41a', yellow: '#faad14', red: '#f5222d', none: '#d9d9d9' };

export const supervisionColour: Record<string, string> = { normal: 'blue', yellow: 'gold', red: 'red' };

/** Every step action the server writes (case-workflow.ts `caseActions`). */
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

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** States a case is still open in (the server's `openStatuses`). */
export const openStatuses: readonly CaseStatus[] = ['reported', 'accepted', 'registered', 'dispatched', 'handling', 'suspended', 'verifying'];

/** From which states the centre's and the unit's actions may be taken (the server's `allowedFrom`, for the ones the console offers). */
export const allowedFrom = {
  accept: ['reported'],
  reject: ['reported'],
  register: ['accepted'],
  /** Accept → register → dispatch, from wherever the case stands on that road. */
  dispatchRoad: ['reported', 'accepted', 'registered'],
  claim: ['dispatched', 'handling'],
  feedback: ['handling'],
  requestReturn: ['dispatched', 'handling'],
  requestExtension: ['handling'],
  requestSuspension: ['handling'],
  resume: ['suspended'],
  escalate: ['reported', 'accepted', 'registered', 'dispatched', 'handling'],
  cancel: openStatuses,
  reclassify: ['registered', 'dispatched', 'handling'],
  merge: ['reported', 'accepted', 'registered'],
  archive: ['closed'],
  verify: ['verifying'],
} satisfies Record<string, readonly CaseStatus[]>;

export function mayTake(action: keyof typeof allowedFrom, status: CaseStatus): boolean {
  return (allowedFrom[action] as readonly CaseStatus[]).includes(status);
}

const suspensionKindList: readonly SuspensionKind[] = ['seasonal', 'engineering', 'conditionsLacking'];
const assignmentStatuses = ['dispatched', 'claimed', 'fedBack', 'returned', 'recalled'] as const;
const supervisionLevels = ['none', 'normal', 'yellow', 'red'] as const;
const requestStatuses = ['pending', 'approved', 'rejected'] as const;

/** Names in the current language; an unknown value (a newer server) shows as it came. */
export function useCaseLabels() {
  const { t } = useTranslation();
  return {
    status: (s: CaseStatus) => t(`cases.statuses.${s}`),
    action: (a: string) => (isOneOf(caseActions, a) ? t(`cases.actions.${a}`) : a),
    light: (l: CaseLight) => t(`cases.lights.${l}`),
    source: (s: CaseSource) => t(`cases.sources.${s}`),
    supervision: (s: string) => (isOneOf(supervisionLevels, s) ? t(`cases.supervision.${s}`) : s),
    requestKind: (k: CaseRequestKind) => t(`cases.requestKinds.${k}`),
    requestStatus: (s: string) => (isOneOf(requestStatuses, s) ? t(`cases.requestStatuses.${s}`) : s),
    suspensionKind: (k: string) => (isOneOf(suspensionKindList, k) ? t(`cases.suspensionKinds.${k}`) : k),
    unitRole: (r: string) => (r === 'lead' || r === 'assist' ? t(`cases.unitRoles.${r}`) : r),
    assignmentStatus: (s: string) => (isOneOf(assignmentStatuses, s) ? t(`cases.assignmentStatuses.${s}`) : s),
  };
}

export const suspensionKindOptions = suspensionKindList;

/** How long ago (or ahead) `iso` is from `now`, in days, hours and minutes of natural time. */
export function durationParts(ms: number): { days: number; hours: number; minutes: number } {
  const total = Math.max(0, Math.floor(ms / 60_000));
  return { days: Math.floor(total / 1440), hours: Math.floor((total % 1440) / 60), minutes: total % 60 };
}

export function useDuration(): (ms: number) => string {
  const { t } = useTranslation();
  return (ms) => {
    const { days, hours, minutes } = durationParts(ms);
    const parts = [];
    if (days > 0) parts.push(t('cases.days', { count: days }));
    if (hours > 0 || days > 0) parts.push(t('cases.hours', { count: hours }));
    if (days === 0) parts.push(t('cases.minutes', { count: minutes }));
    return parts.join(' ');
  };
}
