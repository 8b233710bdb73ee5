// The actions on a case after intake, one function each, every one the same shape: in a transaction,
// lock the case through the gate (not yours: 404), check the actor's capacity (403) and the state
// (409), then take the transition. Requests (return, extension, suspension) are in case-requests.ts.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import type { Actor } from '../access/access.js';
import type { AuditContext } from '../audit/audit.js';
import { divisionLevel, parentDivisionCode } from '../territory/division-code.js';
import { type CaseStatus, caseAssignment, casePause, caseRequest } from './case.tables.js';
import { activeAssignment, activeAssignmentsFor, type AssignmentRow, type CaseRow, lockCase } from './case.store.js';
import { actorUnitIds, centreActsOn, gridStaffOf } from './case-access.js';
import { dispatchCase } from './case-dispatch.js';
import { publishedMatter } from './case-intake.js';
import { findRoutingRule } from './case-routing.js';
import { checkAttachments, transition } from './case-transition.js';
import { allowedFrom, finalStatuses, mayTake } from './case-workflow.js';
import { notify } from './notify.js';

export interface ActionScope {
  ctx: AppContext;
  tx: Tx;
  audit: AuditContext;
  actor: Actor;
  unitIds: string[];
  c: CaseRow;
}

/** Runs `fn` on the case locked for this transaction, if the actor may see it. */
export async function onCase<T>(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, fn: (s: ActionScope) => Promise<T>): Promise<T> {
  const unitIds = await actorUnitIds(ctx.db, actor);
  return ctx.db.transaction(async (tx) => {
    const c = await lockCase(tx, actor, id);
    if (!c) throw errors.notFound('case');
    return fn({ ctx, tx, audit, actor, unitIds, c });
  });
}

export const statusNames: Record<CaseStatus, string> = {
  reported: '已上报',
  accepted: '已受理',
  registered: '已立案',
  dispatched: '已派遣',
  handling: '处置中',
  suspended: '已挂账',
  verifying: '待核查',
  closed: '已结案',
  archived: '已归档',
  cancelled: '已作废',
};

export function requireState(c: CaseRow, action: keyof typeof allowedFrom): void {
  if (!mayTake(action, c.status as CaseStatus)) {
    throw errors.conflict(
      'status',
      `This cannot be done while the case is ${c.status} (allowed: ${allowedFrom[action].join(', ')}).`,
      `事件当前状态为「${statusNames[c.status as CaseStatus]}」，不能执行此操作。`,
    );
  }
}

/** Only a centre whose division holds the case. */
export function requireCentre(actor: Actor, c: CaseRow): void {
  if (!centreActsOn(actor, c)) throw errors.forbidden();
}

/** The actor's unit's active assignment on the case: the capacity a unit acts in. */
export async function requireAssignment(s: ActionScope, role?: 'lead'): Promise<AssignmentRow> {
  const mine = await activeAssignmentsFor(s.tx, s.c.id, s.unitIds);
  const found = role ? mine.find((a) => a.role === role) : (mine.find((a) => a.role === 'lead') ?? mine[0]);
  if (!found) {
    throw errors.conflict(
      'unit',
      role === 'lead' ? 'Only the lead unit may do this.' : 'The case is no longer assigned to your unit.',
      role === 'lead' ? '仅主办单位可执行此操作。' : '该事件已不再由本单位办理。',
    );
  }
  return found;
}

const reasonRequired = (field: string) => errors.validation(field, 'Give a reason.', '请填写理由。');

export function accept(s: ActionScope, body: { opinion?: string; publicNote?: boolean }) {
  requireCentre(s.actor, s.c);
  requireState(s.c, 'accept');
  return transition(s.ctx, s.tx, s.audit, s.actor, s.c, { action: 'accept', to: 'accepted', opinion: body.opinion, publicNote: body.publicNote ?? false });
}

export function reject(s: ActionScope, body: { reason: string }) {
  requireCentre(s.actor, s.c);
  requireState(s.c, 'reject');
  if (!body.reason.trim()) throw reasonRequired('body.reason');
  return transition(s.ctx, s.tx, s.audit, s.actor, s.c, { action: 'reject', to: 'cancelled', opinion: body.reason, publicNote: true });
}

