// The work calendar through the API, on a real database: reading (every role), the city centre's
// changes (form, file, hours) with their validation and audit rows, and due-time previews.
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.js';
import { auditEvent } from '../audit/audit.tables.js';
import { ensureWorkCalendars } from './calendar-seed.js';
import { workCalendarYear } from './calendar.tables.js';

const t = await createTestApp();
afterAll(() => t.close());
t.setNow(new Date('2026-12-04T10:00:00+08:00'));

const get = (url: string, as = 'worker') => t.request({ method: 'GET', url, as });
const put = (url: string, payload: object, as = 'city') => t.request({ method: 'PUT', url, as, payload });
const post = (url: string, payload: object, as = 'city') => t.request({ method: 'POST', url, as, payload });
const deadline = (start: string, amount: number, unit: string, as = 'worker') =>
  get(`/api/calendar/deadline?start=${encodeURIComponent(start)}&amount=${amount}&unit=${unit}`, as);
const audited = async (action: string) =>
  (await t.ctx.db.select().from(auditEvent).where(eq(auditEvent.action, action))).map((r) => ({
    actorRole: r.actorRole,
    targetId: r.targetId,
    detail: r.detail,
  }));

const SCHEDULE_2027 = [
  '# 2027 年部分节假日安排（测试用）',
  'date,kind,name',
  '2027-01-01,holiday,元旦',
  '2027-02-06,workday,春节',
  '2027-02-08，休，春节',
  '2027-02-09,holiday,春节',
  '2027-02-10,holiday,春节',
  '',
].join('\n');

describe('reading the calendar', () => {
  it('shows the hours, the years from chinese-days, and warns about 2027, which has no schedule', async () => {
    const res = await get('/api/calendar');
    expect(res.statusCode, res.body).toBe(200);
    const cal = res.json();
    expect(cal).toMatchObject({ cityCode: '370400000000', timeZone: 'Asia/Shanghai', hoursPerDay: 7.5 });
    expect(cal.sessions).toEqual([
      { start: '08:30', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ]);
    const year = (y: number) => cal.years.find((x: { year: number }) => x.year === y);
    expect(year(2004)).toMatchObject({ status: 'chineseDays' });
    expect(year(2026)).toMatchObject({ status: 'chineseDays', makeupWorkdays: 6, workingDays: 248 });
    expect(year(2027)).toMatchObject({ status: 'none', holidays: 0, loadedAt: null, workingDays: 261 });
    expect(cal.warnings).toEqual([expect.objectContaining({ code: 'no_schedule', year: 2027, messageZh: expect.stringContaining('2027 年') })]);
  });

  it("lists a year's days and flags a year without schedule", async () => {
    const y2026 = (await get('/api/calendar/2026', 'police')).json();
    expect(y2026).toMatchObject({ year: 2026, status: 'chineseDays', warning: null });
    expect(y2026.days).toContainEqual({ date: '2026-10-10', kind: 'makeupWorkday', name: '国庆节' });
    expect(y2026.days).toContainEqual({ date: '2026-02-17', kind: 'holiday', name: '春节' });
    const y2027 = (await get('/api/calendar/2027', 'auditor')).json();
    expect(y2027).toMatchObject({ year: 2027, status: 'none', days: [], warning: { code: 'no_schedule', year: 2027 } });
  });

  it('is the same calendar for every role of the city', async () => {
    for (const as of ['admin', 'shizhong', 'zhongxinjie', 'leader', 'instructor', 'police', 'auditor']) {
      expect((await get('/api/calendar', as)).json().cityCode, as).toBe('370400000000');
    }
  });
});

describe('due-time preview', () => {
  it('counts working days across 国庆', async () => {
    const res = await deadline('2026-09-30T16:00:00+08:00', 1, 'workingDays');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dueAt: '2026-10-08T08:00:00.000Z', provisional: false, warnings: [] });
  });

  it('marks a due time in 2027 provisional, with the warning', async () => {
    const res = (await deadline('2026-12-31T09:00:00+08:00', 3, 'workingDays')).json();
    expect(res).toMatchObject({ dueAt: '2027-01-05T01:00:00.000Z', provisional: true, warnings: [{ code: 'no_schedule', year: 2027 }] });
  });

  it('runs natural hours around the clock', async () => {
    const res = (await deadline('2026-09-30T16:00:00+08:00', 24, 'naturalHours')).json();
    expect(res).toMatchObject({ dueAt: '2026-10-01T08:00:00.000Z', provisional: false });
  });

  it('refuses starts and due times outside the calendar, naming the field', async () => {
    const early = await deadline('1999-06-01T09:00:00+08:00', 1, 'workingDays');
    expect(early.statusCode).toBe(400);
    expect(early.json()).toMatchObject({ code: 'validation_failed', field: 'query.start', messageZh: expect.any(String) });
    const late = await deadline('2099-12-30T09:00:00+08:00', 100, 'workingDays');
    expect(late.statusCode).toBe(400);
    expect(late.json().field).toBe('query.amount');
    const lateNatural = await deadline('2099-12-31T20:00:00+08:00', 10_000, 'naturalHours');
    expect(lateNatural.json().field).toBe('query.amount');
    expect((await deadline('2026-12-01T09:00', 1, 'workingDays')).json().field).toBe('query.start');
  });
});

