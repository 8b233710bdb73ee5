// Issue 5, "what it must show": no API response, log line or error message holds a full ID number or
// phone number, except the audited reveal; and the database holds none of them in plain text.
// Persons with known ID numbers and phones are registered through the API; then EVERY GET route of the
// OpenAPI document (so routes added later are walked too) is called as every demo role, with each
// seeded record's id where a route takes one and with each value (in several spellings) where it takes
// a search text, and every write route that takes an ID number or phone gets bad input carrying the
// values. Every body, header and log line is searched for the values in every spelling; only the
// body of POST …/reveal may hold one. Last, every column of every table is searched as text.
import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withIdCheckCharacter } from './lib/id-number.js';
import { ensureDemoGrids } from './modules/territory/grid-seed.js';
import { createTestApp, type TestApp } from './test/harness.js';
import { apiUnderTest, type Operation, type Schema } from './test/openapi-operations.js';
import { tablesHolding } from './test/table-scan.js';

const GRID = '3704020010131001'; // 铁西居委会: the demo worker's and leader's grid
// Grid staff, the town, district and city centres, a department, the auditor: every kind of scope.
const ROLES = ['worker', 'leader', 'zhongxinjie', 'shizhong', 'city', 'police', 'auditor'];

/** An ID number ending in X, so that its lowercase spelling is a spelling of its own. */
function idEndingInX(first14: string): string {
  for (let seq = 100; seq < 1000; seq++) {
    const id = withIdCheckCharacter(`${first14}${seq}`);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no sequence gives X');
}
const ID_X = idEndingInX('37040219880412');
const ID_2 = withIdCheckCharacter('37040219750823051');
const ID_3 = withIdCheckCharacter('41010219990101062');
const MOBILE = '13987654321';
const MOBILE_2 = '15161718192';
const LANDLINE = '0632-3398765';

const SEEDED = [
  { name: '周晓燕', idNumber: ID_X, phone: MOBILE, registeredAddress: '市中区光明路66号2单元101' },
  { name: '吴建国', idNumber: ID_2, phone: LANDLINE },
  {
    name: '郑小龙',
    idNumber: ID_3,
    phone: MOBILE_2,
    residency: 'floating',
    moveInReason: '务工',
    movedInOn: '2023-05-01',
    registeredOn: '2023-05-10',
    originCode: '410102',
  },
];

/** Each value in the spellings it could leak in: as stored, lower case, spaced, dashed, with +86, the ID's 17-digit body. */
function spellings(): string[] {
  const out = new Set<string>();
  for (const id of [ID_X, ID_2, ID_3]) {
    out.add(id);
    out.add(id.slice(0, 17));
    out.add(`${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`);
    out.add(`${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`.toLowerCase());
  }
  for (const m of [MOBILE, MOBILE_2]) {
    out.add(m);
    out.add(`${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`);
    out.add(`${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`);
  }
  out.add(LANDLINE);
  out.add(LANDLINE.replace('-', ''));
  out.add(LANDLINE.replace('-', ' '));
  return [...out];
}
const NEEDLES = spellings();
// The text matched case-insensitively (the ID's x), with the JSON escaping a body may add undone.
const holding = (text: string) => NEEDLES.filter((n) => text.toLowerCase().includes(n.toLowerCase()));

let t: TestApp;
const logLines: string[] = [];
const personIds: string[] = [];
const leaks: string[] = [];
let requests = 0;

function check(where: string, res: LightMyRequestResponse, bodyMayHold = false): void {
  requests++;
  const body = bodyMayHold ? [] : holding(res.body);
  const headers = holding(JSON.stringify(res.headers));
  if (body.length > 0) leaks.push(`${where} → ${res.statusCode}: body holds ${body.join(', ')}`);
  if (headers.length > 0) leaks.push(`${where} → ${res.statusCode}: headers hold ${headers.join(', ')}`);
  if (res.statusCode >= 500) leaks.push(`${where} → ${res.statusCode} ${res.body.slice(0, 200)}`);
}

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  t = await createTestApp({ WANGGE_LOG_LEVEL: 'info' }, { logger: { stream } });
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
  for (const p of SEEDED) {
    const res = await t.request({
      method: 'POST',
      url: '/api/persons',
      as: 'worker',
      payload: { idKind: 'idCard', residency: 'registered', gridCode: GRID, ...p },
    });
    if (res.statusCode !== 201) throw new Error(`seeding ${p.name}: ${res.statusCode} ${res.body}`);
    check('POST /api/persons (seed)', res);
    personIds.push(res.json().id);
  }
  // A change, so the history holds a before and after of personal values.
  const changed = await t.request({ method: 'PATCH', url: `/api/persons/${personIds[1]}`, as: 'worker', payload: { version: 1, phone: '0632 3398765' } });
  check('PATCH /api/persons/{id} (seed)', changed);
}, 240_000);
afterAll(() => t?.close());