/** Register against the published matter list: the version in force now is the one the case keeps. */
export async function register(s: ActionScope, body: { matterCode?: string; opinion?: string }) {
  requireCentre(s.actor, s.c);
  requireState(s.c, 'register');
  const code = body.matterCode ?? s.c.matterCode;
  if (!code) throw errors.validation('body.matterCode', 'Choose the matter the case falls under.', '请选择事件所属事项。');
  const m = await publishedMatter(s.tx, s.c.cityCode, code);
  if (!m) throw errors.validation('body.matterCode', 'No such matter in the published matter list.', '已发布的事项清单中没有该事项。');
  const rule = await findRoutingRule(s.tx, s.c.cityCode, m.code, s.c.divisionCode);
  return transition(s.ctx, s.tx, s.audit, s.actor, s.c, {
    action: 'register',
    to: 'registered',
    opinion: body.opinion,
    data: { matterCode: m.code, matterName: m.name },
    // The dispatch clock started at acceptance; the rule's dispatch limit now applies to it.
    restartClock: false,
    recount: true,
    patch: { matterListId: m.listId, matterCode: m.code, urgent: s.c.urgent || m.urgent, limits: rule?.limits ?? s.c.limits },
  });
}

export async function dispatch(s: ActionScope, body: { leadUnitId?: string; assistUnitIds?: string[]; reason?: string; opinion?: string }) {
  requireCentre(s.actor, s.c);
  requireState(s.c, 'dispatch');
  const rule = s.c.matterCode ? await findRoutingRule(s.tx, s.c.cityCode, s.c.matterCode, s.c.divisionCode) : undefined;
  const leadUnitId = body.leadUnitId ?? rule?.leadUnitId;
  if (!leadUnitId) {
    throw errors.validation(
      'body.leadUnitId',
      'The routing list names no unit for this matter here: choose the lead unit.',
      '联动处置清单未规定该事项在此处的承办单位，请选择主办单位。',
    );
  }
  const assistUnitIds = body.assistUnitIds ?? (body.leadUnitId === undefined ? (rule?.assistUnitIds ?? []) : []);
  return dispatchCase(s.ctx, s.tx, s.audit, s.actor, s.c, { action: 'dispatch', leadUnitId, assistUnitIds, rule, reason: body.reason, opinion: body.opinion });
}

/** A unit confirms it has the case; the lead unit's claim starts the handling clock. */
export async function claim(s: ActionScope) {
  requireState(s.c, 'claim');
  const a = await requireAssignment(s);
  if (a.status !== 'dispatched') throw errors.conflict('status', 'Your unit has already claimed this case.', '本单位已签收该事件。');
  await s.tx.update(caseAssignment).set({ status: 'claimed', claimedAt: s.ctx.now() }).where(eq(caseAssignment.id, a.id));
  const lead = a.role === 'lead';
  return transition(s.ctx, s.tx, s.audit, s.actor, s.c, {
    action: 'claim',
    to: lead ? 'handling' : (s.c.status as CaseStatus),
    unitId: a.unitId,
    restartClock: lead && s.c.status === 'dispatched',
    data: { role: a.role },
  });
}

/** The result, with evidence. The lead unit's feedback sends the case for verification on site. */
export async function feedback(s: ActionScope, body: { result: string; attachmentIds?: string[]; publicNote?: boolean }) {
  requireState(s.c, 'feedback');
  const a = await requireAssignment(s);
  if (a.status !== 'claimed') throw errors.conflict('status', 'Claim the case before feeding back.', '请先签收再反馈。');
  if (!body.result.trim()) throw errors.validation('body.result', 'Describe the result.', '请填写处置结果。');
  await s.tx.update(caseAssignment).set({ status: 'fedBack', fedBackAt: s.ctx.now() }).where(eq(caseAssignment.id, a.id));
  const lead = a.role === 'lead';
  const row = await transition(s.ctx, s.tx, s.audit, s.actor, s.c, {
    action: 'feedback',
    to: lead ? 'verifying' : 'handling',
    unitId: a.unitId,
    opinion: body.result,
    publicNote: body.publicNote ?? true,
    attachmentIds: body.attachmentIds,
    restartClock: lead,
    data: { role: a.role },
  });
  if (lead) await notifyVerifier(s, row);
  return row;
}

async function notifyVerifier(s: ActionScope, c: CaseRow) {
  const title = `待核查：${c.title}`;
  if (c.reporterId && c.source === 'gridWorker') {
    await notify(s.tx, [{ kind: 'verifyTask', caseId: c.id, caseNumber: c.number, title, to: { userId: c.reporterId } }]);
  } else {
    await notify(s.tx, [{ kind: 'verifyTask', caseId: c.id, caseNumber: c.number, title, to: { centreCode: c.centreCode } }]);
  }
}

