// The timer sweep on a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL): due timers act
// once, stale ones not at all, reminders wait for working hours, overdue marks the case, escalation
// supervises red on behalf of the next centre up. Cases are written straight into the tables.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { CITY, COMMUNITY, DISTRICT, TOWN, makeCase, makeDueCases, scheduleTimers, unitId } from '../../test/case-factory.js';
import { createTestApp } from '../../test/harness.js';
import { auditEvent } from '../audit/audit.tables.js';
import { ESCALATION_OPINION, STALE, decide, escalationCentre, sweepTimers } from './case-sweep.js';
import { caseRecord, caseSupervision, caseTimer, notification } from './case.tables.js';

const t = await createTestApp();
afterAll(() => t.close());

/** "2026-12-03 20:00" in Beijing time. */
const at = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);
const sweep = (now: string, instanceId = 'test-a') => sweepTimers(t.ctx, { now: at(now), instanceId });
const timersOf = (caseId: string) => t.ctx.db.select().from(caseTimer).where(eq(caseTimer.caseId, caseId)).orderBy(asc(caseTimer.fireAt));
const notesOf = (caseId: string) =>
  t.ctx.db
    .select({
      kind: notification.kind,
      unit: notification.recipientUnitId,
      centre: notification.recipientCentreCode,
      user: notification.recipientUserId,
    })
    .from(notification)
    .where(eq(notification.caseId, caseId))
    .orderBy(asc(notification.seq));
const caseRow = async (id: string) => (await t.ctx.db.select().from(caseRecord).where(eq(caseRecord.id, id)))[0];
const zero = { reminded: 0, overdue: 0, escalated: 0, stale: 0, postponed: 0, batches: 0 };

describe('one case through its timers', () => {
  // Handling started Tuesday 1 December 09:00, due Thursday 3 December 09:00 (2 working days).
  // Reminder 4 working hours before: Wednesday 14:00; escalation 8 working hours after: Friday 09:30.
  let caseId = '';
  let police = '';

  it('schedules the three timers the workflow would', async () => {
    police = await unitId(t.ctx);
    const c = await makeCase(t.ctx, { stepStartedAt: at('2026-12-01 09:00'), dueAt: at('2026-12-03 09:00') });
    caseId = c.id;
    await scheduleTimers(t.ctx, c);
    const timers = await timersOf(caseId);
    expect(timers.map((x) => [x.kind, x.fireAt.toISOString(), x.stepKey])).toEqual([
      ['remind', at('2026-12-02 14:00').toISOString(), 'handle#1'],
      ['overdue', at('2026-12-03 09:00').toISOString(), 'handle#1'],
      ['escalate', at('2026-12-04 09:30').toISOString(), 'handle#1'],
    ]);
  });

  it('does nothing before anything is due', async () => {
    expect(await sweep('2026-12-02 13:59')).toEqual(zero);
  });

  it('reminds the lead unit once, in working hours', async () => {
    expect(await sweep('2026-12-02 14:05')).toEqual({ ...zero, reminded: 1, batches: 1 });
    expect(await sweep('2026-12-02 14:10')).toEqual(zero);
    expect(await notesOf(caseId)).toEqual([{ kind: 'deadlineYellow', unit: police, centre: null, user: null }]);
    const [remind] = await timersOf(caseId);
    expect(remind).toMatchObject({ kind: 'remind', firedAt: at('2026-12-02 14:05'), firedBy: 'test-a' });
    expect((await caseRow(caseId))?.overdue).toBe(false);
  });

  it('marks the case overdue and tells the unit and the centre', async () => {
    expect(await sweep('2026-12-03 09:00')).toEqual({ ...zero, overdue: 1, batches: 1 });
    expect((await caseRow(caseId))?.overdue).toBe(true);
    expect((await notesOf(caseId)).slice(1)).toEqual([
      { kind: 'deadlineRed', unit: police, centre: null, user: null },
      { kind: 'deadlineRed', unit: null, centre: TOWN, user: null },
    ]);
  });

  it('escalates: red supervision by the system for the district centre, which is told', async () => {
    expect(await sweep('2026-12-04 09:29')).toEqual(zero);
    expect(await sweep('2026-12-04 09:31', 'test-b')).toEqual({ ...zero, escalated: 1, batches: 1 });
    expect((await caseRow(caseId))?.supervision).toBe('red');
    const sup = await t.ctx.db.select().from(caseSupervision).where(eq(caseSupervision.caseId, caseId));
    expect(sup).toEqual([expect.objectContaining({ level: 'red', centreCode: DISTRICT, actorId: null, opinion: ESCALATION_OPINION, divisionCode: COMMUNITY })]);
    expect((await notesOf(caseId)).slice(3)).toEqual([{ kind: 'caseEscalated', unit: null, centre: DISTRICT, user: null }]);
    expect((await timersOf(caseId)).map((x) => x.firedBy)).toEqual(['test-a', 'test-a', 'test-b']);
  });

  it('leaves one audit row per batch that acted, with counts only', async () => {
    const rows = await t.ctx.db.select().from(auditEvent).where(eq(auditEvent.action, 'case.timers.sweep'));
    expect(rows.map((r) => r.detail)).toEqual(
      expect.arrayContaining([
        'remind=1 overdue=0 escalate=0 stale=0 postponed=0',
        'remind=0 overdue=1 escalate=0 stale=0 postponed=0',
        'remind=0 overdue=0 escalate=1 stale=0 postponed=0',
      ]),
    );
    expect(rows.every((r) => r.actorId === null && r.actorRole === 'system')).toBe(true);
  });
});

