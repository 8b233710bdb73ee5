// Data quality of base information (issue 5 item 5): what re-gridding after an approved grid change
// did to each base record, and which records it could not place and left for a person to assign.
import { sql } from 'drizzle-orm';
import { bigserial, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { gridChange } from '../territory/grid.tables.js';

/**
 * One base record touched by an approved grid change (Art. 7): `moved` from one grid to another (its
 * history has a base_change row with source `gridChange`), or `manual` when its grid was retired (or
 * its point lies in no grid any more) and nothing says where it lies now: a centre or grid staff must
 * choose its grid. Written in the approval's transaction.
 */
export const baseRegrid = pgTable(
  'base_regrid',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    changeId: uuid('change_id')
      .notNull()
      .references(() => gridChange.id),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id').notNull(),
    divisionCode: text('division_code').notNull(),
    fromGrid: text('from_grid').notNull(),
    /** The grid it was moved to; null when it awaits manual assignment. */
    toGrid: text('to_grid'),
    state: text('state').notNull(),
    /** Why a record needs manual assignment: `noPoint` (no point and nothing placed to follow) or `outsideGrids` (its point lies in no current grid of its community). */
    reason: text('reason'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('base_regrid_division_idx').on(t.divisionCode.op('text_pattern_ops'), t.id),
    index('base_regrid_entity_idx').on(t.entity, t.entityId),
    index('base_regrid_change_idx').on(t.changeId),
    check('base_regrid_state', sql`${t.state} in ('moved', 'manual')`),
  ],
);