/** The grid worker checks the result on site: pass closes, fail sends it back to the lead unit as rework. */
export async function verify(s: ActionScope, body: { passed: boolean; opinion: string; attachmentIds?: string[] }) {
  if (!gridStaffOf(s.actor, s.c) && !centreActsOn(s.actor, s.c) && s.c.reporterId !== s.actor.userId) throw errors.forbidden();
  requireState(s.c, body.passed ? 'verifyPass' : 'verifyFail');
  if (!body.passed && !body.opinion.trim()) throw errors.validation('body.opinion', 'Say what is still wrong.', '请说明核查未通过的原因。');
  if (body.passed) {
    return transition(s.ctx, s.tx, s.audit, s.actor, s.c, {
      action: 'verifyPass',
      to: 'closed',
      opinion: body.opinion,
      publicNote: true,
      attachmentIds: body.attachmentIds,
    });
  }
  const lead = await s.tx
    .update(caseAssignment)
    .set({ status: 'claimed', fedBackAt: null })
    .where(and(eq(caseAssignment.caseId, s.c.id), eq(caseAssignment.role, 'lead'), inArray(caseAssignment.status, [...activeAssignment])))
    .returning({ unitId: caseAssignment.unitId });
  const row = await transition(s.ctx, s.tx, s.audit, s.actor, s.c, {
    action: 'verifyFail',
    to: 'handling',
    opinion: body.opinion,
    attachmentIds: body.attachmentIds,
    // Rework: a fresh handling clock (the time already paused still counts as paused).
    patch: { reworkCount: s.c.reworkCount + 1, handleStartedAt: s.ctx.now() },
  });
  await notify(
    s.tx,
    lead.map((l) => ({
      kind: 'caseDispatched' as const,
      caseId: row.id,
      caseNumber: row.number,
      title: `核查未通过，请重新处置：${row.title}`,
      to: { unitId: l.unitId },
    })),
  );
  return row;
}

/** Solved on the spot by the grid worker who reported it, with photos before and after. */
export async function selfResolve(s: ActionScope, body: { opinion: string; beforeAttachmentIds: string[]; afterAttachmentIds: string[] }) {
  if (!(s.c.reporterId === s.actor.userId || gridStaffOf(s.actor, s.c))) throw errors.forbidden();
  requireState(s.c, 'selfResolve');
  if (body.beforeAttachmentIds.length === 0) throw errors.validation('body.beforeAttachmentIds', 'Add a photo taken before.', '请上传处置前照片。');
  if (body.afterAttachmentIds.length === 0) throw errors.validation('body.afterAttachmentIds', 'Add a photo taken after.', '请上传处置后照片。');
  await checkAttachments(s.tx, s.actor, body.beforeAttachmentIds, 'body.beforeAttachmentIds');
  await checkAttachments(s.tx, s.actor, body.afterAttachmentIds, 'body.afterAttachmentIds');
  return transition(s.ctx, s.tx, s.audit, s.actor, s.c, {
    action: 'selfResolve',
    to: 'closed',
    opinion: body.opinion,
    publicNote: true,
    attachmentIds: [...body.beforeAttachmentIds, ...body.afterAttachmentIds],
    data: { before: body.beforeAttachmentIds, after: body.afterAttachmentIds },
  });
}

/** To the next centre up: town → district → city. */
export async function escalate(s: ActionScope, body: { reason: string }) {
  requireCentre(s.actor, s.c);
  requireState(s.c, 'escalate');
  if (!body.reason.trim()) throw reasonRequired('body.reason');
  const to = divisionLevel(s.c.centreCode) > 1 ? parentDivisionCode(s.c.centreCode) : undefined;
  if (!to) throw errors.conflict('centreCode', 'The city centre is the highest: nowhere to escalate to.', '市级中心为最高一级，无法再上报。');
  const row = await transition(s.ctx, s.tx, s.audit, s.actor, s.c, {
    action: 'escalate',
    to: s.c.status as CaseStatus,
    opinion: body.reason,
    data: { fromCentre: s.c.centreCode, toCentre: to },
    patch: { centreCode: to },
    restartClock: false,
  });
  await notify(s.tx, [{ kind: 'caseEscalated', caseId: row.id, caseNumber: row.number, title: `下级中心上报事件：${row.title}`, to: { centreCode: to } }]);
  return row;
}

