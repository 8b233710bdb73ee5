// What the routing list editor shows prominently (Art. 14: every case has one owner):
//  - gaps: a matter of the published list with no rule covering some area of the reader's
//    jurisdiction, reported as the largest area without an owner (the city when no rule exists at
//    all, a district when neither it nor any of its towns is covered, else the towns one by one);
//  - conflicts: rules that cannot be applied as written (see `conflictsOf`).
// Two rules for one matter and scope cannot exist (a unique constraint), so "two owners" never is one.
import { and, asc, like, lte } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Actor } from '../access/access.js';
import { cityOf } from '../calendar/calendar.service.js';
import { ancestorCodes, divisionLevel, divisionPrefix } from '../territory/division-code.js';
import { division } from '../territory/territory.tables.js';
import { type ListedMatter, type RuleRow, type UnitInfo, cityMatters, divisionNames, unitsById } from './routing.presenter.js';
import type { ConflictKind } from './routing.schemas.js';
import { servesScope, visibleRules } from './routing.service.js';
import { type StepLimits, timedSteps } from './routing.tables.js';

interface Area {
  code: string;
  name: string;
  level: number;
  children: Area[];
}

/** The reader's area as a tree down to the towns (rules go no deeper). */
async function areaTree(ctx: AppContext, actor: Actor): Promise<Area | undefined> {
  const rootCode = actor.divisionCode;
  if (divisionLevel(rootCode) > 3) return undefined;
  const rows = await ctx.db
    .select({ code: division.code, name: division.name, level: division.level, parentCode: division.parentCode })
    .from(division)
    .where(and(like(division.code, `${divisionPrefix(rootCode)}%`), lte(division.level, 3)))
    .orderBy(asc(division.code));
  const nodes = new Map(rows.map((r) => [r.code, { code: r.code, name: r.name, level: r.level, children: [] as Area[] }]));
  for (const r of rows) if (r.code !== rootCode && r.parentCode) nodes.get(r.parentCode)?.children.push(nodes.get(r.code) as Area);
  return nodes.get(rootCode);
}

/** The largest uncovered areas under `area`, or 'whole' when none of it is covered. */
function uncovered(area: Area, covered: (code: string) => boolean): Area[] | 'whole' {
  if (covered(area.code)) return [];
  if (area.children.length === 0) return 'whole';
  const parts = area.children.map((child) => [child, uncovered(child, covered)] as const);
  if (parts.every(([, p]) => p === 'whole')) return 'whole';
  return parts.flatMap(([child, p]) => (p === 'whole' ? [child] : p));
}

export function gapsOf(root: Area, matters: ListedMatter[], rules: RuleRow[]) {
  const scopes = new Map<string, Set<string>>();
  for (const r of rules) scopes.set(r.matterCode, (scopes.get(r.matterCode) ?? new Set()).add(r.scopeCode));
  const above = ancestorCodes(root.code);
  return matters.flatMap((m) => {
    const mine = scopes.get(m.code) ?? new Set<string>();
    // An area is covered by a rule on it or on any division above it (the city's rule covers all).
    if (above.some((code) => mine.has(code))) return [];
    const covered = (code: string) => mine.has(code);
    const result = uncovered(root, covered);
    const areas = result === 'whole' ? [root] : result;
    return areas.map((a) => ({ matterCode: m.code, matterName: m.name, divisionCode: a.code, divisionName: a.name, level: a.level }));
  });
}

interface Conflict {
  ruleId: string;
  matterCode: string;
  scopeCode: string;
  scopeName: string;
  kind: ConflictKind;
  message: string;
  messageZh: string;
}

const stepNames: Record<(typeof timedSteps)[number], [string, string]> = {
  accept: ['accept', '受理'],
  dispatch: ['dispatch', '派遣'],
  claim: ['claim', '签收'],
  handle: ['handle', '处置'],
  verify: ['verify', '核查'],
};

