import { describe, expect, it } from 'vitest';
import { isIsoDate, todayIn } from './dates.js';

describe('isIsoDate', () => {
  it.each(['2024-02-29', '2000-02-29', '2023-02-28', '2023-12-31', '2023-01-01', '1880-01-01', '0050-06-15', '2023-04-30'])('accepts %s', (s) => {
    expect(isIsoDate(s)).toBe(true);
  });

  it.each([
    ['2023-02-29', 'not a leap year'],
    ['1900-02-29', 'century, not a leap year'],
    ['2024-02-30', 'no 30 February'],
    ['2023-04-31', 'April has 30 days'],
    ['2023-13-01', 'month 13'],
    ['2023-00-10', 'month 0'],
    ['2023-01-00', 'day 0'],
    ['2023-1-01', 'one-digit month'],
    ['20230101', 'no dashes'],
    [' 2023-01-01', 'leading space'],
    ['2023-01-01T00:00', 'a time'],
    ['', 'empty'],
  ])('refuses %s (%s)', (s) => {
    expect(isIsoDate(s)).toBe(false);
  });
});

describe('todayIn', () => {
  it("is Beijing's date, which runs eight hours ahead of UTC", () => {
    expect(todayIn('Asia/Shanghai', new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(todayIn('Asia/Shanghai', new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    expect(todayIn(undefined, new Date('2024-02-28T16:00:00Z'))).toBe('2024-02-29');
  });

  it('follows the zone given', () => {
    const now = new Date('2026-01-01T02:00:00Z');
    expect(todayIn('UTC', now)).toBe('2026-01-01');
    expect(todayIn('America/New_York', now)).toBe('2025-12-31');
  });

  it('defaults to now, and always gives a real date', () => {
    expect(isIsoDate(todayIn())).toBe(true);
  });

  it('refuses an unknown zone', () => {
    expect(() => todayIn('Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