describe('a case on a centre desk', () => {
  it('sends the reminder to the centre holding it when no unit has it', async () => {
    const c = await makeCase(t.ctx, { leadUnitId: null, status: 'registered', stepStartedAt: at('2026-12-01 09:00'), dueAt: at('2026-12-03 09:00') });
    await scheduleTimers(t.ctx, c);
    expect(await sweep('2026-12-02 15:00')).toMatchObject({ reminded: 1 });
    expect(await notesOf(c.id)).toEqual([{ kind: 'deadlineYellow', unit: null, centre: TOWN, user: null }]);
    expect(await sweep('2026-12-03 09:00')).toMatchObject({ overdue: 1 });
    expect((await notesOf(c.id)).slice(1)).toEqual([{ kind: 'deadlineRed', unit: null, centre: TOWN, user: null }]);
    expect(await sweep('2026-12-04 10:00')).toMatchObject({ escalated: 1 });
    expect((await notesOf(c.id)).slice(2)).toEqual([{ kind: 'caseEscalated', unit: null, centre: DISTRICT, user: null }]);
  });

  it('escalates a case the city centre holds to the city centre itself', () => {
    expect(escalationCentre(TOWN)).toBe(DISTRICT);
    expect(escalationCentre(DISTRICT)).toBe(CITY);
    expect(escalationCentre(CITY)).toBe(CITY);
  });
});

describe('stale timers', () => {
  it.each(['closed', 'cancelled', 'archived', 'suspended'] as const)('of a %s case are stamped and do nothing', async (status) => {
    const c = await makeCase(t.ctx, { status, stepStartedAt: at('2026-12-07 09:00'), dueAt: at('2026-12-09 09:00') });
    await scheduleTimers(t.ctx, c);
    expect(await sweep('2026-12-10 16:00')).toEqual({ ...zero, stale: 3, batches: 1 });
    expect((await timersOf(c.id)).map((x) => x.firedBy)).toEqual([STALE, STALE, STALE]);
    expect(await notesOf(c.id)).toEqual([]);
    expect(await caseRow(c.id)).toMatchObject({ overdue: false, supervision: 'none' });
    expect(await t.ctx.db.select().from(caseSupervision).where(eq(caseSupervision.caseId, c.id))).toEqual([]);
  });

  it('a reminder a stopped sweep finds after the due time is stale; the overdue marking still happens', async () => {
    const c = await makeCase(t.ctx, { stepStartedAt: at('2026-12-07 09:00'), dueAt: at('2026-12-09 09:00') });
    await scheduleTimers(t.ctx, c);
    expect(await sweep('2026-12-09 10:00')).toEqual({ ...zero, overdue: 1, stale: 1, batches: 1 });
    expect((await notesOf(c.id)).map((n) => n.kind)).toEqual(['deadlineRed', 'deadlineRed']);
    expect(await sweep('2026-12-10 10:00')).toEqual({ ...zero, escalated: 1, batches: 1 });
  });
});

