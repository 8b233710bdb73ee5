// Department grants (base_grant) through the API on a real database: who may grant what where, the
// audit rows, and the proof the issue asks for: the police find no persons of 中心街街道, are granted
// the person registry there, find them, the grant is revoked, they find none; an expired grant opens nothing.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPerson, withCheck } from '../../test/base-factories.js';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { department } from '../access/access.tables.js';
import { auditEvent } from '../audit/audit.tables.js';
import { ensureDemoGrids } from '../territory/grid-seed.js';

const ID = withCheck('37040219660606006');
let t: TestApp;
const ids: Record<string, string> = {};

const post = (url: string, payload: object, as: string) => t.request({ method: 'POST', url, as, payload });
const get = (url: string, as: string) => t.request({ method: 'GET', url, as });
const revoke = (id: string, as: string) => t.request({ method: 'DELETE', url: `/api/base-grants/${id}`, as });
const grant = (over: object = {}, as = 'shizhong') =>
  post('/api/base-grants', { unitId: ids.police, registry: 'person', divisionCode: '370402001000', reason: '治安专项排查', ...over }, as);
const policeFinds = async () => {
  const res = await get(`/api/persons?q=${ID}`, 'police');
  expect(res.statusCode, res.body).toBe(200);
  return res.json().total as number;
};

beforeAll(async () => {
  t = await createTestApp();
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
  const [police] = await t.ctx.db.select().from(department).where(eq(department.code, '370400-police'));
  ids.police = police?.id as string;
  ids.person = await registerPerson(t, 'worker', { name: '马超', idNumber: ID });
}, 180_000);
afterAll(() => t.close());

describe('granting a registry to a department', () => {
  it('needs base.grant: the city and district centres only', async () => {
    expect((await t.request({ method: 'GET', url: '/api/base-grants' })).statusCode).toBe(401);
    for (const as of ['zhongxinjie', 'worker', 'police', 'auditor']) expect((await grant({}, as)).statusCode, as).toBe(403);
    expect((await get('/api/base-grants', 'zhongxinjie')).statusCode).toBe(403);
  });

  it.each([
    ['a division outside the granter’s district', { divisionCode: '370481000000' }, 'body.divisionCode'],
    ['a division that does not exist', { divisionCode: '370402999000' }, 'body.divisionCode'],
    ['a registry that cannot be granted', { registry: 'watchedPerson' }, 'body.registry'],
    ['no such unit', { unitId: '00000000-0000-4000-8000-000000000000' }, 'body.unitId'],
    ['a reason too short to say anything', { reason: '查' }, 'body.reason'],
    ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00Z' }, 'body.expiresAt'],
  ])('refuses %s with a 400 naming the field', async (_what, over, field) => {
    const res = await grant(over);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().field).toBe(field);
  });

  it('opens the persons of 中心街街道 to the police until the grant is revoked', async () => {
    expect(await policeFinds()).toBe(0);
    expect((await get(`/api/persons/${ids.person}`, 'police')).statusCode).toBe(404);

    const res = await grant();
    expect(res.statusCode, res.body).toBe(201);
    const g = res.json();
    expect(g).toMatchObject({ registry: 'person', divisionCode: '370402001000', divisionName: '中心街街道', active: true, revokedAt: null, expiresAt: null });
    expect(await policeFinds()).toBe(1);
    expect((await get(`/api/persons/${ids.person}`, 'police')).statusCode).toBe(200);
    // The grant opens the person registry only, and reading is all it opens.
    expect((await get('/api/organisations', 'police')).json().total).toBe(0);

    expect((await get('/api/base-grants', 'city')).json().items.map((x: { id: string }) => x.id)).toEqual([g.id]);
    expect((await get('/api/base-grants?active=true', 'shizhong')).json().total).toBe(1);
    expect((await get('/api/base-grants', 'tengzhou')).json().total).toBe(0);
    expect((await revoke(g.id, 'tengzhou')).statusCode).toBe(404);

    const revoked = await revoke(g.id, 'shizhong');
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ active: false, revokedAt: expect.any(String) });
    expect(await policeFinds()).toBe(0);
    expect((await revoke(g.id, 'city')).statusCode).toBe(409);
    expect((await get('/api/base-grants?active=false', 'city')).json().total).toBe(1);

    const audits = await t.ctx.db.select().from(auditEvent).where(eq(auditEvent.targetId, g.id));
    expect(audits.map((a) => [a.action, a.fields])).toEqual([
      ['base.grant.create', ['person']],
      ['base.grant.revoke', ['person']],
    ]);
  });

  it('opens nothing once it has expired', async () => {
    const expiresAt = new Date(Date.now() + 60 * 60_000);
    const res = await grant({ expiresAt: expiresAt.toISOString() }, 'city');
    expect(res.statusCode, res.body).toBe(201);
    expect(await policeFinds()).toBe(1);
    t.setNow(new Date(expiresAt.getTime() + 60_000));
    t.forgetSessions();
    try {
      expect(await policeFinds()).toBe(0);
      expect((await get('/api/base-grants?active=true', 'city')).json().total).toBe(0);
    } finally {
      t.setNow(undefined);
      t.forgetSessions();
    }
  });
});
