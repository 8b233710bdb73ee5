import { randomUUID } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseRecord } from '../modules/cases/case.tables.js';
import { defaultLimits } from '../modules/cases/case-workflow.js';
import { CITY, COMMUNITY, TOWN } from '../test/case-factory.js';
import { type TestApp, createTestApp } from '../test/harness.js';
import { insertRows } from './insert-rows.js';
import { placeholder, preparedQuery } from './prepared.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 120_000);
afterAll(() => t.close());

// Cases of one title started after an instant: a text and a timestamp placeholder.
const startedAfter = preparedQuery((db) =>
  db
    .select({ id: caseRecord.id, startedAt: caseRecord.stepStartedAt })
    .from(caseRecord)
    .where(and(eq(caseRecord.title, placeholder(caseRecord.title, 'title')), gt(caseRecord.stepStartedAt, placeholder(caseRecord.stepStartedAt, 'after')))),
);

// Cases with exactly these attribute answers: a jsonb placeholder, which only the column's encoder
// turns into JSON (node-postgres would send a bare array as a PostgreSQL array literal).
const withAnswers = preparedQuery((db) =>
  db
    .select({ id: caseRecord.id })
    .from(caseRecord)
    .where(and(eq(caseRecord.title, placeholder(caseRecord.title, 'title')), eq(caseRecord.attributes, placeholder(caseRecord.attributes, 'answers')))),
);

const row = (title: string, startedAt: string) => ({
  id: randomUUID(),
  number: `P${randomUUID().slice(0, 12)}`,
  cityCode: CITY,
  divisionCode: COMMUNITY,
  title,
  source: 'gridWorker',
  status: 'reported',
  centreCode: TOWN,
  stepStartedAt: new Date(startedAt),
  limits: defaultLimits,
});

describe('reads built once', () => {
  it('is built once per database and filled in with each call’s values, through the columns’ encoders', async () => {
    const early = row('预编译', '2026-12-01T01:00:00Z');
    const late = row('预编译', '2026-12-03T01:00:00Z');
    await insertRows(t.ctx.db, caseRecord, [early, late]);
    expect(startedAfter(t.ctx.db)).toBe(startedAfter(t.ctx.db));
    // A Date goes in through the timestamp column's encoder and comes back a Date.
    const after = await startedAfter(t.ctx.db).execute({ title: '预编译', after: new Date('2026-12-02T00:00:00Z') });
    expect(after).toEqual([{ id: late.id, startedAt: new Date('2026-12-03T01:00:00Z') }]);
    const all = await startedAfter(t.ctx.db).execute({ title: '预编译', after: new Date('2026-11-30T00:00:00Z') });
    expect(all.map((r) => r.id).sort()).toEqual([early.id, late.id].sort());
    expect(await startedAfter(t.ctx.db).execute({ title: '没有', after: new Date('2026-11-30T00:00:00Z') })).toEqual([]);
  });

  it('encodes each value as its column does (an array for a jsonb column is sent as JSON)', async () => {
    const none = row('答案', '2026-12-01T01:00:00Z');
    await insertRows(t.ctx.db, caseRecord, [none]);
    expect(await withAnswers(t.ctx.db).execute({ title: '答案', answers: [] })).toEqual([{ id: none.id }]);
  });

  it('runs inside a transaction on that transaction, seeing its own rows', async () => {
    const mine = row('事务内', '2026-12-04T01:00:00Z');
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await insertRows(tx, caseRecord, [mine]);
        // Built on the transaction, not taken from the database's: a new one each call.
        expect(startedAfter(tx)).not.toBe(startedAfter(tx));
        expect(await startedAfter(tx).execute({ title: '事务内', after: new Date('2026-12-01T00:00:00Z') })).toEqual([
          { id: mine.id, startedAt: new Date('2026-12-04T01:00:00Z') },
        ]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await startedAfter(t.ctx.db).execute({ title: '事务内', after: new Date('2026-12-01T00:00:00Z') })).toEqual([]);
  });
});
