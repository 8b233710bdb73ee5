// Buildings, dwellings and rentals (issue 5, 以房管人) through the API on a real database: placement
// by point and by grid, address codes tied to the community and unique, who finds and writes what
// (grid worker, town, other district, department without and with a grant), rentals and the
// dwelling's rental flag, the building view's nesting, masking and totals, history, and the demo seed.
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { department } from '../access/access.tables.js';
import { auditEvent } from '../audit/audit.tables.js';
import { ensureDemoGrids } from '../territory/grid-seed.js';
import { grid } from '../territory/grid.tables.js';
import { demoIdNumber, ensureDemoBase } from './base-seed.js';
import { baseChange, baseGrant, building, dwelling, person } from './base.tables.js';

const GRID = '3704020010131001'; // 铁西居委会: the demo worker's grid
const COMMUNITY = '370402001013';
const OTHER_GRID = '3704020010161001'; // another community of 中心街街道 (铁西 is 013): the town's, not the worker's
const OTHER_COMMUNITY = '370402001016';
const code = (n: number, community = COMMUNITY) => `${community}002${String(n).padStart(4, '0')}`;

let t: TestApp;
let here: { lng: number; lat: number };
let there: { lng: number; lat: number };
const ids: Record<string, string> = {};

const send = (method: 'POST' | 'PATCH' | 'GET' | 'DELETE', url: string, as = 'worker', payload?: object) =>
  t.request({ method, url, as, ...(payload ? { payload } : {}) });
const post = (url: string, payload: object, as = 'worker') => send('POST', url, as, payload);
const patch = (url: string, payload: object, as = 'worker') => send('PATCH', url, as, payload);
const get = (url: string, as = 'worker') => send('GET', url, as);
const newBuilding = (over: object = {}, as = 'worker') =>
  post(
    '/api/buildings',
    { name: '光明花园3号楼', address: '市中区光明路12号光明花园3号楼', addressCode: code(3), kind: 'residential', floors: 6, gridCode: GRID, ...over },
    as,
  );

const labelOf = async (gridCode: string) => {
  const [g] = await t.ctx.db
    .select({ lng: grid.labelLng, lat: grid.labelLat })
    .from(grid)
    .where(and(eq(grid.code, gridCode), isNull(grid.validTo)));
  return g as { lng: number; lat: number };
};

beforeAll(async () => {
  t = await createTestApp();
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
  here = await labelOf(GRID);
  there = await labelOf(OTHER_GRID);
  if (!here || !there) throw new Error('the demo grids lack the grids these tests use');
}, 180_000);
afterAll(() => t.close());

