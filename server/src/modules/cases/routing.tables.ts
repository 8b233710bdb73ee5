import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { appUser, department } from '../access/access.tables.js';
import { division } from '../territory/territory.tables.js';

/** One step's time limit: an amount of working hours, working days or natural hours. */
export interface StepLimit {
  amount: number;
  unit: 'workingHours' | 'workingDays' | 'naturalHours';
}

/** The five timed steps of a case (DOMAIN.md §2), each with its own limit in a routing rule. */
export const timedSteps = ['accept', 'dispatch', 'claim', 'handle', 'verify'] as const;
export type TimedStep = (typeof timedSteps)[number];
export type StepLimits = Record<TimedStep, StepLimit>;

/**
 * A rule of the linkage disposal list (联动处置清单, Art. 14): who handles a matter in an area.
 * `scopeCode` is a city, district or town: the rule covers every community under it, and the most
 * specific rule covering a case's community wins, so "per district or level where they differ" is
 * a district or town rule beside the city-wide one. One rule per (matter, scope): exactly one owner.
 * `matterCode` is the stable code across matter-list versions; a rule whose matter left the
 * published list is reported by the editor, never applied.
 */
export const routingRule = pgTable(
  'routing_rule',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityCode: text('city_code')
      .notNull()
      .references(() => division.code),
    matterCode: text('matter_code').notNull(),
    scopeCode: text('scope_code')
      .notNull()
      .references(() => division.code),
    leadUnitId: uuid('lead_unit_id')
      .notNull()
      .references(() => department.id),
    /** Units that handle in parallel with the lead unit (协办单位). */
    assistUnitIds: uuid('assist_unit_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** The post (岗位) in the lead unit that takes the case, e.g. "城管执法中队值班岗". */
    post: text('post').notNull().default(''),
    limits: jsonb('limits').$type<StepLimits>().notNull(),
    closingConditions: text('closing_conditions').notNull().default(''),
    /** A report naming this matter is accepted, registered and dispatched without waiting for a centre. */
    autoDispatch: boolean('auto_dispatch').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => appUser.id),
  },
  (t) => [
    unique('routing_rule_matter_scope').on(t.cityCode, t.matterCode, t.scopeCode),
    index('routing_rule_lead_idx').on(t.leadUnitId),
    check('routing_rule_scope_in_city', sql`left(${t.scopeCode}, 4) = left(${t.cityCode}, 4)`),
  ],
);
