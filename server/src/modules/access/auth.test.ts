import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ WANGGE_LOGIN_MAX_FAILURES: '3', WANGGE_LOCKOUT_MINUTES: '15' });
});
afterAll(() => t.close());

const login = (username: string, password: string) => t.request({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite session cookie and answers who I am', async () => {
    const res = await login('shizhong', 'wangge-demo');
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'wangge_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    expect(res.json().me).toMatchObject({
      username: 'shizhong',
      role: 'districtCentre',
      scope: { kind: 'division', division: { code: '370402000000', name: '市中区', level: 2 }, path: [{ code: '370400000000' }] },
    });
    const me = await t.request({ method: 'GET', url: '/api/me', headers: { cookie: `wangge_session=${cookie?.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe('shizhong');
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const wrong = await login('city', 'not-the-password');
    const unknown = await login('nobody-here', 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toMatchObject({ code: 'bad_credentials', messageZh: '用户名或密码错误。' });
  });

  it('locks an account after repeated failures, even against the right password, until the lockout ends', async () => {
    for (let i = 0; i < 2; i++) expect((await login('instructor', 'wrong-password-1')).statusCode).toBe(401);
    const third = await login('instructor', 'wrong-password-1');
    expect(third.statusCode).toBe(423);
    expect(third.json().code).toBe('account_locked');
    expect((await login('instructor', 'wangge-demo')).statusCode).toBe(423);
    t.setNow(new Date(Date.now() + 16 * 60_000));
    try {
      expect((await login('instructor', 'wangge-demo')).statusCode).toBe(200);
    } finally {
      t.setNow(undefined);
    }
  });

  it('lets a manager unlock a locked account', async () => {
    for (let i = 0; i < 3; i++) await login('zhongxinjie', 'wrong-password-2');
    expect((await login('zhongxinjie', 'wangge-demo')).statusCode).toBe(423);
    const id = await t.userId('zhongxinjie');
    const list = await t.request({ method: 'GET', url: '/api/users?q=zhongxinjie', as: 'shizhong' });
    expect(list.json().items[0].locked).toBe(true);
    const unlock = await t.request({ method: 'POST', url: `/api/users/${id}/unlock`, as: 'shizhong' });
    expect(unlock.statusCode).toBe(204);
    expect((await login('zhongxinjie', 'wangge-demo')).statusCode).toBe(200);
  });

  it('answers 401 without a session, with a forged cookie, and after logout', async () => {
    expect((await t.request({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/me', headers: { cookie: 'wangge_session=wgs_forged.signature' } })).statusCode).toBe(401);
    const headers = await t.login('leader');
    expect((await t.request({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(200);
    const out = await t.request({ method: 'POST', url: '/api/auth/logout', headers });
    expect(out.statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(401);
  });

  it('ends an idle session', async () => {
    const headers = await t.login('leader');
    t.setNow(new Date(Date.now() + 3 * 3_600_000));
    try {
      expect((await t.request({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(401);
    } finally {
      t.setNow(undefined);
    }
  });
});

describe('password change', () => {
  it('checks the current password and the policy, then signs out other sessions', async () => {
    const first = await t.login('worker');
    const second = await t.login('worker');
    const change = (currentPassword: string, newPassword: string) =>
      t.request({ method: 'POST', url: '/api/me/password', headers: first, payload: { currentPassword, newPassword } });
    const wrong = await change('nope', 'Another-pass-1');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().field).toBe('body.currentPassword');
    const weak = await change('wangge-demo', 'short');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().field).toBe('body.newPassword');
    const ok = await change('wangge-demo', 'Another-pass-1');
    expect(ok.statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url: '/api/me', headers: first })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/me', headers: second })).statusCode).toBe(401);
    expect((await login('worker', 'wangge-demo')).statusCode).toBe(401);
    expect((await login('worker', 'Another-pass-1')).statusCode).toBe(200);
  });
});

describe('API tokens', () => {
  it('issues a bearer token shown once, lists it without the secret, and revokes it', async () => {
    const created = await t.request({ method: 'POST', url: '/api/me/tokens', as: 'city', payload: { name: 'data exchange', expiresInDays: 30 } });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^wgt_/);
    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.request({ method: 'GET', url: '/api/me', headers: bearer });
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe('city');
    const list = await t.request({ method: 'GET', url: '/api/me/tokens', as: 'city' });
    expect(list.json().items).toEqual([expect.objectContaining({ id, name: 'data exchange' })]);
    expect(JSON.stringify(list.json())).not.toContain(token);
    expect((await t.request({ method: 'DELETE', url: `/api/me/tokens/${id}`, as: 'city' })).statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url: '/api/me', headers: bearer })).statusCode).toBe(401);
  });

  it("does not let one user revoke another user's token", async () => {
    const created = await t.request({ method: 'POST', url: '/api/me/tokens', as: 'city', payload: { name: 'mine', expiresInDays: 1 } });
    const res = await t.request({ method: 'DELETE', url: `/api/me/tokens/${created.json().id}`, as: 'shizhong' });
    expect(res.statusCode).toBe(404);
  });
});

describe('who am I', () => {
  it('tells which roles a user may create accounts of', async () => {
    const town = (await t.request({ method: 'GET', url: '/api/me', as: 'zhongxinjie' })).json();
    expect(town.manageableRoles).toEqual(['townCentre', 'gridLeader', 'gridInstructor', 'gridWorker']);
    const admin = (await t.request({ method: 'GET', url: '/api/me', as: 'admin' })).json();
    expect(admin.manageableRoles).toHaveLength(9);
    const auditor = (await t.request({ method: 'GET', url: '/api/me', as: 'auditor' })).json();
    expect(auditor.manageableRoles).toEqual([]);
    expect(auditor.permissions).toEqual([
      'division.read',
      'grid.read',
      'unit.read',
      'user.read',
      'audit.read',
      'calendar.read',
      'matter.read',
      'case.read',
      'attachment.read',
      'routing.read',
    ]);
  });
});
