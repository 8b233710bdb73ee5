import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { verifyChain } from './audit.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Event = {
  seq: number;
  action: string;
  outcome: string;
  actorId: string | null;
  targetId: string | null;
  fields: string[];
  detail: string | null;
  ip: string | null;
};

async function events(query = ''): Promise<Event[]> {
  const res = await t.request({ method: 'GET', url: `/api/audit/events?limit=500${query}`, as: 'auditor' });
  expect(res.statusCode).toBe(200);
  return res.json().items;
}

describe('audit trail', () => {
  it('records sign-ins, failed ones too, with actor, IP and a reason code but no password', async () => {
    await t.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'city', password: 'Secret-guess-77' } });
    await t.login('city');
    const cityId = await t.userId('city');
    const failed = (await events('&action=auth.login.failed')).filter((e) => e.actorId === cityId);
    expect(failed.at(-1)).toMatchObject({ outcome: 'failed', detail: 'bad_password', targetId: cityId, ip: '127.0.0.1' });
    const ok = (await events('&action=auth.login')).filter((e) => e.actorId === cityId);
    expect(ok.length).toBeGreaterThan(0);
    expect(JSON.stringify(await events())).not.toContain('Secret-guess-77');
  });

  it('records every write with the names of the changed fields, never their values', async () => {
    const id = await t.userId('worker');
    const res = await t.request({
      method: 'PATCH',
      url: `/api/users/${id}`,
      as: 'zhongxinjie',
      payload: { phone: '13912345678', displayName: '网格员 郑海燕（调岗）' },
    });
    expect(res.statusCode).toBe(200);
    const update = (await events('&action=user.update')).find((e) => e.targetId === id);
    expect(update?.fields.sort()).toEqual(['displayName', 'phone']);
    expect(JSON.stringify(await events())).not.toContain('13912345678');
  });

  it('records each read of personal data, and only reads that show it', async () => {
    const id = await t.userId('leader');
    const before = (await events('&action=user.personal.read')).length;
    const detail = await t.request({ method: 'GET', url: `/api/users/${id}`, as: 'shizhong' });
    expect(detail.json().phone).toBe('13800000006');
    const list = await t.request({ method: 'GET', url: '/api/users?q=leader', as: 'shizhong' });
    expect(list.json().items[0].phoneMasked).toBe('138****0006');
    expect(JSON.stringify(list.json())).not.toContain('13800000006');
    const after = await events('&action=user.personal.read');
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ targetId: id, fields: ['phone'], actorId: await t.userId('shizhong') });
  });

  it('pages by cursor', async () => {
    const first = await t.request({ method: 'GET', url: '/api/audit/events?limit=2', as: 'auditor' });
    const page = first.json();
    expect(page.items).toHaveLength(2);
    expect(page.next).toBe(page.items[1].seq);
    const second = await t.request({ method: 'GET', url: `/api/audit/events?limit=2&after=${page.next}`, as: 'auditor' });
    expect(second.json().items[0].seq).toBe(page.next + 1);
  });

  it('is append-only: the database refuses UPDATE and DELETE', async () => {
    const refusal = async (statement: ReturnType<typeof sql>) => {
      try {
        await t.ctx.db.execute(statement);
        return 'accepted';
      } catch (err) {
        return String((err as { cause?: Error }).cause?.message ?? err);
      }
    };
    expect(await refusal(sql`UPDATE audit_event SET detail = 'x' WHERE seq = 1`)).toMatch(/append-only/);
    expect(await refusal(sql`DELETE FROM audit_event WHERE seq = 1`)).toMatch(/append-only/);
    expect(await refusal(sql`TRUNCATE audit_event`)).toMatch(/append-only/);
  });

  it('verifies, and names the first row altered by hand', async () => {
    const ok = await t.request({ method: 'GET', url: '/api/audit/verify', as: 'auditor' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true });
    expect(ok.json().checked).toBeGreaterThan(5);

    // A database superuser edits a row behind the application's back.
    await t.ctx.db.execute(sql`ALTER TABLE audit_event DISABLE TRIGGER USER`);
    await t.ctx.db.execute(sql`UPDATE audit_event SET ip = '203.0.113.9' WHERE seq = 4`);
    await t.ctx.db.execute(sql`ALTER TABLE audit_event ENABLE TRIGGER USER`);

    const broken = await t.request({ method: 'GET', url: '/api/audit/verify', as: 'auditor' });
    expect(broken.json()).toMatchObject({ ok: false, checked: 3, firstBroken: { seq: 4, reason: 'hash_mismatch' } });
  });

  it('notices a deleted row and a recomputed hash', async () => {
    // Rewriting one row's hash to hide an edit breaks the link to the next row instead.
    const report = await verifyChain(t.ctx.db, 2);
    expect(report.firstBroken?.seq).toBe(4);
    await t.ctx.db.execute(sql`ALTER TABLE audit_event DISABLE TRIGGER USER`);
    await t.ctx.db.execute(sql`DELETE FROM audit_event WHERE seq = 4`);
    await t.ctx.db.execute(sql`ALTER TABLE audit_event ENABLE TRIGGER USER`);
    expect(await verifyChain(t.ctx.db, 2)).toMatchObject({ ok: false, firstBroken: { seq: 4, reason: 'missing_rows' } });
  });
});

describe('reading the trail newest first', () => {
  it('pages backwards by cursor', async () => {
    const first = (await t.request({ method: 'GET', url: '/api/audit/events?order=desc&limit=3', as: 'auditor' })).json();
    const seqs = first.items.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const second = (await t.request({ method: 'GET', url: `/api/audit/events?order=desc&limit=3&after=${first.next}`, as: 'auditor' })).json();
    expect(second.items[0].seq).toBe(first.next - 1);
  });

  it('is not for the administrator (separation of duties) nor for a district centre', async () => {
    expect((await t.request({ method: 'GET', url: '/api/audit/events', as: 'admin' })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/audit/verify', as: 'shizhong' })).statusCode).toBe(403);
  });
});
