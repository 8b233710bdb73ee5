// Persons (issue 5) through the API on a real database: registration with the ID number checked and
// birth date and sex derived, date relations of the floating population, personal values sealed in
// the table and masked in every answer, search by name, initials, ID number, phone and address inside
// the jurisdiction only, the audited reveal, history, and who finds what (grid worker, town, other
// district, department without and with a grant, watched persons for the responsible roles only).
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheck } from '../../test/base-factories.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { department } from '../access/access.tables.js';
import { auditEvent } from '../audit/audit.tables.js';
import { ensureDemoGrids } from '../territory/grid-seed.js';
import { baseGrant, person, personalReveal, watchedPerson } from './base.tables.js';
import { PERSON_COUNT_CAP } from './person.service.js';

const GRID = '3704020010131001'; // 铁西居委会, held by the demo grid worker `worker` and leader `leader`
const ZHANG = '370402199003071234';
let t: TestApp;
const people: Record<string, string> = {};

const ID = withCheck(ZHANG.slice(0, 17));
const ID_2 = withCheck('37040219851111002');
const ID_FLOAT = withCheck('41010219950520002');

const post = (url: string, payload: object, as = 'worker') => t.request({ method: 'POST', url, as, payload });
const get = (url: string, as = 'worker') => t.request({ method: 'GET', url, as });
const register = (over: object = {}, as = 'worker') =>
  post(
    '/api/persons',
    {
      name: '张伟',
      idKind: 'idCard',
      idNumber: ID,
      phone: '138 1234 5678',
      residency: 'registered',
      gridCode: GRID,
      registeredAddress: '市中区光明路12号3单元301',
      ...over,
    },
    as,
  );

beforeAll(async () => {
  t = await createTestApp();
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
}, 180_000);
afterAll(() => t.close());

describe('registering a person', () => {
  it('checks the ID number, derives birth date and sex, and answers masked', async () => {
    const res = await register();
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    people.zhang = p.id;
    expect(p).toMatchObject({
      name: '张伟',
      sex: 'male',
      birthYear: 1990,
      idNumberMasked: `${ID.slice(0, 4)}**********${ID.slice(-4)}`,
      phoneMasked: '138****5678',
      gridCode: GRID,
    });
    expect(res.body).not.toContain(ID);
    expect(res.body).not.toContain('13812345678');
  });

  it('stores no plain ID number, phone or address: the raw row holds them sealed', async () => {
    const raw = JSON.stringify(
      await t.ctx.db
        .select()
        .from(person)
        .where(eq(person.id, people.zhang as string)),
    );
    expect(raw).not.toContain(ID);
    expect(raw).not.toContain('13812345678');
    expect(raw).not.toContain('光明路12号');
    expect(raw).toContain('v2.');
  });

  it('refuses a second record with the same ID number (409), whoever enters it', async () => {
    const res = await register({ name: '张伟二' }, 'zhongxinjie');
    expect(res.statusCode).toBe(409);
    expect(res.json().field).toBe('body.idNumber');
    expect(res.body).not.toContain(ID);
  });

  it.each([
    ['a wrong check digit', { idNumber: `${ID.slice(0, 17)}${ID.endsWith('1') ? '2' : '1'}` }, 'body.idNumber'],
    ['a birth date that does not exist', { idNumber: withCheck('37040219900230123') }, 'body.idNumber'],
    ['a region that is no province', { idNumber: withCheck('99040219900307123') }, 'body.idNumber'],
    ['a birth date contradicting the ID number', { idNumber: ID_2, birthDate: '1985-11-12' }, 'body.birthDate'],
    ['a sex contradicting the ID number', { idNumber: ID_2, sex: 'male' }, 'body.sex'],
    ['a phone that is neither mobile nor landline', { idNumber: ID_2, phone: '12345' }, 'body.phone'],
    ['floating fields on a registered resident', { idNumber: ID_2, movedInOn: '2020-01-01' }, 'body.movedInOn'],
    ['a foreigner with a resident ID card', { idNumber: ID_2, residency: 'foreign', nationality: '韩国' }, 'body.idKind'],
    ['a grid outside the jurisdiction', { idNumber: ID_2, gridCode: '3704020010021001' }, 'body.gridCode'],
  ])('refuses %s with a 400 naming the field, never echoing the value', async (_what, over, field) => {
    const res = await register(over);
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json();
    expect(body.field).toBe(field);
    expect(body.messageZh).toBeTruthy();
    expect(res.body).not.toContain(ID_2);
  });

  it('checks the floating population dates: moved in not after today nor before birth, registered not before moving in', async () => {
    const floating = (over: object) =>
      register({
        name: '李娜',
        idNumber: ID_FLOAT,
        phone: null,
        registeredAddress: '河南省郑州市中原区建设路8号',
        residency: 'floating',
        moveInReason: '务工',
        originCode: '410102',
        ...over,
      });
    expect((await floating({ movedInOn: '2999-01-01' })).json().field).toBe('body.movedInOn');
    expect((await floating({ movedInOn: '1990-01-01' })).json().field).toBe('body.movedInOn');
    expect((await floating({ movedInOn: '2024-03-01', registeredOn: '2024-02-01' })).json().field).toBe('body.registeredOn');
    const ok = await floating({ movedInOn: '2024-03-01', registeredOn: '2024-03-05' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ residency: 'floating', sex: 'female' });
    people.li = ok.json().id;
  });
});

