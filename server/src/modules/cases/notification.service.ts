// Notifications (issue 4 item 11): what a unit, a centre or a user is told, read by the recipient.
// The rows are written by the workflow and the sweep (notify.ts, case-sweep.ts); this module reads
// them, as a page (GET /api/notifications) and live (notification-stream.ts).
//
// Commit order. `seq` comes from an identity, taken when a row is inserted; a transaction that took
// seq 10 may commit after one that took 11, so a reader that saw 11 and moved its cursor past 10
// would never see 10. Readers therefore only go up to the *settled* bound: the end of the run of
// consecutive seqs after the cursor. A gap is waited for, unless the row after it was written more
// than SETTLE_GRACE_MS ago: then the gap is a rolled-back insert and is passed. Transactions that
// write notifications are short (milliseconds; a sweep batch well under a second), so a gap that is
// still open after that long is taken to be one that will never fill.
import { type SQL, and, asc, desc, eq, gt, inArray, lte, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Executor, queryRows } from '../../db/client.js';
import type { Actor } from '../access/access.js';
import type { Role } from '../access/roles.js';
import { notification } from './case.tables.js';
import type { NotificationKind } from './notify.js';

export const SETTLE_GRACE_MS = 10_000;
/** How many seqs past the cursor one read looks at to find the settled bound. */
const LOOKAHEAD = 5000;
const CENTRE_ROLES: ReadonlySet<Role> = new Set(['cityCentre', 'districtCentre', 'townCentre']);

/** Whom the actor reads notifications for: their unit and the units under it, their centre, themself. */
export interface Recipients {
  unitIds: ReadonlySet<string>;
  centreCode: string | null;
  userId: string;
}

export async function recipientsOf(db: Executor, actor: Actor): Promise<Recipients> {
  let unitIds: string[] = [];
  if (actor.departmentId) {
    const rows = await queryRows<{ id: string }>(
      db,
      sql`WITH RECURSIVE units(id) AS (
            SELECT id FROM department WHERE id = ${actor.departmentId}
            UNION SELECT d.id FROM department d JOIN units u ON d.parent_id = u.id)
          SELECT id FROM units`,
    );
    unitIds = rows.map((r) => r.id);
  }
  return { unitIds: new Set(unitIds), centreCode: CENTRE_ROLES.has(actor.role) ? actor.divisionCode : null, userId: actor.userId };
}

function recipientWhere(r: Recipients): SQL {
  return or(
    ...(r.unitIds.size > 0 ? [inArray(notification.recipientUnitId, [...r.unitIds])] : []),
    ...(r.centreCode ? [eq(notification.recipientCentreCode, r.centreCode)] : []),
    eq(notification.recipientUserId, r.userId),
  ) as SQL;
}

export function isFor(r: Recipients, n: NotificationRow): boolean {
  return (
    (n.recipientUnitId !== null && r.unitIds.has(n.recipientUnitId)) ||
    (n.recipientCentreCode !== null && n.recipientCentreCode === r.centreCode) ||
    n.recipientUserId === r.userId
  );
}

/**
 * The settled bound after `after`: rows (seq ascending, all > after) are taken while their seqs run
 * on without a gap, or across a gap when the row after it is older than the grace. Pure.
 */
export function settledBound(after: number, rows: readonly { seq: number; ageMs: number }[], graceMs = SETTLE_GRACE_MS): number {
  let bound = after;
  for (const r of rows) {
    if (r.seq !== bound + 1 && r.ageMs < graceMs) break;
    bound = r.seq;
  }
  return bound;
}

/** The settled bound past `after`, looking at every recipient's rows (the gaps are global). */
export async function settledAfter(db: Executor, after: number): Promise<number> {
  const rows = await db
    .select({ seq: notification.seq, ageMs: ageMs() })
    .from(notification)
    .where(gt(notification.seq, after))
    .orderBy(asc(notification.seq))
    .limit(LOOKAHEAD);
  return settledBound(after, rows);
}

/** The settled bound at the newest end: where a reader with no cursor starts. */
export async function settledNewest(db: Executor): Promise<number> {
  const tail = await db.select({ seq: notification.seq, ageMs: ageMs() }).from(notification).orderBy(desc(notification.seq)).limit(1000);
  const rows = tail.reverse();
  const first = rows[0];
  return first ? settledBound(first.seq - 1, rows) : 0;
}

const ageMs = () => sql<number>`(extract(epoch from (now() - ${notification.createdAt})) * 1000)::float8`.mapWith(Number);

export type NotificationRow = typeof notification.$inferSelect;

export function presentNotification(n: NotificationRow) {
  return {
    seq: n.seq,
    id: n.id,
    kind: n.kind as NotificationKind,
    caseId: n.caseId,
    caseNumber: n.caseNumber,
    title: n.title,
    createdAt: n.createdAt.toISOString(),
    recipient: { unitId: n.recipientUnitId, centreCode: n.recipientCentreCode, userId: n.recipientUserId },
  };
}

/** The actor's notifications in (after, bound], oldest first, at most `limit`. */
export async function notificationsBetween(db: Executor, r: Recipients, after: number, bound: number, limit: number): Promise<NotificationRow[]> {
  if (bound <= after) return [];
  return db
    .select()
    .from(notification)
    .where(and(gt(notification.seq, after), lte(notification.seq, bound), recipientWhere(r)))
    .orderBy(asc(notification.seq))
    .limit(limit);
}

export async function listNotifications(ctx: AppContext, actor: Actor, q: { after?: number; limit?: number }) {
  const limit = q.limit ?? 50;
  const r = await recipientsOf(ctx.db, actor);
  if (q.after === undefined) {
    // The newest page: the actor's last `limit` settled notifications.
    const bound = await settledNewest(ctx.db);
    const rows = await ctx.db
      .select()
      .from(notification)
      .where(and(lte(notification.seq, bound), recipientWhere(r)))
      .orderBy(desc(notification.seq))
      .limit(limit);
    return { items: rows.reverse().map(presentNotification), next: bound };
  }
  const bound = await settledAfter(ctx.db, q.after);
  const rows = await notificationsBetween(ctx.db, r, q.after, bound, limit);
  const last = rows[rows.length - 1];
  return { items: rows.map(presentNotification), next: rows.length === limit && last ? last.seq : bound };
}
