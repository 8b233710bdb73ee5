// Access to every endpoint: no session is 401, a role without the route's permission is 403, a
// record outside the caller's jurisdiction is 404 with the same body as a record that does not
// exist. Generic over the OpenAPI document where it can be; the role and jurisdiction expectations
// are explicit tables. Bad input is in api-contract.test.ts.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, can, permissions, roles } from './modules/access/roles.js';
import { DEMO_PASSWORD, demoAccounts } from './modules/system/bootstrap.js';
import { createTestApp } from './test/harness.js';
import { PUBLIC, apiUnderTest, expectError } from './test/openapi-operations.js';

// Routes every signed-in role may call: they act on the caller's own account, or read the territory
// (division.read and grid.read are granted to every role). Any other route must be refused to some role.
const EVERY_ROLE = new Set([
  'POST /api/auth/logout',
  'GET /api/me',
  'POST /api/me/password',
  'GET /api/me/tokens',
  'POST /api/me/tokens',
  'DELETE /api/me/tokens/{id}',
  'GET /api/divisions/{code}',
  'GET /api/divisions/{code}/children',
  'GET /api/divisions/{code}/outlines',
  // grid.read is granted to every role too: everyone works on the grids the centres drew (Art. 7);
  // what each sees of them is the jurisdiction's business.
  'GET /api/grids',
  'GET /api/grids/locate',
  'GET /api/grids/export',
  'GET /api/grids/tiles/{z}/{x}/{y}',
  'GET /api/grids/{code}',
  'GET /api/grid-changes',
  'GET /api/grid-changes/{id}',
  // calendar.read: everyone's time limits count on the city's work calendar.
  'GET /api/calendar',
  'GET /api/calendar/deadline',
  'GET /api/calendar/{year}',
  // matter.read: every case is filed under the matter list (Art. 12), so everyone reads it.
  'GET /api/matter-lists',
  'GET /api/matter-lists/{id}',
]);

const t = await createTestApp({ WANGGE_LOGIN_MAX_FAILURES: '3' });
afterAll(() => t.close());
const { operations, opNamed, urlOf, send, probe, run, expectCleanRun } = await apiUnderTest(t);
const privateOps = operations.filter((op) => !PUBLIC.has(op.label));

// ---- 401: no session ------------------------------------------------------------------------

describe('without a valid session', () => {
  it('every route but the public ones is private, and the public ones answer without one', async () => {
    expect(privateOps.length).toBeGreaterThan(10);
    for (const label of PUBLIC) expect((await probe(opNamed(label))).statusCode, label).toBe(400);
  });

  const CREDENTIALS: [string, Record<string, string>][] = [
    ['no credentials', {}],
    ['a garbage bearer token', { authorization: 'Bearer wgt_not-a-real-token' }],
    ['an empty bearer token', { authorization: 'Bearer ' }],
    ['a 4 KB bearer token', { authorization: `Bearer ${'x'.repeat(4096)}` }],
    ['basic credentials', { authorization: `Basic ${Buffer.from(`city:${DEMO_PASSWORD}`).toString('base64')}` }],
    ['a forged session cookie', { cookie: 'wangge_session=wgs_forged.signature' }],
  ];
  const cases = privateOps.flatMap((op) => CREDENTIALS.map(([name, headers]) => [op.label, name, op, headers] as const));
  it.each(cases)('%s with %s is 401, before any validation', async (label, name, op, headers) => {
    // Bad input too: an anonymous caller learns nothing about the route's schema.
    const res = await send({
      method: op.method as 'POST',
      url: urlOf(op, { id: '!!', code: '!!' }, '?zzUnknown=1'),
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"a":',
    });
    expectError(res, `${label} with ${name}`, { status: 401, code: 'unauthenticated' });
  });
});

// ---- 403: a role without the route's permission ----------------------------------------------

