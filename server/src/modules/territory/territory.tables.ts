import { index, jsonb, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One node of the official division tree, keyed by its 12-digit NBS statistics code.
 * `prefix` is the significant part of the code (2, 4, 6, 9 or 12 digits by level): every record
 * below a division carries a code that starts with it, so "in this jurisdiction" is a prefix match.
 */
export const division = pgTable(
  'division',
  {
    code: text('code').primaryKey(),
    parentCode: text('parent_code'),
    level: smallint('level').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    prefix: text('prefix').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('division_parent_idx').on(t.parentCode), index('division_prefix_idx').on(t.prefix.op('text_pattern_ops'))],
);

/** A division's outline (GeoJSON Polygon or MultiPolygon, WGS-84), drawn on the console map. */
export const divisionOutline = pgTable('division_outline', {
  divisionCode: text('division_code')
    .primaryKey()
    .references(() => division.code, { onDelete: 'cascade' }),
  geometry: jsonb('geometry').notNull(),
  source: text('source').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
