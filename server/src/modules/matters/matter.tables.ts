import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { appUser, department } from '../access/access.tables.js';
import { division } from '../territory/territory.tables.js';
import type { MatterAttribute } from './matter-attributes.js';
import { admissiblePowerKinds } from './power-kinds.js';

/**
 * One version of a city's grid matter list (网格事项准入清单, Art. 12). A published version is frozen;
 * changes are drafted as the next version and published, which supersedes the one before. At most one
 * draft and one published version per city, held by partial unique indexes.
 */
export const matterList = pgTable(
  'matter_list',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityCode: text('city_code')
      .notNull()
      .references(() => division.code),
    version: integer('version').notNull(),
    status: text('status').notNull(),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => appUser.id),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: uuid('published_by').references(() => appUser.id),
  },
  (t) => [
    unique('matter_list_city_version').on(t.cityCode, t.version),
    uniqueIndex('matter_list_one_draft').on(t.cityCode).where(sql`${t.status} = 'draft'`),
    uniqueIndex('matter_list_one_published').on(t.cityCode).where(sql`${t.status} = 'published'`),
    check('matter_list_status', sql`${t.status} in ('draft', 'published', 'superseded')`),
    check('matter_list_published_at', sql`(${t.status} = 'draft') = (${t.publishedAt} is null)`),
  ],
);

/**
 * A matter of one list version. `code` is stable across versions; a case will refer to
 * (list_id, code), the version it was filed under, which this primary key serves.
 */
export const matter = pgTable(
  'matter',
  {
    listId: uuid('list_id')
      .notNull()
      .references(() => matterList.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    category: text('category').notNull(),
    description: text('description').notNull().default(''),
    legalBasis: text('legal_basis').notNull().default(''),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => department.id),
    powerKind: text('power_kind').notNull(),
    /** Urgent safety matters: their time limits will count natural hours. */
    urgent: boolean('urgent').notNull().default(false),
    /** Offered to the public for reporting. */
    public: boolean('public').notNull().default(false),
    /** The extra questions a report under it answers (Open311's service definition), in order. */
    attributes: jsonb('attributes').$type<MatterAttribute[]>().notNull().default([]),
  },
  (t) => [
    primaryKey({ columns: [t.listId, t.code] }),
    index('matter_department').on(t.departmentId),
    // Art. 12, again in the database: licensing, penalty and enforcement matters are never stored.
    check('matter_power_kind', sql.raw(`power_kind in (${admissiblePowerKinds.map((k) => `'${k}'`).join(', ')})`)),
  ],
);