describe('registering buildings', () => {
  it('places a building by its point, located to the grid that holds it', async () => {
    const res = await newBuilding({
      gridCode: undefined,
      lng: here.lng,
      lat: here.lat,
      addressCode: code(1),
      name: '光明花园1号楼',
      address: '市中区光明路10号光明花园1号楼',
    });
    expect(res.statusCode, res.body).toBe(201);
    const b = res.json();
    expect(b.gridCode.startsWith(GRID)).toBe(true);
    expect(b).toMatchObject({ divisionCode: COMMUNITY, addressCode: code(1), lng: here.lng, lat: here.lat, dwellings: 0, version: 1 });
    ids.b1 = b.id;
  });

  it('places a building by a grid code', async () => {
    const res = await newBuilding();
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ gridCode: GRID, divisionCode: COMMUNITY, lng: null, lat: null });
    ids.b3 = res.json().id;
  });

  it.each([
    ['a point in another grid than the one chosen', () => ({ lng: here.lng, lat: here.lat, gridCode: OTHER_GRID }), 'body.gridCode'],
    ['a longitude without latitude', () => ({ lng: here.lng }), 'body.lat'],
    ['a grid outside the jurisdiction', () => ({ gridCode: OTHER_GRID, addressCode: code(9, OTHER_COMMUNITY) }), 'body.gridCode'],
    ['a point outside the jurisdiction', () => ({ gridCode: undefined, lng: there.lng, lat: there.lat, addressCode: code(9, OTHER_COMMUNITY) }), 'body.lng'],
    ['a point outside every grid', () => ({ gridCode: undefined, lng: 100, lat: 20 }), 'body.lng'],
    ['an address code of another community', () => ({ addressCode: code(9, OTHER_COMMUNITY) }), 'body.addressCode'],
    ['an address code of the wrong length', () => ({ addressCode: `${COMMUNITY}0020` }), 'body.addressCode'],
    ['a kind not in the list', () => ({ kind: 'castle' }), 'body.kind'],
    ['no place at all', () => ({ gridCode: undefined }), 'body.gridCode'],
  ])('refuses %s with a 400 naming the field in both languages', async (_what, over, field) => {
    const res = await newBuilding({ addressCode: code(9), ...over() });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().field).toBe(field);
    expect(res.json().messageZh).toBeTruthy();
  });

  it('refuses an address code already taken (409), whoever registers it', async () => {
    const res = await newBuilding({ name: '重复' }, 'zhongxinjie');
    expect(res.statusCode).toBe(409);
    expect(res.json().field).toBe('body.addressCode');
  });

  it('asks for a session (401) and base.write (403)', async () => {
    expect((await t.request({ method: 'POST', url: '/api/buildings', payload: {} })).statusCode).toBe(401);
    expect((await newBuilding({ addressCode: code(8) }, 'police')).statusCode).toBe(403);
    expect((await newBuilding({ addressCode: code(8) }, 'auditor')).statusCode).toBe(403);
  });

  it('lets the town register in another community of its town; the grid worker does not find it', async () => {
    const res = await newBuilding({ gridCode: OTHER_GRID, addressCode: code(1, OTHER_COMMUNITY), name: '东风里1号楼' }, 'zhongxinjie');
    expect(res.statusCode, res.body).toBe(201);
    ids.far = res.json().id;
    expect((await get(`/api/buildings/${ids.far}`)).statusCode).toBe(404);
    expect((await patch(`/api/buildings/${ids.far}`, { version: 1, name: '改' })).statusCode).toBe(404);
    expect((await post(`/api/buildings/${ids.far}/dwellings`, { unitNo: 1, roomNo: '101', use: 'residential' })).statusCode).toBe(404);
  });
});

describe('finding buildings', () => {
  const names = async (query: string, as = 'worker') => {
    const res = await get(`/api/buildings${query}`, as);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { name: string }[]).map((b) => b.name);
  };

  it('lists the jurisdiction only, by address code, filtered by text, kind, grid and division', async () => {
    expect(await names('')).toEqual(['光明花园1号楼', '光明花园3号楼']);
    expect(await names('?q=3号')).toEqual(['光明花园3号楼']);
    expect(await names('?q=光明路')).toEqual(['光明花园1号楼', '光明花园3号楼']);
    expect(await names('?kind=office')).toEqual([]);
    expect(await names(`?gridCode=${GRID}`)).toEqual(['光明花园1号楼', '光明花园3号楼']);
    expect(await names('', 'zhongxinjie')).toEqual(['光明花园1号楼', '光明花园3号楼', '东风里1号楼']);
    expect(await names(`?divisionCode=${OTHER_COMMUNITY}`, 'zhongxinjie')).toEqual(['东风里1号楼']);
    expect(await names('', 'tengzhou')).toEqual([]);
    expect(await names('', 'police')).toEqual([]);
    expect((await get(`/api/buildings/${ids.b1}`, 'tengzhou')).statusCode).toBe(404);
    expect((await get(`/api/buildings/${ids.b1}/view`, 'police')).statusCode).toBe(404);
  });
});

const born = (serial: number, birth: string, sex: 'male' | 'female') => demoIdNumber(birth, sex, serial);
const ID_A = born(61, '1980-05-06', 'male');
const ID_B = born(62, '1983-09-17', 'female');
const ID_C = born(63, '1999-01-02', 'male');
const PHONE_A = '13906321111';

