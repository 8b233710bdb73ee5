import { sql } from 'drizzle-orm';
import { check, date, foreignKey, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { appUser } from '../access/access.tables.js';
import { division } from '../territory/territory.tables.js';

/** A working session as stored: "08:30" to "12:00", local time of the calendar's zone. */
export interface StoredSession {
  start: string;
  end: string;
}

/**
 * A city's work calendar (工作日历): its working hours and time zone. `version` moves with every
 * change to the calendar, its years or its days, in the same transaction, so every server instance
 * knows when to recompile its in-memory copy.
 */
export const workCalendar = pgTable('work_calendar', {
  cityCode: text('city_code')
    .primaryKey()
    .references(() => division.code),
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  sessions: jsonb('sessions').$type<StoredSession[]>().notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by').references(() => appUser.id),
});

/** A year whose official schedule is loaded: from the chinese-days package, or by the city centre. No row: no schedule. */
export const workCalendarYear = pgTable(
  'work_calendar_year',
  {
    cityCode: text('city_code')
      .notNull()
      .references(() => workCalendar.cityCode),
    year: integer('year').notNull(),
    source: text('source').notNull(),
    loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
    loadedBy: uuid('loaded_by').references(() => appUser.id),
  },
  (t) => [primaryKey({ columns: [t.cityCode, t.year] }), check('work_calendar_year_source', sql`${t.source} in ('chineseDays', 'centre')`)],
);

/** A day of a loaded year that differs from Monday–Friday: a public holiday, or a makeup working day (调休). */
export const workCalendarDay = pgTable(
  'work_calendar_day',
  {
    cityCode: text('city_code').notNull(),
    year: integer('year').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cityCode, t.date] }),
    foreignKey({
      name: 'work_calendar_day_year_fk',
      columns: [t.cityCode, t.year],
      foreignColumns: [workCalendarYear.cityCode, workCalendarYear.year],
    }).onDelete('cascade'),
    check('work_calendar_day_kind', sql`${t.kind} in ('holiday', 'makeupWorkday')`),
    check('work_calendar_day_year', sql`extract(year from ${t.date}) = ${t.year}`),
  ],
);
