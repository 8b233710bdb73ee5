// The linkage disposal list (联动处置清单, Art. 14): reading, writing and resolving routing rules.
// A rule names who handles a matter in an area (the city, a district or a town) and the time limit of
// each step. A reader sees the rules that apply in their area: those of their division, of the
// divisions inside it and of the divisions above it. The city centre writes rules for the whole city,
// a district centre inside its district; each write appends its audit row in the same transaction.
import { type SQL, and, asc, eq, inArray, like, or } from 'drizzle-orm';
import type { Static } from 'typebox';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { AppError, errors } from '../../lib/errors.js';
import { type Actor, visibleDepartmentsWhere, visibleDivisionsWhere } from '../access/access.js';
import { department } from '../access/access.tables.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { cityOf } from '../calendar/calendar.service.js';
import { ancestorCodes, divisionLevel, divisionPrefix } from '../territory/division-code.js';
import { findDivision } from '../territory/division.store.js';
import { findRoutingRule } from './case-routing.js';
import { type ListedMatter, type RuleRow, cityMatters, presentRules } from './routing.presenter.js';
import { type CreateRuleBody, LIMIT_MAX, type UpdateRuleBody } from './routing.schemas.js';
import { type StepLimits, routingRule, timedSteps } from './routing.tables.js';

type RuleFields = Static<typeof UpdateRuleBody>;

/** Whether a unit serving `unitDivision` can own cases in `scope`: one lies inside the other. */
export function servesScope(unitDivision: string, scope: string): boolean {
  return unitDivision.startsWith(divisionPrefix(scope)) || scope.startsWith(divisionPrefix(unitDivision));
}

/** Rules of the actor's city that apply in the actor's area: scopes inside it, or above it. */
function visibleRulesWhere(actor: Actor): SQL {
  const above = ancestorCodes(actor.divisionCode);
  return and(
    eq(routingRule.cityCode, cityOf(actor)),
    above.length > 0
      ? or(like(routingRule.scopeCode, `${actor.divisionPrefix}%`), inArray(routingRule.scopeCode, above))
      : like(routingRule.scopeCode, `${actor.divisionPrefix}%`),
  ) as SQL;
}

export async function visibleRules(db: Executor, actor: Actor, extra?: SQL): Promise<RuleRow[]> {
  return db
    .select()
    .from(routingRule)
    .where(and(visibleRulesWhere(actor), extra))
    .orderBy(asc(routingRule.matterCode), asc(routingRule.scopeCode));
}

export async function listRules(ctx: AppContext, actor: Actor, q: { matterCode?: string; scopeCode?: string }) {
  const rows = await visibleRules(
    ctx.db,
    actor,
    and(q.matterCode ? eq(routingRule.matterCode, q.matterCode) : undefined, q.scopeCode ? eq(routingRule.scopeCode, q.scopeCode) : undefined),
  );
  const { byCode } = await cityMatters(ctx.db, cityOf(actor));
  return { items: await presentRules(ctx.db, rows, byCode) };
}

async function presentOne(db: Executor, actor: Actor, id: string) {
  const rows = await visibleRules(db, actor, eq(routingRule.id, id));
  const { byCode } = await cityMatters(db, cityOf(actor));
  const [rule] = await presentRules(db, rows, byCode);
  if (!rule) throw errors.notFound('routing rule');
  return rule;
}

// ---- Validation ---------------------------------------------------------------------------------

async function checkMatter(db: Executor, actor: Actor, code: string): Promise<ListedMatter> {
  const found = (await cityMatters(db, cityOf(actor))).byCode.get(code);
  if (!found) {
    throw errors.validation('body.matterCode', `No matter ${code} in the published or draft matter list.`, `已发布或草稿事项清单中没有编码为 ${code} 的事项。`);
  }
  return found;
}

/** The scope: the city, a district or a town, inside what the actor manages. */
async function checkScope(db: Executor, actor: Actor, code: string): Promise<void> {
  const level = divisionLevel(code);
  const exists = code.startsWith(actor.divisionPrefix) && level >= 1 && level <= 3 && (await findDivision(db, visibleDivisionsWhere(actor), code));
  if (!exists) {
    throw errors.validation('body.scopeCode', 'Give the city, a district or a town in your jurisdiction.', '请填写您管辖范围内的市、区（市）或镇（街道）。');
  }
}