describe('personal values never leave the platform except through the audited reveal', () => {
  it('the log is captured at info, and the persons were registered', () => {
    expect(logLines.length).toBeGreaterThan(5);
    expect(logLines.some((l) => l.includes('"url":"/api/persons"') || l.includes('/api/persons'))).toBe(true);
    expect(personIds).toHaveLength(3);
  });

  it('the audited reveal returns the full value (the one exception)', async () => {
    const res = await t.request({
      method: 'POST',
      url: `/api/persons/${personIds[0]}/reveal`,
      as: 'worker',
      payload: { field: 'idNumber', reason: '核对户籍信息' },
    });
    check('POST /api/persons/{id}/reveal', res, true);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ field: 'idNumber', value: ID_X });
    const phone = await t.request({
      method: 'POST',
      url: `/api/persons/${personIds[1]}/reveal`,
      as: 'leader',
      payload: { field: 'phone', reason: '联系本人' },
    });
    check('POST /api/persons/{id}/reveal', phone, true);
    expect(phone.json().value).toBe(LANDLINE);
  });

  it('every GET route, as every role, with the seeded ids and the values as search text', async () => {
    const api = await apiUnderTest(t);
    const gets = api.operations.filter((op) => op.method === 'GET');
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const streams = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([, op]) => op.responses?.['200']?.content?.['text/event-stream'])
          .map(([m]) => `${m.toUpperCase()} ${path}`),
      ),
    );
    expect([...streams]).toEqual(['GET /api/notifications/stream']);
    expect(gets.length).toBeGreaterThan(40);
    expect(gets.map((op) => op.label)).toContain('GET /api/persons/{id}');
    const urls = (op: Operation): string[] => {
      const idParams = op.pathParams.filter((p) => api.deref(p.schema).format === 'uuid' || /id$/i.test(p.name));
      const paths =
        idParams.length === 0
          ? [api.urlOf(op)]
          : [api.urlOf(op), ...personIds.map((id) => api.urlOf(op, Object.fromEntries(idParams.map((p) => [p.name, id]))))];
      // A search box takes every value in every spelling, and once with a parameter the route refuses.
      const searches = op.queryParams.some((p) => p.name === 'q')
        ? [...NEEDLES.map((n) => `?q=${encodeURIComponent(n)}`), `?q=${encodeURIComponent(ID_X)}&zzUnknown=${encodeURIComponent(MOBILE)}`]
        : [];
      return [
        ...paths,
        ...searches.map((q) => api.urlOf(op, Object.fromEntries(op.pathParams.map((p) => [p.name, encodeURIComponent(String(api.sample(p.schema)))])), q)),
      ];
    };
    let found = 0;
    for (const op of gets) {
      // An event stream never ends under inject: notification.test.ts reads it over a socket (its events are case notifications).
      if (streams.has(op.label)) continue;
      for (const url of urls(op)) {
        for (const as of ROLES) {
          const res = await t.request({ method: 'GET', url, as });
          check(`GET ${url} as ${as}`, res);
          // The search does find the person (masked), so the walk is not only a walk of 404s.
          if (url.startsWith('/api/persons?q=') && res.statusCode === 200 && res.json().total > 0) found++;
        }
      }
    }
    expect(found).toBeGreaterThan(NEEDLES.length);
    expect(leaks, leaks.join('\n')).toEqual([]);
  }, 600_000);

  it('bad input carrying the values to every write route that takes an ID number or phone: 400, not echoed', async () => {
    const api = await apiUnderTest(t);
    const personal = (s: Schema) => Object.keys(s.properties ?? {}).filter((k) => /idNumber|phone/i.test(k));
    const writes = api.operations.filter((op) => op.method !== 'GET' && op.body && personal(op.body).length > 0);
    expect(writes.map((op) => op.label)).toEqual(expect.arrayContaining(['POST /api/persons', 'PATCH /api/persons/{id}']));
    let refused = 0;
    for (const op of writes) {
      const body = op.body as Schema;
      const fields = personal(body);
      const idLike = fields.filter((f) => /idNumber/i.test(f));
      const phoneLike = fields.filter((f) => /phone/i.test(f));
      // Who may call it: grid staff for the base routes; accounts are the administrator's.
      const callers = ['worker', 'zhongxinjie', 'city', 'admin'];
      const as = 'worker';
      const targets = op.pathParams.length === 0 ? [{}] : personIds.map((id) => Object.fromEntries(op.pathParams.map((p) => [p.name, id])));
      for (const params of targets) {
        const url = api.urlOf(op, params);
        // A change names the version it was read at, so that it fails for its input, not as stale.
        let version: number | undefined;
        let found = op.pathParams.length === 0;
        if (op.pathParams.length > 0) {
          const current = await t.request({ method: 'GET', url: url.split('?')[0] as string, as });
          found = current.statusCode === 200;
          version = found ? current.json().version : undefined;
        }
        // The required fields sampled, the usual ones valid, so that the values are what is refused.
        const sampled = api.sample(body) as Record<string, unknown>;
        const base: Record<string, unknown> = Object.fromEntries((body.required ?? []).map((k) => [k, sampled[k]]));
        const usual: Record<string, unknown> = { name: '测试人员', idKind: 'idCard', residency: 'registered', gridCode: GRID, version };
        for (const [k, v] of Object.entries(usual)) if (body.properties?.[k] && v !== undefined) base[k] = v;
        const set = (names: string[], value: string) => Object.fromEntries(names.map((n) => [n, value]));
        const bad: [string, 'id' | 'phone', Record<string, unknown>][] = [
          ['an ID number with a digit too many', 'id', { ...base, ...set(idLike, `${ID_2}7`), ...set(phoneLike, MOBILE) }],
          ['an ID number with a wrong check digit', 'id', { ...base, ...set(idLike, `${ID_X.slice(0, 17)}0`), ...set(phoneLike, MOBILE) }],
          ['a lowercase ID number with a blank name', 'id', { ...base, name: ' ', ...set(idLike, ID_X.toLowerCase()), ...set(phoneLike, MOBILE_2) }],
          ['a phone with digits too many', 'phone', { ...base, ...set(idLike, ID_3), ...set(phoneLike, `${MOBILE}99`) }],
          ['a phone of letters and digits', 'phone', { ...base, ...set(idLike, ID_3), ...set(phoneLike, `${MOBILE}abc`) }],
          ['the values and a field the route does not know', 'phone', { ...base, ...set(idLike, ID_2), ...set(phoneLike, LANDLINE), zzUnknown: MOBILE }],
          ['the values with a field of the wrong type', 'phone', { ...base, ...set(idLike, ID_2), ...set(phoneLike, MOBILE), name: 42 }],
        ];
        for (const [what, needs, payload] of bad) {
          if ((needs === 'id' ? idLike : phoneLike).length === 0) continue;
          // The first caller the route does not refuse (403) for this input.
          let res = await t.request({ method: op.method as 'POST', url, as, payload });
          for (const caller of callers.slice(1)) {
            if (res.statusCode !== 403) break;
            res = await t.request({ method: op.method as 'POST', url, as: caller, payload });
          }
          check(`${op.label} with ${what}`, res);
          // A record of another kind than a person (an account's id is no person's) may be 404 first.
          if (!found && res.statusCode === 404) continue;
          expect(res.statusCode, `${op.label} with ${what}: ${res.body}`).toBe(400);
          expect(res.json().field, `${op.label} with ${what}`).toEqual(expect.stringMatching(/^body\./));
          refused++;
        }
        // The ID number again, valid: refused as taken (409) or stale, and not echoed either way.
        if (idLike.length === 0) continue;
        const again = await t.request({
          method: op.method as 'POST',
          url,
          as,
          payload: { ...base, ...set(idLike, ID_X), ...set(phoneLike, MOBILE), ...(body.properties?.version ? { version: 999 } : {}) },
        });
        check(`${op.label} with the seeded values again`, again);
      }
    }
    expect(refused).toBeGreaterThanOrEqual(7 * 4);
    expect(leaks, leaks.join('\n')).toEqual([]);
  }, 300_000);

  it('no log line holds a value, though every request above was logged', () => {
    expect(logLines.length).toBeGreaterThan(requests);
    const leaking = logLines.filter((l) => holding(l).length > 0);
    expect(
      leaking.map((l) => l.slice(0, 300)),
      'log lines holding a personal value',
    ).toEqual([]);
  });

  it('no column of any table holds a value in plain text', async () => {
    expect(await tablesHolding(t.ctx.db, NEEDLES)).toEqual([]);
    // The scan itself finds what is there: the masked form is stored, in the person and in its history.
    expect(await tablesHolding(t.ctx.db, [`${ID_X.slice(0, 4)}**********${ID_X.slice(-4)}`])).toEqual(['base_change: 1 rows', 'person: 1 rows']);
  });
});
