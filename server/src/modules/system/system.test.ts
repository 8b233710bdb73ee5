import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../lib/crypto.js';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { appUser } from '../access/access.tables.js';
import { checkFieldKey, ensureAccounts } from './bootstrap.js';

describe('demo mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reports health: database reachable, migrations current, version', async () => {
    const res = await t.request({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      database: { reachable: true, migrationsCurrent: true },
    });
    expect(res.json().database.migrationsApplied).toBe(res.json().database.migrationsExpected);
  });

  it('lists one demo account per role on the login page, with the demo password', async () => {
    const meta = (await t.request({ method: 'GET', url: '/api/meta' })).json();
    expect(meta.demo).toBe(true);
    expect(meta.demoPassword).toBe('wangge-demo');
    const roles = new Set(meta.demoAccounts.map((a: { role: string }) => a.role));
    expect([...roles].sort()).toEqual([
      'auditor',
      'cityCentre',
      'department',
      'districtCentre',
      'gridInstructor',
      'gridLeader',
      'gridWorker',
      'sysAdmin',
      'townCentre',
    ]);
    for (const a of meta.demoAccounts)
      expect((await t.request({ method: 'POST', url: '/api/auth/login', payload: { username: a.username, password: 'wangge-demo' } })).statusCode).toBe(200);
  });

  it('creates the demo accounts only once', async () => {
    expect(await ensureAccounts(t.ctx)).toEqual({ created: 'none' });
  });

  it('publishes the OpenAPI document and its browsable page', async () => {
    const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/me', '/api/divisions/{code}/children', '/api/audit/verify']));
    const page = await t.request({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('refuses to run with another field-encryption key than the data was written with', async () => {
    const other = { ...t.ctx, cipher: new FieldCipher(randomBytes(32)) };
    await expect(checkFieldKey(t.ctx)).resolves.toBeUndefined();
    await expect(checkFieldKey(other)).rejects.toThrow(/WANGGE_FIELD_KEY/);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await t.request({ method: 'GET', url: '/api/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'route_not_found', messageZh: expect.any(String) });
  });
});

describe('production mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ WANGGE_DEMO: '0' });
  });
  afterAll(() => t.close());

  it('creates only a first administrator, with a one-time password to change at first sign-in', async () => {
    const [n] = await t.ctx.db.select({ n: count() }).from(appUser);
    expect(n?.n).toBe(1);
    const meta = (await t.request({ method: 'GET', url: '/api/meta' })).json();
    expect(meta).toMatchObject({ demo: false, demoPassword: null, demoAccounts: [] });
    expect((await t.request({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'wangge-demo' } })).statusCode).toBe(401);
  });
});

describe('the console files', () => {
  let t: TestApp;
  const webDir = mkdtempSync(path.join(tmpdir(), 'wangge-web-'));
  beforeAll(async () => {
    mkdirSync(path.join(webDir, 'assets'));
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Wangge</title>');
    writeFileSync(path.join(webDir, 'assets', 'index-Ab12Cd34.js'), 'export {};');
    t = await createTestApp({ WANGGE_WEB_DIR: webDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('lets browsers keep the content-hashed assets, and revalidate the page', async () => {
    const asset = await t.request({ method: 'GET', url: '/assets/index-Ab12Cd34.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const url of ['/', '/territory']) {
      const page = await t.request({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(String(page.headers['cache-control'] ?? ''), url).not.toContain('immutable');
    }
  });
});
