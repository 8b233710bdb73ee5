// The linkage disposal list (Art. 14) through the API, on a real database: the demo rules, the most
// specific rule winning, the due times a resolution gives, gaps appearing and disappearing, conflicts,
// validation, and who may read and write which rules.
import { and, asc, eq, like } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.js';
import { department } from '../access/access.tables.js';
import { auditEvent } from '../audit/audit.tables.js';
import { division } from '../territory/territory.tables.js';
import { ordinaryLimits, urgentLimits } from './routing-seed.js';
import { routingRule } from './routing.tables.js';

const t = await createTestApp();
afterAll(() => t.close());

const CITY = '370400000000';
const SHIZHONG = '370402000000';
const ZHONGXINJIE = '370402001000';
const TIEXI = '370402001013';

interface Rule {
  id: string;
  matterCode: string;
  matterName: string | null;
  scopeCode: string;
  scopeName: string;
  scopeLevel: number;
  leadUnit: { id: string; name: string; disabled: boolean };
  assistUnits: { id: string; name: string }[];
  limits: typeof ordinaryLimits;
  autoDispatch: boolean;
  updatedByName: string | null;
}
interface Gap {
  matterCode: string;
  divisionCode: string;
  level: number;
}
interface Conflict {
  ruleId: string;
  kind: string;
  message: string;
  messageZh: string;
}

const get = (url: string, as?: string) => t.request({ method: 'GET', url, ...(as ? { as } : {}) });
const post = (url: string, payload: object, as = 'city') => t.request({ method: 'POST', url, as, payload });
const put = (url: string, payload: object, as = 'city') => t.request({ method: 'PUT', url, as, payload });
const del = (url: string, as = 'city') => t.request({ method: 'DELETE', url, as });
const rules = async (as = 'city', query = '') => (await get(`/api/routing-rules${query}`, as)).json().items as Rule[];
const ruleOf = async (matterCode: string, scopeCode: string) => {
  const found = (await rules()).find((r) => r.matterCode === matterCode && r.scopeCode === scopeCode);
  if (!found) throw new Error(`no rule ${matterCode} @ ${scopeCode}`);
  return found;
};
const analysis = async (as = 'city') =>
  (await get('/api/routing-rules/analysis', as)).json() as { matterListVersion: number; gaps: Gap[]; conflicts: Conflict[] };
const unitId = async (code: string) => {
  const [row] = await t.ctx.db.select({ id: department.id }).from(department).where(eq(department.code, code));
  if (!row) throw new Error(`no unit ${code}`);
  return row.id;
};
const body = async (over: object = {}) => ({
  matterCode: 'SX-002',
  scopeCode: SHIZHONG,
  leadUnitId: await unitId('370402-civil-affairs'),
  assistUnitIds: [],
  post: '调解员',
  limits: ordinaryLimits,
  closingConditions: '达成调解协议。',
  autoDispatch: true,
  ...over,
});
const { matterCode: _m, scopeCode: _s, ...fields } = await body();
const changes = (over: object = {}) => ({ ...fields, ...over });