describe('finding persons', () => {
  beforeAll(async () => {
    const res = await register({ name: '王芳', idNumber: ID_2, phone: '0632-3312345', registeredAddress: null });
    people.wang = res.json().id;
  });

  const found = async (q: string, as = 'worker') => {
    const res = await get(`/api/persons?q=${encodeURIComponent(q)}`, as);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { id: string }[]).map((p) => p.id);
  };

  it('by name, by pinyin initials, by exact ID number, by phone in any spelling, by exact address', async () => {
    expect(await found('张')).toEqual([people.zhang]);
    expect(await found('zw')).toEqual([people.zhang]);
    expect(await found('WF')).toEqual([people.wang]);
    expect(await found(ID)).toEqual([people.zhang]);
    expect(await found(ID.toLowerCase())).toEqual([people.zhang]);
    expect(await found('13812345678')).toEqual([people.zhang]);
    expect(await found('+86 138-1234-5678')).toEqual([people.zhang]);
    expect(await found('06323312345')).toEqual([people.wang]);
    expect(await found('市中区光明路12号 3单元301')).toEqual([people.zhang]);
    expect(await found(ID.slice(0, 10))).toEqual([]);
  });

  it('lists masked rows only, with no full value anywhere in the page', async () => {
    const res = await get('/api/persons?pageSize=50');
    expect(res.json().total).toBe(3);
    for (const secret of [ID, ID_2, ID_FLOAT, '13812345678', '3312345']) expect(res.body).not.toContain(secret);
  });

  it('pages in name order, and counts up to the cap: beyond it the total is the cap, marked as such', async () => {
    // 滕州市 (370481), which no other test here writes to: PERSON_COUNT_CAP + 1 active persons and one moved out.
    const division = '370481001001';
    await t.ctx.db.execute(sql`INSERT INTO person (division_code, grid_code, name, name_initials, sex, id_kind, residency, status)
      SELECT ${division}, ${`${division}0001`}, '测试' || lpad(i::text, 5, '0'), 'CS', 'unknown', 'passport', 'foreign',
        CASE WHEN i = 0 THEN 'movedOut' ELSE 'active' END
      FROM generate_series(0, ${PERSON_COUNT_CAP + 1}) AS i`);
    const page = async (q: string) => {
      const res = await get(`/api/persons?pageSize=50&${q}`, 'tengzhou');
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: { name: string }[]; total: number; totalCapped: boolean };
    };
    const all = await page('page=3');
    expect(all).toMatchObject({ total: PERSON_COUNT_CAP, totalCapped: true });
    expect(all.items.map((p) => p.name)).toEqual(Array.from({ length: 50 }, (_, k) => `测试${String(101 + k).padStart(5, '0')}`));
    const moved = await page('status=movedOut');
    expect(moved).toMatchObject({ total: 1, totalCapped: false });
    expect(moved.items.map((p) => p.name)).toEqual(['测试00000']);
    const last = await page(`page=${PERSON_COUNT_CAP / 50}&sort=-name`);
    expect(last.items.at(-1)?.name).toBe('测试00002');
  });

  it('inside the jurisdiction only: the town sees them, another district and a department do not', async () => {
    expect(await found(ID, 'zhongxinjie')).toEqual([people.zhang]);
    expect(await found(ID, 'shizhong')).toEqual([people.zhang]);
    expect(await found(ID, 'tengzhou')).toEqual([]);
    expect(await found(ID, 'police')).toEqual([]);
    expect((await get(`/api/persons/${people.zhang}`, 'tengzhou')).statusCode).toBe(404);
    expect((await get(`/api/persons/${people.zhang}`, 'police')).statusCode).toBe(404);
  });

  it('a department finds the persons of a division once the registry is granted to its unit, until revoked', async () => {
    const [police] = await t.ctx.db.select().from(department).where(eq(department.code, '370400-police'));
    const [grant] = await t.ctx.db
      .insert(baseGrant)
      .values({
        unitId: police?.id as string,
        registry: 'person',
        divisionCode: '370402001000',
        divisionPrefix: '370402001',
        reason: '治安排查',
        grantedBy: await t.userId('city'),
      })
      .returning();
    expect(await found(ID, 'police')).toEqual([people.zhang]);
    expect((await get(`/api/persons/${people.zhang}`, 'police')).statusCode).toBe(200);
    await t.ctx.db
      .update(baseGrant)
      .set({ revokedAt: new Date() })
      .where(eq(baseGrant.id, grant?.id as string));
    expect(await found(ID, 'police')).toEqual([]);
  });
});

