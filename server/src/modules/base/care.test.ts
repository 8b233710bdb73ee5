// Care persons (关爱对象) through the API on a real database: registered for a person the writer finds,
// one record per kind, the person masked in lists, visits not after today, stale versions refused,
// every list read audited, and who finds what.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_GRID, WORKER_GRID, registerPerson, withCheck } from '../../test/base-factories.js';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { auditEvent } from '../audit/audit.tables.js';
import { ensureDemoGrids } from '../territory/grid-seed.js';
import { today } from './person.service.js';

const ID = withCheck('37040219400404004');
const PHONE = '13912345678';
let t: TestApp;
const ids: Record<string, string> = {};

const post = (url: string, payload: object, as = 'worker') => t.request({ method: 'POST', url, as, payload });
const patch = (url: string, payload: object, as = 'worker') => t.request({ method: 'PATCH', url, as, payload });
const get = (url: string, as = 'worker') => t.request({ method: 'GET', url, as });
const care = (over: object = {}, as = 'worker') =>
  post('/api/care-persons', { personId: ids.old, kind: 'elderlyAlone', needs: '行动不便，需定期探访', helper: '网格员郑海燕', ...over }, as);

beforeAll(async () => {
  t = await createTestApp();
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
  ids.old = await registerPerson(t, 'worker', { name: '陈秀英', idNumber: ID, phone: PHONE });
  ids.far = await registerPerson(t, 'zhongxinjie', { name: '郑东', idNumber: withCheck('37040219700303007'), gridCode: OTHER_GRID });
}, 180_000);
afterAll(() => t.close());

describe('care persons', () => {
  it('needs a session (401) and base.write (403)', async () => {
    expect((await t.request({ method: 'POST', url: '/api/care-persons', payload: {} })).statusCode).toBe(401);
    expect((await care({}, 'police')).statusCode).toBe(403);
    expect((await get('/api/care-persons', 'auditor')).statusCode).toBe(403);
  });

  it.each([
    ['a person the writer does not find', () => ({ personId: ids.far }), 'body.personId'],
    ['an unknown kind', () => ({ kind: 'orphan' }), 'body.kind'],
    ['a last visit after today', () => ({ lastVisitOn: '2999-12-31' }), 'body.lastVisitOn'],
  ])('refuses %s with a 400 naming the field', async (_what, over, field) => {
    const res = await care(over());
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().field).toBe(field);
  });

  it('registers a care record where the person lives, the person masked; one per kind (409)', async () => {
    const res = await care();
    expect(res.statusCode, res.body).toBe(201);
    ids.care = res.json().id;
    expect(res.json()).toMatchObject({
      personName: '陈秀英',
      birthYear: 1940,
      idNumberMasked: `${ID.slice(0, 4)}**********${ID.slice(-4)}`,
      phoneMasked: '139****5678',
      kind: 'elderlyAlone',
      gridCode: WORKER_GRID,
      version: 1,
    });
    expect(res.body).not.toContain(ID);
    expect(res.body).not.toContain(PHONE);
    expect((await care({}, 'zhongxinjie')).statusCode).toBe(409);
    expect((await care({ kind: 'disabled' })).statusCode).toBe(201);
  });

  it('lists inside the jurisdiction only, masked, each read audited with the kinds', async () => {
    const res = await get('/api/care-persons?kind=elderlyAlone');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((c: { id: string }) => c.id)).toEqual([ids.care]);
    expect(res.body).not.toContain(ID);
    expect((await get('/api/care-persons')).json().total).toBe(2);
    expect((await get('/api/care-persons', 'zhongxinjie')).json().total).toBe(2);
    expect((await get('/api/care-persons', 'tengzhou')).json().total).toBe(0);
    expect((await get('/api/care-persons', 'police')).json().total).toBe(0);
    const audits = await t.ctx.db.select().from(auditEvent).where(eq(auditEvent.action, 'base.care.read'));
    expect(audits[0]).toMatchObject({ fields: ['elderlyAlone'], actorId: await t.userId('worker') });
  });

  it('records visits not after today; the last visit only moves forwards', async () => {
    const url = `/api/care-persons/${ids.care}/visits`;
    expect((await post(url, { on: '2999-01-01' })).json().field).toBe('body.on');
    expect((await post(url, { on: '2025-13-01' })).json().field).toBe('body.on');
    expect((await post(url, { on: today(t.ctx) }, 'tengzhou')).statusCode).toBe(404);
    expect((await post(url, { on: today(t.ctx) })).json()).toMatchObject({ lastVisitOn: today(t.ctx), version: 2 });
    expect((await post(url, { on: '2024-01-01' })).json()).toMatchObject({ lastVisitOn: today(t.ctx), version: 3 });
  });

  it('changes a record with the version read (409 when stale), history kept', async () => {
    const url = `/api/care-persons/${ids.care}`;
    expect((await patch(url, { version: 1, needs: '助餐' })).statusCode).toBe(409);
    expect((await patch(url, { version: 3, kind: 'disabled' })).statusCode).toBe(409);
    expect((await patch(url, { version: 3, needs: '助餐' }, 'tengzhou')).statusCode).toBe(404);
    const res = await patch(url, { version: 3, needs: '助餐', status: 'closed' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ needs: '助餐', status: 'closed', version: 4 });
    const changes = await t.ctx.db.select().from(auditEvent).where(eq(auditEvent.action, 'base.care.update'));
    expect(changes.at(-1)?.fields).toEqual(['needs', 'status']);
  });

  it('shows one record with its person masked and its history, the read audited; 404 outside the jurisdiction, 400 on a bad id', async () => {
    const url = `/api/care-persons/${ids.care}`;
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: ids.care, personName: '陈秀英', phoneMasked: '139****5678', needs: '助餐', status: 'closed' });
    const history = res.json().history as { action: string; changes: Record<string, unknown> }[];
    expect(history.map((h) => h.action)).toContain('create');
    expect(history.some((h) => 'needs' in h.changes)).toBe(true);
    expect(res.body).not.toContain(ID);
    expect(res.body).not.toContain(PHONE);
    const reads = await t.ctx.db.select().from(auditEvent).where(eq(auditEvent.action, 'base.care.read'));
    expect(reads.at(-1)).toMatchObject({ targetId: ids.care, fields: ['elderlyAlone'], actorId: await t.userId('worker') });
    expect((await get(url, 'tengzhou')).statusCode).toBe(404);
    expect((await get(url, 'police')).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url })).statusCode).toBe(401);
    const bad = await get('/api/care-persons/not-an-id');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('params.id');
  });
});
