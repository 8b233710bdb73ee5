// The workflow as data, the deadline light and the step timers: pure, on the official 2026 schedule.
import { describe, expect, it } from 'vitest';
import { type Session, WorkingCalendar } from '../../lib/working-time.js';
import { chineseDaysSchedules } from '../calendar/chinese-days.js';
import { stepTimerTimes } from './case-timers.js';
import { allowedFrom, clockOf, deadlineLight, effectiveLimit, mayTake, stepKey } from './case-workflow.js';

const HOURS: Session[] = [
  { start: 8 * 60 + 30, end: 12 * 60 },
  { start: 13 * 60 + 30, end: 17 * 60 + 30 },
];
const cal = new WorkingCalendar({
  utcOffsetMinutes: 480,
  sessions: HOURS,
  firstYear: 2024,
  lastYear: 2028,
  scheduledYears: [2026],
  days: chineseDaysSchedules().get(2026) ?? [],
});
const at = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00+08:00`);
const show = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const H = 3_600_000;

describe('the workflow', () => {
  it('allows each action only from its states', () => {
    expect(mayTake('dispatch', 'registered')).toBe(true);
    expect(mayTake('dispatch', 'reported')).toBe(false);
    expect(mayTake('feedback', 'suspended')).toBe(false);
    expect(mayTake('resume', 'suspended')).toBe(true);
    expect(mayTake('verifyFail', 'verifying')).toBe(true);
    expect(mayTake('archive', 'verifying')).toBe(false);
    // Nothing leaves a final state except archiving a closed case.
    for (const [action, from] of Object.entries(allowedFrom)) {
      if (action !== 'archive') expect(from, action).not.toContain('closed');
      expect(from, action).not.toContain('cancelled');
      expect(from, action).not.toContain('archived');
    }
  });

  it('runs one clock per state, none while suspended or finished', () => {
    expect(clockOf('reported')).toBe('accept');
    expect(clockOf('registered')).toBe('dispatch');
    expect(clockOf('dispatched')).toBe('claim');
    expect(clockOf('handling')).toBe('handle');
    expect(clockOf('verifying')).toBe('verify');
    expect(clockOf('suspended')).toBeNull();
    expect(clockOf('closed')).toBeNull();
    expect(stepKey('handle', 7)).toBe('handle#7');
  });

  it('counts an urgent matter in natural hours', () => {
    expect(effectiveLimit({ amount: 3, unit: 'workingDays' }, false)).toEqual({ amount: 3, unit: 'workingDays' });
    expect(effectiveLimit({ amount: 3, unit: 'workingDays' }, true)).toEqual({ amount: 72, unit: 'naturalHours' });
    expect(effectiveLimit({ amount: 4, unit: 'workingHours' }, true)).toEqual({ amount: 4, unit: 'naturalHours' });
  });
});

describe('the deadline light', () => {
  const step = { startedAt: at('2026-11-30 09:00'), dueAt: cal.addWorkingDays(at('2026-11-30 09:00'), 3), unit: 'workingDays' as const };
  it('is green, then yellow within the reminder hours, then red past due', () => {
    expect(show(step.dueAt)).toBe('2026-12-03 09:00');
    expect(deadlineLight(cal, step, at('2026-12-01 10:00'), 4)).toBe('green');
    // Wednesday 15:00 is 2.5 + 0.5 = 3 working hours before Thursday 09:00.
    expect(deadlineLight(cal, step, at('2026-12-02 15:00'), 4)).toBe('yellow');
    // Wednesday 13:00 (lunch) is still 4.5 working hours before.
    expect(deadlineLight(cal, step, at('2026-12-02 13:00'), 4)).toBe('green');
    expect(deadlineLight(cal, step, at('2026-12-03 09:00'), 4)).toBe('red');
    expect(deadlineLight(cal, { ...step, dueAt: null }, at('2026-12-03 09:00'), 4)).toBe('none');
  });

  it('turns yellow at half the limit when the limit is shorter than twice the reminder time', () => {
    const short = { startedAt: at('2026-11-30 09:00'), dueAt: cal.addWorkingHours(at('2026-11-30 09:00'), 2), unit: 'workingHours' as const };
    expect(deadlineLight(cal, short, at('2026-11-30 09:30'), 4)).toBe('green');
    expect(deadlineLight(cal, short, at('2026-11-30 10:30'), 4)).toBe('yellow');
  });
});

describe('step timers', () => {
  const settings = { remindWorkingHours: 4, escalateWorkingHours: 8 };
  it('remind N working hours before due, overdue at due, escalate N working hours after', () => {
    const startedAt = at('2026-11-30 09:00');
    const dueAt = cal.addWorkingDays(startedAt, 3);
    const times = stepTimerTimes(cal, { caseId: 'x', divisionCode: 'x', stepKey: 'handle#1', startedAt, dueAt, naturalHours: false }, settings);
    expect(times.map((t) => [t.kind, show(t.fireAt)])).toEqual([
      // Thursday 08:30–09:00 and Wednesday 14:00–17:30 are the last 4 working hours.
      ['remind', '2026-12-02 14:00'],
      ['overdue', '2026-12-03 09:00'],
      // Thursday 09:00–17:30 holds 7 working hours; the eighth ends Friday 09:30.
      ['escalate', '2026-12-04 09:30'],
    ]);
  });

  it('a reminder before a long weekend lands in working hours, never on the holiday', () => {
    // Due Thursday 2026-10-08 10:00 (after the National Day week): 1.5 working hours that morning, 2.5 on Wednesday 30 September → 15:00.
    const startedAt = at('2026-09-28 09:00');
    const dueAt = at('2026-10-08 10:00');
    const [remind] = stepTimerTimes(cal, { caseId: 'x', divisionCode: 'x', stepKey: 'handle#1', startedAt, dueAt, naturalHours: false }, settings);
    expect(show(remind?.fireAt as number)).toBe('2026-09-30 15:00');
  });

  it('natural hours for urgent matters; no timers while the clock is stopped', () => {
    const startedAt = at('2026-12-05 22:00'); // a Saturday night
    const times = stepTimerTimes(
      cal,
      { caseId: 'x', divisionCode: 'x', stepKey: 'handle#1', startedAt, dueAt: startedAt + 24 * H, naturalHours: true },
      settings,
    );
    expect(times.map((t) => [t.kind, show(t.fireAt)])).toEqual([
      ['remind', '2026-12-06 18:00'],
      ['overdue', '2026-12-06 22:00'],
      ['escalate', '2026-12-07 06:00'],
    ]);
    expect(stepTimerTimes(cal, { caseId: 'x', divisionCode: 'x', stepKey: 'handle#1', startedAt, dueAt: null, naturalHours: false }, settings)).toEqual([]);
  });
});
