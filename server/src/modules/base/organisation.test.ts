// Organisations, key units and key places (issue 5) through the API on a real database: the credit
// code checked (GB 32100) and unique, contact phones sealed in the table and masked in answers, the
// audited reveal, filters, people linked, history, stale versions, and who finds what.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_GRID, WORKER_GRID, registerPerson, withCheck } from '../../test/base-factories.js';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { auditEvent } from '../audit/audit.tables.js';
import { ensureDemoGrids } from '../territory/grid-seed.js';
import { organisation, personalReveal } from './base.tables.js';

const CODE = '91350100M000100Y43';
const CODE_2 = '91110000600037341L';
const REP_PHONE = '13812345678';
const GUARD_PHONE = '0632-3312345';
let t: TestApp;
const ids: Record<string, string> = {};

const post = (url: string, payload: object, as = 'worker') => t.request({ method: 'POST', url, as, payload });
const patch = (url: string, payload: object, as = 'worker') => t.request({ method: 'PATCH', url, as, payload });
const get = (url: string, as = 'worker') => t.request({ method: 'GET', url, as });
const register = (over: object = {}, as = 'worker') =>
  post(
    '/api/organisations',
    {
      name: '光明超市',
      creditCode: CODE.toLowerCase(),
      kind: 'enterprise',
      legalRepName: '赵强',
      legalRepPhone: REP_PHONE,
      address: '市中区光明路20号',
      gridCode: WORKER_GRID,
      keyUnit: true,
      securityContactName: '钱军',
      securityContactPhone: GUARD_PHONE,
      ...over,
    },
    as,
  );

beforeAll(async () => {
  t = await createTestApp();
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
}, 180_000);
afterAll(() => t.close());

describe('registering an organisation', () => {
  it('checks the credit code, seals the phones and answers masked', async () => {
    const res = await register();
    expect(res.statusCode, res.body).toBe(201);
    ids.shop = res.json().id;
    expect(res.json()).toMatchObject({
      creditCode: CODE,
      legalRepPhoneMasked: '138****5678',
      securityContactPhoneMasked: '0632-****345',
      keyUnit: true,
      placeKind: null,
      gridCode: WORKER_GRID,
      divisionCode: '370402001013',
      version: 1,
    });
    expect(res.body).not.toContain(REP_PHONE);
    expect(res.body).not.toContain('3312345');
  });

  it('is placed by a point in the grid that holds it (located before the transaction opens)', async () => {
    const card = (await get(`/api/grids/${WORKER_GRID}`, 'city')).json();
    const res = await register({ name: '铁西便利店', creditCode: null, gridCode: null, lng: card.label[0], lat: card.label[1], securityContactPhone: null });
    expect(res.statusCode, res.body).toBe(201);
    // The most specific grid holding the point: the worker's grid or a micro grid inside it.
    expect(res.json().gridCode.startsWith(WORKER_GRID)).toBe(true);
    expect(res.json().divisionCode).toBe('370402001013');
    // Out of the way of the list tests below, which count this grid's organisations.
    await t.ctx.db.delete(organisation).where(eq(organisation.id, res.json().id));
    const outside = await register({ name: '海上', creditCode: null, gridCode: null, lng: 150, lat: 10, securityContactPhone: null });
    expect(outside.json().field).toBe('body.lng');
  });

  it('stores no plain phone: the raw row holds them sealed', async () => {
    const raw = JSON.stringify(
      await t.ctx.db
        .select()
        .from(organisation)
        .where(eq(organisation.id, ids.shop as string)),
    );
    expect(raw).not.toContain(REP_PHONE);
    expect(raw).not.toContain('3312345');
  });

  it('refuses a credit code already registered (409), whoever enters it, without saying where', async () => {
    const res = await register({ name: '另一家' }, 'zhongxinjie');
    expect(res.statusCode).toBe(409);
    expect(res.json().field).toBe('body.creditCode');
  });

  it('takes unregistered places without a credit code, several of them', async () => {
    for (const name of ['老王烧烤', '网吧']) {
      const res = await register({ name, creditCode: null, kind: 'individualBusiness', keyUnit: false, placeKind: name === '网吧' ? 'internetCafe' : null });
      expect(res.statusCode, res.body).toBe(201);
      ids[name === '网吧' ? 'cafe' : 'bbq'] = res.json().id;
    }
  });

  it.each([
    ['a wrong check character', { creditCode: `${CODE_2.slice(0, 17)}X` }, 'body.creditCode'],
    ['a code of the wrong shape', { creditCode: '12345' }, 'body.creditCode'],
    ['a phone that is neither mobile nor landline', { creditCode: CODE_2, legalRepPhone: '12345' }, 'body.legalRepPhone'],
    ['a security phone that is no phone', { creditCode: CODE_2, securityContactPhone: 'abc' }, 'body.securityContactPhone'],
    ['a blank name', { creditCode: CODE_2, name: '   ' }, 'body.name'],
    ['an unknown kind', { creditCode: CODE_2, kind: 'bank' }, 'body.kind'],
    ['an unknown key-place kind', { creditCode: CODE_2, placeKind: 'casino' }, 'body.placeKind'],
    ['a grid outside the jurisdiction', { creditCode: CODE_2, gridCode: OTHER_GRID }, 'body.gridCode'],
    ['no place at all', { creditCode: CODE_2, gridCode: null }, 'body.gridCode'],
  ])('refuses %s with a 400 naming the field, never echoing a phone', async (_what, over, field) => {
    const res = await register(over);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().field).toBe(field);
    expect(res.json().messageZh).toBeTruthy();
    expect(res.body).not.toContain(REP_PHONE);
  });

  it('needs a session (401) and base.write (403)', async () => {
    expect((await t.request({ method: 'POST', url: '/api/organisations', payload: {} })).statusCode).toBe(401);
    expect((await register({ creditCode: CODE_2 }, 'police')).statusCode).toBe(403);
    expect((await get('/api/organisations', 'auditor')).statusCode).toBe(403);
  });
});

