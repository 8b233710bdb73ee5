// What a handling unit asks and a centre decides: return (退回: "not ours", naming the unit that
// is), extension (延期: a later due time) and suspension (挂账: the clock stops until resumed). Also
// resuming a suspended case, and bulk reassignment when staff or grids change.
import { and, eq, inArray, isNull, like, notInArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { errors } from '../../lib/errors.js';
import { HOUR_MS } from '../../lib/working-time.js';
import type { Actor } from '../access/access.js';
import { department } from '../access/access.tables.js';
import type { AuditContext } from '../audit/audit.js';
import { type CaseStatus, caseAssignment, casePause, caseRecord, caseRequest, type suspensionReasons } from './case.tables.js';
import { activeAssignment, lockCase, pausesOf } from './case.store.js';
import { type ActionScope, requireAssignment, requireCentre, requireState } from './case-actions.js';
import { isCentre } from './case-access.js';
import { dispatchCase } from './case-dispatch.js';
import { findRoutingRule } from './case-routing.js';
import { calendarFor, transition } from './case-transition.js';
import { defaultLimits, effectiveLimit, finalStatuses, mayTake } from './case-workflow.js';
import { notify } from './notify.js';

type RequestRow = typeof caseRequest.$inferSelect;

async function openRequest(s: ActionScope, values: Omit<typeof caseRequest.$inferInsert, 'caseId' | 'requestedBy'>, kindZh: string) {
  const [row] = await s.tx
    .insert(caseRequest)
    .values({ ...values, caseId: s.c.id, requestedBy: s.actor.userId })
    .onConflictDoNothing()
    .returning();
  if (!row) throw errors.conflict('kind', `A ${values.kind} request for this case is already waiting for a decision.`, `该事件已有待审批的${kindZh}申请。`);
  await notify(s.tx, [
    { kind: 'requestPending', caseId: s.c.id, caseNumber: s.c.number, title: `${kindZh}申请待审批：${s.c.title}`, to: { centreCode: s.c.centreCode } },
  ]);
  return row;
}

/** "Not ours": names the unit that is responsible, or it is refused. */
export async function requestReturn(s: ActionScope, body: { responsibleUnitId?: string; reason: string }) {
  requireState(s.c, 'requestReturn');
  const a = await requireAssignment(s);
  if (!body.responsibleUnitId) {
    throw errors.validation('body.responsibleUnitId', 'A return must name the unit that is responsible.', '退回须写明应当负责的单位。');
  }
  if (!body.reason.trim()) throw errors.validation('body.reason', 'Give a reason.', '请填写理由。');
  const [unit] = await s.tx.select({ id: department.id }).from(department).where(eq(department.id, body.responsibleUnitId));
  if (!unit || body.responsibleUnitId === a.unitId) {
    throw errors.validation('body.responsibleUnitId', 'Name another handling unit, one that exists.', '请填写另一个存在的承办单位。');
  }
  await openRequest(s, { kind: 'return', unitId: a.unitId, reason: body.reason, responsibleUnitId: body.responsibleUnitId }, '退回');
  return transition(s.ctx, s.tx, s.audit, s.actor, s.c, {
    action: 'requestReturn',
    to: s.c.status as CaseStatus,
    unitId: a.unitId,
    opinion: body.reason,
    data: { responsibleUnitId: body.responsibleUnitId },
    restartClock: false,
  });
}

export async function requestExtension(s: ActionScope, body: { dueAt: string; reason: string }) {
  requireState(s.c, 'requestExtension');
  const a = await requireAssignment(s, 'lead');
  if (!body.reason.trim()) throw errors.validation('body.reason', 'Give a reason.', '请填写理由。');
  const due = Date.parse(body.dueAt);
  if (!Number.isFinite(due) || !s.c.dueAt || due <= s.c.dueAt.getTime()) {
    throw errors.validation('body.dueAt', 'Ask for a due time later than the current one.', '申请的办结时限须晚于当前时限。');
  }
  await openRequest(s, { kind: 'extension', unitId: a.unitId, reason: body.reason, requestedDueAt: new Date(due) }, '延期');
  return transition(s.ctx, s.tx, s.audit, s.actor, s.c, {
    action: 'requestExtension',
    to: s.c.status as CaseStatus,
    unitId: a.unitId,
    opinion: body.reason,
    data: { requestedDueAt: new Date(due).toISOString() },
    restartClock: false,
  });
}

export async function requestSuspension(s: ActionScope, body: { kind: (typeof suspensionReasons)[number]; reason: string }) {
  requireState(s.c, 'requestSuspension');
  const a = await requireAssignment(s, 'lead');
  if (!body.reason.trim()) throw errors.validation('body.reason', 'Give a reason.', '请填写理由。');
  await openRequest(s, { kind: 'suspension', unitId: a.unitId, reason: body.reason, suspensionReason: body.kind }, '挂账');
  return transition(s.ctx, s.tx, s.audit, s.actor, s.c, {
    action: 'requestSuspension',
    to: s.c.status as CaseStatus,
    unitId: a.unitId,
    opinion: body.reason,
    data: { kind: body.kind },
    restartClock: false,
  });
}

const decisionAction = {
  return: ['approveReturn', 'rejectReturn'],
  extension: ['approveExtension', 'rejectExtension'],
  suspension: ['approveSuspension', 'rejectSuspension'],
} as const;

/** A centre decides a pending request. An approved return re-dispatches to the unit named (or the one the centre picks). */
export async function decideRequest(s: ActionScope, requestId: string, body: { approve: boolean; opinion?: string; leadUnitId?: string }) {
  requireCentre(s.actor, s.c);
  const [req] = await s.tx
    .select()
    .from(caseRequest)
    .where(and(eq(caseRequest.id, requestId), eq(caseRequest.caseId, s.c.id)))
    .for('update');
  if (!req) throw errors.notFound('request');
  if (req.status !== 'pending') throw errors.conflict('status', 'This request has been decided already.', '该申请已审批。');
  const kind = req.kind as keyof typeof decisionAction;
  const action = decisionAction[kind][body.approve ? 0 : 1];
  requireState(s.c, action);
  if (!body.approve && !body.opinion?.trim()) throw errors.validation('body.opinion', 'Say why the request is refused.', '不同意的，请说明理由。');
  await s.tx
    .update(caseRequest)
    .set({ status: body.approve ? 'approved' : 'rejected', decidedBy: s.actor.userId, decidedAt: s.ctx.now(), decisionOpinion: body.opinion ?? '' })
    .where(eq(caseRequest.id, req.id));
  await notify(s.tx, [
    {
      kind: 'requestDecided',
      caseId: s.c.id,
      caseNumber: s.c.number,
      title: `${body.approve ? '已同意' : '未同意'}${{ return: '退回', extension: '延期', suspension: '挂账' }[kind]}申请：${s.c.title}`,
      to: { unitId: req.unitId },
    },
  ]);
  const data = { requestId: req.id, kind };
  if (!body.approve) {
    return transition(s.ctx, s.tx, s.audit, s.actor, s.c, { action, to: s.c.status as CaseStatus, opinion: body.opinion, data, restartClock: false });
  }
  switch (kind) {
    case 'return':
      return approveReturn(s, req, body, data);
    case 'extension':
      return approveExtension(s, req, body, data);
    case 'suspension':
      await s.tx.insert(casePause).values({ caseId: s.c.id, from: s.ctx.now() });
      return transition(s.ctx, s.tx, s.audit, s.actor, s.c, { action, to: 'suspended', opinion: body.opinion, data });
  }
}

async function approveReturn(s: ActionScope, req: RequestRow, body: { opinion?: string; leadUnitId?: string }, data: Record<string, unknown>) {
  const now = s.ctx.now();
  const [returned] = await s.tx
    .update(caseAssignment)
    .set({ status: 'returned', endedAt: now })
    .where(and(eq(caseAssignment.caseId, s.c.id), eq(caseAssignment.unitId, req.unitId), inArray(caseAssignment.status, [...activeAssignment])))
    .returning();
  if (returned?.role !== 'lead') {
    // An assisting unit leaves; the lead carries on.
    return transition(s.ctx, s.tx, s.audit, s.actor, s.c, {
      action: 'approveReturn',
      to: s.c.status as CaseStatus,
      opinion: body.opinion,
      data,
      restartClock: false,
    });
  }
  const assists = await s.tx
    .select({ unitId: caseAssignment.unitId })
    .from(caseAssignment)
    .where(and(eq(caseAssignment.caseId, s.c.id), eq(caseAssignment.role, 'assist'), inArray(caseAssignment.status, [...activeAssignment])));
  const rule = s.c.matterCode ? await findRoutingRule(s.tx, s.c.cityCode, s.c.matterCode, s.c.divisionCode) : undefined;
  return dispatchCase(s.ctx, s.tx, s.audit, s.actor, s.c, {
    action: 'approveReturn',
    leadUnitId: body.leadUnitId ?? (req.responsibleUnitId as string),
    assistUnitIds: assists.map((a) => a.unitId),
    rule,
    reason: req.reason,
    opinion: body.opinion,
    data,
    field: 'body.leadUnitId',
  });
}

/** The handling limit grows so that, with the same start and pauses, it falls due at the time asked for. */
async function approveExtension(s: ActionScope, req: RequestRow, body: { opinion?: string }, data: Record<string, unknown>) {
  const cal = await calendarFor(s.ctx, s.c.cityCode, s.tx);
  const limits = s.c.limits ?? defaultLimits;
  const limit = effectiveLimit(limits.handle, s.c.urgent);
  const start = s.c.handleStartedAt?.getTime() ?? s.c.stepStartedAt.getTime();
  const counted = cal.elapsed(start, (req.requestedDueAt as Date).getTime(), limit.unit, await pausesOf(s.tx, s.c.id));
  const amount = counted / (limit.unit === 'workingDays' ? cal.limitMs(1, 'workingDays') : HOUR_MS);
  return transition(s.ctx, s.tx, s.audit, s.actor, s.c, {
    action: 'approveExtension',
    to: s.c.status as CaseStatus,
    opinion: body.opinion,
    data: { ...data, dueAt: (req.requestedDueAt as Date).toISOString() },
    patch: { limits: { ...limits, handle: { amount, unit: limit.unit } }, urgent: s.c.urgent },
    restartClock: false,
    recount: true,
  });
}

/** The suspension ends: the clock runs again, the paused time kept out of it. */
export async function resume(s: ActionScope, body: { opinion?: string }) {
  requireCentre(s.actor, s.c);
  requireState(s.c, 'resume');
  await s.tx
    .update(casePause)
    .set({ to: s.ctx.now() })
    .where(and(eq(casePause.caseId, s.c.id), isNull(casePause.to)));
  return transition(s.ctx, s.tx, s.audit, s.actor, s.c, { action: 'resume', to: 'handling', opinion: body.opinion });
}

/**
 * Bulk reassignment when staff or units change: every open case in the centre's division that a unit
 * holds goes to another unit (lead stays lead, assist stays assist); or, after a grid change, every
 * open case of one grid moves to another grid.
 */
export async function reassign(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  body: { fromUnitId?: string; toUnitId?: string; fromGridCode?: string; toGridCode?: string; reason: string },
) {
  if (!isCentre(actor)) throw errors.forbidden();
  if (!body.reason.trim()) throw errors.validation('body.reason', 'Give a reason.', '请填写理由。');
  const open = and(like(caseRecord.divisionCode, `${actor.divisionPrefix}%`), notInArray(caseRecord.status, [...finalStatuses]));
  if (body.fromGridCode !== undefined || body.toGridCode !== undefined) {
    if (!body.fromGridCode || !body.toGridCode)
      throw errors.validation(body.fromGridCode ? 'body.toGridCode' : 'body.fromGridCode', 'Give both grids.', '请同时填写原网格和新网格。');
    const ids = await ctx.db
      .select({ id: caseRecord.id })
      .from(caseRecord)
      .where(and(open, eq(caseRecord.gridCode, body.fromGridCode)));
    let moved = 0;
    for (const { id } of ids) {
      await ctx.db.transaction(async (tx) => {
        const c = await lockCase(tx, actor, [], id);
        if (!c || c.gridCode !== body.fromGridCode) return;
        await transition(ctx, tx, audit, actor, c, {
          action: 'reassign',
          to: c.status as CaseStatus,
          opinion: body.reason,
          data: { fromGridCode: body.fromGridCode, toGridCode: body.toGridCode },
          patch: { gridCode: body.toGridCode },
          restartClock: false,
        });
        moved++;
      });
    }
    return { moved };
  }
  if (!body.fromUnitId || !body.toUnitId)
    throw errors.validation(body.fromUnitId ? 'body.toUnitId' : 'body.fromUnitId', 'Give both units.', '请同时填写原单位和新单位。');
  if (body.fromUnitId === body.toUnitId) throw errors.validation('body.toUnitId', 'Choose another unit.', '请选择另一个单位。');
  const held = await ctx.db
    .selectDistinct({ id: caseRecord.id })
    .from(caseRecord)
    .innerJoin(caseAssignment, eq(caseAssignment.caseId, caseRecord.id))
    .where(and(open, eq(caseAssignment.unitId, body.fromUnitId), inArray(caseAssignment.status, [...activeAssignment])));
  let moved = 0;
  for (const { id } of held) {
    await ctx.db.transaction(async (tx) => {
      const c = await lockCase(tx, actor, [], id);
      if (!c || c.status === 'suspended' || !mayTake('reassign', c.status as CaseStatus)) return;
      const active = await tx
        .select()
        .from(caseAssignment)
        .where(and(eq(caseAssignment.caseId, c.id), inArray(caseAssignment.status, [...activeAssignment])));
      const lead = active.find((a) => a.role === 'lead')?.unitId;
      if (!lead) return;
      const swap = (u: string) => (u === body.fromUnitId ? (body.toUnitId as string) : u);
      const rule = c.matterCode ? await findRoutingRule(tx, c.cityCode, c.matterCode, c.divisionCode) : undefined;
      await dispatchCase(ctx, tx, audit, actor, c, {
        action: 'reassign',
        leadUnitId: swap(lead),
        assistUnitIds: active.filter((a) => a.role === 'assist').map((a) => swap(a.unitId)),
        rule,
        reason: body.reason,
        field: 'body.toUnitId',
        data: { fromUnitId: body.fromUnitId, toUnitId: body.toUnitId },
      });
      moved++;
    });
  }
  return { moved };
}