describe('the demo list', () => {
  it('has a city-wide rule for every published matter, and 市中区 and 中心街街道 rules of their own', async () => {
    const all = await rules();
    expect(all.filter((r) => r.scopeCode === CITY)).toHaveLength(12);
    expect(all.filter((r) => r.scopeCode !== CITY).map((r) => `${r.matterCode}@${r.scopeCode}`)).toEqual([
      `SX-006@${SHIZHONG}`,
      `SX-009@${ZHONGXINJIE}`,
      `SX-011@${SHIZHONG}`,
    ]);
    const gas = all.find((r) => r.matterCode === 'SX-004');
    expect(gas).toMatchObject({ matterName: '燃气安全隐患', scopeName: '枣庄市', scopeLevel: 1, leadUnit: { name: '枣庄市城市管理局（综合行政执法局）' } });
    expect(gas?.assistUnits.map((u) => u.name)).toEqual(['枣庄市应急管理局', '枣庄市公安局']);
    expect(gas?.limits).toEqual(urgentLimits);
    expect(all.find((r) => r.matterCode === 'SX-011' && r.scopeCode === SHIZHONG)).toMatchObject({
      leadUnit: { name: '市中区民政局' },
      assistUnits: [{ name: '枣庄市志愿者协会' }],
    });
  });

  it('has neither gaps nor conflicts', async () => {
    expect(await analysis()).toEqual({ matterListVersion: 1, gaps: [], conflicts: [] });
  });

  it('shows each reader the rules of their area, the divisions inside it and above it', async () => {
    expect(await rules('shizhong')).toHaveLength(15);
    expect((await rules('tengzhou')).map((r) => r.scopeCode)).toEqual(Array(12).fill(CITY));
    expect(await rules('zhongxinjie')).toHaveLength(15);
    expect(await rules('police')).toHaveLength(15);
    expect(await rules('auditor')).toHaveLength(15);
    expect((await rules('city', '?matterCode=SX-006')).map((r) => r.scopeCode)).toEqual([CITY, SHIZHONG]);
    expect((await rules('city', `?scopeCode=${ZHONGXINJIE}`)).map((r) => r.matterCode)).toEqual(['SX-009']);
  });
});

describe('resolving a community', () => {
  // Monday 3 March 2025, 09:00 in Zaozhuang: an ordinary working week.
  const monday9 = new Date('2025-03-03T01:00:00Z');
  const resolve = (matterCode: string, divisionCode: string, as = 'city') =>
    get(`/api/routing-rules/resolve?matterCode=${matterCode}&divisionCode=${divisionCode}`, as);

  it('takes the most specific rule: the town over the district over the city', async () => {
    const town = (await resolve('SX-009', TIEXI)).json();
    expect(town).toMatchObject({
      matterName: '特殊人群走访',
      divisionName: '铁西居委会',
      rule: { scopeCode: ZHONGXINJIE, leadUnit: { name: '中心街派出所' } },
    });
    const district = (await resolve('SX-006', TIEXI)).json();
    expect(district.rule).toMatchObject({ scopeCode: SHIZHONG, leadUnit: { name: '市中区城市管理局' } });
    const [tengzhouCommunity] = await t.ctx.db
      .select({ code: division.code })
      .from(division)
      .where(and(like(division.code, '370481%'), eq(division.level, 4)))
      .orderBy(asc(division.code))
      .limit(1);
    const city = (await resolve('SX-006', tengzhouCommunity?.code ?? '')).json();
    expect(city.rule).toMatchObject({ scopeCode: CITY, leadUnit: { name: '枣庄市城市管理局（综合行政执法局）' } });
  });

  it('gives each step its due time on the work calendar, each starting when the one before is due', async () => {
    t.setNow(monday9);
    try {
      const res = await resolve('SX-006', TIEXI);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().steps).toEqual([
        // 09:00 + 4 working hours: 3 before the lunch break, 1 after it.
        { step: 'accept', amount: 4, unit: 'workingHours', startsAt: '2025-03-03T01:00:00.000Z', dueAt: '2025-03-03T06:30:00.000Z', provisional: false },
        { step: 'dispatch', amount: 4, unit: 'workingHours', startsAt: '2025-03-03T06:30:00.000Z', dueAt: '2025-03-04T01:30:00.000Z', provisional: false },
        { step: 'claim', amount: 4, unit: 'workingHours', startsAt: '2025-03-04T01:30:00.000Z', dueAt: '2025-03-04T07:00:00.000Z', provisional: false },
        { step: 'handle', amount: 3, unit: 'workingDays', startsAt: '2025-03-04T07:00:00.000Z', dueAt: '2025-03-07T07:00:00.000Z', provisional: false },
        // Friday 15:00 + one working day: over the weekend to Monday 15:00.
        { step: 'verify', amount: 1, unit: 'workingDays', startsAt: '2025-03-07T07:00:00.000Z', dueAt: '2025-03-10T07:00:00.000Z', provisional: false },
      ]);
      // An urgent matter runs on the clock: 1 + 1 + 1 + 24 + 4 hours.
      const urgent = (await resolve('SX-004', TIEXI)).json();
      expect(urgent.urgent).toBe(true);
      expect(urgent.steps.at(-1).dueAt).toBe('2025-03-04T08:00:00.000Z');
    } finally {
      t.setNow(undefined);
    }
  });

  it('refuses what is not a community or not a matter (400), and a community outside the jurisdiction (404)', async () => {
    expect((await resolve('SX-006', ZHONGXINJIE)).json()).toMatchObject({ code: 'validation_failed', field: 'query.divisionCode' });
    expect((await resolve('SX-999', TIEXI)).json()).toMatchObject({ code: 'validation_failed', field: 'query.matterCode' });
    const outside = await resolve('SX-006', TIEXI, 'tengzhou');
    const nowhere = await resolve('SX-006', '370499001001', 'tengzhou');
    expect(outside.statusCode).toBe(404);
    expect(outside.json()).toEqual(nowhere.json());
    expect((await resolve('SX-006', TIEXI, 'worker')).statusCode).toBe(403);
  });
});

