// Households (issue 5) through the API on a real database: a number unique city-wide, the head a
// member, one person in one household (409 unless moved, and then both households keep the change),
// relations, members masked, the jurisdiction (grid worker, town, other district, department), history.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { auditEvent } from '../audit/audit.tables.js';
import { ensureDemoGrids } from '../territory/grid-seed.js';
import { demoIdNumber } from './base-seed.js';
import { householdMember } from './base.tables.js';

const GRID = '3704020010131001';
const OTHER_GRID = '3704020010161001';
let t: TestApp;
const ids: Record<string, string> = {};
const ID = (serial: number, sex: 'male' | 'female' = 'male') => demoIdNumber(`19${60 + serial}-0${1 + (serial % 9)}-1${serial % 10}`, sex, serial);

const send = (method: 'POST' | 'PATCH' | 'GET' | 'DELETE', url: string, as = 'worker', payload?: object) =>
  t.request({ method, url, as, ...(payload ? { payload } : {}) });
const post = (url: string, payload: object, as = 'worker') => send('POST', url, as, payload);
const patch = (url: string, payload: object, as = 'worker') => send('PATCH', url, as, payload);
const get = (url: string, as = 'worker') => send('GET', url, as);
const detail = async (id: string, as = 'worker') => {
  const res = await get(`/api/households/${id}`, as);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const members = async (id: string) => ((await detail(id)).memberList as { name: string; relation: string }[]).map((m) => `${m.name}:${m.relation}`);

beforeAll(async () => {
  t = await createTestApp();
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
  const b = await post('/api/buildings', {
    name: '铁西小区9号楼',
    address: '市中区铁西路19号',
    addressCode: '3704020010130090009',
    kind: 'residential',
    gridCode: GRID,
  });
  const d = await post(`/api/buildings/${b.json().id}/dwellings`, { unitNo: 1, roomNo: '101', use: 'residential' });
  ids.dwelling = d.json().id;
  const people: [string, string, number, 'male' | 'female', string?][] = [
    ['a', '郑大', 1, 'male'],
    ['b', '冯二', 2, 'female'],
    ['c', '褚三', 3, 'male'],
    ['d', '卫四', 4, 'female'],
    ['far', '蒋五', 5, 'male', 'zhongxinjie'],
  ];
  for (const [key, name, serial, sex, as] of people) {
    const res = await post(
      '/api/persons',
      { name, idKind: 'idCard', idNumber: ID(serial, sex), phone: `1390632000${serial}`, residency: 'registered', gridCode: as ? OTHER_GRID : GRID },
      as ?? 'worker',
    );
    expect(res.statusCode, res.body).toBe(201);
    ids[key] = res.json().id;
  }
}, 180_000);
afterAll(() => t.close());

describe('registering households', () => {
  it('registers a household in a dwelling, its head its first member', async () => {
    const res = await post('/api/households', { householdNo: 'H-0001', dwellingId: ids.dwelling, headPersonId: ids.a });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      householdNo: 'H-0001',
      kind: 'family',
      gridCode: GRID,
      dwellingId: ids.dwelling,
      headPersonId: ids.a,
      headName: '郑大',
      members: 1,
    });
    ids.h1 = res.json().id;
    expect(await members(ids.h1 as string)).toEqual(['郑大:head']);
  });

  it.each([
    ['a taken number (409)', () => ({ householdNo: 'H-0001', headPersonId: ids.c }), 409, 'body.householdNo'],
    ['a head outside the jurisdiction', () => ({ headPersonId: ids.far }), 400, 'body.headPersonId'],
    ['a grid outside the jurisdiction', () => ({ gridCode: OTHER_GRID, dwellingId: undefined }), 400, 'body.gridCode'],
    ['a number with spaces', () => ({ householdNo: 'H 9' }), 400, 'body.householdNo'],
    ['a head already in another household (409)', () => ({ headPersonId: ids.a }), 409, 'body.headPersonId'],
  ])('refuses %s, naming the field', async (_what, over, status, field) => {
    const res = await post('/api/households', { householdNo: 'H-0009', gridCode: GRID, headPersonId: ids.c, ...over() });
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().field).toBe(field);
    expect(res.json().messageZh).toBeTruthy();
  });

  it('adds members with their relation; head only through the household', async () => {
    const res = await post(`/api/households/${ids.h1}/members`, { personId: ids.b, relation: 'spouse' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().memberList.map((m: { name: string }) => m.name)).toEqual(['郑大', '冯二']);
    expect((await post(`/api/households/${ids.h1}/members`, { personId: ids.d, relation: 'head' })).json().field).toBe('body.relation');
    expect((await post(`/api/households/${ids.h1}/members`, { personId: ids.a, relation: 'child' })).json().field).toBe('body.relation');
    expect((await post(`/api/households/${ids.h1}/members`, { personId: ids.d, relation: 'cousin' })).json().field).toBe('body.relation');
    expect((await post(`/api/households/${ids.h1}/members`, { personId: ids.far, relation: 'child' })).json().field).toBe('body.personId');
  });

  it('shows members masked: no full ID number or phone in the answer', async () => {
    const res = await get(`/api/households/${ids.h1}`);
    expect(res.json().memberList[0]).toMatchObject({ name: '郑大', idNumberMasked: `${ID(1).slice(0, 4)}**********${ID(1).slice(-4)}` });
    for (const secret of [ID(1), ID(2, 'female'), '13906320001']) expect(res.body).not.toContain(secret);
  });
});

