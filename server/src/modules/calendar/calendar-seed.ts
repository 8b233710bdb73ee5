// Every start: each city gets a work calendar with the default hours, and every year the
// chinese-days package holds that the city has no schedule for yet. Years already loaded, by the
// package or by the city centre, are left as they are, so running it again changes nothing; a newer
// package that holds a new year fills that year in at the next start.
import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { division } from '../territory/territory.tables.js';
import { chineseDaysSchedules } from './chinese-days.js';
import { type StoredSession, workCalendar, workCalendarDay, workCalendarYear } from './calendar.tables.js';

/**
 * Zaozhuang's government offices: 08:30–12:00 and 13:30–17:30 (7.5 working hours). The city centre
 * changes them in the console (PUT /api/calendar/hours).
 */
export const DEFAULT_SESSIONS: StoredSession[] = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

const SYSTEM: AuditContext = { actorId: null, actorRole: 'system', ip: null, divisionCode: null };

/** Returns how many city-years were filled in from chinese-days. */
export async function ensureWorkCalendars(ctx: AppContext): Promise<number> {
  const cities = await ctx.db.select({ code: division.code }).from(division).where(eq(division.level, 1));
  const schedules = chineseDaysSchedules();
  let filled = 0;
  for (const { code } of cities) {
    filled += await ctx.db.transaction(async (tx) => {
      await tx.insert(workCalendar).values({ cityCode: code, sessions: DEFAULT_SESSIONS }).onConflictDoNothing();
      // Serialise with other instances starting at the same time, and with the centre's edits.
      await tx.select({ v: workCalendar.version }).from(workCalendar).where(eq(workCalendar.cityCode, code)).for('update');
      const have = new Set(
        (await tx.select({ year: workCalendarYear.year }).from(workCalendarYear).where(eq(workCalendarYear.cityCode, code))).map((r) => r.year),
      );
      const missing = [...schedules.keys()].filter((y) => !have.has(y));
      if (missing.length === 0) return 0;
      await tx.insert(workCalendarYear).values(missing.map((year) => ({ cityCode: code, year, source: 'chineseDays' })));
      const days = missing.flatMap((year) => (schedules.get(year) ?? []).map((d) => ({ cityCode: code, year, ...d })));
      if (days.length > 0) await tx.insert(workCalendarDay).values(days);
      await tx
        .update(workCalendar)
        .set({ version: sql`${workCalendar.version} + 1`, updatedAt: new Date() })
        .where(and(eq(workCalendar.cityCode, code)));
      await recordAudit(tx, SYSTEM, {
        action: 'calendar.seed',
        targetType: 'workCalendar',
        targetId: code,
        divisionCode: code,
        fields: ['years'],
        detail: `chinese-days ${missing[0]}-${missing[missing.length - 1]}`,
      });
      return missing.length;
    });
  }
  return filled;
}
