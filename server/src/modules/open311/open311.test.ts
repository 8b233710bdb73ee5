import { eq } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../lib/crypto.js';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { givePublishedMatterAttributes, laneQuestions } from '../../test/matter-attributes.js';
import { department } from '../access/access.tables.js';
import { auditEvent } from '../audit/audit.tables.js';
import { caseRecord } from '../cases/case.tables.js';
import { routingRule } from '../cases/routing.tables.js';
import { ensureDemoGrids } from '../territory/grid-seed.js';
import { open311Client, open311Request } from './open311.tables.js';

// Issue 4 item 10: Open311 GeoReport v2. A member of the public reports through an app holding an
// API key; the report waits on the town centre's dispatch desk (a public report is never
// dispatched automatically); its status, notes and deadline are read back in JSON and XML.
let t: TestApp;
const GRID = '3704020010131001'; // 铁西居委会, on the desk of the town centre `zhongxinjie`
let point: [number, number];
const V2 = '/open311/v2';
const KEY = 'wangge-demo';
const PUBLIC_CODES = ['SX-002', 'SX-003', 'SX-004', 'SX-005', 'SX-006', 'SX-007', 'SX-008'];
const hours = (amount: number) => ({ amount, unit: 'workingHours' as const });
const limits = { accept: hours(4), dispatch: hours(4), claim: hours(4), handle: { amount: 3, unit: 'workingDays' as const }, verify: hours(8) };
const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['request', 'service', 'error', 'endpoint', 'format', 'attribute', 'value'].includes(name),
});

