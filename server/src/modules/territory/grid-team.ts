// Art. 8: every grid has a grid leader, a grid instructor and grid workers, each assigned for a period.
// An assignment also puts the grid into the person's jurisdiction (user_grid), and ending the last
// one takes it out again. When an approved change retires a grid, its team ends there and goes on
// serving the grids that replace it (the pieces of a split, the grid a merge makes) until a centre
// assigns otherwise, so no one loses their grids and no new grid starts without a team.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import { ErrorSchema, Strict, standardErrors } from '../../lib/http.js';
import { type Actor, visibleGridsWhere, visibleUsersWhere } from '../access/access.js';
import { appUser, userGrid } from '../access/access.tables.js';
import { actorOf } from '../access/authenticate.js';
import { type AuditContext, auditContextOf, recordAudit } from '../audit/audit.js';
import { GridCodeParam } from './grid.schemas.js';
import { grid, gridMember } from './grid.tables.js';

const TEAM_ROLES = ['gridLeader', 'gridInstructor', 'gridWorker'] as const;

const AssignBody = Strict({ userId: Type.String({ format: 'uuid' }) });
const MemberParams = Strict({ code: GridCodeParam.properties.code, memberId: Type.String({ format: 'uuid' }) });
const Member = Type.Object(
  { id: Type.String(), gridCode: Type.String(), userId: Type.String(), role: Type.String(), validFrom: Type.String({ format: 'date-time' }) },
  { title: 'GridMember' },
);

async function currentVisibleGrid(ctx: AppContext, actor: Actor, code: string) {
  const [row] = await ctx.db
    .select({ code: grid.code, communityCode: grid.communityCode })
    .from(grid)
    .where(and(eq(grid.code, code), isNull(grid.validTo), visibleGridsWhere(actor, grid.code, grid.communityCode)));
  if (!row) throw errors.notFound('grid');
  return row;
}

export async function assignMember(ctx: AppContext, audit: AuditContext, actor: Actor, code: string, userId: string) {
  const g = await currentVisibleGrid(ctx, actor, code);
  const [user] = await ctx.db
    .select({ id: appUser.id, role: appUser.role, divisionCode: appUser.divisionCode, disabled: appUser.disabled })
    .from(appUser)
    .where(and(eq(appUser.id, userId), visibleUsersWhere(actor)));
  if (!user) throw errors.validation('body.userId', 'No such account in your jurisdiction.', '您的管辖范围内没有该账号。');
  if (!(TEAM_ROLES as readonly string[]).includes(user.role)) {
    throw errors.validation('body.userId', 'Only grid leaders, instructors and workers join a grid team.', '只有网格长、网格指导员和网格员可以加入网格团队。');
  }
  if (user.disabled) throw errors.validation('body.userId', 'This account is disabled.', '该账号已停用。');
  if (user.divisionCode !== g.communityCode) {
    throw errors.validation('body.userId', "The account belongs to another community than the grid's.", '该账号所属村（社区）与网格不一致。');
  }
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: gridMember.id })
      .from(gridMember)
      .where(and(eq(gridMember.gridCode, code), eq(gridMember.userId, userId), isNull(gridMember.validTo)));
    if (existing) throw errors.conflict('body.userId', 'This person already serves on this grid.', '此人已在该网格团队中。');
    const [row] = await tx.insert(gridMember).values({ gridCode: code, userId, role: user.role, validFrom: now }).returning();
    await tx.insert(userGrid).values({ userId, gridCode: code }).onConflictDoNothing();
    await recordAudit(tx, audit, { action: 'grid.team.assign', targetType: 'grid', targetId: code, divisionCode: g.communityCode, fields: ['userId', 'role'] });
    if (!row) throw errors.internal();
    return { id: row.id, gridCode: row.gridCode, userId: row.userId, role: row.role, validFrom: row.validFrom.toISOString() };
  });
}

export async function endMember(ctx: AppContext, audit: AuditContext, actor: Actor, code: string, memberId: string): Promise<void> {
  const g = await currentVisibleGrid(ctx, actor, code);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(gridMember)
      .set({ validTo: ctx.now() })
      .where(and(eq(gridMember.id, memberId), eq(gridMember.gridCode, code), isNull(gridMember.validTo)))
      .returning();
    if (!row) throw errors.notFound('grid team member');
    await tx.delete(userGrid).where(and(eq(userGrid.userId, row.userId), eq(userGrid.gridCode, code)));
    await recordAudit(tx, audit, { action: 'grid.team.end', targetType: 'grid', targetId: code, divisionCode: g.communityCode, fields: ['validTo'] });
  });
}

/**
 * Inside an approval's transaction: ends the teams of the retired grids, and everyone who served on
 * or held one of them (a team assignment, or a grid in their jurisdiction) goes on to every grid of
 * `to`, with the grid role their account holds now; disabled accounts are not carried. One audit row
 * per receiving grid. Returns how many team assignments were carried over.
 */
export async function handOverTeams(tx: Tx, audit: AuditContext, communityCode: string, retired: string[], to: string[], now: Date): Promise<number> {
  if (retired.length === 0) return 0;
  const ended = await tx
    .update(gridMember)
    .set({ validTo: now })
    .where(and(inArray(gridMember.gridCode, retired), isNull(gridMember.validTo)))
    .returning({ userId: gridMember.userId });
  const held = await tx.delete(userGrid).where(inArray(userGrid.gridCode, retired)).returning({ userId: userGrid.userId });
  const ids = [...new Set([...ended, ...held].map((r) => r.userId))];
  if (ids.length === 0 || to.length === 0) return 0;
  const people = await tx
    .select({ id: appUser.id, role: appUser.role })
    .from(appUser)
    .where(and(inArray(appUser.id, ids), eq(appUser.disabled, false)));
  const members = new Set(ended.map((m) => m.userId));
  const team = people.filter((p) => members.has(p.id) && (TEAM_ROLES as readonly string[]).includes(p.role));
  const memberRows = to.flatMap((gridCode) => team.map((p) => ({ gridCode, userId: p.id, role: p.role, validFrom: now })));
  if (memberRows.length > 0) await tx.insert(gridMember).values(memberRows);
  const holdings = to.flatMap((gridCode) => people.map((p) => ({ userId: p.id, gridCode })));
  if (holdings.length > 0) await tx.insert(userGrid).values(holdings).onConflictDoNothing();
  for (const code of to) {
    await recordAudit(tx, audit, {
      action: 'grid.team.handover',
      targetType: 'grid',
      targetId: code,
      divisionCode: communityCode,
      detail: `from ${retired.join(' ')}: ${team.length} team members, ${people.length} people holding the area`,
    });
  }
  return memberRows.length;
}

export function gridTeamRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['grids'];
  const config = { permission: 'grid.team' as const };
  r.post('/api/grids/:code/team', {
    config,
    schema: {
      tags,
      summary: "Assign a grid leader, instructor or worker (the account's role) to a grid",
      params: GridCodeParam,
      body: AssignBody,
      response: { 201: Member, ...standardErrors, 409: ErrorSchema },
    },
    handler: async (req, reply) => reply.code(201).send(await assignMember(ctx, auditContextOf(req), actorOf(req), req.params.code, req.body.userId)),
  });
  r.delete('/api/grids/:code/team/:memberId', {
    config,
    schema: { tags, summary: 'End an assignment', params: MemberParams, response: { 204: Type.Null(), ...standardErrors } },
    handler: async (req, reply) => {
      await endMember(ctx, auditContextOf(req), actorOf(req), req.params.code, req.params.memberId);
      return reply.code(204).send(null);
    },
  });
}
