// Working time on an official calendar: the arithmetic behind every time limit (时限). Pure and
// in memory: a calendar is compiled once into per-day arrays, so that adding working time to an
// instant, or measuring it between two instants, is a handful of array reads with no database and
// no loop over days (DOMAIN.md §2: time is counted in working time on the official calendar).
//
// Model. Every working day has the same working sessions (e.g. 08:30–12:00 and 13:30–17:30).
// A day is a working day when it is Monday–Friday and not a holiday, or when it is a makeup working
// day (调休). Working time is counted as a running total W(t) = working milliseconds from the start
// of the calendar up to instant t; so "add d of working time to t" is W⁻¹(W(t) + d), and the working
// time between a and b is W(b) − W(a). A working day as a unit is one day's worth of working hours
// (7.5 h with the default hours), so 0.5 working day is half of that and fractions work.
//
// A due time that falls exactly on the end of a day's working time is that day's close (17:30),
// never the next working day's opening: "one working day from Monday 08:30" is Monday 17:30.
//
// A year with no loaded schedule is counted Monday–Friday, and every due time whose count starts
// in, ends in or passes through such a year is flagged provisional: never silently Monday–Friday.

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/** One working session of a day, in minutes after local midnight: [start, end). */
export interface Session {
  start: number;
  end: number;
}

export type DayKind = 'holiday' | 'makeupWorkday';
export type Unit = 'workingHours' | 'workingDays' | 'naturalHours';
export const units: readonly Unit[] = ['workingHours', 'workingDays', 'naturalHours'];

export interface CalendarSpec {
  /** Minutes east of UTC. Asia/Shanghai is +480 all year (no daylight saving since 1991). */
  utcOffsetMinutes: number;
  sessions: readonly Session[];
  /** The compiled range, whole years. Instants outside it are refused with a RangeError. */
  firstYear: number;
  lastYear: number;
  /** Years whose official schedule is loaded. The others count Monday–Friday and make results provisional. */
  scheduledYears: Iterable<number>;
  /** Overrides: holidays (off, whatever the weekday) and makeup working days (on, whatever the weekday). */
  days: Iterable<{ date: string; kind: DayKind }>;
}

/** A suspension: the clock stands still from `from` until `to` (null: still suspended). Epoch ms. */
export interface Pause {
  from: number;
  to: number | null;
}

export interface Deadline {
  /** Epoch ms; null while an open pause holds the clock. */
  dueAt: number | null;
  /** The count runs through a year with no loaded schedule. */
  provisional: boolean;
}

/** Checks a list of sessions: whole minutes, inside the day, in order, not touching or overlapping. */
export function sessionProblem(sessions: readonly Session[]): { index: number; message: string; messageZh: string } | undefined {
  if (sessions.length === 0) return { index: 0, message: 'At least one working session is needed.', messageZh: '至少需要一个工作时段。' };
  for (let i = 0; i < sessions.length; i++) {
    const s = sessions[i] as Session;
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end > 24 * 60) {
      return { index: i, message: 'A session lies within one day, in whole minutes.', messageZh: '工作时段须在一天之内，以整分钟计。' };
    }
    if (s.end <= s.start) return { index: i, message: 'A session ends after it starts.', messageZh: '工作时段的结束时间须晚于开始时间。' };
    const prev = sessions[i - 1];
    if (prev && s.start <= prev.end) {
      return { index: i, message: 'Sessions are in order, with a break between them.', messageZh: '工作时段须按先后排列，且之间有间隔。' };
    }
  }
  return undefined;
}