const get = (url: string, as?: string) => t.request({ method: 'GET', url, ...(as ? { as } : {}) });
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (fields: Record<string, string>, format = 'json') =>
  t.request({ method: 'POST', url: `${V2}/requests.${format}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields) });
const report = (extra: Record<string, string> = {}) =>
  post({ api_key: KEY, service_code: 'SX-006', lat: String(point[1]), long: String(point[0]), description: '小区门口垃圾堆放三天无人清理', ...extra });

/** The specification's error shape, in JSON or XML, with this HTTP status; returns the description. */
function expectOpen311Error(res: LightMyRequestResponse, status: number, format: 'json' | 'xml' = 'json'): string {
  expect(res.statusCode, res.body).toBe(status);
  if (format === 'json') {
    expect(res.headers['content-type']).toMatch(/^application\/json; charset=utf-8/);
    const body = res.json();
    expect(body).toEqual([{ code: status, description: expect.any(String) }]);
    return body[0].description;
  }
  expect(res.headers['content-type']).toMatch(/^text\/xml; charset=utf-8/);
  expect(res.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const doc = xml.parse(res.body);
  expect(doc.errors.error).toHaveLength(1);
  expect(doc.errors.error[0].code).toBe(String(status));
  return doc.errors.error[0].description;
}

beforeAll(async () => {
  t = await createTestApp({ WANGGE_SESSION_IDLE_MINUTES: '10080', WANGGE_SESSION_MAX_HOURS: '720' });
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
  point = (await get(`/api/grids/${GRID}`, 'city')).json().label;
  // The routing list would dispatch SX-006 at once: a public report still waits for a centre.
  const [urban] = await t.ctx.db.select().from(department).where(eq(department.code, '370400-urban'));
  await t.ctx.db.delete(routingRule).where(eq(routingRule.matterCode, 'SX-006'));
  await t.ctx.db
    .insert(routingRule)
    .values({ cityCode: '370400000000', matterCode: 'SX-006', scopeCode: '370400000000', leadUnitId: urban?.id as string, autoDispatch: true, limits });
}, 180_000);
afterAll(() => t.close());

describe('discovery and services', () => {
  it('discovery, in JSON and XML', async () => {
    const res = await get(`${V2}/discovery.json`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const d = res.json();
    expect(d.endpoints).toEqual([
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: 'http://localhost:80/open311/v2',
        changeset: d.changeset,
        type: 'test',
        formats: ['text/xml', 'application/json'],
      },
    ]);
    expect(d.key_service).toContain('api_key');
    const x = await get(`${V2}/discovery.xml`);
    expect(x.headers['content-type']).toBe('text/xml; charset=utf-8');
    const doc = xml.parse(x.body);
    expect(doc.discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
    expect(doc.discovery.endpoints.endpoint[0].specification).toBe('http://wiki.open311.org/GeoReport_v2');
  });

  it('the services are the published matters open to public reporting, no others', async () => {
    const list = (await get(`${V2}/services.json`)).json();
    expect(list.map((s: { service_code: string }) => s.service_code)).toEqual(PUBLIC_CODES);
    expect(list[4]).toEqual({
      service_code: 'SX-006',
      service_name: '环境卫生',
      description: expect.any(String),
      metadata: false,
      type: 'realtime',
      keywords: expect.stringContaining('枣庄市'),
      group: expect.any(String),
    });
    const doc = xml.parse((await get(`${V2}/services.xml?jurisdiction_id=370400`)).body);
    expect(doc.services.service.map((s: { service_code: string }) => s.service_code)).toEqual(PUBLIC_CODES);
    expect(doc.services.service[4]).toMatchObject({ service_code: 'SX-006', service_name: '环境卫生', metadata: 'false', type: 'realtime' });
    // metadata: true for the services whose matter asks for attributes (the demo's SX-003 and SX-008).
    const withMetadata = list.filter((s: { metadata: boolean }) => s.metadata).map((s: { service_code: string }) => s.service_code);
    expect(withMetadata).toEqual(['SX-003', 'SX-008']);
    expect(doc.services.service.filter((s: { metadata: string }) => s.metadata === 'true').map((s: { service_code: string }) => s.service_code)).toEqual(
      withMetadata,
    );
  });

  it('a service definition lists the matter’s attributes in order, values for the lists only, in JSON and XML', async () => {
    const res = await get(`${V2}/services/SX-008.json`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      service_code: 'SX-008',
      attributes: [
        {
          variable: true,
          code: 'facility',
          datatype: 'singlevaluelist',
          required: false,
          datatype_description: null,
          order: 1,
          description: '损坏的设施',
          values: [
            { key: 'manhole', name: '井盖' },
            { key: 'road', name: '路面' },
            { key: 'streetlight', name: '路灯' },
            { key: 'other', name: '其他设施' },
          ],
        },
        {
          variable: true,
          code: 'severity',
          datatype: 'singlevaluelist',
          required: false,
          datatype_description: '按现场情况选择',
          order: 2,
          description: '严重程度',
          values: [
            { key: 'minor', name: '一般' },
            { key: 'serious', name: '较重' },
            { key: 'critical', name: '严重，需立即处置' },
          ],
        },
      ],
    });
    const x = await get(`${V2}/services/SX-008.xml`);
    expect(x.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(x.body).toContain('<service_definition>');
    expect(x.body).toMatch(/<attributes>\s*<attribute>\s*<variable>true<\/variable>\s*<code>facility<\/code>/);
    expect(x.body).toMatch(/<values>\s*<value>\s*<key>manhole<\/key>\s*<name>井盖<\/name>\s*<\/value>/);
    const def = xml.parse(x.body).service_definition;
    expect(def.service_code).toBe('SX-008');
    expect(def.attributes.attribute.map((a: { code: string; order: string; required: string }) => [a.code, a.order, a.required])).toEqual([
      ['facility', '1', 'false'],
      ['severity', '2', 'false'],
    ]);
    expect(def.attributes.attribute[1].values.value).toEqual(res.json().attributes[1].values);
  });

  it('a service definition without attributes; a matter not open to the public is not found', async () => {
    expect((await get(`${V2}/services/SX-006.json`)).json()).toEqual({ service_code: 'SX-006', attributes: [] });
    const doc = xml.parse((await get(`${V2}/services/SX-006.xml`)).body);
    expect(doc.service_definition.service_code).toBe('SX-006');
    expectOpen311Error(await get(`${V2}/services/SX-001.json`), 404); // 矛盾纠纷排查: staff only
    expectOpen311Error(await get(`${V2}/services/SX-999.xml`), 404, 'xml');
  });
});

describe('a public report', () => {
  let id: string;
  let token: string;

  it('POST requests, form-encoded with the demo key: the case number and a token, nothing personal echoed', async () => {
    const res = await report({
      first_name: '小明',
      last_name: '王',
      phone: '13912345678',
      email: 'wang@example.com',
      device_id: 'dev-42',
      account_id: 'acc-7',
    });
    expect(res.statusCode, res.body).toBe(200);
    const [created] = res.json();
    expect(created).toEqual({
      service_request_id: expect.stringMatching(/^SJ\d{14}$/),
      token: expect.any(String),
      service_notice: expect.stringContaining('等待'),
    });
    id = created.service_request_id;
    token = created.token;
    for (const secret of ['13912345678', 'wang@example.com', '小明', 'dev-42', 'acc-7']) expect(res.body).not.toContain(secret);
  });

  it('arrives on the town centre’s dispatch desk, not dispatched, the contact encrypted and masked', async () => {
    const desk = (await get('/api/cases?view=desk&pageSize=200', 'zhongxinjie')).json();
    const item = desk.items.find((c: { number: string }) => c.number === id);
    expect(item).toMatchObject({ status: 'reported', source: 'public', gridCode: GRID, matterCode: 'SX-006', centreCode: '370402001000' });
    const page = (await get(`/api/cases/${item.id}`, 'zhongxinjie')).json();
    expect(page.reporterContact).toBe('王** 139****5678 w***@example.com');
    const [row] = await t.ctx.db.select().from(caseRecord).where(eq(caseRecord.number, id));
    expect(row?.reporterContactEncrypted).not.toContain('13912345678');
    const [provenance] = await t.ctx.db.select().from(open311Request).where(eq(open311Request.caseId, item.id));
    const [demo] = await t.ctx.db.select().from(open311Client);
    expect(provenance?.clientId).toBe(demo?.id);
    // The audit trail says a public report came in, and holds nothing of the reporter.
    const trail = JSON.stringify(await t.ctx.db.select().from(auditEvent).where(eq(auditEvent.targetId, item.id)));
    expect(trail).toContain('open311');
    expect(trail).not.toContain('13912345678');
  });

  it('GET requests/{id} in JSON and XML: open, the deadline as expected_datetime, no personal data', async () => {
    const res = await get(`${V2}/requests/${id}.json`);
    const [r] = res.json();
    expect(r).toEqual({
      service_request_id: id,
      status: 'open',
      status_notes: null,
      service_name: '环境卫生',
      service_code: 'SX-006',
      description: '小区门口垃圾堆放三天无人清理',
      agency_responsible: null,
      service_notice: expect.stringContaining('受理'),
      requested_datetime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/),
      updated_datetime: expect.stringMatching(/\+08:00$/),
      expected_datetime: expect.stringMatching(/\+08:00$/),
      address: '市中区中心街街道铁西居委会',
      address_id: null,
      zipcode: null,
      lat: point[1],
      long: point[0],
      media_url: null,
    });
    const [row] = await t.ctx.db.select().from(caseRecord).where(eq(caseRecord.number, id));
    expect(new Date(r.expected_datetime).getTime()).toBe(row?.dueAt?.getTime());
    for (const secret of ['13912345678', 'wang@example.com', '小明']) expect(res.body).not.toContain(secret);

    const x = await get(`${V2}/requests/${id}.xml`);
    expect(x.headers['content-type']).toBe('text/xml; charset=utf-8');
    const [req] = xml.parse(x.body).service_requests.request;
    expect(req).toMatchObject({ service_request_id: id, status: 'open', service_code: 'SX-006', service_name: '环境卫生', status_notes: '' });
    expect(Number(req.lat)).toBe(point[1]);
    expect(Number(req.long)).toBe(point[0]);
    expect(req.expected_datetime).toBe(r.expected_datetime);
  });

  it('GET tokens/{token} answers with the request', async () => {
    expect((await get(`${V2}/tokens/${token}.json`)).json()).toEqual([{ service_request_id: id, token }]);
    expect(xml.parse((await get(`${V2}/tokens/${token}.xml`)).body).service_requests.request[0]).toEqual({ service_request_id: id, token });
    expectOpen311Error(await get(`${V2}/tokens/no-such-token.json`), 404);
  });

  it('accepted with a private opinion: still open, no note; refused with a reason: closed, the reason is the note', async () => {
    const other = (await report({ description: '楼道堆放杂物' })).json()[0].service_request_id;
    const caseId = async (n: string) => (await t.ctx.db.select({ id: caseRecord.id }).from(caseRecord).where(eq(caseRecord.number, n)))[0]?.id;
    const accepted = await t.request({ method: 'POST', url: `/api/cases/${await caseId(other)}/accept`, as: 'zhongxinjie', payload: { opinion: '内部备注' } });
    expect(accepted.statusCode).toBe(200);
    expect((await get(`${V2}/requests/${other}.json`)).json()[0]).toMatchObject({ status: 'open', status_notes: null });
    // Dispatched by the centre: the unit the routing list names is the agency responsible.
    const otherId = await caseId(other);
    expect((await t.request({ method: 'POST', url: `/api/cases/${otherId}/register`, as: 'zhongxinjie', payload: {} })).statusCode).toBe(200);
    expect((await t.request({ method: 'POST', url: `/api/cases/${otherId}/dispatch`, as: 'zhongxinjie', payload: {} })).statusCode).toBe(200);
    expect((await get(`${V2}/requests/${other}.json`)).json()[0]).toMatchObject({
      status: 'open',
      agency_responsible: '枣庄市城市管理局（综合行政执法局）',
      service_notice: expect.stringContaining('派遣'),
    });

    const rejected = await t.request({
      method: 'POST',
      url: `/api/cases/${await caseId(id)}/reject`,
      as: 'zhongxinjie',
      payload: { reason: '不属于网格事项，请拨打12345' },
    });
    expect(rejected.statusCode).toBe(200);
    const [r] = (await get(`${V2}/requests/${id}.json`)).json();
    expect(r).toMatchObject({ status: 'closed', status_notes: '不属于网格事项，请拨打12345', expected_datetime: null });
    expect(xml.parse((await get(`${V2}/requests/${id}.xml`)).body).service_requests.request[0].status_notes).toBe('不属于网格事项，请拨打12345');
  });

  it('cancelled: closed; a duplicate merged into it follows it', async () => {
    const first = (await report({ description: '路灯不亮' })).json()[0].service_request_id;
    const second = (await report({ description: '路灯坏了' })).json()[0].service_request_id;
    const ids = Object.fromEntries(
      (await t.ctx.db.select({ id: caseRecord.id, number: caseRecord.number }).from(caseRecord)).map((c) => [c.number, c.id]),
    ) as Record<string, string>;
    const merged = await t.request({ method: 'POST', url: `/api/cases/${ids[second]}/merge`, as: 'zhongxinjie', payload: { intoCaseId: ids[first] } });
    expect(merged.statusCode).toBe(200);
    // Its own record says cancelled; it reports the case it joined: open, the merge as its note.
    expect((await get(`${V2}/requests/${second}.json`)).json()[0]).toMatchObject({ status: 'open', status_notes: `并入 ${first}` });
    const cancelled = await t.request({ method: 'POST', url: `/api/cases/${ids[first]}/cancel`, as: 'zhongxinjie', payload: { reason: '已由供电公司修复' } });
    expect(cancelled.statusCode).toBe(200);
    expect((await get(`${V2}/requests/${first}.json`)).json()[0]).toMatchObject({ status: 'closed', status_notes: '已由供电公司修复' });
    expect((await get(`${V2}/requests/${second}.json`)).json()[0]).toMatchObject({ status: 'closed', status_notes: '已由供电公司修复' });
  });

  it('accepts a JSON body and a media URL, and the api_key in the query string', async () => {
    const res = await t.request({
      method: 'POST',
      url: `${V2}/requests.xml?api_key=${KEY}`,
      payload: {
        service_code: 'SX-008',
        lat: point[1],
        long: point[0],
        address_string: '建设路与光明路路口',
        media_url: 'https://example.com/p/1.jpg',
        description: '井盖\u0007松动',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const [created] = xml.parse(res.body).service_requests.request;
    const [r] = (await get(`${V2}/requests/${created.service_request_id}.json`)).json();
    expect(r).toMatchObject({ service_code: 'SX-008', address: '建设路与光明路路口', media_url: 'https://example.com/p/1.jpg', description: '井盖\u0007松动' });
    // XML 1.0 cannot hold a control character: it is replaced, and the document stays well-formed.
    expect(xml.parse((await get(`${V2}/requests/${created.service_request_id}.xml`)).body).service_requests.request[0].description).toBe('井盖\uFFFD松动');
  });
});

describe('GET requests: the specification’s filters and limits', () => {
  const list = async (query: string) => {
    const res = await get(`${V2}/requests.json${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { service_request_id: string; status: string; service_code: string; requested_datetime: string }[];
  };

  it('filters by status, service code, id list and date', async () => {
    const all = await list('');
    expect(all.length).toBeGreaterThanOrEqual(5);
    const open = await list('?status=open');
    const closed = await list('?status=closed');
    expect(open.length + closed.length).toBe(all.length);
    expect(open.every((r) => r.status === 'open')).toBe(true);
    expect(closed.every((r) => r.status === 'closed')).toBe(true);
    expect((await list('?status=open,closed')).length).toBe(all.length);
    expect((await list('?status=open&status=closed')).length).toBe(all.length);
    expect((await list('?service_code=SX-008')).map((r) => r.service_code)).toEqual(['SX-008']);
    expect((await list('?service_code=SX-008,SX-006')).length).toBe(all.length);
    const two = [all[0]?.service_request_id, all[2]?.service_request_id].join(',');
    expect((await list(`?service_request_id=${two}&status=open&start_date=2001-01-01T00:00:00Z`)).map((r) => r.service_request_id).sort()).toEqual(
      two.split(',').sort(),
    );
    expect(await list('?start_date=2026-01-01T00:00:00Z&end_date=2026-01-02T00:00:00Z')).toEqual([]);
    // A "+" left unescaped arrives as a space: read as the offset it was.
    const since = encodeURIComponent(all.at(-1)?.requested_datetime ?? '').replace('%2B', '+');
    expect((await list(`?start_date=${since}`)).length).toBe(all.length);
    // Newest first.
    expect([...all].sort((a, b) => b.requested_datetime.localeCompare(a.requested_datetime))).toEqual(all);
  });

  it('the last 90 days by default, at most 90 days apart, and 1,000 results at most', async () => {
    const [base] = await t.ctx.db.select().from(caseRecord).where(eq(caseRecord.source, 'public')).limit(1);
    if (!base) throw new Error('no public case');
    const { id: _, serial: __, number: ___, publicToken: ____, ...rest } = base;
    const old = new Date(Date.now() - 100 * 86_400_000);
    await t.ctx.db.insert(caseRecord).values({ ...rest, number: 'SJ20000101000001', createdAt: old, updatedAt: old });
    expect((await list('')).map((r) => r.service_request_id)).not.toContain('SJ20000101000001');
    const from = new Date(old.getTime() - 86_400_000).toISOString();
    expect((await list(`?start_date=${from}`)).map((r) => r.service_request_id)).toContain('SJ20000101000001');
    expect((await list('?service_request_id=SJ20000101000001')).length).toBe(1);
    const tooLong = await get(`${V2}/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`);
    expect(expectOpen311Error(tooLong, 400)).toContain('90');

    const now = new Date();
    await t.ctx.db
      .insert(caseRecord)
      .values(Array.from({ length: 1005 }, (_x, i) => ({ ...rest, number: `SJ29990101${String(i).padStart(6, '0')}`, createdAt: now, updatedAt: now })));
    const many = await list('');
    expect(many).toHaveLength(1000);
    const xmlMany = xml.parse((await get(`${V2}/requests.xml`)).body).service_requests.request;
    expect(xmlMany).toHaveLength(1000);
  }, 60_000);
});

