// On PostgreSQL a request waits at most WANGGE_LOCK_TIMEOUT_MS for a row another transaction holds —
// a running import holds the persons it writes until it commits — and then gets 503 'busy', with
// nothing written; once the row is free the same request succeeds. PGlite has one connection, so
// nothing there ever waits on another transaction: PostgreSQL only.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPerson, withCheck } from '../test/base-factories.js';
import { type TestApp, createTestApp } from '../test/harness.js';
import { ensureDemoGrids } from '../modules/territory/grid-seed.js';
import { advisoryLocks } from './advisory-locks.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

describe.skipIf(!onPostgres)('a request waiting on a row another transaction holds', () => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await createTestApp({ WANGGE_LOCK_TIMEOUT_MS: '300' });
    await ensureDemoGrids(t.ctx, { districts: ['370402'] });
    id = await registerPerson(t, 'worker', { name: '等待', idNumber: withCheck('37040219800808004') });
  }, 180_000);
  afterAll(() => t?.close());

  it('gets 503 busy after the lock timeout, changes nothing, and succeeds once the row is free', async () => {
    const holder = new pg.Client({ connectionString: t.ctx.config.databaseUrl });
    await holder.connect();
    try {
      // As the import's writer holds a person it updates, until its file is done.
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM person WHERE id = $1 FOR UPDATE', [id]);
      const version = (await t.request({ method: 'GET', url: `/api/persons/${id}`, as: 'worker' })).json().version as number;
      const busy = await t.request({ method: 'PATCH', url: `/api/persons/${id}`, as: 'worker', payload: { version, occupation: '教师' } });
      expect(busy.statusCode, busy.body).toBe(503);
      expect(busy.json()).toMatchObject({ code: 'busy' });
      expect(busy.json().messageZh).toContain('稍后重试');
      await holder.query('COMMIT');
      const after = await t.request({ method: 'GET', url: `/api/persons/${id}`, as: 'worker' });
      expect(after.json()).toMatchObject({ version, occupation: null });
      const done = await t.request({ method: 'PATCH', url: `/api/persons/${id}`, as: 'worker', payload: { version, occupation: '教师' } });
      expect(done.statusCode, done.body).toBe(200);
      const now = await t.request({ method: 'GET', url: `/api/persons/${id}`, as: 'worker' });
      expect(now.json()).toMatchObject({ version: version + 1, occupation: '教师' });
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
  });

  it('leaves audited requests alone while an import writer holds its lock (a key of its own, not the audit chain’s)', async () => {
    expect(new Set(Object.values(advisoryLocks)).size).toBe(Object.keys(advisoryLocks).length);
    const writer = new pg.Client({ connectionString: t.ctx.config.databaseUrl });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query('SELECT pg_advisory_xact_lock($1)', [advisoryLocks.importWriter]);
      // An edit writes an audit row, which takes the audit chain's lock.
      const version = (await t.request({ method: 'GET', url: `/api/persons/${id}`, as: 'worker' })).json().version as number;
      const res = await t.request({ method: 'PATCH', url: `/api/persons/${id}`, as: 'worker', payload: { version, occupation: '医生' } });
      expect(res.statusCode, res.body).toBe(200);
    } finally {
      await writer.query('ROLLBACK').catch(() => undefined);
      await writer.end();
    }
  });
});
