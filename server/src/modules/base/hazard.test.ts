// Hazards (隐患) through the API on a real database: dates, the organisation it was found at (and its
// grid), the status moves and the rectification day, history, stale versions, and who finds what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_GRID, WORKER_GRID } from '../../test/base-factories.js';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { ensureDemoGrids } from '../territory/grid-seed.js';
import { today } from './person.service.js';

let t: TestApp;
const ids: Record<string, string> = {};

const post = (url: string, payload: object, as = 'worker') => t.request({ method: 'POST', url, as, payload });
const patch = (url: string, payload: object, as = 'worker') => t.request({ method: 'PATCH', url, as, payload });
const get = (url: string, as = 'worker') => t.request({ method: 'GET', url, as });
const found = (over: object = {}, as = 'worker') =>
  post('/api/hazards', { foundOn: '2026-03-01', kind: 'fire', level: 'major', description: '楼道堆放杂物堵塞消防通道', gridCode: WORKER_GRID, ...over }, as);

beforeAll(async () => {
  t = await createTestApp();
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
  const org = await post('/api/organisations', { name: '光明饭店', kind: 'enterprise', address: '光明路30号', gridCode: WORKER_GRID }, 'worker');
  ids.org = org.json().id;
  const far = await post('/api/organisations', { name: '远方商店', kind: 'enterprise', address: '远方路1号', gridCode: OTHER_GRID }, 'zhongxinjie');
  ids.far = far.json().id;
}, 180_000);
afterAll(() => t.close());

describe('hazards', () => {
  it('needs a session (401) and base.write (403)', async () => {
    expect((await t.request({ method: 'GET', url: '/api/hazards' })).statusCode).toBe(401);
    expect((await found({}, 'police')).statusCode).toBe(403);
  });

  it.each([
    ['a day found after today', () => ({ foundOn: '2999-01-01' }), 'body.foundOn'],
    ['a deadline before it was found', () => ({ rectifyBy: '2026-02-01' }), 'body.rectifyBy'],
    ['rectified without the day', () => ({ status: 'rectified' }), 'body.rectifiedOn'],
    ['rectified after today', () => ({ status: 'rectified', rectifiedOn: '2999-01-01' }), 'body.rectifiedOn'],
    ['rectified before it was found', () => ({ status: 'rectified', rectifiedOn: '2026-02-01' }), 'body.rectifiedOn'],
    ['a rectification day on an open hazard', () => ({ rectifiedOn: '2026-03-02' }), 'body.rectifiedOn'],
    ['an organisation the writer does not find', () => ({ organisationId: ids.far }), 'body.organisationId'],
    ['an unknown level', () => ({ level: 'minor' }), 'body.level'],
    ['a blank description', () => ({ description: '  ' }), 'body.description'],
  ])('refuses %s with a 400 naming the field', async (_what, over, field) => {
    const res = await found(over());
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().field).toBe(field);
  });

  it('records a hazard in a grid, or at an organisation and so in its grid', async () => {
    const res = await found({ rectifyBy: '2026-03-15' });
    expect(res.statusCode, res.body).toBe(201);
    ids.h = res.json().id;
    expect(res.json()).toMatchObject({ status: 'open', level: 'major', gridCode: WORKER_GRID, version: 1 });
    const atOrg = await found({ gridCode: null, organisationId: ids.org, kind: 'gas', level: 'general' });
    expect(atOrg.statusCode, atOrg.body).toBe(201);
    expect(atOrg.json()).toMatchObject({ organisationId: ids.org, gridCode: WORKER_GRID });
    expect((await get(`/api/hazards/${atOrg.json().id}`)).json().organisationName).toBe('光明饭店');
  });

  it('is found inside the jurisdiction only, filtered by kind, level, status and organisation', async () => {
    expect((await get('/api/hazards')).json().total).toBe(2);
    expect((await get('/api/hazards?kind=gas')).json().total).toBe(1);
    expect((await get(`/api/hazards?organisationId=${ids.org}`)).json().total).toBe(1);
    expect((await get('/api/hazards?level=major&status=open', 'shizhong')).json().total).toBe(1);
    expect((await get('/api/hazards', 'tengzhou')).json().total).toBe(0);
    expect((await get('/api/hazards', 'police')).json().total).toBe(0);
    expect((await get(`/api/hazards/${ids.h}`, 'tengzhou')).statusCode).toBe(404);
  });

  it('moves open → rectifying → rectified with the day; a rectified hazard stays rectified', async () => {
    const url = `/api/hazards/${ids.h}`;
    expect((await patch(url, { version: 1, status: 'rectifying' })).json()).toMatchObject({ status: 'rectifying', version: 2 });
    expect((await patch(url, { version: 1, status: 'open' })).statusCode).toBe(409);
    expect((await patch(url, { version: 2, status: 'rectified' })).json().field).toBe('body.rectifiedOn');
    expect((await patch(url, { version: 2, status: 'rectified', rectifiedOn: '2999-01-01' })).json().field).toBe('body.rectifiedOn');
    expect((await patch(url, { version: 2, status: 'rectified', rectifiedOn: today(t.ctx) }, 'tengzhou')).statusCode).toBe(404);
    const done = await patch(url, { version: 2, status: 'rectified', rectifiedOn: today(t.ctx) });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'rectified', rectifiedOn: today(t.ctx), version: 3 });
    expect((await patch(url, { version: 3, status: 'open', rectifiedOn: null })).json().field).toBe('body.status');
    const history = (await get(url)).json().history;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['update', 'update', 'create']);
    expect(history[0].changes).toEqual({ status: { from: 'rectifying', to: 'rectified' }, rectifiedOn: { from: null, to: today(t.ctx) } });
  });
});
