// Which routing rule (联动处置清单, Art. 14) applies to a matter in a community: the most specific
// rule whose scope covers it (town, then district, then city). One query.
import { and, desc, eq, getTableColumns, or, sql } from 'drizzle-orm';
import { department } from '../access/access.tables.js';
import type { Executor } from '../../db/client.js';
import { placeholder, preparedQuery } from '../../db/prepared.js';
import { ancestorCodes, divisionPrefix } from '../territory/division-code.js';
import { routingRule } from './routing.tables.js';

export type RoutingRuleRow = typeof routingRule.$inferSelect;

/** A unit the rule names, as dispatch checks it. */
export interface RuleUnit {
  id: string;
  name: string;
  divisionCode: string;
  disabled: boolean;
}

/** Whether a unit is enabled and serves an area: its division covers it, or lies above it. */
export function unitServes(u: { divisionCode: string; disabled: boolean }, divisionCode: string): boolean {
  return !u.disabled && divisionCode.startsWith(divisionPrefix(u.divisionCode));
}

/** The units a rule names that cannot take a case in this area now: missing, disabled, or not serving it. */
export function unavailableUnits(rule: RoutingRuleWithUnits, divisionCode: string): string[] {
  return [rule.leadUnitId, ...rule.assistUnitIds].filter((id) => {
    const u = rule.units.find((x) => x.id === id);
    return !u || !unitServes(u, divisionCode);
  });
}

/** A rule with its lead and assisting units (read with it, so that an automatic dispatch need not read them again). */
export type RoutingRuleWithUnits = RoutingRuleRow & { units: RuleUnit[] };

/** The rule for `matterCode` covering `communityCode`, or undefined when the list names no owner there. */
export async function findRoutingRule(db: Executor, cityCode: string, matterCode: string, communityCode: string): Promise<RoutingRuleWithUnits | undefined> {
  // Scopes are city, district or town codes: the community's ancestors below the province.
  const scopes = ancestorCodes(communityCode).slice(1);
  if (scopes.length === 0) return undefined;
  // Three scopes at most (city, district, town); fewer are padded with a repeat.
  if (scopes.length > 3) throw new Error(`findRoutingRule: ${communityCode} is deeper than a community`);
  const [city, district = city, town = district] = scopes;
  const [row] = await ruleQuery(db).execute({ cityCode, matterCode, city, district, town });
  return row;
}

// Every report with a matter reads it: built once (db/prepared.ts).
const ruleQuery = preparedQuery((db) =>
  db
    .select({
      ...getTableColumns(routingRule),
      // Every column qualified: in a one-table select Drizzle writes its columns bare, and a bare
      // name inside the subquery would resolve to department's column of that name, should one exist.
      units: sql<
        RuleUnit[]
      >`(select coalesce(json_agg(json_build_object('id', u.id, 'name', u.name, 'divisionCode', u.division_code, 'disabled', u.disabled)), '[]') from ${department} as u where u.id = ${sql.raw('"routing_rule"."lead_unit_id"')} or u.id = any(${sql.raw('"routing_rule"."assist_unit_ids"')}))`,
    })
    .from(routingRule)
    .where(
      and(
        eq(routingRule.cityCode, placeholder(routingRule.cityCode, 'cityCode')),
        eq(routingRule.matterCode, placeholder(routingRule.matterCode, 'matterCode')),
        or(...['city', 'district', 'town'].map((scope) => eq(routingRule.scopeCode, placeholder(routingRule.scopeCode, scope)))),
      ),
    )
    // Deeper divisions have fewer trailing zeros: the most specific scope sorts first.
    .orderBy(desc(sql`length(rtrim(${routingRule.scopeCode}, '0'))`))
    .limit(1),
);