describe('dwellings and rentals', () => {
  const room = (over: object = {}) => post(`/api/buildings/${ids.b3}/dwellings`, { unitNo: 1, roomNo: '301', use: 'residential', ...over });

  it('numbers a room from its building, unit and room, and derives the floor', async () => {
    const res = await room();
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      addressCode: `${code(3)}010301`,
      unitLabel: '1单元',
      floor: 3,
      roomNo: '301',
      gridCode: GRID,
      divisionCode: COMMUNITY,
      rental: false,
    });
    ids.r301 = res.json().id;
    for (const [unitNo, roomNo] of [
      [2, '101'],
      [1, '102'],
      [1, '101'],
      [10, '201'],
      [2, '502'],
    ] as const) {
      const r = await room({ unitNo, roomNo });
      expect(r.statusCode, r.body).toBe(201);
      ids[`r${unitNo}-${roomNo}`] = r.json().id;
    }
  });

  it('refuses a room number taken in the unit (409), a floor above the top, an owner outside the jurisdiction', async () => {
    const dup = await room();
    expect(dup.statusCode).toBe(409);
    expect(dup.json().field).toBe('body.roomNo');
    expect((await room({ roomNo: '901' })).json().field).toBe('body.roomNo');
    expect((await room({ roomNo: '1', floor: 7 })).json().field).toBe('body.floor');
    expect((await room({ roomNo: '0901', use: 'palace' })).json().field).toBe('body.use');
    const far = await post(
      '/api/persons',
      { name: '远方', idKind: 'idCard', idNumber: born(64, '1970-01-01', 'male'), residency: 'registered', gridCode: OTHER_GRID },
      'zhongxinjie',
    );
    expect(far.statusCode, far.body).toBe(201);
    ids.farPerson = far.json().id;
    const res = await room({ roomNo: '202', ownerPersonId: ids.farPerson });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('body.ownerPersonId');
  });

  it('registers residents in the rooms (through the persons API)', async () => {
    const person = async (idNumber: string, over: object) => {
      const res = await post('/api/persons', { idKind: 'idCard', idNumber, residency: 'registered', ...over });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    ids.a = await person(ID_A, { name: '孙立', phone: PHONE_A, dwellingId: ids.r301 });
    ids.b = await person(ID_B, { name: '钱梅', phone: '13906322222', dwellingId: ids.r301 });
    ids.c = await person(ID_C, {
      name: '周游',
      residency: 'floating',
      movedInOn: '2024-05-01',
      registeredOn: '2024-05-03',
      originCode: '410102',
      dwellingId: ids['r2-101'],
    });
    const owned = await patch(`/api/dwellings/${ids.r301}`, { version: 1, ownerPersonId: ids.a });
    expect(owned.statusCode, owned.body).toBe(200);
    expect(owned.json()).toMatchObject({ ownerPersonId: ids.a, ownerName: '孙立', version: 2 });
  });

  const rent = (over: object = {}) =>
    post(`/api/dwellings/${ids['r2-101']}/rentals`, {
      landlordPersonId: ids.a,
      contractNo: 'HT-001',
      startsOn: '2024-05-01',
      endsOn: '2099-04-30',
      purpose: 'residential',
      policeCheckedOn: '2024-06-01',
      tenantIds: [ids.c],
      ...over,
    });

  it.each([
    ['an end before the start', { endsOn: '2024-04-30' }, 'body.endsOn'],
    ['a police check in the future', { policeCheckedOn: '2999-01-01' }, 'body.policeCheckedOn'],
    ['a date that does not exist', { startsOn: '2024-02-30' }, 'body.startsOn'],
    ['no landlord', { landlordPersonId: null }, 'body.landlordName'],
    ['a tenant outside the jurisdiction', { tenantIds: [() => ids.farPerson] }, 'body.tenantIds'],
    ['a landlord outside the jurisdiction', { landlordPersonId: () => ids.farPerson }, 'body.landlordPersonId'],
  ])('refuses a rental with %s (400 naming the field)', async (_what, over, field) => {
    const resolved = Object.fromEntries(
      Object.entries(over).map(([k, v]) => [k, typeof v === 'function' ? v() : Array.isArray(v) ? v.map((x) => (typeof x === 'function' ? x() : x)) : v]),
    );
    const res = await rent(resolved);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().field).toBe(field);
  });

  it('registers a rental: the dwelling becomes let, and stays let while the rental runs', async () => {
    const res = await rent();
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ landlordName: '孙立', status: 'active', tenantIds: [ids.c], gridCode: GRID });
    ids.rental = res.json().id;
    const d = (await get(`/api/dwellings/${ids['r2-101']}`)).json();
    expect(d.rental).toBe(true);
    const clear = await patch(`/api/dwellings/${ids['r2-101']}`, { version: d.version, rental: false });
    expect(clear.statusCode).toBe(400);
    expect(clear.json().field).toBe('body.rental');
    expect((await patch(`/api/rentals/${ids.rental}`, { version: 1, status: 'ended' }, 'tengzhou')).statusCode).toBe(404);
  });

  it('finds rooms across buildings: by address code, or building, unit and room number; in the jurisdiction only', async () => {
    const found = async (q: string, as = 'worker') => {
      const res = await get(`/api/dwellings?${q}&pageSize=50`, as);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { id: string }[]).map((d) => d.id).sort();
    };
    const text = (q: string) => `q=${encodeURIComponent(q)}`;
    expect(await found(text('光明花园3号楼 301'))).toEqual([ids.r301]);
    expect(await found(text('光明花园 1单元 101'))).toEqual([ids['r1-101']]);
    expect(await found(text('3号楼 2单元 101'))).toEqual([ids['r2-101']]);
    expect(await found(text('101'))).toEqual([ids['r1-101'], ids['r2-101']].sort());
    expect(await found(text('光明路12号 9单元 101'))).toEqual([]);
    // The building's address code and unit 02: the rooms of unit 2.
    expect(await found(text(`${code(3)}02`))).toEqual([ids['r2-101'], ids['r2-502']].sort());
    expect(await found('rental=true')).toEqual([ids['r2-101']]);
    expect(await found(`buildingId=${ids.b3}&${text('502')}`)).toEqual([ids['r2-502']]);
    const one = (await get(`/api/dwellings?${text('光明花园3号楼 301')}`)).json().items[0];
    expect(one).toMatchObject({ buildingName: '光明花园3号楼', unitLabel: '1单元', roomNo: '301' });
    // The owner is not listed: with the room's address code it would say where that person lives.
    expect(one).not.toHaveProperty('ownerName');
    expect(JSON.stringify(one)).not.toContain('孙立');
    expect(await found(text('101'), 'tengzhou')).toEqual([]);
    const bad = await get('/api/dwellings?buildingId=nope');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('query.buildingId');
  });

  it('exports the rooms without their owners', async () => {
    const res = await get(`/api/dwellings/export?format=csv&buildingId=${ids.b3}`, 'zhongxinjie');
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const lines = res.body
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[1]).toContain('房屋地址编码');
    expect(lines.slice(2).map((l) => l.split(',')[0])).toEqual([...lines.slice(2).map((l) => l.split(',')[0] as string)].sort());
    expect(lines).toHaveLength(2 + 6);
    expect(lines.find((l) => l.startsWith(`${code(3)}010301`))).toContain('光明花园3号楼,1单元,3,301,住宅');
    expect(res.body).not.toContain('孙立');
    expect((await get('/api/dwellings/export?format=csv')).statusCode).toBe(403);
  });
});