/** Lead and assisting units: visible to the actor, enabled, serving the scope; the lead is not also assisting. */
async function checkUnits(db: Executor, actor: Actor, scope: string, fields: RuleFields): Promise<void> {
  const ids = [fields.leadUnitId, ...fields.assistUnitIds];
  const rows = await db
    .select({ id: department.id, divisionCode: department.divisionCode, disabled: department.disabled })
    .from(department)
    .where(and(inArray(department.id, ids), visibleDepartmentsWhere(actor)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const check = (id: string, field: string) => {
    const unit = byId.get(id);
    if (!unit) throw errors.validation(field, 'No such handling unit.', '承办单位不存在。');
    if (unit.disabled) throw errors.validation(field, 'This handling unit is disabled.', '该承办单位已停用。');
    if (!servesScope(unit.divisionCode, scope)) {
      throw errors.validation(
        field,
        "This unit serves another area: a rule's units serve its scope, a division inside it or above it.",
        '该单位服务于其他区域：承办单位须属于规则适用范围本级、下级或上级行政区划。',
      );
    }
  };
  check(fields.leadUnitId, 'body.leadUnitId');
  for (const [i, id] of fields.assistUnitIds.entries()) check(id, `body.assistUnitIds.${i}`);
  if (fields.assistUnitIds.includes(fields.leadUnitId)) {
    throw errors.validation('body.assistUnitIds', 'The lead unit cannot also be an assisting unit.', '主办单位不能同时作为协办单位。');
  }
}

const unitNames = { workingHours: ['working hours', '工作小时'], workingDays: ['working days', '工作日'], naturalHours: ['hours', '自然小时'] } as const;

function checkLimits(limits: StepLimits): void {
  for (const step of timedSteps) {
    const { amount, unit } = limits[step];
    const field = `body.limits.${step}.amount`;
    if (!(amount > 0)) throw errors.validation(field, 'A time limit is more than zero.', '时限须大于零。');
    const max = LIMIT_MAX[unit];
    if (amount > max) {
      throw errors.validation(field, `A time limit is at most ${max} ${unitNames[unit][0]}.`, `时限不能超过 ${max} ${unitNames[unit][1]}。`);
    }
  }
}

function clean<T extends RuleFields>(fields: T): T {
  return { ...fields, post: fields.post.trim(), closingConditions: fields.closingConditions.trim() };
}

// ---- Writes -------------------------------------------------------------------------------------

const notYours = () =>
  new AppError(403, 'forbidden', 'This rule covers an area above yours: the centre of that area manages it.', '该规则适用于上级区域，由上级中心管理。');

/** A visible rule the actor may change: its scope lies inside the actor's division. */
async function manageableRule(db: Executor, actor: Actor, id: string): Promise<RuleRow> {
  const [row] = await visibleRules(db, actor, eq(routingRule.id, id));
  if (!row) throw errors.notFound('routing rule');
  if (!row.scopeCode.startsWith(actor.divisionPrefix)) throw notYours();
  return row;
}

const taken = (scopeCode: string) =>
  errors.conflict(
    'body.scopeCode',
    `This matter already has a rule for ${scopeCode}: one owner per matter and area, change that rule instead.`,
    `该事项在此范围（${scopeCode}）已有处置规则：每个事项在同一范围只有一个责任主体，请修改已有规则。`,
  );

export async function createRule(ctx: AppContext, audit: AuditContext, actor: Actor, body: Static<typeof CreateRuleBody>) {
  await checkScope(ctx.db, actor, body.scopeCode);
  await checkMatter(ctx.db, actor, body.matterCode);
  checkLimits(body.limits);
  await checkUnits(ctx.db, actor, body.scopeCode, body);
  const cityCode = cityOf(actor);
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(routingRule)
      .values({ cityCode, ...clean(body), updatedAt: ctx.now(), updatedBy: actor.userId })
      .onConflictDoNothing({ target: [routingRule.cityCode, routingRule.matterCode, routingRule.scopeCode] })
      .returning({ id: routingRule.id });
    if (!row) throw taken(body.scopeCode);
    await recordAudit(tx, audit, {
      action: 'routing.rule.create',
      targetType: 'routingRule',
      targetId: row.id,
      divisionCode: body.scopeCode,
      fields: Object.keys(body),
      detail: `${body.matterCode} @ ${body.scopeCode}`,
    });
    return row.id;
  });
  return presentOne(ctx.db, actor, id);
}