describe('errors, in the specification’s shape, never a 5xx', () => {
  it('POST without an api_key or with a wrong or revoked one: 403', async () => {
    expect(expectOpen311Error(await post({ service_code: 'SX-006', lat: String(point[1]), long: String(point[0]) }), 403)).toContain('api_key');
    expectOpen311Error(await post({ service_code: 'SX-006' }, 'xml'), 403, 'xml');
    expectOpen311Error(await post({ api_key: 'nope', service_code: 'SX-006' }), 403);
    expectOpen311Error(await t.request({ method: 'POST', url: `${V2}/requests.json` }), 403);
    await t.ctx.db.insert(open311Client).values({ name: 'old app', keyHash: sha256Hex('o311_revoked'), revokedAt: new Date() });
    expectOpen311Error(await post({ api_key: 'o311_revoked', service_code: 'SX-006', lat: String(point[1]), long: String(point[0]) }), 403);
  });

  it.each([
    ['an unknown service', 404, { service_code: 'SX-999' }],
    ['a matter not open to the public', 404, { service_code: 'SX-001' }],
    ['no service_code', 400, { service_code: '' }],
    ['no location', 400, { lat: '', long: '' }],
    ['an address without a point', 400, { lat: '', long: '', address_string: '光明路1号' }],
    ['only lat', 400, { long: '' }],
    ['a latitude that is not a number', 400, { lat: 'abc' }],
    ['a latitude past the pole', 400, { lat: '91' }],
    ['an exponent', 400, { lat: '3e1' }],
    ['Infinity', 400, { long: 'Infinity' }],
    ['a point outside every grid', 400, { lat: '36.0', long: '120.9' }],
    ['a wrong jurisdiction', 404, { jurisdiction_id: 'sfgov.org' }],
    ['a bad e-mail', 400, { email: 'not-an-email' }],
    ['a bad phone', 400, { phone: 'call me' }],
    ['a bad media URL', 400, { media_url: 'javascript:alert(1)' }],
    ['a description over 4,000 characters', 400, { description: 'x'.repeat(4001) }],
    ['a field given twice', 400, { service_code: 'SX-006&service_code=SX-007' }],
    ['a NUL character', 400, { description: 'a\u0000b' }],
  ])('%s: %i, in JSON and XML', async (_name, status, fields) => {
    const body = { api_key: KEY, service_code: 'SX-006', lat: String(point[1]), long: String(point[0]), ...fields } as Record<string, string>;
    const raw = form(body).replace('SX-006%26service_code%3DSX-007', 'SX-006&service_code=SX-007');
    for (const format of ['json', 'xml'] as const) {
      const res = await t.request({
        method: 'POST',
        url: `${V2}/requests.${format}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: raw,
      });
      const description = expectOpen311Error(res, status, format);
      expect(description).toMatch(/[\u3400-\u9fff]/);
    }
  });

  it('bodies: too large, not a form, malformed JSON, a poisoned key', async () => {
    const send = (payload: string, type: string) => t.request({ method: 'POST', url: `${V2}/requests.json`, headers: { 'content-type': type }, payload });
    expectOpen311Error(await send(`api_key=${KEY}&description=${'x'.repeat(200_000)}`, 'application/x-www-form-urlencoded'), 400);
    expectOpen311Error(await send('<a/>', 'application/xml'), 400);
    expectOpen311Error(await send('{"a":', 'application/json'), 400);
    expectOpen311Error(await send('{"__proto__":{"x":1}}', 'application/json'), 400);
    const res = await send(
      `__proto__=x&constructor=y&api_key=${KEY}&service_code=SX-006&lat=${point[1]}&long=${point[0]}`,
      'application/x-www-form-urlencoded',
    );
    expect(res.statusCode, res.body).toBe(200);
  });

  it('reading: a wrong jurisdiction, bad dates and statuses, unknown requests, formats and paths', async () => {
    expectOpen311Error(await get(`${V2}/services.json?jurisdiction_id=370481`), 404);
    expectOpen311Error(await get(`${V2}/requests.xml?jurisdiction_id=x`), 404, 'xml');
    expectOpen311Error(await get(`${V2}/requests.json?start_date=yesterday`), 400);
    expectOpen311Error(await get(`${V2}/requests.json?start_date=2026-02-31T00:00:00Z`), 400);
    expectOpen311Error(await get(`${V2}/requests.json?end_date=2026-01-01T00:00:00Z&start_date=2026-02-01T00:00:00Z`), 400);
    expectOpen311Error(await get(`${V2}/requests.json?status=pending`), 400);
    expectOpen311Error(await get(`${V2}/requests.json?service_request_id=${Array.from({ length: 1001 }, (_x, i) => i).join(',')}`), 400);
    expectOpen311Error(await get(`${V2}/requests/SJ00000000000000.json`), 404);
    expectOpen311Error(await get(`${V2}/requests/${'x'.repeat(300)}.xml`), 400, 'xml');
    expectOpen311Error(await get(`${V2}/services.html`), 404);
    expectOpen311Error(await get(`${V2}/services`), 404);
    expectOpen311Error(await get(`${V2}/nothing-here.xml`), 404, 'xml');
    expectOpen311Error(await get(`${V2}/services/%E4.json`), 400);
  });
});

describe('attributes: answered with attribute[CODE], kept with the case', () => {
  // SX-005 (消防通道占用) is given one attribute of each datatype, as a city centre would in a new version.
  const SX005 = 'SX-005';
  beforeAll(async () => {
    await givePublishedMatterAttributes(t, SX005, [
      {
        code: 'severity',
        datatype: 'singlevaluelist',
        required: true,
        description: '严重程度',
        values: [
          { key: 'minor', name: '一般' },
          { key: 'serious', name: '较重' },
        ],
      },
      ...laneQuestions,
      { code: 'plate', datatype: 'string', required: false, description: '车牌号' },
      { code: 'note', datatype: 'text', required: false, description: '补充说明' },
    ]);
  });

  const send = (pairs: [string, string][], format: 'json' | 'xml' = 'json') =>
    t.request({
      method: 'POST',
      url: `${V2}/requests.${format}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([
        ['api_key', KEY],
        ['service_code', SX005],
        ['lat', String(point[1])],
        ['long', String(point[0])],
        ['description', '消防通道被车辆和杂物堵住'],
        ...pairs,
      ]).toString(),
    });
  const caseOf = async (number: string) => {
    const [row] = await t.ctx.db.select().from(caseRecord).where(eq(caseRecord.number, number));
    if (!row) throw new Error(`no case ${number}`);
    return row;
  };

  it('the definition says which are required; the service now has metadata', async () => {
    const def = (await get(`${V2}/services/${SX005}.json`)).json();
    expect(def.attributes.map((a: { code: string; datatype: string; required: boolean; order: number }) => [a.code, a.datatype, a.required, a.order])).toEqual([
      ['severity', 'singlevaluelist', true, 1],
      ['count', 'number', false, 2],
      ['seen_at', 'datetime', false, 3],
      ['kinds', 'multivaluelist', false, 4],
      ['plate', 'string', false, 5],
      ['note', 'text', false, 6],
    ]);
    expect(def.attributes[1]).not.toHaveProperty('values');
    expect((await get(`${V2}/services.json`)).json().find((s: { service_code: string }) => s.service_code === SX005).metadata).toBe(true);
  });

  it('POST with good answers: stored with the case, shown on the staff case page with the questions', async () => {
    const res = await send([
      ['attribute[severity]', 'serious'],
      ['attribute[count]', '2.5'],
      ['attribute[seen_at]', '2026-10-13T09:30:00+08:00'],
      ['attribute[kinds][]', 'car'],
      ['attribute[kinds][]', 'goods'],
      ['attribute[plate]', '鲁D12345'],
      ['attribute[note]', '晚上\n更严重'],
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const c = await caseOf(res.json()[0].service_request_id);
    const page = await get(`/api/cases/${c.id}`, 'zhongxinjie');
    expect(page.statusCode).toBe(200);
    expect(page.json().attributes).toEqual([
      { code: 'severity', datatype: 'singlevaluelist', description: '严重程度', value: 'serious', valueNames: ['较重'] },
      { code: 'count', datatype: 'number', description: '占用车辆数', value: '2.5', valueNames: [] },
      { code: 'seen_at', datatype: 'datetime', description: '发现时间', value: '2026-10-13T09:30:00+08:00', valueNames: [] },
      { code: 'kinds', datatype: 'multivaluelist', description: '占用物', value: ['car', 'goods'], valueNames: ['车辆', '杂物'] },
      { code: 'plate', datatype: 'string', description: '车牌号', value: '鲁D12345', valueNames: [] },
      { code: 'note', datatype: 'text', description: '补充说明', value: '晚上\n更严重', valueNames: [] },
    ]);
    expect(c.attributes).toEqual(page.json().attributes);
  });

  it('the required one alone, a single key as attribute[CODE][], a date; in XML and as a JSON body', async () => {
    const x = await send(
      [
        ['attribute[severity]', 'minor'],
        ['attribute[kinds][]', 'goods'],
        ['attribute[seen_at]', '2026-10-13'],
        ['attribute[count]', ''],
      ],
      'xml',
    );
    expect(x.statusCode, x.body).toBe(200);
    const [created] = xml.parse(x.body).service_requests.request;
    expect((await caseOf(created.service_request_id)).attributes.map((a) => [a.code, a.value])).toEqual([
      ['severity', 'minor'],
      ['seen_at', '2026-10-13'],
      ['kinds', ['goods']],
    ]);
    const json = await t.request({
      method: 'POST',
      url: `${V2}/requests.json`,
      payload: { api_key: KEY, service_code: SX005, lat: point[1], long: point[0], attribute: { severity: 'serious', kinds: ['car'] } },
    });
    expect(json.statusCode, json.body).toBe(200);
    expect((await caseOf(json.json()[0].service_request_id)).attributes.map((a) => a.value)).toEqual(['serious', ['car']]);
  });

  it.each([
    ['a required attribute missing', [], 'severity'],
    ['a required attribute sent empty', [['attribute[severity]', '']], 'severity'],
    [
      'an unknown code',
      [
        ['attribute[severity]', 'minor'],
        ['attribute[colour]', 'red'],
      ],
      'colour',
    ],
    ['a value not among the keys', [['attribute[severity]', 'apocalyptic']], 'severity'],
    [
      'a single-value list answered twice',
      [
        ['attribute[severity]', 'minor'],
        ['attribute[severity]', 'serious'],
      ],
      'severity',
    ],
    [
      'a multi-value key not among the keys',
      [
        ['attribute[severity]', 'minor'],
        ['attribute[kinds][]', 'car'],
        ['attribute[kinds][]', 'boat'],
      ],
      'kinds',
    ],
    [
      'a number that is not a number',
      [
        ['attribute[severity]', 'minor'],
        ['attribute[count]', 'two'],
      ],
      'count',
    ],
    [
      'a number with an exponent',
      [
        ['attribute[severity]', 'minor'],
        ['attribute[count]', '1e3'],
      ],
      'count',
    ],
    [
      'a datetime that is not W3C',
      [
        ['attribute[severity]', 'minor'],
        ['attribute[seen_at]', 'yesterday 9am'],
      ],
      'seen_at',
    ],
    [
      'a datetime that does not exist',
      [
        ['attribute[severity]', 'minor'],
        ['attribute[seen_at]', '2026-02-30T10:00:00+08:00'],
      ],
      'seen_at',
    ],
    [
      'a datetime without its zone',
      [
        ['attribute[severity]', 'minor'],
        ['attribute[seen_at]', '2026-10-13T10:00:00'],
      ],
      'seen_at',
    ],
    [
      'a string with a line break',
      [
        ['attribute[severity]', 'minor'],
        ['attribute[plate]', '鲁D\n12345'],
      ],
      'plate',
    ],
    [
      'a string over 200 characters',
      [
        ['attribute[severity]', 'minor'],
        ['attribute[plate]', 'x'.repeat(201)],
      ],
      'plate',
    ],
  ] as [string, [string, string][], string][])('%s: 400 naming attribute[CODE], in JSON and XML, no case', async (_name, pairs, code) => {
    const before = (await t.ctx.db.select({ id: caseRecord.id }).from(caseRecord)).length;
    for (const format of ['json', 'xml'] as const) {
      const description = expectOpen311Error(await send(pairs, format), 400, format);
      expect(description.startsWith(`attribute[${code}] `)).toBe(true);
      expect(description).toContain(` / attribute[${code}] `);
      expect(description).toMatch(/[\u3400-\u9fff]/);
    }
    expect((await t.ctx.db.select({ id: caseRecord.id }).from(caseRecord)).length).toBe(before);
  });
});