// Explicit expectations, each with the reason.
const FORBIDDEN: [string, string, string][] = [
  ['worker', 'GET /api/users', 'a grid worker does not read accounts'],
  ['worker', 'POST /api/users', 'a grid worker does not manage accounts'],
  ['worker', 'GET /api/audit/events', 'only the auditor reads the trail'],
  ['worker', 'POST /api/units', 'a grid worker does not manage handling units'],
  ['worker', 'GET /api/units', 'grid staff have no unit.read'],
  ['worker', 'GET /api/routing-rules', 'grid staff report cases; they do not read the routing list'],
  ['admin', 'GET /api/routing-rules', 'the administrator runs accounts and units, not the routing list'],
  ['police', 'POST /api/routing-rules', 'department staff read the routing list but do not write it'],
  ['police', 'PUT /api/units/{id}', 'department staff do not manage units'],
  ['zhongxinjie', 'POST /api/routing-rules', 'a town centre reads the routing list; the city and district centres write it'],
  ['leader', 'PATCH /api/users/{id}', 'a grid leader does not manage accounts'],
  ['instructor', 'POST /api/users/{id}/unlock', 'a grid instructor does not manage accounts'],
  ['police', 'GET /api/users', 'department staff do not read accounts'],
  ['police', 'POST /api/users/{id}/password', 'department staff do not manage accounts'],
  ['admin', 'GET /api/audit/events', 'separation of duties: the administrator does not read the trail'],
  ['admin', 'GET /api/audit/verify', 'separation of duties: the administrator does not verify the trail'],
  ['auditor', 'POST /api/users', 'the auditor changes nothing'],
  ['auditor', 'PATCH /api/users/{id}', 'the auditor changes nothing'],
  ['auditor', 'POST /api/users/{id}/unlock', 'the auditor changes nothing'],
  ['auditor', 'POST /api/users/{id}/password', 'the auditor changes nothing'],
  ['auditor', 'POST /api/units', 'the auditor changes nothing'],
  ['auditor', 'DELETE /api/routing-rules/{id}', 'the auditor changes nothing'],
  ['zhongxinjie', 'POST /api/units', 'a town centre does not register units'],
  ['city', 'GET /api/audit/events', 'only the auditor reads the trail'],
  ['zhongxinjie', 'GET /api/audit/verify', 'only the auditor verifies the trail'],
  ['auditor', 'POST /api/attachments', 'the auditor changes nothing: reads evidence, uploads none'],
  ['admin', 'POST /api/attachments', 'the administrator handles no cases'],
  ['admin', 'GET /api/attachments/{id}', 'the administrator reads no case evidence'],
  ['admin', 'GET /api/attachments/{id}/content', 'the administrator reads no case evidence'],
];

describe('a role without the permission', () => {
  it.each(FORBIDDEN)('%s on %s is 403 (%s), even with a well-formed request', async (as, label) => {
    const op = opNamed(label);
    // A real account in everyone's jurisdiction, and a body that passes validation: only the role is wrong.
    const target = await t.userId('worker');
    const bodies: Record<string, unknown> = {
      'POST /api/users': { username: 'zz.forbidden', displayName: '越权', password: 'Zz-forbidden-1', role: 'gridWorker', divisionCode: '370402001013' },
      'PATCH /api/users/{id}': { displayName: '越权' },
      'POST /api/users/{id}/password': { password: 'Zz-forbidden-1' },
      'POST /api/units': { code: 'zz-forbidden', name: '越权', kind: 'department', divisionCode: '370400000000' },
      'PUT /api/units/{id}': { name: '越权' },
      'POST /api/routing-rules': {
        matterCode: 'SX-001',
        scopeCode: '370402001000',
        leadUnitId: target,
        assistUnitIds: [],
        post: '',
        limits: Object.fromEntries(['accept', 'dispatch', 'claim', 'handle', 'verify'].map((s) => [s, { amount: 1, unit: 'workingHours' }])),
        closingConditions: '',
        autoDispatch: false,
      },
    };
    const res = await send({
      method: op.method as 'GET',
      url: urlOf(op, { id: target }),
      as,
      ...(label in bodies ? { payload: bodies[label] as object } : {}),
    });
    expectError(res, `${as} on ${label}`, { status: 403, code: 'forbidden' });
  });

  // Every demo account (one or more per role) probes every private route; who is refused must
  // follow roles.ts: the roles let in are exactly those granted some one permission.
  const refused = new Map<string, Map<Role, number[]>>();
  beforeAll(async () => {
    for (const op of privateOps) {
      const byRole = new Map<Role, number[]>();
      for (const account of demoAccounts) {
        const res = await probe(op, account.username);
        byRole.set(account.role, [...(byRole.get(account.role) ?? []), res.statusCode]);
        if (res.statusCode === 403) expectError(res, `${account.username} on ${op.label}`, { status: 403, code: 'forbidden' });
        else expect(res.statusCode, `${account.username} on ${op.label}: ${res.body}`).toBe(400);
      }
      refused.set(op.label, byRole);
    }
  });

  it('covers every role with a demo account', () => {
    expect(new Set(demoAccounts.map((a) => a.role))).toEqual(new Set(roles));
  });

  it.each(privateOps.map((op) => [op.label]))('%s lets in exactly the roles one permission in roles.ts grants', (label) => {
    const byRole = refused.get(label);
    expect(byRole).toBeDefined();
    for (const [role, statuses] of byRole ?? []) expect(new Set(statuses).size, `${label}: accounts of ${role} disagree`).toBe(1);
    const allowed = roles.filter((r) => !(byRole?.get(r) ?? []).includes(403));
    if (allowed.length === roles.length) {
      expect([...EVERY_ROLE], `${label} is open to every role: add it to EVERY_ROLE if that is meant`).toContain(label);
      return;
    }
    expect(EVERY_ROLE.has(label), `${label} is in EVERY_ROLE but refuses ${roles.filter((r) => !allowed.includes(r)).join(', ')}`).toBe(false);
    expect(allowed.length, `${label} refuses every role`).toBeGreaterThan(0);
    const matching = permissions.filter((p) => roles.every((r) => can(r, p) === allowed.includes(r)));
    expect(matching, `${label} lets in ${allowed.join(', ')}: no permission in roles.ts grants exactly these`).not.toEqual([]);
  });
});