/** The names of the fields a change alters, for the audit row. */
function changedFields(row: RuleRow, next: RuleFields): string[] {
  const now: Record<keyof RuleFields, unknown> = {
    leadUnitId: row.leadUnitId,
    assistUnitIds: row.assistUnitIds,
    post: row.post,
    limits: row.limits,
    closingConditions: row.closingConditions,
    autoDispatch: row.autoDispatch,
  };
  const canonical = (v: unknown) =>
    JSON.stringify(v, (_, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x));
  return (Object.keys(now) as (keyof RuleFields)[]).filter((k) => canonical(now[k]) !== canonical(next[k]));
}

export async function updateRule(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, body: RuleFields) {
  const current = await manageableRule(ctx.db, actor, id);
  checkLimits(body.limits);
  await checkUnits(ctx.db, actor, current.scopeCode, body);
  const next = clean(body);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(routingRule).where(eq(routingRule.id, id)).for('update');
    if (!row) throw errors.notFound('routing rule');
    await tx
      .update(routingRule)
      .set({ ...next, updatedAt: ctx.now(), updatedBy: actor.userId })
      .where(eq(routingRule.id, id));
    await recordAudit(tx, audit, {
      action: 'routing.rule.update',
      targetType: 'routingRule',
      targetId: id,
      divisionCode: row.scopeCode,
      fields: changedFields(row, next),
      detail: `${row.matterCode} @ ${row.scopeCode}`,
    });
  });
  return presentOne(ctx.db, actor, id);
}

export async function deleteRule(ctx: AppContext, audit: AuditContext, actor: Actor, id: string): Promise<void> {
  const current = await manageableRule(ctx.db, actor, id);
  await ctx.db.transaction(async (tx) => {
    const gone = await tx.delete(routingRule).where(eq(routingRule.id, id)).returning({ id: routingRule.id });
    if (gone.length === 0) throw errors.notFound('routing rule');
    await recordAudit(tx, audit, {
      action: 'routing.rule.delete',
      targetType: 'routingRule',
      targetId: id,
      divisionCode: current.scopeCode,
      detail: `${current.matterCode} @ ${current.scopeCode}`,
    });
  });
}

// ---- Resolve ------------------------------------------------------------------------------------

/**
 * Which rule applies to a matter in a community (the most specific scope, case-routing.ts), and the
 * due time of each step if the case were reported now and every step used its whole limit: each
 * step starts when the one before is due.
 */
export async function resolveRule(ctx: AppContext, actor: Actor, q: { matterCode: string; divisionCode: string }) {
  const cityCode = cityOf(actor);
  const community = await findDivision(ctx.db, visibleDivisionsWhere(actor), q.divisionCode);
  if (!community?.code.startsWith(cityCode.slice(0, 4))) throw errors.notFound('division');
  if (community.level !== 4) {
    throw errors.validation('query.divisionCode', 'Give a community (village or residents committee).', '请填写村（社区）。');
  }
  const { byCode } = await cityMatters(ctx.db, cityCode);
  const found = byCode.get(q.matterCode);
  if (!found) {
    throw errors.validation(
      'query.matterCode',
      `No matter ${q.matterCode} in the published or draft matter list.`,
      `已发布或草稿事项清单中没有编码为 ${q.matterCode} 的事项。`,
    );
  }
  const row = await findRoutingRule(ctx.db, cityCode, q.matterCode, community.code);
  const [rule] = row ? await presentRules(ctx.db, [row], byCode) : [];
  const steps: {
    step: (typeof timedSteps)[number];
    amount: number;
    unit: StepLimits['accept']['unit'];
    startsAt: string;
    dueAt: string;
    provisional: boolean;
  }[] = [];
  if (row) {
    const cal = await ctx.calendars.get(cityCode);
    if (!cal) throw errors.notFound('work calendar');
    let start = ctx.now().getTime();
    for (const step of timedSteps) {
      const { amount, unit } = (row.limits as StepLimits)[step];
      const due = cal.calendar.due(start, amount, unit);
      const dueAt = due.dueAt ?? start;
      steps.push({ step, amount, unit, startsAt: new Date(start).toISOString(), dueAt: new Date(dueAt).toISOString(), provisional: due.provisional });
      start = dueAt;
    }
  }
  return {
    matterCode: found.code,
    matterName: found.name,
    urgent: found.urgent,
    divisionCode: community.code,
    divisionName: community.name,
    rule: rule ?? null,
    steps,
  };
}
