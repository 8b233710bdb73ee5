// Department grants (base_grant): a department reads no base information until a centre opens a
// registry of a division to its unit (and so to the units below it), with a stated reason, until it
// expires or is revoked. The city centre grants for the city, a district centre inside its district;
// every grant and revocation is audited. base-access.ts reads the grants in its WHERE clause.
import { and, count, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import type { PageParams } from '../../lib/http.js';
import { type Actor, requirePermission, visibleDepartmentsWhere, withinDivision } from '../access/access.js';
import { appUser, department } from '../access/access.tables.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { division } from '../territory/territory.tables.js';
import type { BaseRegistry } from './base-access.js';
import { baseGrant } from './base.tables.js';

export interface GrantBody {
  unitId: string;
  registry: BaseRegistry;
  divisionCode: string;
  reason: string;
  expiresAt?: string | null;
}

const granter = alias(appUser, 'granter');
const columns = {
  g: baseGrant,
  unitName: department.name,
  divisionName: division.name,
  grantedByName: granter.displayName,
};
interface Joined {
  g: typeof baseGrant.$inferSelect;
  unitName: string;
  divisionName: string;
  grantedByName: string;
}

function present(j: Joined, now: Date) {
  const g = j.g;
  return {
    id: g.id,
    unitId: g.unitId,
    unitName: j.unitName,
    registry: g.registry,
    divisionCode: g.divisionCode,
    divisionName: j.divisionName,
    reason: g.reason,
    grantedByName: j.grantedByName,
    grantedAt: g.grantedAt.toISOString(),
    expiresAt: g.expiresAt?.toISOString() ?? null,
    revokedAt: g.revokedAt?.toISOString() ?? null,
    active: g.revokedAt === null && (g.expiresAt === null || g.expiresAt > now),
  };
}

function selectGrants(db: Executor) {
  return db
    .select(columns)
    .from(baseGrant)
    .innerJoin(department, eq(department.id, baseGrant.unitId))
    .innerJoin(division, eq(division.code, baseGrant.divisionCode))
    .innerJoin(granter, eq(granter.id, baseGrant.grantedBy));
}

export async function createGrant(ctx: AppContext, audit: AuditContext, actor: Actor, body: GrantBody) {
  requirePermission(actor, 'base.grant');
  const now = ctx.now();
  const reason = body.reason.trim();
  if (reason.length < 4)
    throw errors.validation('body.reason', 'State why the unit needs the registry (at least 4 characters).', '请说明授权事由（至少 4 个字）。');
  let expiresAt: Date | null = null;
  if (body.expiresAt) {
    expiresAt = new Date(body.expiresAt);
    if (Number.isNaN(expiresAt.getTime()) || expiresAt <= now)
      throw errors.validation('body.expiresAt', 'Must be a time in the future.', '到期时间须晚于当前时间。');
  }
  const id = await ctx.db.transaction(async (tx) => {
    // The division: one that exists, inside the granter's jurisdiction.
    const [div] = await tx
      .select({ code: division.code, prefix: division.prefix })
      .from(division)
      .where(and(eq(division.code, body.divisionCode), withinDivision(actor, division.code)))
      .limit(1);
    if (!div) throw errors.validation('body.divisionCode', 'No such division in your jurisdiction.', '该区划不存在或不在您的管辖范围内。');
    const [unit] = await tx
      .select({ id: department.id })
      .from(department)
      .where(and(eq(department.id, body.unitId), eq(department.disabled, false), visibleDepartmentsWhere(actor)))
      .limit(1);
    if (!unit)
      throw errors.validation('body.unitId', 'No such handling unit you can see, or it is disabled.', '该承办单位不存在、已停用或不在您的可见范围内。');
    const [created] = await tx
      .insert(baseGrant)
      .values({
        unitId: unit.id,
        registry: body.registry,
        divisionCode: div.code,
        divisionPrefix: div.prefix,
        reason,
        grantedBy: actor.userId,
        expiresAt,
      })
      .returning({ id: baseGrant.id });
    const grantId = (created as { id: string }).id;
    await recordAudit(tx, audit, { action: 'base.grant.create', targetType: 'baseGrant', targetId: grantId, divisionCode: div.code, fields: [body.registry] });
    return grantId;
  });
  const [row] = await selectGrants(ctx.db).where(eq(baseGrant.id, id));
  return present(row as Joined, now);
}

export interface GrantQuery {
  unitId?: string;
  registry?: string;
  active?: boolean;
}

/** The grants of divisions inside the reader's jurisdiction, newest first. */
export async function listGrants(ctx: AppContext, actor: Actor, query: GrantQuery, page: PageParams) {
  requirePermission(actor, 'base.grant');
  const now = ctx.now();
  const active = and(isNull(baseGrant.revokedAt), or(isNull(baseGrant.expiresAt), gt(baseGrant.expiresAt, now)));
  const where = and(
    withinDivision(actor, baseGrant.divisionCode),
    query.unitId ? eq(baseGrant.unitId, query.unitId) : undefined,
    query.registry ? eq(baseGrant.registry, query.registry) : undefined,
    query.active === undefined ? undefined : query.active ? active : sql`not (${active})`,
  );
  const [rows, [total]] = await Promise.all([
    selectGrants(ctx.db).where(where).orderBy(desc(baseGrant.grantedAt), desc(baseGrant.id)).limit(page.pageSize).offset(page.offset),
    ctx.db.select({ n: count() }).from(baseGrant).where(where),
  ]);
  return { items: rows.map((r) => present(r, now)), total: total?.n ?? 0, page: page.page, pageSize: page.pageSize };
}

/** Revokes a grant inside the revoker's jurisdiction: from now on its unit finds nothing through it. */
export async function revokeGrant(ctx: AppContext, audit: AuditContext, actor: Actor, id: string) {
  requirePermission(actor, 'base.grant');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const [g] = await tx
      .select()
      .from(baseGrant)
      .where(and(eq(baseGrant.id, id), withinDivision(actor, baseGrant.divisionCode)))
      .limit(1)
      .for('update');
    if (!g) throw errors.notFound('grant');
    if (g.revokedAt !== null) throw errors.conflict('params.id', 'The grant is already revoked.', '该授权已撤销。');
    await tx.update(baseGrant).set({ revokedAt: now }).where(eq(baseGrant.id, id));
    await recordAudit(tx, audit, { action: 'base.grant.revoke', targetType: 'baseGrant', targetId: id, divisionCode: g.divisionCode, fields: [g.registry] });
  });
  const [row] = await selectGrants(ctx.db).where(eq(baseGrant.id, id));
  return present(row as Joined, now);
}