describe("the city centre's changes", () => {
  it('is refused to every other role', async () => {
    for (const as of ['admin', 'shizhong', 'zhongxinjie', 'worker', 'police', 'auditor']) {
      expect((await put('/api/calendar/2027', { days: [] }, as)).statusCode, as).toBe(403);
      expect((await post('/api/calendar/2027/import', { text: SCHEDULE_2027 }, as)).statusCode, as).toBe(403);
      expect((await put('/api/calendar/hours', { sessions: [{ start: '09:00', end: '17:00' }] }, as)).statusCode, as).toBe(403);
    }
  });

  it.each([
    ['a date in another year', [{ date: '2026-01-01', kind: 'holiday', name: '元旦' }], 'body.days.0.date'],
    ['a date that does not exist', [{ date: '2027-02-30', kind: 'holiday', name: '春节' }], 'body.days.0.date'],
    [
      'a date listed twice',
      [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      ],
      'body.days.1.date',
    ],
    ['a blank name', [{ date: '2027-01-01', kind: 'holiday', name: '   ' }], 'body.days.0.name'],
    ['a makeup working day on a weekday', [{ date: '2027-01-04', kind: 'makeupWorkday', name: '元旦' }], 'body.days.0.kind'],
  ])('refuses %s, naming the field, and stores nothing', async (_, days, field) => {
    const res = await put('/api/calendar/2027', { days });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', field, messageZh: expect.stringMatching(/[\u4e00-\u9fff]/) });
    expect((await get('/api/calendar/2027')).json().status).toBe('none');
  });

  it('refuses a file with bad lines, reporting each by number, and stores nothing', async () => {
    const bad = [
      '2027-01-01,holiday,元旦',
      '2027-13-01,holiday,元旦',
      '2027-02-06,workday,春节',
      '2027-02-08,off,春节',
      'just words',
      '2028-01-01,holiday,元旦',
    ].join('\n');
    const res = await post('/api/calendar/2027/import', { text: bad });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.field).toBe('body.text');
    expect(body.message).toMatch(/4 bad line/);
    for (const line of [2, 4, 5, 6]) {
      expect(body.message).toContain(`Line ${line}:`);
      expect(body.messageZh).toContain(`第 ${line} 行`);
    }
    expect(body.message).not.toContain('Line 1:');
    expect(body.message).not.toContain('Line 3:');
    expect((await get('/api/calendar/2027')).json().status).toBe('none');
    expect((await post('/api/calendar/2027/import', { text: '# nothing\n\n' })).json().field).toBe('body.text');
  });

  it('loads a file: the year gets its schedule, the warning goes and due times stop being provisional', async () => {
    const res = await post('/api/calendar/2027/import', { text: SCHEDULE_2027 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ year: 2027, status: 'centre', warning: null, workingDays: 261 - 4 + 1 });
    expect(res.json().days).toHaveLength(5);
    const cal = (await get('/api/calendar')).json();
    expect(cal.warnings).toEqual([]);
    expect(cal.years.find((y: { year: number }) => y.year === 2027)).toMatchObject({ status: 'centre', holidays: 4, makeupWorkdays: 1 });
    // 2026-12-31 09:00 + 3 working days: 12-31 (7 h), 2027-01-01 is now 元旦, 01-04 and 01-05 full, 01-06 until 09:00.
    const due = (await deadline('2026-12-31T09:00:00+08:00', 3, 'workingDays')).json();
    expect(due).toMatchObject({ dueAt: '2027-01-06T01:00:00.000Z', provisional: false, warnings: [] });
    expect(await audited('calendar.year.import')).toEqual([{ actorRole: 'cityCentre', targetId: '370400000000:2027', detail: '5 days' }]);
  });

  it('replaces a year from the form', async () => {
    const days = [
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-06', kind: 'makeupWorkday', name: '春节' },
    ];
    const res = await put('/api/calendar/2027', { days });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'centre', days });
    expect(await audited('calendar.year.replace')).toEqual([{ actorRole: 'cityCentre', targetId: '370400000000:2027', detail: '2 days' }]);
  });

  it('changes the working hours, refusing sessions out of order', async () => {
    const bad = await put('/api/calendar/hours', {
      sessions: [
        { start: '13:30', end: '17:30' },
        { start: '08:30', end: '12:00' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('body.sessions.1');
    expect((await put('/api/calendar/hours', { sessions: [{ start: '09:00', end: '08:00' }] })).json().field).toBe('body.sessions.0');
    const ok = await put('/api/calendar/hours', { sessions: [{ start: '09:00', end: '17:00' }] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ hoursPerDay: 8, sessions: [{ start: '09:00', end: '17:00' }] });
    expect((await deadline('2026-12-01T09:00:00+08:00', 1, 'workingDays')).json().dueAt).toBe('2026-12-01T09:00:00.000Z');
    expect(await audited('calendar.hours.update')).toHaveLength(1);
    await put('/api/calendar/hours', {
      sessions: [
        { start: '08:30', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ],
    });
  });
});

describe('seeding from chinese-days', () => {
  it('is idempotent and never overwrites a year the centre loaded', async () => {
    expect(await ensureWorkCalendars(t.ctx)).toBe(0);
    const [y2027] = await t.ctx.db
      .select()
      .from(workCalendarYear)
      .where(and(eq(workCalendarYear.cityCode, '370400000000'), eq(workCalendarYear.year, 2027)));
    expect(y2027?.source).toBe('centre');
    const seeded = await audited('calendar.seed');
    expect(seeded).toEqual([{ actorRole: 'system', targetId: '370400000000', detail: 'chinese-days 2004-2026' }]);
  });
});