describe('gaps', () => {
  it('appear when no rule covers a district, shrink as rules are added, and go when the city-wide rule is back', async () => {
    const cityRule = await ruleOf('SX-010', CITY);
    expect((await del(`/api/routing-rules/${cityRule.id}`)).statusCode).toBe(204);
    // No owner anywhere: one gap, the whole city.
    expect((await analysis()).gaps).toEqual([{ matterCode: 'SX-010', matterName: '流动人口登记', divisionCode: CITY, divisionName: '枣庄市', level: 1 }]);
    // The district centre sees its own district as the gap.
    expect((await analysis('shizhong')).gaps).toEqual([expect.objectContaining({ matterCode: 'SX-010', divisionCode: SHIZHONG, level: 2 })]);
    const resolved = (await get(`/api/routing-rules/resolve?matterCode=SX-010&divisionCode=${TIEXI}`, 'city')).json();
    expect(resolved).toMatchObject({ rule: null, steps: [] });

    // 市中区 writes its own rule; one town of 薛城区 gets one too.
    const shizhong = await post('/api/routing-rules', await body({ matterCode: 'SX-010', leadUnitId: await unitId('370402-police') }), 'shizhong');
    expect(shizhong.statusCode, shizhong.body).toBe(201);
    const lincheng = await post(
      '/api/routing-rules',
      await body({ matterCode: 'SX-010', scopeCode: '370403001000', leadUnitId: await unitId('370400-police') }),
    );
    expect(lincheng.statusCode, lincheng.body).toBe(201);
    const gaps = (await analysis()).gaps;
    const codes = gaps.map((g) => g.divisionCode);
    expect(codes).not.toContain(CITY);
    expect(codes).not.toContain(SHIZHONG);
    expect(codes).not.toContain('370403000000');
    expect(codes).not.toContain('370403001000');
    expect(codes).toEqual(expect.arrayContaining(['370404000000', '370405000000', '370406000000', '370481000000', '370403002000']));
    expect(gaps.filter((g) => g.divisionCode.startsWith('370403')).every((g) => g.level === 3)).toBe(true);
    expect((await analysis('shizhong')).gaps).toEqual([]);

    const back = await post('/api/routing-rules', await body({ matterCode: 'SX-010', scopeCode: CITY, leadUnitId: await unitId('370400-police') }));
    expect(back.statusCode, back.body).toBe(201);
    expect((await analysis()).gaps).toEqual([]);
  });
});

