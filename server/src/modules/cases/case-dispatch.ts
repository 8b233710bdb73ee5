// Dispatch (派遣): a case goes to a lead unit and any assisting units, who handle it in parallel.
// The routing rule names them; a centre may choose others, with a reason. Used by the dispatch desk,
// automatic dispatch at intake, an approved return, re-classification and bulk reassignment.
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import type { Actor } from '../access/access.js';
import { department } from '../access/access.tables.js';
import type { AuditContext } from '../audit/audit.js';
import { caseAssignment } from './case.tables.js';
import { activeAssignment, type CaseRow } from './case.store.js';
import { type RoutingRuleRow, type RuleUnit, unitServes } from './case-routing.js';
import { type Transition, transition } from './case-transition.js';
import { defaultLimits } from './case-workflow.js';
import { notify } from './notify.js';

export interface DispatchInput {
  leadUnitId: string;
  assistUnitIds: readonly string[];
  rule: RoutingRuleRow | undefined;
  opinion?: string;
  /** Why the units differ from the routing rule's (required then). */
  reason?: string;
  action: Transition['action'];
  /** More for the step's data; the dispatch's own keys are its (they come first, the caller's last). */
  data?: Record<string, unknown> & {
    leadUnitId?: never;
    leadUnitName?: never;
    assistUnitIds?: never;
    byRoutingList?: never;
    routingRuleId?: never;
    reason?: never;
  };
  patch?: Transition['patch'];
  /** The field a bad unit is reported on. */
  field?: string;
  /** The units, when already read (intake reads them with the routing rule); otherwise they are read here. */
  units?: readonly RuleUnit[];
  /** The case is not written yet (automatic dispatch at intake): no unit to recall or keep; the rows are collected. */
  unwritten?: Transition['unwritten'];
}

/** Whether the units the centre chose are the ones the rule names (same lead, same assisting set). */
export function followsRule(rule: RoutingRuleRow | undefined, lead: string, assist: readonly string[]): boolean {
  if (!rule) return false;
  const a = new Set(assist);
  return rule.leadUnitId === lead && a.size === rule.assistUnitIds.length && rule.assistUnitIds.every((u) => a.has(u));
}

/** Units that exist, are enabled and serve the case's area (their division covers it, or lies above it). */
async function checkUnits(tx: Tx, c: CaseRow, ids: readonly string[], field: string, known?: readonly RuleUnit[]): Promise<Map<string, string>> {
  const rows =
    known && ids.every((id) => known.some((u) => u.id === id))
      ? known.filter((u) => ids.includes(u.id))
      : await tx
          .select({ id: department.id, name: department.name, divisionCode: department.divisionCode, disabled: department.disabled })
          .from(department)
          .where(inArray(department.id, [...ids]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of ids) {
    const u = byId.get(id);
    if (!u || !unitServes(u, c.divisionCode)) {
      throw errors.validation(field, 'Choose an enabled handling unit that serves the case’s area.', '请选择负责该事件所在区域且未停用的承办单位。');
    }
  }
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function dispatchCase(ctx: AppContext, tx: Tx, audit: AuditContext, actor: Actor | null, c: CaseRow, d: DispatchInput): Promise<CaseRow> {
  const field = d.field ?? 'body.leadUnitId';
  const assist = [...new Set(d.assistUnitIds)].filter((u) => u !== d.leadUnitId);
  const names = await checkUnits(tx, c, [d.leadUnitId, ...assist], field, d.units);
  const byRule = followsRule(d.rule, d.leadUnitId, assist);
  if (!byRule && actor && !d.reason?.trim()) {
    throw errors.validation('body.reason', 'Dispatching to other units than the routing list names needs a reason.', '未按联动处置清单派遣的，须填写理由。');
  }
  const now = ctx.now();
  const wanted = [d.leadUnitId, ...assist];
  // Units no longer on the case stop; those staying keep their assignment (and what they did).
  const stays = new Set<string>();
  const w = d.unwritten;
  if (!w) {
    await tx
      .update(caseAssignment)
      .set({ status: 'recalled', endedAt: now })
      .where(and(eq(caseAssignment.caseId, c.id), inArray(caseAssignment.status, [...activeAssignment]), notInArray(caseAssignment.unitId, wanted)));
    const staying = await tx
      .select({ unitId: caseAssignment.unitId })
      .from(caseAssignment)
      .where(and(eq(caseAssignment.caseId, c.id), inArray(caseAssignment.status, [...activeAssignment])));
    for (const s of staying) stays.add(s.unitId);
  }
  // Everyone on the case starts over: the lead claims again under the new dispatch.
  if (stays.size > 0) {
    await tx
      .update(caseAssignment)
      .set({ status: 'dispatched', claimedAt: null, fedBackAt: null, dispatchedAt: now })
      .where(and(eq(caseAssignment.caseId, c.id), inArray(caseAssignment.status, [...activeAssignment])));
    for (const unitId of stays) {
      await tx
        .update(caseAssignment)
        .set({ role: unitId === d.leadUnitId ? 'lead' : 'assist' })
        .where(and(eq(caseAssignment.caseId, c.id), eq(caseAssignment.unitId, unitId), inArray(caseAssignment.status, [...activeAssignment])));
    }
  }
  const fresh = wanted
    .filter((u) => !stays.has(u))
    .map((unitId) => ({ caseId: c.id, unitId, role: unitId === d.leadUnitId ? 'lead' : 'assist', status: 'dispatched', dispatchedAt: now }));
  if (w) {
    w.assignments.push(...fresh);
    for (const [id, name] of names) w.unitNames.set(id, name);
  } else if (fresh.length > 0) await tx.insert(caseAssignment).values(fresh);
  const row = await transition(ctx, tx, audit, actor, c, {
    action: d.action,
    to: 'dispatched',
    opinion: d.opinion ?? d.reason,
    restartClock: true,
    unwritten: w,
    // The caller's data last: keys added after a spread cost ~1.5 µs each on Node 20 (ARCHITECTURE,
    // "Spread last"), and no caller's data names these.
    data: {
      leadUnitId: d.leadUnitId,
      leadUnitName: names.get(d.leadUnitId),
      assistUnitIds: assist,
      byRoutingList: byRule,
      ...(d.rule ? { routingRuleId: d.rule.id } : {}),
      ...(d.reason ? { reason: d.reason } : {}),
      ...d.data,
    },
    patch: {
      ...d.patch,
      leadUnitId: d.leadUnitId,
      routingRuleId: d.rule?.id ?? null,
      limits: d.rule?.limits ?? c.limits ?? defaultLimits,
      handleStartedAt: null,
      handleDueAt: null,
    },
  });
  const told = wanted.map((unitId) => ({
    kind: 'caseDispatched' as const,
    caseId: c.id,
    caseNumber: c.number,
    title: unitId === d.leadUnitId ? `新派遣事件（主办）：${c.title}` : `新派遣事件（协办）：${c.title}`,
    to: { unitId },
  }));
  if (w) w.notifications.push(...told);
  else await notify(tx, told);
  return row;
}