describe('finding organisations', () => {
  const names = async (query: string, as = 'worker') => {
    const res = await get(`/api/organisations?${query}`, as);
    expect(res.statusCode, res.body).toBe(200);
    // Sorted here: the database's collation decides the order of Chinese names.
    return (res.json().items as { name: string }[]).map((o) => o.name).sort();
  };

  it('filters by key unit, key place, kind, name prefix and pinyin initials', async () => {
    expect(await names('keyUnit=true')).toEqual(['光明超市']);
    expect(await names('keyPlace=true')).toEqual(['网吧']);
    expect(await names('keyPlace=false')).toEqual(['光明超市', '老王烧烤'].sort());
    expect(await names('kind=individualBusiness')).toEqual(['网吧', '老王烧烤'].sort());
    expect(await names(`q=${encodeURIComponent('光明')}`)).toEqual(['光明超市']);
    expect(await names('q=gmcs')).toEqual(['光明超市']);
    expect(await names('q=LW')).toEqual(['老王烧烤']);
    expect(await names(`gridCode=${WORKER_GRID}&divisionCode=370402001`)).toHaveLength(3);
  });

  it('inside the jurisdiction only: the town and district see them, another district and a department do not', async () => {
    expect(await names('keyUnit=true', 'zhongxinjie')).toEqual(['光明超市']);
    expect(await names('keyUnit=true', 'shizhong')).toEqual(['光明超市']);
    expect(await names('', 'tengzhou')).toEqual([]);
    expect(await names('', 'police')).toEqual([]);
    expect((await get(`/api/organisations/${ids.shop}`, 'tengzhou')).statusCode).toBe(404);
    expect((await patch(`/api/organisations/${ids.shop}`, { version: 1, name: 'x' }, 'tengzhou')).statusCode).toBe(404);
  });

  it('lists no full phone anywhere', async () => {
    const res = await get('/api/organisations?pageSize=50');
    expect(res.body).not.toContain(REP_PHONE);
    expect(res.body).not.toContain('3312345');
  });
});