describe('conflicts', () => {
  it('list a disabled lead unit, and go when it is enabled again', async () => {
    const urban = await unitId('370402-urban');
    const rule = await ruleOf('SX-006', SHIZHONG);
    await put(`/api/units/${urban}`, { disabled: true });
    expect((await analysis()).conflicts).toEqual([
      expect.objectContaining({ ruleId: rule.id, kind: 'leadUnitDisabled', messageZh: expect.stringContaining('已停用') }),
    ]);
    expect((await ruleOf('SX-006', SHIZHONG)).leadUnit.disabled).toBe(true);
    await put(`/api/units/${urban}`, { disabled: false });
    expect((await analysis()).conflicts).toEqual([]);
  });

  it('list an urgent matter whose limits count working time', async () => {
    const gas = await ruleOf('SX-004', CITY);
    const res = await put(
      `/api/routing-rules/${gas.id}`,
      changes({ leadUnitId: gas.leadUnit.id, limits: { ...urgentLimits, handle: { amount: 1, unit: 'workingDays' } } }),
    );
    expect(res.statusCode, res.body).toBe(200);
    const [conflict] = (await analysis()).conflicts;
    expect(conflict).toMatchObject({ ruleId: gas.id, kind: 'urgentNotNaturalHours', message: expect.stringContaining('handle') });
    await put(`/api/routing-rules/${gas.id}`, changes({ leadUnitId: gas.leadUnit.id, limits: urgentLimits }));
    expect((await analysis()).conflicts).toEqual([]);
  });

  it('list a rule whose matter is only in the draft list; such a matter has no gaps yet', async () => {
    const draft = (await post('/api/matter-lists', {})).json();
    const added = await post(`/api/matter-lists/${draft.id}/matters`, {
      code: 'SX-100',
      name: '高空抛物隐患',
      category: '安全隐患',
      description: '',
      legalBasis: '',
      departmentId: await unitId('370400-police'),
      powerKind: 'publicService',
      urgent: false,
      public: true,
    });
    expect(added.statusCode, added.body).toBe(200);
    const res = await post('/api/routing-rules', await body({ matterCode: 'SX-100', scopeCode: CITY, leadUnitId: await unitId('370400-police') }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().matterName).toBe('高空抛物隐患');
    const { gaps, conflicts } = await analysis();
    expect(gaps).toEqual([]);
    expect(conflicts).toEqual([expect.objectContaining({ ruleId: res.json().id, kind: 'matterNotPublished' })]);
    expect((await del(`/api/routing-rules/${res.json().id}`)).statusCode).toBe(204);
  });

  it('list units that do not serve the scope, and inconsistent unit lists written around the API', async () => {
    const tengzhou = (await post('/api/units', { code: '370481-urban', name: '滕州市城市管理局', kind: 'department', divisionCode: '370481000000' })).json();
    const civil = await unitId('370402-civil-affairs');
    // Imported data, say: the API refuses all of this.
    const [row] = await t.ctx.db
      .insert(routingRule)
      .values({
        cityCode: CITY,
        matterCode: 'SX-005',
        scopeCode: ZHONGXINJIE,
        leadUnitId: tengzhou.id,
        assistUnitIds: [civil, civil, tengzhou.id],
        limits: urgentLimits,
      })
      .returning();
    const kinds = (await analysis()).conflicts.filter((c) => c.ruleId === row?.id).map((c) => c.kind);
    expect(kinds.sort()).toEqual(['assistUnitOutOfScope', 'duplicateAssist', 'leadAlsoAssisting', 'leadUnitOutOfScope']);
    await t.ctx.db.delete(routingRule).where(eq(routingRule.id, row?.id ?? ''));
  });
});

describe('writing rules', () => {
  it('refuses a second rule for one matter and scope (409)', async () => {
    const res = await post('/api/routing-rules', await body({ matterCode: 'SX-006', leadUnitId: await unitId('370402-urban') }));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'conflict', field: 'body.scopeCode' });
  });

  const longText = 'x'.repeat(501);
  it.each([
    ['a community as scope', { scopeCode: TIEXI }, 'body.scopeCode'],
    ['a division that does not exist', { scopeCode: '370499000000' }, 'body.scopeCode'],
    ['a scope that is not a code', { scopeCode: 'city' }, 'body.scopeCode'],
    ['a matter on no list', { matterCode: 'SX-999' }, 'body.matterCode'],
    ['a lead unit that does not exist', { leadUnitId: '00000000-0000-4000-8000-000000000000' }, 'body.leadUnitId'],
    ['a lead unit of another district', { leadUnitId: 'tengzhou-centre' }, 'body.leadUnitId'],
    ['the lead unit assisting too', { assistUnitIds: ['lead'] }, 'body.assistUnitIds'],
    ['an assisting unit twice', { assistUnitIds: ['volunteers', 'volunteers'] }, 'body.assistUnitIds'],
    ['an assisting unit that does not exist', { assistUnitIds: ['00000000-0000-4000-8000-000000000000'] }, 'body.assistUnitIds.0'],
    ['a limit of zero', { limits: { ...ordinaryLimits, handle: { amount: 0, unit: 'workingDays' } } }, 'body.limits.handle.amount'],
    ['too many working days', { limits: { ...ordinaryLimits, handle: { amount: 300, unit: 'workingDays' } } }, 'body.limits.handle.amount'],
    ['too many hours', { limits: { ...ordinaryLimits, accept: { amount: 2001, unit: 'naturalHours' } } }, 'body.limits.accept.amount'],
    ['an unknown unit of time', { limits: { ...ordinaryLimits, claim: { amount: 1, unit: 'weeks' } } }, 'body.limits.claim.unit'],
    ['a missing step', { limits: { accept: ordinaryLimits.accept } }, /^body\.limits/],
    ['closing conditions past 500 characters', { closingConditions: longText }, 'body.closingConditions'],
  ])('refuses %s with 400 naming the field, in both languages', async (_label, over, field) => {
    const resolved: Record<string, unknown> = { ...over };
    const lead = await unitId('370402-civil-affairs');
    const named: Record<string, string> = { lead, volunteers: await unitId('370400-volunteers') };
    if (resolved.leadUnitId === 'tengzhou-centre') resolved.leadUnitId = await unitId('370481-centre');
    if (Array.isArray(resolved.assistUnitIds)) resolved.assistUnitIds = resolved.assistUnitIds.map((x: string) => named[x] ?? x);
    const res = await post('/api/routing-rules', await body({ matterCode: 'SX-003', ...resolved }));
    expect(res.statusCode, res.body).toBe(400);
    if (field instanceof RegExp) expect(res.json().field).toMatch(field);
    else expect(res.json().field).toBe(field);
    expect(res.json().messageZh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a disabled lead unit', async () => {
    const office = await unitId('370402001-office');
    await put(`/api/units/${office}`, { disabled: true });
    const res = await post('/api/routing-rules', await body({ matterCode: 'SX-003', scopeCode: ZHONGXINJIE, leadUnitId: office }));
    expect(res.json()).toMatchObject({ field: 'body.leadUnitId', message: expect.stringContaining('disabled') });
    await put(`/api/units/${office}`, { disabled: false });
  });

  it('writes, changes and deletes a rule inside a district centre’s district, each audited', async () => {
    const created = await post('/api/routing-rules', await body({ matterCode: 'SX-002', scopeCode: ZHONGXINJIE }), 'shizhong');
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect(created.json()).toMatchObject({ scopeName: '中心街街道', scopeLevel: 3, leadUnit: { name: '市中区民政局' }, updatedByName: '市中区中心 李强' });
    const changed = await put(`/api/routing-rules/${id}`, changes({ post: ' 街道调解员 ', autoDispatch: false }), 'shizhong');
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ post: '街道调解员', autoDispatch: false });
    expect((await del(`/api/routing-rules/${id}`, 'shizhong')).statusCode).toBe(204);
    expect((await del(`/api/routing-rules/${id}`, 'shizhong')).statusCode).toBe(404);
    const trail = await t.ctx.db.select().from(auditEvent).where(eq(auditEvent.targetId, id)).orderBy(asc(auditEvent.seq));
    expect(trail.map((a) => [a.action, a.fields, a.detail])).toEqual([
      ['routing.rule.create', expect.arrayContaining(['matterCode', 'scopeCode', 'leadUnitId', 'limits']), `SX-002 @ ${ZHONGXINJIE}`],
      ['routing.rule.update', ['post', 'autoDispatch'], `SX-002 @ ${ZHONGXINJIE}`],
      ['routing.rule.delete', [], `SX-002 @ ${ZHONGXINJIE}`],
    ]);
  });
});

