import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { appUser } from '../access/access.tables.js';
import { division } from './territory.tables.js';

/**
 * One version of a grid. A grid's identity is its code; each approved change that redraws it adds a
 * version, valid over [validFrom, validTo). The current version has validTo null. Records that refer
 * to a grid keep the version id they had, so history answers "which grid held this on date D".
 */
export const grid = pgTable(
  'grid',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    communityCode: text('community_code')
      .notNull()
      .references(() => division.code),
    /** Micro grids: the code of the basic grid they subdivide. */
    parentCode: text('parent_code'),
    /** Dedicated grids: the place they cover (school, hospital, market …). */
    placeName: text('place_name'),
    placeKind: text('place_kind'),
    boundary: jsonb('boundary').notNull(),
    minLng: doublePrecision('min_lng').notNull(),
    minLat: doublePrecision('min_lat').notNull(),
    maxLng: doublePrecision('max_lng').notNull(),
    maxLat: doublePrecision('max_lat').notNull(),
    areaM2: doublePrecision('area_m2').notNull(),
    labelLng: doublePrecision('label_lng').notNull(),
    labelLat: doublePrecision('label_lat').notNull(),
    households: integer('households').notNull().default(0),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validTo: timestamp('valid_to', { withTimezone: true }),
    /** Codes this grid descends from (split, merge): a grid keeps the codes of its predecessors. */
    predecessorCodes: text('predecessor_codes').array().notNull().default(sql`'{}'::text[]`),
    changeId: uuid('change_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('grid_current_code_idx').on(t.code).where(sql`${t.validTo} is null`),
    index('grid_code_from_idx').on(t.code, t.validFrom),
    index('grid_community_idx').on(t.communityCode.op('text_pattern_ops')),
    index('grid_parent_idx').on(t.parentCode),
  ],
);

/** Every grid code ever issued. A retired code is never issued again. */
export const gridCode = pgTable('grid_code', {
  code: text('code').primaryKey(),
  kind: text('kind').notNull(),
  communityCode: text('community_code')
    .notNull()
    .references(() => division.code),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
});

/** The last sequence number issued per code scope (community + kind, or a basic grid for its micro grids). */
export const gridSequence = pgTable('grid_sequence', {
  scope: text('scope').primaryKey(),
  lastSeq: integer('last_seq').notNull(),
});

/** Art. 8: each grid's leader, instructor and workers, with the period they serve. */
export const gridMember = pgTable(
  'grid_member',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    gridCode: text('grid_code')
      .notNull()
      .references(() => gridCode.code),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
    role: text('role').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validTo: timestamp('valid_to', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('grid_member_grid_idx').on(t.gridCode), index('grid_member_user_idx').on(t.userId)],
);

/**
 * Art. 7: a proposed change to grids (create, redraw, split, merge, retire), made by a district or
 * town centre, decided by the city centre. Only approval makes its new versions take effect.
 */
export const gridChange = pgTable(
  'grid_change',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    communityCode: text('community_code')
      .notNull()
      .references(() => division.code),
    reason: text('reason').notNull(),
    /** The proposed grids: [{ action, code?, kind, name, parentCode?, placeName?, placeKind?, boundary, households }]. */
    items: jsonb('items').notNull(),
    /** The last validation report: problems (blocking) and warnings (gaps). */
    validation: jsonb('validation'),
    proposedBy: uuid('proposed_by')
      .notNull()
      .references(() => appUser.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => appUser.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReason: text('decision_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('grid_change_community_idx').on(t.communityCode.op('text_pattern_ops')), index('grid_change_status_idx').on(t.status)],
);
