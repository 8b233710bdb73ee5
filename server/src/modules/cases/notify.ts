// Notifications are rows (case.tables.ts `notification`): written in the transaction of the step
// that causes them, streamed to the console by every server instance from the `seq` cursor.
import type { Executor } from '../../db/client.js';
import { insertRows } from '../../db/insert-rows.js';
import { notification } from './case.tables.js';

export const notificationKinds = [
  /** A case was dispatched to the unit. */
  'caseDispatched',
  /** A case's current step turned yellow (due soon) or red (overdue). */
  'deadlineYellow',
  'deadlineRed',
  /** A case was escalated to this centre, or a red deadline passed the escalation delay. */
  'caseEscalated',
  /** A new report waits on this centre's dispatch desk. */
  'caseReported',
  /** A unit's request (return, extension, suspension) awaits this centre's decision. */
  'requestPending',
  /** The centre decided a unit's request. */
  'requestDecided',
  /** The result came back: a verification task for the grid worker. */
  'verifyTask',
  /** A case was supervised (督办). */
  'caseSupervised',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export interface NotificationInput {
  kind: NotificationKind;
  caseId: string;
  caseNumber: string;
  title: string;
  /** Exactly one recipient: a unit, a centre (by its division code) or a user. */
  to: { unitId: string } | { centreCode: string } | { userId: string };
}

/** The rows of these notifications. */
export function notificationRows(items: readonly NotificationInput[]): (typeof notification.$inferInsert)[] {
  return items.map((n) => ({
    kind: n.kind,
    caseId: n.caseId,
    caseNumber: n.caseNumber,
    title: n.title,
    recipientUnitId: 'unitId' in n.to ? n.to.unitId : null,
    recipientCentreCode: 'centreCode' in n.to ? n.to.centreCode : null,
    recipientUserId: 'userId' in n.to ? n.to.userId : null,
  }));
}

export async function notify(db: Executor, items: readonly NotificationInput[]): Promise<void> {
  await insertRows(db, notification, notificationRows(items));
}
