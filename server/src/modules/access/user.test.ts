import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const newWorker = (username: string, extra: Record<string, unknown> = {}) => ({
  username,
  displayName: '网格员 新人',
  password: 'Start-pass-2026',
  role: 'gridWorker',
  divisionCode: '370402001013',
  phone: '13700001111',
  gridCodes: ['3704020010131001'],
  ...extra,
});

describe('accounts', () => {
  it('lets a town centre create a grid worker in its town, who must change the password first', async () => {
    const res = await t.request({ method: 'POST', url: '/api/users', as: 'zhongxinjie', payload: newWorker('gw.tiexi.01') });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      username: 'gw.tiexi.01',
      role: 'gridWorker',
      division: { code: '370402001013', name: '铁西居委会' },
      phone: '13700001111',
      phoneMasked: '137****1111',
      gridCodes: ['3704020010131001'],
      mustChangePassword: true,
    });
    const login = await t.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'gw.tiexi.01', password: 'Start-pass-2026' } });
    expect(login.json().me.mustChangePassword).toBe(true);
    expect(login.json().me.scope).toMatchObject({ kind: 'grids', gridCodes: ['3704020010131001'] });
  });

  it('refuses a taken username with 409 naming the field', async () => {
    const res = await t.request({ method: 'POST', url: '/api/users', as: 'zhongxinjie', payload: newWorker('worker') });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'conflict', field: 'body.username' });
  });

  it.each([
    ['a division outside the jurisdiction', { divisionCode: '370481001001' }, 'body.divisionCode'],
    ['a division of the wrong level for the role', { divisionCode: '370402001000' }, 'body.divisionCode'],
    ['a grid outside the community', { gridCodes: ['3704020010161001'] }, 'body.gridCodes'],
    ['a weak password', { password: 'aaaaaaaaaaaa' }, 'body.password'],
    ['a password containing the username', { username: 'gw.weakling', password: 'gw.weakling-1' }, 'body.password'],
    ['a department on a grid role', { departmentId: '00000000-0000-4000-8000-000000000000' }, 'body.departmentId'],
    ['an invalid phone', { phone: 'call me' }, 'body.phone'],
    ['an upper-case username', { username: 'Bad.Name' }, 'body.username'],
  ])('refuses %s with 400 naming the field', async (_label, extra, field) => {
    const res = await t.request({ method: 'POST', url: '/api/users', as: 'zhongxinjie', payload: newWorker('gw.tiexi.99', extra) });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe(field);
    expect(res.json().messageZh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('keeps everyone at or below their own level', async () => {
    const create = (as: string, username: string, role: string, divisionCode: string) =>
      t.request({ method: 'POST', url: '/api/users', as, payload: newWorker(username, { role, divisionCode, gridCodes: [] }) });
    expect((await create('zhongxinjie', 'town.boss', 'districtCentre', '370402000000')).statusCode).toBe(403);
    expect((await create('city', 'aud.2', 'auditor', '370400000000')).statusCode).toBe(403);
    expect((await create('admin', 'aud.2', 'auditor', '370400000000')).statusCode).toBe(201);
  });

  it('creates a department account only with a department of its division', async () => {
    const deps = await t.request({ method: 'GET', url: '/api/units?kind=department', as: 'city' });
    const police = deps.json().items.find((d: { code: string }) => d.code === '370400-police');
    const base = { username: 'police.2', displayName: '市公安局 值班', password: 'Start-pass-2026', role: 'department', divisionCode: '370400000000' };
    const missing = await t.request({ method: 'POST', url: '/api/users', as: 'city', payload: base });
    expect(missing.json().field).toBe('body.departmentId');
    const ok = await t.request({ method: 'POST', url: '/api/users', as: 'city', payload: { ...base, departmentId: police.id } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().department).toEqual({ id: police.id, name: '枣庄市公安局' });
    const login = await t.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'police.2', password: 'Start-pass-2026' } });
    expect(login.json().me.scope).toMatchObject({ kind: 'department', department: { name: '枣庄市公安局' } });
  });

  it('changes an account and clears its phone', async () => {
    const id = await t.userId('instructor');
    const res = await t.request({ method: 'PATCH', url: `/api/users/${id}`, as: 'zhongxinjie', payload: { phone: null, displayName: '吴芳' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ displayName: '吴芳', phone: null, phoneMasked: null });
  });

  it('disables an account, whose sessions end and which cannot sign in, and refuses to disable oneself', async () => {
    const id = await t.userId('leader');
    const before = await t.login('leader');
    expect((await t.request({ method: 'GET', url: '/api/me', headers: before })).statusCode).toBe(200);
    expect((await t.request({ method: 'PATCH', url: `/api/users/${id}`, as: 'shizhong', payload: { disabled: true } })).statusCode).toBe(200);
    expect((await t.request({ method: 'PATCH', url: `/api/users/${id}`, as: 'shizhong', payload: { disabled: false } })).statusCode).toBe(200);
    // Enabled again, but the session from before stays ended.
    expect((await t.request({ method: 'GET', url: '/api/me', headers: before })).statusCode).toBe(401);
    expect((await t.request({ method: 'PATCH', url: `/api/users/${id}`, as: 'shizhong', payload: { disabled: true } })).statusCode).toBe(200);
    const login = await t.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'leader', password: 'wangge-demo' } });
    expect(login.statusCode).toBe(403);
    expect(login.json().code).toBe('account_disabled');
    const self = await t.request({ method: 'PATCH', url: `/api/users/${await t.userId('shizhong')}`, as: 'shizhong', payload: { disabled: true } });
    expect(self.statusCode).toBe(400);
  });

  it('resets a password to a temporary one', async () => {
    const id = await t.userId('tengzhou');
    expect((await t.request({ method: 'POST', url: `/api/users/${id}/password`, as: 'city', payload: { password: 'Temp-pass-2026' } })).statusCode).toBe(204);
    const login = await t.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'tengzhou', password: 'Temp-pass-2026' } });
    expect(login.json().me.mustChangePassword).toBe(true);
  });

  it('lists with paging, sorting and filters inside the jurisdiction', async () => {
    const page = await t.request({ method: 'GET', url: '/api/users?pageSize=2&page=1&sort=-username&role=gridWorker', as: 'shizhong' });
    const body = page.json();
    expect(body.pageSize).toBe(2);
    expect(body.total).toBeGreaterThanOrEqual(2);
    const names = body.items.map((u: { username: string }) => u.username);
    expect(names).toEqual([...names].sort().reverse());
    expect(body.items.every((u: { role: string; division: { code: string } }) => u.role === 'gridWorker' && u.division.code.startsWith('370402'))).toBe(true);
    const all = await t.request({ method: 'GET', url: '/api/users?pageSize=200', as: 'shizhong' });
    expect(all.json().items.some((u: { division: { code: string } }) => !u.division.code.startsWith('370402'))).toBe(false);
  });

  it('shows a department user only its own unit and the units below it, and an auditor any account in the city', async () => {
    const police = await t.request({ method: 'GET', url: '/api/units', as: 'police' });
    expect(police.json().items.map((d: { code: string }) => d.code)).toEqual(['370400-police', '370402-police', '370402001-police']);
    const workerSelf = await t.request({ method: 'GET', url: `/api/users/${await t.userId('worker')}`, as: 'auditor' });
    expect(workerSelf.statusCode).toBe(200);
  });
});
