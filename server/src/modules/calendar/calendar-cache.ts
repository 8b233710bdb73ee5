// The compiled work calendars, one per city, shared by every module that counts time limits
// (AppContext.calendars). Compiled from the database on first use and again when the calendar's
// `version` row moves: every change bumps it in its transaction, and each instance checks it at
// most every few seconds before answering (as the grid index does), so the hot path never touches
// the database.
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { WorkingCalendar } from '../../lib/working-time.js';
import { FIRST_YEAR, LAST_YEAR } from './calendar.schemas.js';
import { type StoredSession, workCalendar, workCalendarDay, workCalendarYear } from './calendar.tables.js';

const CHECK_EVERY_MS = 3_000;
/** Zones a calendar may name, with their offset. Asia/Shanghai has had no daylight saving since 1991. */
export const ZONE_OFFSET_MINUTES: Record<string, number> = { 'Asia/Shanghai': 480 };

export const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export interface CompiledCalendar {
  cityCode: string;
  version: number;
  timeZone: string;
  offsetMinutes: number;
  calendar: WorkingCalendar;
  /** Year → how it was loaded. Years not here have no schedule. */
  sources: Map<number, 'chineseDays' | 'centre'>;
}

interface Entry {
  compiled: CompiledCalendar;
  checkedAt: number;
}

export class CalendarCache {
  private readonly entries = new Map<string, Entry>();
  private readonly building = new Map<string, Promise<CompiledCalendar | undefined>>();

  constructor(
    private readonly db: Executor,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The city's compiled calendar, or undefined when the city has none. Inside a transaction, pass
   * the transaction as `db`: the version check (and a compile) then runs on its connection. On the
   * pool it would wait for a second connection, and with every connection held by a transaction
   * queued behind this one's audit-chain lock, none would ever come free.
   */
  async get(cityCode: string, db: Executor = this.db): Promise<CompiledCalendar | undefined> {
    const entry = this.entries.get(cityCode);
    if (entry && this.now() - entry.checkedAt < CHECK_EVERY_MS) return entry.compiled;
    const [row] = await db.select({ version: workCalendar.version }).from(workCalendar).where(eq(workCalendar.cityCode, cityCode));
    if (!row) {
      this.entries.delete(cityCode);
      return undefined;
    }
    if (entry && entry.compiled.version === row.version) {
      entry.checkedAt = this.now();
      return entry.compiled;
    }
    let pending = this.building.get(cityCode);
    if (!pending) {
      pending = this.compile(cityCode, db).finally(() => this.building.delete(cityCode));
      this.building.set(cityCode, pending);
    }
    return pending;
  }

  /** Checks the version on the next use (this instance just committed a change). */
  invalidate(cityCode: string): void {
    const entry = this.entries.get(cityCode);
    if (entry) entry.checkedAt = 0;
  }

  private async compile(cityCode: string, db: Executor): Promise<CompiledCalendar | undefined> {
    const [cal] = await db.select().from(workCalendar).where(eq(workCalendar.cityCode, cityCode));
    if (!cal) return undefined;
    const years = await db
      .select({ year: workCalendarYear.year, source: workCalendarYear.source })
      .from(workCalendarYear)
      .where(eq(workCalendarYear.cityCode, cityCode));
    const days = await db
      .select({ date: workCalendarDay.date, kind: workCalendarDay.kind })
      .from(workCalendarDay)
      .where(eq(workCalendarDay.cityCode, cityCode));
    const offsetMinutes = ZONE_OFFSET_MINUTES[cal.timeZone] ?? 480;
    const compiled: CompiledCalendar = {
      cityCode,
      version: cal.version,
      timeZone: cal.timeZone,
      offsetMinutes,
      sources: new Map(years.map((y) => [y.year, y.source as 'chineseDays' | 'centre'])),
      calendar: new WorkingCalendar({
        utcOffsetMinutes: offsetMinutes,
        sessions: (cal.sessions as StoredSession[]).map((s) => ({ start: toMinutes(s.start), end: toMinutes(s.end) })),
        firstYear: FIRST_YEAR,
        lastYear: LAST_YEAR,
        scheduledYears: years.map((y) => y.year),
        days: days.map((d) => ({ date: d.date, kind: d.kind as 'holiday' | 'makeupWorkday' })),
      }),
    };
    this.entries.set(cityCode, { compiled, checkedAt: this.now() });
    return compiled;
  }
}