describe('the profile, the reveal and the history', () => {
  it('shows the profile masked and audits the read', async () => {
    const res = await get(`/api/persons/${people.zhang}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ birthDate: '1990-03-07', registeredAddressMasked: '市中区光明路****', watched: [] });
    expect(res.body).not.toContain(ID);
    const [row] = await t.ctx.db.select().from(auditEvent).where(eq(auditEvent.action, 'base.person.read'));
    expect(row).toMatchObject({ targetId: people.zhang, outcome: 'ok' });
  });

  it('reveals one full value with a reason, and records who, what and why', async () => {
    expect((await post(`/api/persons/${people.zhang}/reveal`, { field: 'phone', reason: '' })).statusCode).toBe(400);
    expect((await post(`/api/persons/${people.zhang}/reveal`, { field: 'phone', reason: '入户走访需电话联系' }, 'instructor')).statusCode).toBe(403);
    expect((await post(`/api/persons/${people.zhang}/reveal`, { field: 'phone', reason: '入户走访需电话联系' }, 'tengzhou')).statusCode).toBe(404);
    const res = await post(`/api/persons/${people.zhang}/reveal`, { field: 'idNumber', reason: '核对身份办理低保' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ field: 'idNumber', value: ID });
    const reveals = await t.ctx.db
      .select()
      .from(personalReveal)
      .where(eq(personalReveal.entityId, people.zhang as string));
    expect(reveals).toHaveLength(1);
    expect(reveals[0]).toMatchObject({ field: 'idNumber', reason: '核对身份办理低保', actorId: await t.userId('worker') });
    const audits = await t.ctx.db.select().from(auditEvent).where(eq(auditEvent.action, 'base.personal.reveal'));
    expect(audits.map((a) => a.fields)).toEqual([['idNumber']]);
    expect(JSON.stringify(audits)).not.toContain(ID);
  });

  it('keeps every change in the history, personal values masked; a stale version gets 409', async () => {
    const before = (await get(`/api/persons/${people.zhang}`)).json();
    const res = await t.request({
      method: 'PATCH',
      url: `/api/persons/${people.zhang}`,
      as: 'worker',
      payload: { version: before.version, phone: '13900001111', occupation: '教师' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const stale = await t.request({
      method: 'PATCH',
      url: `/api/persons/${people.zhang}`,
      as: 'worker',
      payload: { version: before.version, occupation: '医生' },
    });
    expect(stale.statusCode).toBe(409);
    const after = (await get(`/api/persons/${people.zhang}`)).json();
    expect(after.phoneMasked).toBe('139****1111');
    const [latest] = after.history;
    expect(latest).toMatchObject({
      action: 'update',
      source: 'api',
      changes: { phoneMasked: { from: '138****5678', to: '139****1111' }, occupation: { from: null, to: '教师' } },
    });
    expect(JSON.stringify(after.history)).not.toContain('13900001111');
  });
});

describe('watched persons: the responsible roles only', () => {
  beforeAll(async () => {
    const [justice] = await t.ctx.db.select().from(department).where(eq(department.code, '370400-justice'));
    await t.ctx.db.insert(watchedPerson).values({
      personId: people.li as string,
      divisionCode: '370402001013',
      gridCode: GRID,
      kind: 'communityCorrection',
      riskLevel: 'medium',
      responsibleUnitId: justice?.id as string,
      followUpDays: 30,
    });
  });

  it('shows the watch record to the grid leader and the town centre, not to the grid worker or the district', async () => {
    for (const [as, n] of [
      ['leader', 1],
      ['zhongxinjie', 1],
      ['worker', 0],
      ['shizhong', 0],
    ] as const) {
      const res = await get(`/api/persons/${people.li}`, as);
      expect(res.statusCode, `${as} ${res.body}`).toBe(200);
      expect(res.json().watched, as).toHaveLength(n);
    }
  });
});
