// Bugs found in review of the platform core, one test each, written as the code should behave;
// all fixed, and kept so they stay fixed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSecrets } from './lib/secrets.js';
import { createTestApp } from './test/harness.js';

const t = await createTestApp({ WANGGE_LOGIN_MAX_FAILURES: '3' });
afterAll(() => t.close());

type AuditRow = { action: string; detail: string | null; targetId: string | null };
const auditOf = async (targetId: string, action?: string): Promise<AuditRow[]> => {
  const res = await t.request({ method: 'GET', url: `/api/audit/events?limit=500&targetId=${targetId}${action ? `&action=${action}` : ''}`, as: 'auditor' });
  expect(res.statusCode).toBe(200);
  return res.json().items;
};

const TEMPORARY = 'Temp-pass-2026';
/** A 市中区 district-centre account made by the city centre (so its password is someone else's), signed in. */
async function accountMadeByCity(username: string): Promise<{ id: string; session: Record<string, string> }> {
  const created = await t.request({
    method: 'POST',
    url: '/api/users',
    as: 'city',
    payload: { username, displayName: '新账号', password: TEMPORARY, role: 'districtCentre', divisionCode: '370402000000' },
  });
  expect(created.statusCode).toBe(201);
  return { id: created.json().id, session: await t.login(username, TEMPORARY) };
}
const changeOwnPassword = (session: Record<string, string>) =>
  t.request({ method: 'POST', url: '/api/me/password', headers: session, payload: { currentPassword: TEMPORARY, newPassword: 'Own-secret-2026' } });

describe('the authentication gate', () => {
  // authenticate.ts tests the raw req.url for "/api/" but the router matches the decoded path, so
  // /%61pi/... reaches an /api route with the permission check skipped.
  it('checks the route permission however the path is spelt (/%61pi/ is /api/)', async () => {
    for (const as of ['admin', 'city']) {
      const res = await t.request({ method: 'GET', url: '/%61pi/audit/events?limit=1', as });
      expect(res.statusCode, `${as}: ${res.body.slice(0, 120)}`).toBe(403);
    }
    const anonymous = await t.request({ method: 'GET', url: '/%61pi/users' });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('bad input is a 400, never a 500', () => {
  // ajv's date-time format accepts a leap second; new Date() does not, and toISOString() throws.
  it.each(['from', 'to'])('a leap second in ?%s is refused naming the field', async (name) => {
    const res = await t.request({ method: 'GET', url: `/api/audit/events?${name}=2016-12-31T23:59:60Z`, as: 'auditor' });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().field).toBe(`query.${name}`);
  });

  // A cursor past bigint would fail in the database.
  it('a cursor beyond bigint in ?after is refused naming the field', async () => {
    const res = await t.request({ method: 'GET', url: '/api/audit/events?after=99999999999999999999', as: 'auditor' });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().field).toBe('query.after');
  });
});

describe('sign-in', () => {
  // The lock is read before the (slow) password check, so guesses sent together are all checked.
  it('checks at most WANGGE_LOGIN_MAX_FAILURES passwords before the lock, even when they arrive together', async () => {
    const id = await t.userId('leader');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => t.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'leader', password: 'Wrong-guess-123' } })),
    );
    expect(answers.every((r) => r.statusCode === 401 || r.statusCode === 423)).toBe(true);
    const checked = (await auditOf(id, 'auth.login.failed')).filter((e) => e.detail === 'bad_password' || e.detail === 'bad_password_locked');
    expect(checked.length).toBeLessThanOrEqual(3);
  });

  // mustChangePassword is only shown by the console; the API lets the account do everything.
  it('an account someone else set the password of can do nothing but change it', async () => {
    const { session } = await accountMadeByCity('zz.fresh');
    expect((await t.request({ method: 'GET', url: '/api/me', headers: session })).json().mustChangePassword).toBe(true);
    expect((await t.request({ method: 'GET', url: '/api/users', headers: session })).statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: '/api/me/tokens', headers: session, payload: { name: 'x', expiresInDays: 1 } })).statusCode).toBe(403);
    expect((await changeOwnPassword(session)).statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url: '/api/users', headers: session })).statusCode).toBe(200);
  });
});

describe('sessions and API tokens', () => {
  // resetPassword revokes console sessions only; a token issued from a stolen session survives it.
  it("a manager's password reset also ends the account's API tokens", async () => {
    const { id, session } = await accountMadeByCity('zz.tokens');
    expect((await changeOwnPassword(session)).statusCode).toBe(204);
    const issued = await t.request({ method: 'POST', url: '/api/me/tokens', headers: session, payload: { name: 'exchange', expiresInDays: 30 } });
    expect(issued.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${issued.json().token}` };
    expect((await t.request({ method: 'GET', url: '/api/me', headers: bearer })).statusCode).toBe(200);

    const reset = await t.request({ method: 'POST', url: `/api/users/${id}/password`, as: 'city', payload: { password: 'Reset-pass-2026' } });
    expect(reset.statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url: '/api/me', headers: bearer })).statusCode).toBe(401);
  });

  // touchSession runs for console sessions only, so an API token's lastSeenAt is its creation time forever.
  it("an API token's lastSeenAt moves when the token is used", async () => {
    const issued = await t.request({ method: 'POST', url: '/api/me/tokens', as: 'instructor', payload: { name: 'sync', expiresInDays: 30 } });
    expect(issued.statusCode).toBe(201);
    const { id, token } = issued.json() as { id: string; token: string };
    const later = new Date(Date.now() + 5 * 60_000);
    t.setNow(later);
    try {
      expect((await t.request({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    } finally {
      t.setNow(undefined);
    }
    const list = await t.request({ method: 'GET', url: '/api/me/tokens', as: 'instructor' });
    const mine = (list.json().items as { id: string; createdAt: string; lastSeenAt: string }[]).find((x) => x.id === id);
    expect(mine).toBeDefined();
    expect(Date.parse(mine?.lastSeenAt ?? '') - Date.parse(mine?.createdAt ?? '')).toBeGreaterThan(60_000);
  });
});

describe('personal data', () => {
  // updateUser answers the full, decrypted phone but records only user.update.
  it('a PATCH that answers the full phone leaves a user.personal.read row, as GET does', async () => {
    const id = await t.userId('zhongxinjie');
    const res = await t.request({ method: 'PATCH', url: `/api/users/${id}`, as: 'shizhong', payload: { displayName: '中心街街道 孙丽（改）' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().phone).toBe('13800000005');
    expect((await auditOf(id, 'user.personal.read')).length).toBeGreaterThan(0);
  });
});

describe('secrets', () => {
  // loadSecrets writes a random fieldKey into secrets.json even when WANGGE_FIELD_KEY is given; the
  // README and the start-up error point operators at that file for the key.
  it('secrets.json never holds a field key other than the one in use', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wangge-secrets-'));
    try {
      const given = 'ab'.repeat(32);
      const secrets = loadSecrets(dir, { fieldKey: given });
      expect(secrets.fieldKey.toString('hex')).toBe(given);
      const file = path.join(dir, 'secrets.json');
      const stored = JSON.parse(readFileSync(file, 'utf8')) as { fieldKey?: string };
      expect(stored.fieldKey === undefined || stored.fieldKey === given).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
