// Working-time arithmetic on the official 2025–2026 schedules (from chinese-days), 2027 without one,
// and Zaozhuang's default hours 08:30–12:00 and 13:30–17:30 (7.5 working hours a day).
import { describe, expect, it } from 'vitest';
import { chineseDaysSchedules } from '../modules/calendar/chinese-days.js';
import { type Pause, type Session, WorkingCalendar, epochDay, sessionProblem } from './working-time.js';

const HOURS: Session[] = [
  { start: 8 * 60 + 30, end: 12 * 60 },
  { start: 13 * 60 + 30, end: 17 * 60 + 30 },
];
const schedules = chineseDaysSchedules();
const SCHEDULED = [2024, 2025, 2026];
const DAYS = SCHEDULED.flatMap((y) => schedules.get(y) ?? []);
const cal = new WorkingCalendar({ utcOffsetMinutes: 480, sessions: HOURS, firstYear: 2020, lastYear: 2030, scheduledYears: SCHEDULED, days: DAYS });

/** "2026-10-09 16:00" in Beijing time → epoch ms. */
const at = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00+08:00`);
/** epoch ms → "2026-10-09 16:00" in Beijing time. */
const show = (ms: number | null) => (ms === null ? null : new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' '));
const addH = (s: string, h: number) => show(cal.addWorkingHours(at(s), h));
const addD = (s: string, d: number) => show(cal.addWorkingDays(at(s), d));

describe('the compiled calendar', () => {
  it('has 7.5 working hours a day', () => {
    expect(cal.dayMs).toBe(7.5 * 3_600_000);
  });

  it('knows weekends, holidays and makeup working days', () => {
    expect(cal.isWorkingDay('2026-11-27')).toBe(true); // Friday
    expect(cal.isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2026-10-01')).toBe(false); // 国庆节
    expect(cal.isWorkingDay('2026-10-05')).toBe(false); // 国庆节, a Monday
    expect(cal.isWorkingDay('2026-10-10')).toBe(true); // 调休 Saturday
    expect(cal.isWorkingDay('2026-09-20')).toBe(true); // 调休 Sunday
    expect(cal.isWorkingDay('2026-02-16')).toBe(false); // 春节
    expect(cal.isWorkingDay('2027-01-01')).toBe(true); // 2027 has no schedule: Monday–Friday
    expect(cal.isWorkingDay('2027-02-06')).toBe(false); // a Saturday in 2027
  });

  it('counts the working days of a year', () => {
    let naive = 0;
    for (let d = epochDay('2026-01-01'); d < epochDay('2027-01-01'); d++) {
      if (cal.isWorkingDay(new Date(d * 86_400_000).toISOString().slice(0, 10))) naive++;
    }
    expect(cal.workingDaysInYear(2026)).toBe(naive);
    // 2026: 261 weekdays, minus 19 holidays on weekdays, plus 6 makeup working days (State Council notice)
    expect(cal.workingDaysInYear(2026)).toBe(261 - 19 + 6);
  });

  it('refuses hours that overlap, touch or run backwards', () => {
    expect(sessionProblem([])).toBeDefined();
    expect(sessionProblem([{ start: 600, end: 500 }])?.index).toBe(0);
    expect(sessionProblem([HOURS[0] as Session, { start: 700, end: 800 }])?.index).toBe(1);
    expect(sessionProblem([HOURS[0] as Session, { start: 720, end: 800 }])?.index).toBe(1);
    expect(sessionProblem([{ start: 0, end: 1441 }])?.index).toBe(0);
    expect(sessionProblem(HOURS)).toBeUndefined();
    expect(() => new WorkingCalendar({ utcOffsetMinutes: 480, sessions: [], firstYear: 2026, lastYear: 2026, scheduledYears: [], days: [] })).toThrow(
      RangeError,
    );
  });
});

describe('adding working hours', () => {
  it('skips the weekend', () => {
    expect(addH('2026-11-27 16:00', 4)).toBe('2026-11-30 11:00');
  });

  it('skips the lunch break', () => {
    expect(addH('2026-12-01 11:00', 2)).toBe('2026-12-01 14:30');
    expect(addH('2026-12-01 08:30', 3.5)).toBe('2026-12-01 12:00'); // end of the morning, not 13:30
    expect(addH('2026-12-01 08:30', 3.5 + 1 / 60)).toBe('2026-12-01 13:31');
  });

  it('starts the clock at the next working moment when started outside working hours', () => {
    expect(addH('2026-12-01 07:00', 1)).toBe('2026-12-01 09:30');
    expect(addH('2026-12-01 12:30', 1)).toBe('2026-12-01 14:30');
    expect(addH('2026-12-01 19:00', 1)).toBe('2026-12-02 09:30');
    expect(addH('2026-11-28 10:00', 1)).toBe('2026-11-30 09:30'); // Saturday
    expect(addH('2026-10-03 10:00', 1)).toBe('2026-10-08 09:30'); // inside 国庆
  });

  it('ends a full day at its close, not the next morning', () => {
    expect(addH('2026-11-30 08:30', 7.5)).toBe('2026-11-30 17:30');
    expect(addH('2026-11-27 08:30', 7.5)).toBe('2026-11-27 17:30');
    expect(addH('2026-11-27 17:30', 7.5)).toBe('2026-11-30 17:30');
  });

  it('skips 国庆 and counts the 调休 Saturday after it', () => {
    expect(addH('2026-09-30 16:00', 7.5)).toBe('2026-10-08 16:00');
    expect(addH('2026-10-09 17:00', 1)).toBe('2026-10-10 09:00');
    expect(addH('2026-09-19 10:00', 1)).toBe('2026-09-20 09:30'); // 调休 Sunday
  });

  it('leaves an instant alone for zero or negative amounts', () => {
    expect(addH('2026-11-28 10:00', 0)).toBe('2026-11-28 10:00');
    expect(addH('2026-11-28 10:00', -3)).toBe('2026-11-28 10:00');
  });
});

describe('adding working days', () => {
  it('skips 春节 and counts the 调休 Saturday before it', () => {
    expect(addD('2026-02-13 17:30', 1)).toBe('2026-02-14 17:30');
    expect(addD('2026-02-13 17:30', 2)).toBe('2026-02-24 17:30');
  });

  it('counts half days', () => {
    expect(addD('2026-12-01 08:30', 0.5)).toBe('2026-12-01 13:45');
  });

  it('runs across the end of a scheduled year into the next, 元旦 and its 调休 Sunday included', () => {
    expect(addD('2025-12-31 16:00', 1)).toBe('2026-01-04 16:00');
    expect(cal.due(at('2025-12-31 16:00'), 1, 'workingDays').provisional).toBe(false);
  });

  it('counts a year without schedule Monday–Friday and marks the due time provisional', () => {
    const d = cal.due(at('2026-12-31 09:00'), 3, 'workingDays');
    expect(show(d.dueAt)).toBe('2027-01-05 09:00');
    expect(d.provisional).toBe(true);
    expect(cal.due(at('2026-12-30 09:00'), 1, 'workingDays').provisional).toBe(false);
    expect(cal.due(at('2027-03-01 09:00'), 1, 'workingHours').provisional).toBe(true);
    expect(cal.isProvisional(at('2025-06-01 00:00'), at('2026-06-01 00:00'))).toBe(false);
    expect(cal.isProvisional(at('2026-06-01 00:00'), at('2028-06-01 00:00'))).toBe(true);
  });

  it('refuses instants outside the compiled years', () => {
    expect(() => cal.addWorkingDays(at('2019-12-31 10:00'), 1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays(at('2030-12-31 10:00'), 5)).toThrow(RangeError);
  });
});

describe('working time as an instant (reminders go out only then)', () => {
  it('is inside a session of a working day, its close included', () => {
    expect(cal.isWorkingTime(at('2026-12-03 08:30'))).toBe(true);
    expect(cal.isWorkingTime(at('2026-12-03 12:00'))).toBe(true);
    expect(cal.isWorkingTime(at('2026-12-03 12:01'))).toBe(false); // lunch
    expect(cal.isWorkingTime(at('2026-12-03 17:30'))).toBe(true);
    expect(cal.isWorkingTime(at('2026-12-03 20:00'))).toBe(false);
    expect(cal.isWorkingTime(at('2026-12-05 10:00'))).toBe(false); // Saturday
    expect(cal.isWorkingTime(at('2026-10-05 10:00'))).toBe(false); // 国庆节, a Monday
    expect(cal.isWorkingTime(at('2026-10-10 10:00'))).toBe(true); // 调休 Saturday
  });

  it('moves an instant outside working time to the next opening', () => {
    expect(show(cal.nextWorkingInstant(at('2026-12-03 20:00')))).toBe('2026-12-04 08:30');
    expect(show(cal.nextWorkingInstant(at('2026-12-04 07:00')))).toBe('2026-12-04 08:30');
    expect(show(cal.nextWorkingInstant(at('2026-12-04 12:15')))).toBe('2026-12-04 13:30');
    expect(show(cal.nextWorkingInstant(at('2026-12-04 18:00')))).toBe('2026-12-07 08:30'); // Friday evening → Monday
    expect(show(cal.nextWorkingInstant(at('2026-09-30 18:00')))).toBe('2026-10-08 08:30'); // 国庆 (1–7 October) → the Thursday after
    expect(cal.nextWorkingInstant(at('2026-12-04 10:00'))).toBe(at('2026-12-04 10:00'));
  });
});

describe('natural hours (urgent safety matters)', () => {
  it('run around the clock, through weekends and holidays, never provisional', () => {
    expect(show(cal.due(at('2026-09-30 16:00'), 24, 'naturalHours').dueAt)).toBe('2026-10-01 16:00');
    const d = cal.due(at('2026-12-31 20:00'), 48, 'naturalHours');
    expect(show(d.dueAt)).toBe('2027-01-02 20:00');
    expect(d.provisional).toBe(false);
  });
});

describe('working time between two instants', () => {
  it('counts only working time', () => {
    expect(cal.workingBetween(at('2026-11-27 16:00'), at('2026-11-30 09:30')) / 3_600_000).toBe(2.5);
    expect(cal.workingBetween(at('2026-09-30 08:30'), at('2026-10-08 17:30')) / 3_600_000).toBe(15);
    expect(cal.workingBetween(at('2026-12-02 10:00'), at('2026-12-01 10:00'))).toBe(0);
  });
});

describe('suspension pauses the clock', () => {
  const start = at('2026-11-30 08:30');
  const pause = (from: string, to: string | null): Pause => ({ from: at(from), to: to === null ? null : at(to) });
  const due = (amount: number, pauses: Pause[], unit: 'workingDays' | 'naturalHours' = 'workingDays', s = start) =>
    show(cal.dueWithPauses(s, amount, unit, pauses).dueAt);

  it('moves the due time by the working time paused', () => {
    expect(due(2, [])).toBe('2026-12-01 17:30');
    expect(due(2, [pause('2026-11-30 10:30', '2026-12-01 10:30')])).toBe('2026-12-02 17:30');
  });

  it('keeps the paused time when the limit changes', () => {
    const paused = [pause('2026-11-30 10:30', '2026-12-01 10:30')];
    expect(due(3, paused)).toBe('2026-12-03 17:30');
    expect(due(1, paused)).toBe('2026-12-01 17:30'); // 2 h before the pause, 5.5 h after it
  });

  it('has no due time while a pause is open', () => {
    const d = cal.dueWithPauses(start, 2, 'workingDays', [pause('2026-11-30 10:30', null)]);
    expect(d.dueAt).toBeNull();
  });

  it('ignores pauses before the start and after the due time, and counts overlapping ones once', () => {
    expect(due(2, [pause('2026-11-20 10:00', '2026-11-25 10:00'), pause('2026-12-03 09:00', '2026-12-04 09:00')])).toBe('2026-12-01 17:30');
    const overlapping = [
      pause('2026-11-30 10:30', '2026-12-01 09:00'),
      pause('2026-11-30 15:00', '2026-12-01 10:30'),
      pause('2026-11-30 11:00', '2026-11-30 11:30'),
    ];
    expect(due(2, overlapping)).toBe('2026-12-02 17:30');
  });

  it('skips a pause that lies wholly outside working hours', () => {
    expect(due(2, [pause('2026-11-30 18:00', '2026-12-01 08:00')])).toBe('2026-12-01 17:30');
  });

  it('pauses natural hours for the whole paused time', () => {
    expect(due(24, [pause('2026-12-01 06:00', '2026-12-01 08:00')], 'naturalHours', at('2026-12-01 00:00'))).toBe('2026-12-02 02:00');
  });

  it('reports the time counted so far without the pauses', () => {
    const paused = [pause('2026-11-30 10:30', '2026-12-01 10:30')];
    expect(cal.elapsed(start, at('2026-12-01 12:00'), 'workingHours', paused) / 3_600_000).toBe(3.5);
    expect(cal.elapsed(start, at('2026-12-01 12:00'), 'workingHours', [...paused, ...paused]) / 3_600_000).toBe(3.5);
    expect(cal.elapsed(start, at('2026-11-30 11:00'), 'workingHours', [pause('2026-11-30 10:30', null)]) / 3_600_000).toBe(2);
    expect(cal.elapsed(at('2026-12-01 00:00'), at('2026-12-01 10:00'), 'naturalHours', [pause('2026-12-01 06:00', '2026-12-01 08:00')]) / 3_600_000).toBe(8);
  });
});

describe('against a minute-by-minute count', () => {
  // An independent reference: walk one minute at a time, counting the minutes that are working
  // minutes by the plain rules (weekday, holiday list, makeup list, sessions).
  const overrides = new Map(DAYS.map((d) => [d.date, d.kind]));
  const workingMinute = (ms: number) => {
    const local = new Date(ms + 8 * 3_600_000);
    const date = local.toISOString().slice(0, 10);
    const kind = overrides.get(date);
    const weekday = local.getUTCDay();
    const isDay = kind === 'makeupWorkday' || (kind !== 'holiday' && weekday !== 0 && weekday !== 6);
    const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
    return isDay && HOURS.some((s) => minute >= s.start && minute < s.end);
  };
  const reference = (start: number, minutes: number) => {
    let t = start;
    for (let left = minutes; left > 0; t += 60_000) if (workingMinute(t)) left--;
    return t;
  };
  let seed = 20261204;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };

  it('agrees on 400 random starts (any minute, 2024–2026) and amounts up to 40 working hours', () => {
    const from = at('2024-01-01 00:00');
    const span = at('2026-12-20 00:00') - from;
    for (let i = 0; i < 400; i++) {
      const start = from + Math.floor((random() * span) / 60_000) * 60_000;
      const minutes = 1 + Math.floor(random() * 40 * 60);
      const got = cal.addWorking(start, minutes * 60_000);
      expect(show(got), `${show(start)} + ${minutes} min`).toBe(show(reference(start, minutes)));
      expect(cal.workingBetween(start, got)).toBe(minutes * 60_000);
    }
  });
});
