// Reading the trail: events inside the auditor's jurisdiction, paged by cursor in either direction.
import { and, asc, desc, eq, gt, gte, isNull, lt, or } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { errors } from '../../lib/errors.js';
import { type Actor, withinDivision } from '../access/access.js';
import { appUser } from '../access/access.tables.js';
import { auditEvent } from './audit.tables.js';

export interface AuditQuery {
  after?: number;
  order?: 'asc' | 'desc' | string;
  limit?: number;
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

/** A date-time the schema let through as ISO text; ajv accepts leap seconds (…T23:59:60Z) that Date does not. */
function instant(field: 'from' | 'to', value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw errors.validation(`query.${field}`, `query.${field} is not a valid instant.`, `字段 query.${field} 不是有效的时间。`);
  return new Date(ms).toISOString();
}

export async function listAuditEvents(ctx: AppContext, actor: Actor, q: AuditQuery) {
  const limit = q.limit ?? 50;
  const newestFirst = q.order === 'desc';
  const cursor = q.after === undefined ? undefined : newestFirst ? lt(auditEvent.seq, q.after) : gt(auditEvent.seq, q.after);
  const rows = await ctx.db
    .select({ event: auditEvent, actorUsername: appUser.username })
    .from(auditEvent)
    .leftJoin(appUser, eq(appUser.id, auditEvent.actorId))
    .where(
      and(
        cursor,
        // Events tied to no division (a sign-in attempt for an unknown user) belong to the city's auditors.
        actor.divisionPrefix.length <= 4
          ? or(withinDivision(actor, auditEvent.divisionCode), isNull(auditEvent.divisionCode))
          : withinDivision(actor, auditEvent.divisionCode),
        q.action ? eq(auditEvent.action, q.action) : undefined,
        q.actorId ? eq(auditEvent.actorId, q.actorId) : undefined,
        q.targetType ? eq(auditEvent.targetType, q.targetType) : undefined,
        q.targetId ? eq(auditEvent.targetId, q.targetId) : undefined,
        // ISO text sorts as time, so the range filter works on the hashed `at` text directly.
        q.from ? gte(auditEvent.at, instant('from', q.from)) : undefined,
        q.to ? lt(auditEvent.at, instant('to', q.to)) : undefined,
      ),
    )
    .orderBy(newestFirst ? desc(auditEvent.seq) : asc(auditEvent.seq))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: page.map(({ event, actorUsername }) => {
      const { prevHash: _p, hash: _h, ...rest } = event;
      // Spread last (ARCHITECTURE, "Spread last").
      return { actorUsername, ...rest };
    }),
    next: rows.length > limit ? (page.at(-1)?.event.seq ?? null) : null,
  };
}
