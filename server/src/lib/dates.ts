// Calendar dates as text (YYYY-MM-DD): the form birth dates, schedule days and "today" take
// throughout the platform. Checked by arithmetic rather than through Date, whose UTC constructor
// reads years 0–99 as 1900–1999 and silently rolls 30 February over into March.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A real calendar date written YYYY-MM-DD (proleptic Gregorian): "2024-02-29" yes, "2023-02-29" no. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * The calendar date at `now` on the wall clocks of `timeZone` (an IANA name; a RangeError for an
 * unknown one). The server may run in UTC while "today" for a birth date or a deadline is Beijing's:
 * between 00:00 and 08:00 Beijing time the two differ by a day.
 */
export function todayIn(timeZone = 'Asia/Shanghai', now: Date = new Date()): string {
  // formatToParts, not a locale whose format happens to be YYYY-MM-DD: the parts do not depend on locale data.
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}