/** "2027-01-01" → days since 1970-01-01 (the calendar date, no time zone involved). */
export function epochDay(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

export class WorkingCalendar {
  /** Working milliseconds in one working day. */
  readonly dayMs: number;
  readonly firstYear: number;
  readonly lastYear: number;
  private readonly offsetMs: number;
  /** Local midnight of 1 January firstYear, as epoch ms of the same wall-clock time in UTC. */
  private readonly baseLocal: number;
  private readonly days: number;
  private readonly working: Uint8Array;
  /** Working days before day i (length days + 1). */
  private readonly before: Int32Array;
  /** The day index of the k-th working day. */
  private readonly ordinal: Int32Array;
  private readonly dayYear: Uint16Array;
  /** For each year of the range: the first year ≥ it without a schedule (lastYear + 1 when none). */
  private readonly nextUnscheduled: Int32Array;
  private readonly sessStart: Float64Array;
  private readonly sessEnd: Float64Array;
  /** Working ms of the day before session i starts. */
  private readonly sessBefore: Float64Array;

  constructor(spec: CalendarSpec) {
    const problem = sessionProblem(spec.sessions);
    if (problem) throw new RangeError(problem.message);
    if (!(spec.firstYear <= spec.lastYear)) throw new RangeError('firstYear must not be after lastYear');
    this.firstYear = spec.firstYear;
    this.lastYear = spec.lastYear;
    this.offsetMs = spec.utcOffsetMinutes * MINUTE_MS;
    const n = spec.sessions.length;
    this.sessStart = new Float64Array(n);
    this.sessEnd = new Float64Array(n);
    this.sessBefore = new Float64Array(n);
    let acc = 0;
    spec.sessions.forEach((s, i) => {
      this.sessStart[i] = s.start * MINUTE_MS;
      this.sessEnd[i] = s.end * MINUTE_MS;
      this.sessBefore[i] = acc;
      acc += (s.end - s.start) * MINUTE_MS;
    });
    this.dayMs = acc;

    this.baseLocal = Date.UTC(spec.firstYear, 0, 1);
    const firstDay = this.baseLocal / DAY_MS;
    this.days = Date.UTC(spec.lastYear + 1, 0, 1) / DAY_MS - firstDay;
    this.working = new Uint8Array(this.days);
    this.dayYear = new Uint16Array(this.days);
    for (let y = spec.firstYear, d = 0; y <= spec.lastYear; y++) {
      const end = Date.UTC(y + 1, 0, 1) / DAY_MS - firstDay;
      for (; d < end; d++) this.dayYear[d] = y;
    }
    for (let d = 0; d < this.days; d++) {
      const weekday = (firstDay + d + 4) % 7; // 1970-01-01 was a Thursday (4)
      this.working[d] = weekday === 0 || weekday === 6 ? 0 : 1;
    }
    for (const { date, kind } of spec.days) {
      const d = epochDay(date) - firstDay;
      if (d >= 0 && d < this.days) this.working[d] = kind === 'makeupWorkday' ? 1 : 0;
    }
    this.before = new Int32Array(this.days + 1);
    let count = 0;
    for (let d = 0; d < this.days; d++) {
      this.before[d] = count;
      count += this.working[d] as number;
    }
    this.before[this.days] = count;
    this.ordinal = new Int32Array(count);
    for (let d = 0, k = 0; d < this.days; d++) if (this.working[d]) this.ordinal[k++] = d;

    const scheduled = new Set(spec.scheduledYears);
    const years = spec.lastYear - spec.firstYear + 1;
    this.nextUnscheduled = new Int32Array(years);
    let next = spec.lastYear + 1;
    for (let y = spec.lastYear; y >= spec.firstYear; y--) {
      if (!scheduled.has(y)) next = y;
      this.nextUnscheduled[y - spec.firstYear] = next;
    }
  }

  /** Day index of an instant (local calendar day); RangeError outside the compiled years. */
  private dayOf(t: number): number {
    const d = Math.floor((t + this.offsetMs - this.baseLocal) / DAY_MS);
    if (!(d >= 0 && d < this.days)) throw new RangeError(`instant outside the calendar's years ${this.firstYear}–${this.lastYear}`);
    return d;
  }

  /** W(t): working ms from the start of the calendar up to t. */
  workingClock(t: number): number {
    const d = this.dayOf(t);
    const w = (this.before[d] as number) * this.dayMs;
    if (!this.working[d]) return w;
    const tod = t + this.offsetMs - this.baseLocal - d * DAY_MS;
    for (let i = 0; i < this.sessStart.length; i++) {
      const start = this.sessStart[i] as number;
      if (tod < start) return w + (this.sessBefore[i] as number);
      if (tod < (this.sessEnd[i] as number)) return w + (this.sessBefore[i] as number) + tod - start;
    }
    return w + this.dayMs;
  }

  /** W⁻¹: the earliest instant at which the working clock reads w (w > 0); ends of days, not next mornings. */
  instantAt(w: number): number {
    const k = Math.ceil(w / this.dayMs) - 1;
    if (!(k >= 0 && k < this.ordinal.length)) throw new RangeError(`due time outside the calendar's years ${this.firstYear}–${this.lastYear}`);
    const r = w - k * this.dayMs; // in (0, dayMs]
    let i = this.sessStart.length - 1;
    while (i > 0 && r <= (this.sessBefore[i] as number)) i--;
    const tod = (this.sessStart[i] as number) + r - (this.sessBefore[i] as number);
    return this.baseLocal + (this.ordinal[k] as number) * DAY_MS + tod - this.offsetMs;
  }

  /** t plus ms of working time. Zero or less: t itself. */
  addWorking(t: number, ms: number): number {
    if (ms <= 0) return t;
    return this.instantAt(this.workingClock(t) + ms);
  }

  addWorkingHours(t: number, hours: number): number {
    return this.addWorking(t, Math.round(hours * HOUR_MS));
  }

  addWorkingDays(t: number, days: number): number {
    return this.addWorking(t, Math.round(days * this.dayMs));
  }

  /** Working ms between a and b (0 when b is not after a). */
  workingBetween(a: number, b: number): number {
    return b <= a ? 0 : this.workingClock(b) - this.workingClock(a);
  }

  /** The count from a to b runs through a year with no loaded schedule. */
  isProvisional(a: number, b: number): boolean {
    const ya = this.dayYear[this.dayOf(Math.min(a, b))] as number;
    const yb = this.dayYear[this.dayOf(Math.max(a, b))] as number;
    return (this.nextUnscheduled[ya - this.firstYear] as number) <= yb;
  }

  /**
   * Whether t lies inside a working session of a working day, the session's close included (so a
   * reminder computed for a day's close, 17:30, still goes out then). Reminders go out only then.
   */
  isWorkingTime(t: number): boolean {
    const d = this.dayOf(t);
    if (!this.working[d]) return false;
    const tod = t + this.offsetMs - this.baseLocal - d * DAY_MS;
    for (let i = 0; i < this.sessStart.length; i++) {
      if (tod >= (this.sessStart[i] as number) && tod <= (this.sessEnd[i] as number)) return true;
    }
    return false;
  }

  /** t itself when it is working time, else the opening of the next working session (Friday 20:00 → Monday 08:30). */
  nextWorkingInstant(t: number): number {
    if (this.isWorkingTime(t)) return t;
    // The first instant at which the working clock has moved past W(t), less that millisecond.
    return this.instantAt(this.workingClock(t) + 1) - 1;
  }

  isWorkingDay(date: string): boolean {
    const d = epochDay(date) - this.baseLocal / DAY_MS;
    if (!(d >= 0 && d < this.days)) throw new RangeError('date outside the calendar');
    return this.working[d] === 1;
  }

  workingDaysInYear(year: number): number {
    const first = Date.UTC(year, 0, 1) / DAY_MS - this.baseLocal / DAY_MS;
    const end = Date.UTC(year + 1, 0, 1) / DAY_MS - this.baseLocal / DAY_MS;
    if (first < 0 || end > this.days) throw new RangeError('year outside the calendar');
    return (this.before[end] as number) - (this.before[first] as number);
  }

  /** A limit in the unit, as milliseconds of the clock that unit runs on. */
  limitMs(amount: number, unit: Unit): number {
    return Math.round(unit === 'workingDays' ? amount * this.dayMs : amount * HOUR_MS);
  }

  /** The due time of a limit counted from start, without pauses. */
  due(start: number, amount: number, unit: Unit): Deadline {
    return this.dueWithPauses(start, amount, unit, []);
  }

  /**
   * The due time of a limit counted from start, with the clock standing still during each pause
   * (suspension). Working-time units skip only the working time inside a pause; natural hours skip
   * all of it. Pauses may overlap, start before `start`, or lie after the due time (then they do not
   * count). The result depends on start, limit and pauses alone, so a changed matter or limit keeps
   * the time already paused: compute again with the same pauses and the new limit.
   */
  dueWithPauses(start: number, amount: number, unit: Unit, pauses: readonly Pause[]): Deadline {
    const natural = unit === 'naturalHours';
    let remaining = this.limitMs(amount, unit);
    let cursor = start;
    if (pauses.length > 0) {
      const sorted = pauses.length > 1 ? [...pauses].sort((p, q) => p.from - q.from) : pauses;
      for (const p of sorted) {
        if (p.to !== null && p.to <= cursor) continue;
        const from = Math.max(p.from, cursor);
        const available = natural ? from - cursor : this.workingClock(from) - this.workingClock(cursor);
        if (available >= remaining) break;
        remaining -= available;
        if (p.to === null) return { dueAt: null, provisional: !natural && this.isProvisional(start, from) };
        cursor = p.to;
      }
    }
    if (natural) return { dueAt: cursor + Math.max(0, remaining), provisional: false };
    const dueAt = remaining <= 0 ? cursor : this.instantAt(this.workingClock(cursor) + remaining);
    return { dueAt, provisional: this.isProvisional(start, dueAt) };
  }

  /** Time counted against the limit from start up to `at`, pauses left out, in the unit's clock (ms). */
  elapsed(start: number, at: number, unit: Unit, pauses: readonly Pause[] = []): number {
    if (at <= start) return 0;
    const natural = unit === 'naturalHours';
    const clock = (t: number) => (natural ? t : this.workingClock(t));
    let total = clock(at) - clock(start);
    // Merge the pauses clipped to [start, at] so overlapping pauses are not subtracted twice.
    const clipped = pauses
      .map((p) => ({ from: Math.max(p.from, start), to: Math.min(p.to ?? at, at) }))
      .filter((p) => p.to > p.from)
      .sort((p, q) => p.from - q.from);
    let cursor = start;
    for (const p of clipped) {
      const from = Math.max(p.from, cursor);
      if (p.to <= from) continue;
      total -= clock(p.to) - clock(from);
      cursor = p.to;
    }
    return total;
  }
}