describe('reminders go out in working hours only', () => {
  it('postpones a reminder claimed at 20:00 to the next working morning, and sends it then', async () => {
    const c = await makeCase(t.ctx, { stepStartedAt: at('2026-12-10 09:00'), dueAt: at('2026-12-11 16:00') });
    await t.ctx.db
      .insert(caseTimer)
      .values({ caseId: c.id, divisionCode: c.divisionCode, kind: 'remind', stepKey: 'handle#1', fireAt: at('2026-12-10 19:00') });
    expect(await sweep('2026-12-10 20:00')).toEqual({ ...zero, postponed: 1, batches: 1 });
    const [remind] = await timersOf(c.id);
    expect(remind).toMatchObject({ fireAt: at('2026-12-11 08:30'), firedAt: null });
    expect(await notesOf(c.id)).toEqual([]);
    expect(await sweep('2026-12-11 08:29')).toEqual(zero);
    expect(await sweep('2026-12-11 08:31')).toEqual({ ...zero, reminded: 1, batches: 1 });
    expect((await notesOf(c.id)).map((n) => n.kind)).toEqual(['deadlineYellow']);
  });

  it('over a weekend, to Monday; in the lunch break, to 13:30', async () => {
    const weekend = await makeCase(t.ctx, { stepStartedAt: at('2026-12-11 09:00'), dueAt: at('2026-12-14 16:00') });
    const lunch = await makeCase(t.ctx, { stepStartedAt: at('2026-12-15 09:00'), dueAt: at('2026-12-15 16:00') });
    await t.ctx.db.insert(caseTimer).values([
      { caseId: weekend.id, divisionCode: COMMUNITY, kind: 'remind', stepKey: 'handle#1', fireAt: at('2026-12-11 17:45') },
      { caseId: lunch.id, divisionCode: COMMUNITY, kind: 'remind', stepKey: 'handle#1', fireAt: at('2026-12-15 12:10') },
    ]);
    expect(await sweep('2026-12-12 10:00')).toMatchObject({ postponed: 1 });
    expect((await timersOf(weekend.id))[0]?.fireAt).toEqual(at('2026-12-14 08:30'));
    expect(await sweep('2026-12-14 09:00')).toEqual({ ...zero, reminded: 1, batches: 1 });
    expect(await sweep('2026-12-15 12:20')).toEqual({ ...zero, postponed: 1, batches: 1 });
    expect((await timersOf(lunch.id))[0]?.fireAt).toEqual(at('2026-12-15 13:30'));
    expect(await sweep('2026-12-15 13:31')).toEqual({ ...zero, reminded: 1, batches: 1 });
  });

  it('stamps a reminder stale when the next working instant is not before the due time', async () => {
    const c = await makeCase(t.ctx, { stepStartedAt: at('2026-12-16 09:00'), dueAt: at('2026-12-17 08:30') });
    await t.ctx.db.insert(caseTimer).values({ caseId: c.id, divisionCode: COMMUNITY, kind: 'remind', stepKey: 'handle#1', fireAt: at('2026-12-16 19:00') });
    expect(await sweep('2026-12-16 20:00')).toEqual({ ...zero, stale: 1, batches: 1 });
    expect(await notesOf(c.id)).toEqual([]);
  });

  it('overdue marking and escalation fire at any hour', async () => {
    const c = await makeCase(t.ctx, { stepStartedAt: at('2026-12-17 09:00'), dueAt: at('2026-12-17 16:00') });
    await t.ctx.db.insert(caseTimer).values([
      { caseId: c.id, divisionCode: COMMUNITY, kind: 'overdue', stepKey: 'handle#1', fireAt: at('2026-12-19 02:00') },
      { caseId: c.id, divisionCode: COMMUNITY, kind: 'escalate', stepKey: 'handle#1', fireAt: at('2026-12-19 02:00') },
    ]);
    expect(await sweep('2026-12-19 03:00')).toEqual({ ...zero, overdue: 1, escalated: 1, batches: 1 });
  });

  it('decide() without a calendar fires rather than never', () => {
    const timer = {
      id: 'x',
      kind: 'remind' as const,
      caseId: 'c',
      status: 'handling' as const,
      cityCode: CITY,
      divisionCode: COMMUNITY,
      centreCode: TOWN,
      leadUnitId: null,
      dueAt: at('2026-12-20 10:00').getTime(),
    };
    expect(decide(timer, at('2026-12-19 20:00').getTime(), undefined)).toEqual({ act: 'fire' });
    expect(decide({ ...timer, status: 'suspended' }, at('2026-12-19 20:00').getTime(), undefined)).toEqual({ act: 'stale' });
  });
});

describe('many due timers', () => {
  it('fires each once across batches and two sweeps running at once', async () => {
    const ids = await makeDueCases(t.ctx, 300, { kind: 'remind', fireAt: at('2026-12-21 09:00'), dueAt: at('2026-12-22 17:00') });
    const now = at('2026-12-21 10:00');
    const [a, b] = await Promise.all([
      sweepTimers(t.ctx, { now, batchSize: 20, instanceId: 'many-a' }),
      sweepTimers(t.ctx, { now, batchSize: 20, instanceId: 'many-b' }),
    ]);
    expect((a?.reminded ?? 0) + (b?.reminded ?? 0)).toBe(300);
    const notes = await t.ctx.db
      .select({ caseId: notification.caseId })
      .from(notification)
      .where(and(eq(notification.kind, 'deadlineYellow'), inArray(notification.caseId, ids)));
    expect(notes.length).toBe(300);
    expect(new Set(notes.map((n) => n.caseId)).size).toBe(300);
    const [left] = await queryRows<{ n: number | string }>(
      t.ctx.db,
      sql`SELECT count(*) AS n FROM case_timer WHERE fired_at IS NULL AND fire_at <= ${now.toISOString()}::timestamptz`,
    );
    expect(Number(left?.n)).toBe(0);
    expect(await sweepTimers(t.ctx, { now })).toEqual(zero);
  });

  it('stops starting batches when the time budget is spent', async () => {
    await makeDueCases(t.ctx, 30, { kind: 'overdue', fireAt: at('2026-12-22 09:00'), dueAt: at('2026-12-22 09:00') });
    const now = at('2026-12-22 10:00');
    expect(await sweepTimers(t.ctx, { now, batchSize: 10, budgetMs: 0 })).toMatchObject({ overdue: 10, batches: 1 });
    expect(await sweepTimers(t.ctx, { now, batchSize: 10 })).toMatchObject({ overdue: 20 });
  });
});
