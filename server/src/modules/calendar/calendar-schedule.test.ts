// The schedule file format and the rules every list of days passes (API behaviour is in calendar.test.ts).
import { describe, expect, it } from 'vitest';
import { parseScheduleText, scheduleProblems } from './calendar-schedule.js';

describe('reading a schedule file', () => {
  it('takes comments, a header, a BOM, CRLF, full-width commas and 休/班', () => {
    const text =
      '\uFEFF# 2027\r\nDate, Kind, Name\r\n2027-01-01,holiday,元旦\r\n\r\n2027-02-06，班，春节\r\n2027-02-08 , 休 , 春节 \r\n2027-02-07,makeupWorkday,春节';
    expect(parseScheduleText(2027, text)).toEqual({
      days: [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-02-06', kind: 'makeupWorkday', name: '春节' },
        { date: '2027-02-08', kind: 'holiday', name: '春节' },
        { date: '2027-02-07', kind: 'makeupWorkday', name: '春节' },
      ],
      problems: [],
    });
  });

  it('reports every bad line by its number, in order', () => {
    const text = [
      '2027-01-01,holiday',
      '2027-01-02,holiday,元旦',
      '2027-01-03,vacation,元旦',
      '2027-01-02,holiday,元旦',
      '2026-12-31,holiday,元旦',
      '27-1-4,holiday,元旦',
    ].join('\n');
    const { problems } = parseScheduleText(2027, text);
    expect(problems.map((p) => [p.at, p.field])).toEqual([
      [1, 'line'],
      [3, 'kind'],
      [4, 'date'],
      [5, 'date'],
      [6, 'date'],
    ]);
    for (const p of problems) expect(p.messageZh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a file without any day', () => {
    expect(parseScheduleText(2027, '# nothing here\n\n').problems).toEqual([expect.objectContaining({ at: 1, field: 'line' })]);
  });
});

describe("a year's list of days", () => {
  it('passes the 2026 schedule and refuses a makeup working day on a weekday or a name too long', () => {
    expect(scheduleProblems(2026, [{ date: '2026-10-10', kind: 'makeupWorkday', name: '国庆节' }])).toEqual([]);
    expect(scheduleProblems(2026, [{ date: '2026-10-09', kind: 'makeupWorkday', name: '国庆节' }])).toEqual([
      expect.objectContaining({ at: 0, field: 'kind' }),
    ]);
    expect(scheduleProblems(2026, [{ date: '2026-10-01', kind: 'holiday', name: '国'.repeat(31) }])).toEqual([
      expect.objectContaining({ at: 0, field: 'name' }),
    ]);
    expect(scheduleProblems(2026, [{ date: '2026-02-29', kind: 'holiday', name: '春节' }])).toEqual([expect.objectContaining({ field: 'date' })]);
  });
});