describe('one person, one household', () => {
  it('refuses a member of another household (409 on body.personId), then moves them when asked, keeping both changes', async () => {
    const h2 = await post('/api/households', { householdNo: 'H-0002', gridCode: GRID, headPersonId: ids.c });
    expect(h2.statusCode, h2.body).toBe(201);
    ids.h2 = h2.json().id;
    const refused = await post(`/api/households/${ids.h2}/members`, { personId: ids.b, relation: 'spouse' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().field).toBe('body.personId');
    const moved = await post(`/api/households/${ids.h2}/members`, { personId: ids.b, relation: 'spouse', move: true });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await members(ids.h2 as string)).toEqual(['褚三:head', '冯二:spouse']);
    expect(await members(ids.h1 as string)).toEqual(['郑大:head']);
    const rows = await t.ctx.db
      .select()
      .from(householdMember)
      .where(eq(householdMember.personId, ids.b as string));
    expect(rows).toHaveLength(1);
    const left = (await detail(ids.h1 as string)).history[0];
    expect(left).toMatchObject({ action: 'update', changes: { [`member:${ids.b}`]: { from: { name: '冯二', relation: 'spouse' }, to: null } } });
    const joined = (await detail(ids.h2 as string)).history[0];
    expect(joined).toMatchObject({ changes: { [`member:${ids.b}`]: { from: null, to: { name: '冯二', relation: 'spouse' } } } });
    const audits = await t.ctx.db.select().from(auditEvent).where(eq(auditEvent.action, 'base.household.leave'));
    expect(audits.map((a) => a.targetId)).toEqual([ids.h1]);
  });

  it('never moves the head of a household away from it', async () => {
    const res = await post(`/api/households/${ids.h2}/members`, { personId: ids.a, relation: 'sibling', move: true });
    expect(res.statusCode).toBe(409);
    expect(res.json().field).toBe('body.personId');
  });
});

describe('changing households', () => {
  it('changes the head to a member only; the former head becomes other; a stale version gets 409', async () => {
    const h = await detail(ids.h2 as string);
    const notMember = await patch(`/api/households/${ids.h2}`, { version: h.version, headPersonId: ids.d });
    expect(notMember.statusCode).toBe(400);
    expect(notMember.json().field).toBe('body.headPersonId');
    const res = await patch(`/api/households/${ids.h2}`, { version: h.version, headPersonId: ids.b, kind: 'family' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ headPersonId: ids.b, headName: '冯二', version: h.version + 1 });
    expect(await members(ids.h2 as string)).toEqual(['冯二:head', '褚三:other']);
    expect((await patch(`/api/households/${ids.h2}`, { version: h.version, householdNo: 'H-0003' })).statusCode).toBe(409);
    expect((await patch(`/api/households/${ids.h2}`, { version: h.version + 1, householdNo: 'H-0001' })).json().field).toBe('body.householdNo');
  });

  it('removes a member but not the head', async () => {
    const head = await send('DELETE', `/api/households/${ids.h2}/members/${ids.b}`);
    expect(head.statusCode).toBe(400);
    expect(head.json().field).toBe('params.personId');
    const res = await send('DELETE', `/api/households/${ids.h2}/members/${ids.c}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(await members(ids.h2 as string)).toEqual(['冯二:head']);
    expect((await send('DELETE', `/api/households/${ids.h2}/members/${ids.c}`)).statusCode).toBe(404);
  });
});

describe('finding households', () => {
  const numbers = async (query: string, as = 'worker') => {
    const res = await get(`/api/households${query}`, as);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { householdNo: string }[]).map((h) => h.householdNo);
  };

  it('in the jurisdiction only, by number or the head’s name, grid or dwelling', async () => {
    expect(await numbers('')).toEqual(['H-0001', 'H-0002']);
    expect(await numbers('?q=H-0002')).toEqual(['H-0002']);
    expect(await numbers(`?q=${encodeURIComponent('郑')}`)).toEqual(['H-0001']);
    expect(await numbers(`?dwellingId=${ids.dwelling}`)).toEqual(['H-0001']);
    expect(await numbers('', 'zhongxinjie')).toEqual(['H-0001', 'H-0002']);
    expect(await numbers('', 'tengzhou')).toEqual([]);
    expect(await numbers('', 'police')).toEqual([]);
    expect((await get(`/api/households/${ids.h1}`, 'tengzhou')).statusCode).toBe(404);
    expect((await get(`/api/households/${ids.h1}`, 'police')).statusCode).toBe(404);
    expect((await post(`/api/households/${ids.h1}/members`, { personId: ids.d, relation: 'child' }, 'tengzhou')).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/households' })).statusCode).toBe(401);
  });
});