describe('changing, linking people, revealing', () => {
  it('keeps every change in the history, phones masked; a stale version gets 409', async () => {
    const res = await patch(`/api/organisations/${ids.shop}`, { version: 1, legalRepPhone: '13900001111', placeKind: 'market', employees: 12 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, legalRepPhoneMasked: '139****1111', securityContactPhoneMasked: '0632-****345', placeKind: 'market' });
    expect((await patch(`/api/organisations/${ids.shop}`, { version: 1, employees: 13 })).statusCode).toBe(409);
    expect((await patch(`/api/organisations/${ids.shop}`, { version: 2, creditCode: 'nonsense' })).json().field).toBe('body.creditCode');
    const one = await get(`/api/organisations/${ids.shop}`);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json().history[0]).toMatchObject({
      action: 'update',
      changes: { legalRepPhoneMasked: { from: '138****5678', to: '139****1111' }, placeKind: { from: null, to: 'market' }, employees: { from: null, to: 12 } },
    });
    expect(one.body).not.toContain('13900001111');
    const audits = await t.ctx.db.select().from(auditEvent).where(eq(auditEvent.action, 'base.organisation.update'));
    expect(audits.at(-1)?.fields).toEqual(expect.arrayContaining(['legalRepPhoneMasked', 'placeKind', 'employees']));
    expect(JSON.stringify(audits)).not.toContain('13900001111');
  });

  it('links a person the writer finds, once; refuses one outside the jurisdiction', async () => {
    const id = withCheck('37040219880808001');
    const mine = await registerPerson(t, 'worker', { name: '孙丽', idNumber: id });
    const elsewhere = await registerPerson(t, 'zhongxinjie', { name: '周敏', idNumber: withCheck('37040219770707002'), gridCode: OTHER_GRID });
    const link = () => post(`/api/organisations/${ids.shop}/people`, { personId: mine, role: 'employee', since: '2020-01-01' });
    const res = await link();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().people).toEqual([
      { personId: mine, name: '孙丽', idNumberMasked: `${id.slice(0, 4)}**********${id.slice(-4)}`, role: 'employee', since: '2020-01-01' },
    ]);
    expect(res.body).not.toContain(id);
    expect((await link()).json().people).toHaveLength(1);
    const out = await post(`/api/organisations/${ids.shop}/people`, { personId: elsewhere, role: 'employee' });
    expect(out.statusCode).toBe(400);
    expect(out.json().field).toBe('body.personId');
    const profile = (await get(`/api/persons/${mine}`)).json();
    expect(profile.organisations).toEqual([{ id: ids.shop, name: '光明超市', kind: 'enterprise', role: 'employee', since: '2020-01-01' }]);
  });

  it('reveals a contact phone with a reason, to the permitted roles in the jurisdiction, and records it', async () => {
    const url = `/api/organisations/${ids.shop}/reveal`;
    expect((await post(url, { field: 'legalRepPhone', reason: '查' })).json().field).toBe('body.reason');
    expect((await post(url, { field: 'legalRepPhone', reason: '联系整改隐患' }, 'instructor')).statusCode).toBe(403);
    expect((await post(url, { field: 'legalRepPhone', reason: '联系整改隐患' }, 'tengzhou')).statusCode).toBe(404);
    expect((await post(`/api/organisations/${ids.bbq}/reveal`, { field: 'legalRepPhone', reason: '联系整改隐患' })).statusCode).toBe(200);
    const res = await post(url, { field: 'securityContactPhone', reason: '联系整改隐患' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ field: 'securityContactPhone', value: GUARD_PHONE });
    const reveals = await t.ctx.db
      .select()
      .from(personalReveal)
      .where(eq(personalReveal.entityId, ids.shop as string));
    expect(reveals).toMatchObject([{ entity: 'organisation', field: 'securityContactPhone', reason: '联系整改隐患', actorId: await t.userId('worker') }]);
    const audits = await t.ctx.db.select().from(auditEvent).where(eq(auditEvent.action, 'base.personal.reveal'));
    expect(audits.map((a) => a.targetId)).toContain(ids.shop);
    expect(JSON.stringify(audits)).not.toContain('3312345');
  });
});
