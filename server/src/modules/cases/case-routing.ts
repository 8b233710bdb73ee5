// Which routing rule (联动处置清单, Art. 14) applies to a matter in a community: the most specific
// rule whose scope covers it (town, then district, then city). One query.
import { and, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { department } from '../access/access.tables.js';
import type { Executor } from '../../db/client.js';
import { preparedQuery } from '../../db/prepared.js';
import { ancestorCodes } from '../territory/division-code.js';
import { routingRule } from './routing.tables.js';

export type RoutingRuleRow = typeof routingRule.$inferSelect;

/** A unit the rule names, as dispatch checks it. */
export interface RuleUnit {
  id: string;
  name: string;
  divisionCode: string;
  disabled: boolean;
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
      units: sql<
        RuleUnit[]
      >`(select coalesce(json_agg(json_build_object('id', ${department.id}, 'name', ${department.name}, 'divisionCode', ${department.divisionCode}, 'disabled', ${department.disabled})), '[]') from ${department} where ${department.id} = ${routingRule.leadUnitId} or ${department.id} = any(${routingRule.assistUnitIds}))`,
    })
    .from(routingRule)
    .where(
      and(
        eq(routingRule.cityCode, sql.placeholder('cityCode')),
        eq(routingRule.matterCode, sql.placeholder('matterCode')),
        inArray(routingRule.scopeCode, [sql.placeholder('city'), sql.placeholder('district'), sql.placeholder('town')]),
      ),
    )
    // Deeper divisions have fewer trailing zeros: the most specific scope sorts first.
    .orderBy(desc(sql`length(rtrim(${routingRule.scopeCode}, '0'))`))
    .limit(1),
);