describe('who may read and write', () => {
  it('lets department staff and the auditor read but not write (403); grid staff and the administrator do not read', async () => {
    const rule = await ruleOf('SX-001', CITY);
    for (const as of ['police', 'auditor', 'zhongxinjie']) {
      expect((await get('/api/routing-rules', as)).statusCode, as).toBe(200);
      expect((await get('/api/routing-rules/analysis', as)).statusCode, as).toBe(200);
      expect((await post('/api/routing-rules', await body(), as)).statusCode, as).toBe(403);
      expect((await put(`/api/routing-rules/${rule.id}`, changes(), as)).statusCode, as).toBe(403);
      expect((await del(`/api/routing-rules/${rule.id}`, as)).statusCode, as).toBe(403);
    }
    for (const as of ['worker', 'admin']) expect((await get('/api/routing-rules', as)).statusCode, as).toBe(403);
    expect((await get('/api/routing-rules')).statusCode).toBe(401);
  });

  it('keeps a district centre inside its district: the city rule is 403, a scope outside is 400', async () => {
    const rule = await ruleOf('SX-001', CITY);
    expect((await put(`/api/routing-rules/${rule.id}`, changes({ leadUnitId: rule.leadUnit.id }), 'shizhong')).statusCode).toBe(403);
    expect((await del(`/api/routing-rules/${rule.id}`, 'shizhong')).statusCode).toBe(403);
    expect((await post('/api/routing-rules', await body({ scopeCode: CITY }), 'shizhong')).json().field).toBe('body.scopeCode');
    expect((await post('/api/routing-rules', await body({ scopeCode: '370481000000' }), 'shizhong')).json().field).toBe('body.scopeCode');
  });

  it("answers another district's rule as not found (404), the same as no rule", async () => {
    const rule = await ruleOf('SX-006', SHIZHONG);
    const ghost = '00000000-0000-4000-8000-000000000000';
    for (const [method, send] of [
      ['PUT', (id: string) => put(`/api/routing-rules/${id}`, changes(), 'tengzhou')],
      ['DELETE', (id: string) => del(`/api/routing-rules/${id}`, 'tengzhou')],
    ] as const) {
      const outside = await send(rule.id);
      const nowhere = await send(ghost);
      expect(outside.statusCode, method).toBe(404);
      expect(outside.json()).toEqual(nowhere.json());
    }
    expect((await rules('tengzhou')).map((r) => r.id)).not.toContain(rule.id);
  });

  it("answers another city's rule as not found, and never lists it", async () => {
    await t.ctx.db.insert(division).values({ code: '370500000000', parentCode: '370000000000', level: 1, name: '东营市', kind: 'city', prefix: '3705' });
    const [unit] = await t.ctx.db
      .insert(department)
      .values({ code: '370500-urban', name: '东营市城市管理局', divisionCode: '370500000000' })
      .returning({ id: department.id });
    const [other] = await t.ctx.db
      .insert(routingRule)
      .values({ cityCode: '370500000000', matterCode: 'SX-006', scopeCode: '370500000000', leadUnitId: unit?.id ?? '', limits: ordinaryLimits })
      .returning({ id: routingRule.id });
    const id = other?.id ?? '';
    expect((await rules()).map((r) => r.id)).not.toContain(id);
    expect((await put(`/api/routing-rules/${id}`, changes({ leadUnitId: unit?.id }))).statusCode).toBe(404);
    expect((await del(`/api/routing-rules/${id}`)).statusCode).toBe(404);
    expect((await analysis()).conflicts).toEqual([]);
  });
});