/** Every open unit stops, pending requests lapse, an open pause ends. */
async function endEverything(s: ActionScope) {
  const now = s.ctx.now();
  await s.tx
    .update(caseAssignment)
    .set({ status: 'recalled', endedAt: now })
    .where(and(eq(caseAssignment.caseId, s.c.id), inArray(caseAssignment.status, [...activeAssignment])));
  await s.tx
    .update(caseRequest)
    .set({ status: 'rejected', decidedAt: now, decidedBy: s.actor.userId, decisionOpinion: 'case ended' })
    .where(and(eq(caseRequest.caseId, s.c.id), eq(caseRequest.status, 'pending')));
  await s.tx
    .update(casePause)
    .set({ to: now })
    .where(and(eq(casePause.caseId, s.c.id), isNull(casePause.to)));
}

export async function cancel(s: ActionScope, body: { reason: string }) {
  requireCentre(s.actor, s.c);
  requireState(s.c, 'cancel');
  if (!body.reason.trim()) throw reasonRequired('body.reason');
  await endEverything(s);
  return transition(s.ctx, s.tx, s.audit, s.actor, s.c, { action: 'cancel', to: 'cancelled', opinion: body.reason, publicNote: true });
}

export function archive(s: ActionScope) {
  requireCentre(s.actor, s.c);
  requireState(s.c, 'archive');
  return transition(s.ctx, s.tx, s.audit, s.actor, s.c, { action: 'archive', to: 'archived' });
}

/**
 * Another matter: the version in force now, and the routing list again. When the rule names another
 * lead unit, the case is re-dispatched; otherwise the running clock is recounted on the new limits,
 * from the same start and with the same pauses.
 */
export async function reclassify(s: ActionScope, body: { matterCode: string; reason: string }) {
  requireCentre(s.actor, s.c);
  requireState(s.c, 'reclassify');
  if (!body.reason.trim()) throw reasonRequired('body.reason');
  const m = await publishedMatter(s.tx, s.c.cityCode, body.matterCode);
  if (!m) throw errors.validation('body.matterCode', 'No such matter in the published matter list.', '已发布的事项清单中没有该事项。');
  const rule = await findRoutingRule(s.tx, s.c.cityCode, m.code, s.c.divisionCode);
  const patch = { matterListId: m.listId, matterCode: m.code, urgent: m.urgent };
  const data = { fromMatter: s.c.matterCode, toMatter: m.code };
  if (s.c.status !== 'registered' && rule && rule.leadUnitId !== s.c.leadUnitId) {
    return dispatchCase(s.ctx, s.tx, s.audit, s.actor, s.c, {
      action: 'reclassify',
      leadUnitId: rule.leadUnitId,
      assistUnitIds: rule.assistUnitIds,
      rule,
      reason: body.reason,
      data,
      patch,
    });
  }
  return transition(s.ctx, s.tx, s.audit, s.actor, s.c, {
    action: 'reclassify',
    to: s.c.status as CaseStatus,
    opinion: body.reason,
    data,
    patch: { ...patch, limits: rule?.limits ?? s.c.limits, routingRuleId: rule?.id ?? s.c.routingRuleId },
    restartClock: false,
    recount: true,
  });
}

/** A duplicate joins the case it repeats: it ends here, and its reporter follows the other. */
export async function merge(s: ActionScope, body: { intoCaseId: string; opinion?: string }) {
  requireCentre(s.actor, s.c);
  requireState(s.c, 'merge');
  if (body.intoCaseId === s.c.id) throw errors.validation('body.intoCaseId', 'A case cannot be merged into itself.', '事件不能合并到自身。');
  const target = await lockCase(s.tx, s.actor, body.intoCaseId);
  if (!target || !centreActsOn(s.actor, target))
    throw errors.validation('body.intoCaseId', 'Choose an open case in your jurisdiction.', '请选择您管辖范围内未办结的事件。');
  if ((finalStatuses as string[]).includes(target.status) || target.duplicateOf) {
    throw errors.validation('body.intoCaseId', 'Choose an open case that is not itself a duplicate.', '请选择未办结且本身不是重复件的事件。');
  }
  await endEverything(s);
  const row = await transition(s.ctx, s.tx, s.audit, s.actor, s.c, {
    action: 'merge',
    to: 'cancelled',
    opinion: body.opinion ?? `并入 ${target.number}`,
    publicNote: true,
    data: { intoCaseId: target.id, intoNumber: target.number },
    patch: { duplicateOf: target.id },
  });
  await transition(s.ctx, s.tx, s.audit, s.actor, target, {
    action: 'merge',
    to: target.status as CaseStatus,
    opinion: `合并重复件 ${s.c.number}`,
    data: { mergedCaseId: s.c.id, mergedNumber: s.c.number },
    restartClock: false,
  });
  return row;
}