describe('the building view (以房管人)', () => {
  it('nests units by label, rooms by floor and number, residents masked, households and rentals, with totals', async () => {
    const res = await get(`/api/buildings/${ids.b3}/view`);
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json();
    expect(v.building).toMatchObject({ id: ids.b3, addressCode: code(3), gridCode: GRID, floors: 6, version: 1 });
    expect(v.units.map((u: { unitLabel: string }) => u.unitLabel)).toEqual(['1单元', '2单元', '10单元']);
    expect(v.units[0].rooms.map((r: { roomNo: string }) => r.roomNo)).toEqual(['101', '102', '301']);
    expect(v.units[1].rooms.map((r: { roomNo: string }) => r.roomNo)).toEqual(['101', '502']);
    const r301 = v.units[0].rooms[2];
    expect(r301.residents.map((p: { name: string }) => p.name).sort()).toEqual(['孙立', '钱梅']);
    expect(r301.residents.find((p: { name: string }) => p.name === '孙立')).toEqual({
      personId: ids.a,
      name: '孙立',
      sex: 'male',
      birthYear: 1980,
      residency: 'registered',
      idNumberMasked: `${ID_A.slice(0, 4)}**********${ID_A.slice(-4)}`,
      phoneMasked: '139****1111',
    });
    const let_ = v.units[1].rooms[0];
    expect(let_).toMatchObject({ rental: true, residents: [{ name: '周游', residency: 'floating' }] });
    expect(let_.rentals).toEqual([
      {
        id: ids.rental,
        landlordName: '孙立',
        contractNo: 'HT-001',
        startsOn: '2024-05-01',
        endsOn: '2099-04-30',
        status: 'active',
        policeCheckedOn: '2024-06-01',
        tenants: [{ personId: ids.c, name: '周游' }],
      },
    ]);
    expect(v.totals).toEqual({ dwellings: 6, residents: 3, rentals: 1, households: 0 });
    for (const secret of [ID_A, ID_B, ID_C, PHONE_A, '13906322222']) expect(res.body).not.toContain(secret);
  });

  it('shows a department granted buildings only the rooms, without the residents', async () => {
    const [police] = await t.ctx.db.select().from(department).where(eq(department.code, '370400-police'));
    await t.ctx.db.insert(baseGrant).values({
      unitId: police?.id as string,
      registry: 'building',
      divisionCode: '370402001000',
      divisionPrefix: '370402001',
      reason: '出租房屋治安检查',
      grantedBy: await t.userId('city'),
    });
    const res = await get(`/api/buildings/${ids.b3}/view`, 'police');
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json();
    expect(v.totals).toEqual({ dwellings: 6, residents: 0, rentals: 1, households: 0 });
    expect(v.units[1].rooms[0].rentals[0].tenants).toEqual([]);
    expect(res.body).not.toContain('周游');
    // Read only: the grant opens nothing to write.
    expect((await patch(`/api/buildings/${ids.b3}`, { version: 1, name: '改名' }, 'police')).statusCode).toBe(403);
  });
});