// ---- 404: outside the jurisdiction ----------------------------------------------------------

describe('outside the jurisdiction (市中区 district centre looking at 滕州市)', () => {
  const ghost = randomUUID();

  it.each([
    ['GET', '/api/users/{id}', undefined],
    ['PATCH', '/api/users/{id}', { displayName: '越界改名' }],
    ['POST', '/api/users/{id}/unlock', undefined],
    ['POST', '/api/users/{id}/password', { password: 'Zz-outside-pass-1' }],
  ] as const)('%s %s of a 滕州 account is 404, the same answer as for a non-existent id', async (method, path, payload) => {
    const outside = await send({ method, url: path.replace('{id}', await t.userId('tengzhou')), as: 'shizhong', ...(payload ? { payload } : {}) });
    const nowhere = await send({ method, url: path.replace('{id}', ghost), as: 'shizhong', ...(payload ? { payload } : {}) });
    expectError(outside, `${method} ${path} outside`, { status: 404, code: 'not_found' });
    expect(outside.json()).toEqual(nowhere.json());
    expect(outside.statusCode).toBe(nowhere.statusCode);
  });

  it('changed nothing: the 滕州 account keeps its name, password and lockout', async () => {
    const id = await t.userId('tengzhou');
    for (let i = 0; i < 3; i++) await send({ method: 'POST', url: '/api/auth/login', payload: { username: 'tengzhou', password: 'wrong-password-9' } });
    expect((await send({ method: 'POST', url: `/api/users/${id}/unlock`, as: 'shizhong' })).statusCode).toBe(404);
    const seen = await send({ method: 'GET', url: `/api/users/${id}`, as: 'city' });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ username: 'tengzhou', displayName: '滕州市中心 赵磊', locked: true, mustChangePassword: false });
    // The city centre, whose jurisdiction it is, may lift the lockout; the demo password still works.
    expect((await send({ method: 'POST', url: `/api/users/${id}/unlock`, as: 'city' })).statusCode).toBe(204);
    expect((await send({ method: 'POST', url: '/api/auth/login', payload: { username: 'tengzhou', password: DEMO_PASSWORD } })).statusCode).toBe(200);
  });

  it('inside it, the same requests work', async () => {
    expect((await send({ method: 'GET', url: `/api/users/${await t.userId('zhongxinjie')}`, as: 'shizhong' })).statusCode).toBe(200);
    expect((await send({ method: 'GET', url: '/api/divisions/370402/children', as: 'shizhong' })).statusCode).toBe(200);
    expect((await send({ method: 'GET', url: '/api/divisions/370481', as: 'city' })).statusCode).toBe(200);
  });

  it.each(['', '/children', '/outlines'])('GET /api/divisions/{滕州}%s is 404, the same answer as for a division that does not exist', async (suffix) => {
    const towns = await send({ method: 'GET', url: '/api/divisions/370481/children', as: 'city' });
    const town = towns.json().items[0]?.code as string | undefined;
    expect(town, 'city sees the towns of 滕州').toMatch(/^370481\d{6}$/);
    const nowhere = await send({ method: 'GET', url: `/api/divisions/370499${suffix}`, as: 'shizhong' });
    expectError(nowhere, `370499${suffix}`, { status: 404, code: 'not_found' });
    for (const code of ['370481', '370481000000', town ?? '']) {
      const outside = await send({ method: 'GET', url: `/api/divisions/${code}${suffix}`, as: 'shizhong' });
      expectError(outside, `${code}${suffix}`, { status: 404, code: 'not_found' });
      expect(outside.json(), `${code}${suffix}`).toEqual(nowhere.json());
    }
  });

  it('the account list holds no 滕州 account, even when asked for one', async () => {
    const all = await send({ method: 'GET', url: '/api/users?pageSize=200', as: 'shizhong' });
    expect(all.statusCode).toBe(200);
    const { items, total } = all.json() as { items: { username: string; division: { code: string } }[]; total: number };
    expect(items.length).toBe(total);
    expect(items.map((u) => u.username)).toContain('zhongxinjie');
    expect(items.filter((u) => u.division.code.startsWith('370481'))).toEqual([]);
    const asked = await send({ method: 'GET', url: '/api/users?divisionCode=370481', as: 'shizhong' });
    expect(asked.json()).toMatchObject({ items: [], total: 0 });
    // The city centre does see it, so the filter above is not empty by accident.
    const city = await send({ method: 'GET', url: '/api/users?divisionCode=370481', as: 'city' });
    expect(city.json().items.map((u: { username: string }) => u.username)).toContain('tengzhou');
  });
});

describe('the whole run', () => {
  it('got no 5xx answer, and every error answer had the error body', () => {
    console.info(`api-access: ${operations.length} operations (${privateOps.length} private), ${run.requests} requests`);
    expectCleanRun();
  });
});
