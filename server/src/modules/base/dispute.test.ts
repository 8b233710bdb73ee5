// Disputes (矛盾纠纷) through the API on a real database: dates, parties the writer finds, the party
// count, the outcome's moves and the method a mediated dispute needs, history, stale versions, and
// who finds what.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_GRID, WORKER_GRID, registerPerson, withCheck } from '../../test/base-factories.js';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { department } from '../access/access.tables.js';
import { auditEvent } from '../audit/audit.tables.js';
import { ensureDemoGrids } from '../territory/grid-seed.js';

const ID_A = withCheck('37040219750505001');
let t: TestApp;
const ids: Record<string, string> = {};

const post = (url: string, payload: object, as = 'worker') => t.request({ method: 'POST', url, as, payload });
const patch = (url: string, payload: object, as = 'worker') => t.request({ method: 'PATCH', url, as, payload });
const get = (url: string, as = 'worker') => t.request({ method: 'GET', url, as });
const record = (over: object = {}, as = 'worker') =>
  post(
    '/api/disputes',
    {
      occurredOn: '2026-03-01',
      place: '光明路12号楼道',
      kind: 'neighbours',
      partyCount: 2,
      partyPersonIds: [ids.a, ids.b],
      summary: '楼上漏水，双方就维修费用发生争执',
      gridCode: WORKER_GRID,
      ...over,
    },
    as,
  );

beforeAll(async () => {
  t = await createTestApp();
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
  ids.a = await registerPerson(t, 'worker', { name: '刘洋', idNumber: ID_A });
  ids.b = await registerPerson(t, 'worker', { name: '黄磊', idNumber: withCheck('37040219760606002') });
  ids.far = await registerPerson(t, 'zhongxinjie', { name: '郑东', idNumber: withCheck('37040219700303007'), gridCode: OTHER_GRID });
  const [unit] = await t.ctx.db.select().from(department).where(eq(department.code, '370402001-centre'));
  ids.unit = unit?.id as string;
}, 180_000);
afterAll(() => t.close());

describe('disputes', () => {
  it('needs a session (401) and base.write (403)', async () => {
    expect((await t.request({ method: 'GET', url: '/api/disputes' })).statusCode).toBe(401);
    expect((await record({}, 'police')).statusCode).toBe(403);
  });

  it.each([
    ['a day after today', () => ({ occurredOn: '2999-01-01' }), 'body.occurredOn'],
    ['a day that does not exist', () => ({ occurredOn: '2026-02-29' }), 'body.occurredOn'],
    ['fewer parties than named', () => ({ partyCount: 1 }), 'body.partyCount'],
    ['a party the writer does not find', () => ({ partyPersonIds: [ids.a, ids.far] }), 'body.partyPersonIds'],
    ['a mediated dispute without its method', () => ({ outcome: 'mediated' }), 'body.method'],
    ['a follow-up before it occurred', () => ({ followUpOn: '2026-02-01' }), 'body.followUpOn'],
    ['an unknown kind', () => ({ kind: 'feud' }), 'body.kind'],
    ['a blank summary', () => ({ summary: ' ' }), 'body.summary'],
    ['a grid outside the jurisdiction', () => ({ gridCode: OTHER_GRID }), 'body.gridCode'],
    ['no such mediating unit', () => ({ mediatingUnitId: '00000000-0000-4000-8000-000000000000' }), 'body.mediatingUnitId'],
  ])('refuses %s with a 400 naming the field', async (_what, over, field) => {
    const res = await record(over());
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().field).toBe(field);
  });

  it('records a dispute in the grid, pending', async () => {
    const res = await record({ mediatingUnitId: ids.unit, followUpOn: '2026-04-01' });
    expect(res.statusCode, res.body).toBe(201);
    ids.d = res.json().id;
    expect(res.json()).toMatchObject({ outcome: 'pending', partyCount: 2, gridCode: WORKER_GRID, divisionCode: '370402001013', version: 1 });
  });

  it('shows parties masked, inside the jurisdiction only', async () => {
    const one = await get(`/api/disputes/${ids.d}`);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json().parties).toHaveLength(2);
    expect(one.json().parties.find((p: { personId: string }) => p.personId === ids.a).idNumberMasked).toBe(`${ID_A.slice(0, 4)}**********${ID_A.slice(-4)}`);
    expect(one.json().mediatingUnitName).toBeTruthy();
    expect(one.body).not.toContain(ID_A);
    expect((await get(`/api/disputes/${ids.d}`, 'tengzhou')).statusCode).toBe(404);
    expect((await get('/api/disputes', 'tengzhou')).json().total).toBe(0);
    expect((await get('/api/disputes', 'police')).json().total).toBe(0);
    expect((await get('/api/disputes?kind=neighbours&outcome=pending', 'zhongxinjie')).json().total).toBe(1);
    expect((await get('/api/disputes?kind=land')).json().total).toBe(0);
  });

  it('moves the outcome along its table only; a mediated dispute names its method and is closed', async () => {
    const url = `/api/disputes/${ids.d}`;
    expect((await patch(url, { version: 1, outcome: 'mediating' })).json()).toMatchObject({ outcome: 'mediating', version: 2 });
    expect((await patch(url, { version: 1, outcome: 'failed' })).statusCode).toBe(409);
    expect((await patch(url, { version: 2, outcome: 'pending' })).json().field).toBe('body.outcome');
    expect((await patch(url, { version: 2, outcome: 'mediated' })).json().field).toBe('body.method');
    expect((await patch(url, { version: 2, outcome: 'mediated' }, 'tengzhou')).statusCode).toBe(404);
    const done = await patch(url, { version: 2, outcome: 'mediated', method: 'peoplesMediation', agreement: '上层住户承担维修费用' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ outcome: 'mediated', method: 'peoplesMediation', version: 3 });
    expect((await patch(url, { version: 3, outcome: 'mediating' })).json().field).toBe('body.outcome');
    const history = (await get(url)).json().history;
    expect(history[0]).toMatchObject({
      action: 'update',
      changes: { outcome: { from: 'mediating', to: 'mediated' }, method: { from: null, to: 'peoplesMediation' } },
    });
    const audits = await t.ctx.db.select().from(auditEvent).where(eq(auditEvent.action, 'base.dispute.update'));
    expect(audits).toHaveLength(2);
  });
});