/**
 * What makes a rule unusable or wrong as written:
 *  - matterNotPublished: its matter is not in the published list (only in the draft, or removed);
 *  - leadUnitDisabled / assistUnitDisabled: a unit was disabled after the rule was written;
 *  - leadUnitOutOfScope / assistUnitOutOfScope: a unit serves a division neither inside the scope nor above it;
 *  - leadAlsoAssisting, duplicateAssist: the unit lists are inconsistent;
 *  - urgentNotNaturalHours: the matter is urgent (an urgent safety matter runs 24/7, DOMAIN.md §2) but
 *    some step's limit counts working time, so a report on a Saturday night would wait for Monday. Every
 *    step counts, not only handling: accepting and dispatching at night matter as much.
 * The write API refuses the unit problems, so they arise when units change later, or from imported data.
 */
export function conflictsOf(rules: RuleRow[], matters: Map<string, ListedMatter>, units: Map<string, UnitInfo>, scopeNames: Map<string, string>): Conflict[] {
  const out: Conflict[] = [];
  for (const r of rules) {
    const add = (kind: ConflictKind, message: string, messageZh: string) =>
      out.push({
        ruleId: r.id,
        matterCode: r.matterCode,
        scopeCode: r.scopeCode,
        scopeName: scopeNames.get(r.scopeCode) ?? r.scopeCode,
        kind,
        message,
        messageZh,
      });
    const m = matters.get(r.matterCode);
    if (!m?.published) {
      add(
        'matterNotPublished',
        m
          ? `Matter ${r.matterCode} is only in the draft list: the rule applies once it is published.`
          : `Matter ${r.matterCode} is not in the published matter list.`,
        m ? `事项 ${r.matterCode} 仅在草稿清单中，发布后规则才生效。` : `事项 ${r.matterCode} 不在已发布的事项清单中。`,
      );
    }
    const lead = units.get(r.leadUnitId);
    if (!lead || lead.disabled) add('leadUnitDisabled', `The lead unit ${lead?.name ?? ''} is disabled.`, `主办单位${lead?.name ?? ''}已停用。`);
    else if (!servesScope(lead.divisionCode, r.scopeCode)) {
      add('leadUnitOutOfScope', `The lead unit ${lead.name} does not serve this area.`, `主办单位${lead.name}不服务于该区域。`);
    }
    for (const id of new Set(r.assistUnitIds)) {
      const u = units.get(id);
      if (!u || u.disabled) add('assistUnitDisabled', `The assisting unit ${u?.name ?? ''} is disabled.`, `协办单位${u?.name ?? ''}已停用。`);
      else if (!servesScope(u.divisionCode, r.scopeCode)) {
        add('assistUnitOutOfScope', `The assisting unit ${u.name} does not serve this area.`, `协办单位${u.name}不服务于该区域。`);
      }
    }
    if (r.assistUnitIds.includes(r.leadUnitId)) {
      add('leadAlsoAssisting', 'The lead unit is also listed as assisting.', '主办单位同时被列为协办单位。');
    }
    if (new Set(r.assistUnitIds).size < r.assistUnitIds.length) add('duplicateAssist', 'An assisting unit is listed twice.', '协办单位重复。');
    if (m?.urgent) {
      const limits = r.limits as StepLimits;
      const working = timedSteps.filter((s) => limits[s].unit !== 'naturalHours');
      if (working.length > 0) {
        add(
          'urgentNotNaturalHours',
          `An urgent matter runs on natural hours, 24/7; these steps count working time: ${working.map((s) => stepNames[s][0]).join(', ')}.`,
          `紧急事项应按自然小时计时（全天候），以下环节按工作时间计：${working.map((s) => stepNames[s][1]).join('、')}。`,
        );
      }
    }
  }
  return out;
}

export async function analyseRules(ctx: AppContext, actor: Actor) {
  const cityCode = cityOf(actor);
  const [rules, { version, byCode }, root] = [await visibleRules(ctx.db, actor), await cityMatters(ctx.db, cityCode), await areaTree(ctx, actor)];
  const published = [...byCode.values()].filter((m) => m.published).sort((a, b) => a.code.localeCompare(b.code));
  const units = await unitsById(ctx.db, rules);
  const names = await divisionNames(
    ctx.db,
    rules.map((r) => r.scopeCode),
  );
  return {
    matterListVersion: version,
    gaps: root ? gapsOf(root, published, rules) : [],
    conflicts: conflictsOf(rules, byCode, units, names),
  };
}