describe('changes and their history', () => {
  it('ends a rental: the dwelling is no longer let; a stale version gets 409', async () => {
    const ended = await patch(`/api/rentals/${ids.rental}`, { version: 1, status: 'ended', policeCheckedOn: '2024-07-01' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ status: 'ended', version: 2, policeCheckedOn: '2024-07-01' });
    // Ended early: the lease's end becomes today.
    expect(ended.json().endsOn).toMatch(/^20\d\d-\d\d-\d\d$/);
    expect(ended.json().endsOn).not.toBe('2099-04-30');
    expect((await patch(`/api/rentals/${ids.rental}`, { version: 1, contractNo: 'HT-002' })).statusCode).toBe(409);
    const d = (await get(`/api/dwellings/${ids['r2-101']}`)).json();
    expect(d.rental).toBe(false);
    expect(d.history[0]).toMatchObject({ action: 'update', changes: { rental: { from: true, to: false } } });
  });

  it('keeps every change of a building, with who made it, and audits it', async () => {
    const res = await patch(`/api/buildings/${ids.b3}`, { version: 1, name: '光明花园3号楼（东）', floors: 7 });
    expect(res.statusCode, res.body).toBe(200);
    expect((await patch(`/api/buildings/${ids.b3}`, { version: 1, name: '再改' })).statusCode).toBe(409);
    const b = (await get(`/api/buildings/${ids.b3}`)).json();
    expect(b).toMatchObject({ version: 2, dwellings: 6 });
    // The list counts each building's rooms too.
    const listed = (await get(`/api/buildings?q=${encodeURIComponent('光明花园3号楼')}`)).json().items;
    expect(listed.map((x: { id: string; dwellings: number }) => [x.id, x.dwellings])).toEqual([[ids.b3, 6]]);
    expect(b.history[0]).toMatchObject({
      action: 'update',
      source: 'api',
      changes: { name: { from: '光明花园3号楼', to: '光明花园3号楼（东）' }, floors: { from: 6, to: 7 } },
    });
    expect(b.history[1]).toMatchObject({ action: 'create' });
    expect(b.history[0].actorName).toBeTruthy();
    const audits = await t.ctx.db
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.targetId, ids.b3 as string));
    expect(audits.map((a) => a.action).sort()).toEqual(['base.building.create', 'base.building.update']);
  });

  it('moving a building to another community carries its rooms and residents along, and out of the worker’s sight', async () => {
    const refused = await patch(`/api/buildings/${ids.b1}`, { version: 1, gridCode: OTHER_GRID }, 'zhongxinjie');
    expect(refused.json().field).toBe('body.addressCode');
    const room = await post(`/api/buildings/${ids.b1}/dwellings`, { unitNo: 1, roomNo: '101', use: 'residential' });
    expect(room.statusCode, room.body).toBe(201);
    const mover = await post('/api/persons', {
      name: '迁居',
      idKind: 'idCard',
      idNumber: born(65, '1975-03-03', 'female'),
      residency: 'registered',
      dwellingId: room.json().id,
    });
    expect(mover.statusCode, mover.body).toBe(201);
    const res = await patch(`/api/buildings/${ids.b1}`, { version: 1, gridCode: OTHER_GRID, addressCode: code(2, OTHER_COMMUNITY) }, 'zhongxinjie');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ gridCode: OTHER_GRID, divisionCode: OTHER_COMMUNITY, lng: null, lat: null, version: 2 });
    const [d] = await t.ctx.db.select().from(dwelling).where(eq(dwelling.id, room.json().id));
    expect(d).toMatchObject({ gridCode: OTHER_GRID, divisionCode: OTHER_COMMUNITY, addressCode: `${code(2, OTHER_COMMUNITY)}010101` });
    const [p] = await t.ctx.db.select().from(person).where(eq(person.id, mover.json().id));
    expect(p).toMatchObject({ gridCode: OTHER_GRID, divisionCode: OTHER_COMMUNITY });
    const trail = await t.ctx.db.select().from(baseChange).where(eq(baseChange.entityId, mover.json().id));
    expect(trail.map((c) => c.action)).toEqual(['create', 'update']);
    expect((await get(`/api/buildings/${ids.b1}`)).statusCode).toBe(404);
    expect((await get(`/api/persons/${mover.json().id}`)).statusCode).toBe(404);
  });
});

describe('the demo seed', () => {
  it('writes two buildings of 12 rooms, 20 persons, households and two rentals, once', async () => {
    expect(await ensureDemoBase(t.ctx)).toBe(20);
    expect(await ensureDemoBase(t.ctx)).toBe(0);
    const [b1] = await t.ctx.db.select().from(building).where(eq(building.name, '铁西小区1号楼'));
    const v = (await get(`/api/buildings/${b1?.id}/view`)).json();
    expect(v.totals).toEqual({ dwellings: 12, residents: 13, rentals: 1, households: 4 });
    expect(v.units[0].rooms[0]).toMatchObject({ roomNo: '101', households: [{ householdNo: 'TX0001', headName: '张建国' }] });
    expect(v.units[0].rooms[0].residents).toHaveLength(4);
    const raw = JSON.stringify(await t.ctx.db.select().from(person).where(eq(person.gridCode, GRID)));
    expect(raw).not.toMatch(/3704021962/);
    expect(raw).not.toContain('13806320001');
  });
});
