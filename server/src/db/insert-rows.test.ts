import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseRecord, caseStep, caseTimer } from '../modules/cases/case.tables.js';
import { defaultLimits } from '../modules/cases/case-workflow.js';
import { COMMUNITY, CITY, TOWN } from '../test/case-factory.js';
import { type TestApp, createTestApp } from '../test/harness.js';
import { insertRows, insertTogether } from './insert-rows.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 120_000);
afterAll(() => t.close());

const caseRow = (title: string, gridCode: string | null) => ({
  id: randomUUID(),
  number: `T${randomUUID().slice(0, 12)}`,
  cityCode: CITY,
  divisionCode: COMMUNITY,
  gridCode,
  title,
  source: 'gridWorker',
  status: 'reported',
  centreCode: TOWN,
  stepStartedAt: new Date('2026-12-01T01:00:00Z'),
  limits: defaultLimits,
});

describe('inserts built once and filled in', () => {
  it('writes each row’s own values, nulls and defaults, with the SQL of one shape reused', async () => {
    // The same shape twice (the SQL is built the first time), then with a null where a value was.
    const a = caseRow('一', 'G1');
    const b = caseRow('二', 'G2');
    const c = caseRow('三', null);
    await insertRows(t.ctx.db, caseRecord, [a]);
    await insertRows(t.ctx.db, caseRecord, [b]);
    await insertRows(t.ctx.db, caseRecord, [c]);
    const rows = await t.ctx.db.select().from(caseRecord).where(eq(caseRecord.cityCode, CITY)).orderBy(asc(caseRecord.title));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(a.id)).toMatchObject({ title: '一', gridCode: 'G1', number: a.number, limits: a.limits, version: 1, overdue: false, supervision: 'none' });
    expect(byId.get(b.id)).toMatchObject({ title: '二', gridCode: 'G2', number: b.number });
    expect(byId.get(c.id)).toMatchObject({ title: '三', gridCode: null });
    expect(byId.get(c.id)?.stepStartedAt.toISOString()).toBe('2026-12-01T01:00:00.000Z');
  });

  it('writes several tables in one statement: rows may refer to a row inserted beside them; a conflict is kept out when asked', async () => {
    const c = caseRow('四', 'G4');
    const step = {
      id: randomUUID(),
      caseId: c.id,
      divisionCode: COMMUNITY,
      action: 'report',
      toStatus: 'reported',
      data: { source: 'gridWorker' },
      startedAt: c.stepStartedAt,
      finishedAt: c.stepStartedAt,
    };
    const timer = { caseId: c.id, divisionCode: COMMUNITY, kind: 'overdue', stepKey: 'accept#1', fireAt: new Date('2026-12-02T01:00:00Z') };
    await insertTogether(t.ctx.db, [
      { table: caseRecord, rows: [c] },
      { table: caseStep, rows: [step] },
      { table: caseTimer, rows: [timer], onConflictDoNothing: true },
    ]);
    await insertRows(t.ctx.db, caseTimer, [{ ...timer, fireAt: new Date('2030-01-01T00:00:00Z') }], { onConflictDoNothing: true });
    const steps = await t.ctx.db.select().from(caseStep).where(eq(caseStep.caseId, c.id));
    expect(steps).toEqual([expect.objectContaining({ id: step.id, data: { source: 'gridWorker' }, publicNote: false, attachmentIds: [], opinion: '' })]);
    const timers = await t.ctx.db.select().from(caseTimer).where(eq(caseTimer.caseId, c.id));
    expect(timers.map((x) => x.fireAt.toISOString())).toEqual(['2026-12-02T01:00:00.000Z']);
    await expect(insertRows(t.ctx.db, caseStep, [{ ...step, id: randomUUID(), caseId: randomUUID() }])).rejects.toThrow();
  });
});
