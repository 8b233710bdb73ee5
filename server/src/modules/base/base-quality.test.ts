// Data quality through the API on a real database: household completeness per grid against the one
// list of requirements, duplicates the unique ID-number hash cannot catch (a person in two households;
// one name and birth date in a community, one without an ID number), and re-gridding when the city
// centre approves a split: a building and its residents move to the new grid with gridChange history,
// what cannot be placed is flagged, the old grid's worker no longer finds them and the new grid's does.
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LngLat, type PolygonGeometry, geometryBBox, labelPoint, splitByLine } from '../../lib/geometry/index.js';
import { idNumber, makeBuilding, makeDwelling, makeHousehold, makePerson } from '../../test/base-factory.js';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { appUser } from '../access/access.tables.js';
import { DEMO_PASSWORD } from '../system/bootstrap.js';
import { ensureDemoGrids } from '../territory/grid-seed.js';
import { grid } from '../territory/grid.tables.js';
import { baseChange, building, carePerson, dispute, dwelling, household, organisation, person, rental } from './base.tables.js';
import { baseRegrid } from './base-quality.tables.js';

const COMMUNITY = '370402001013'; // 铁西居委会: the demo grid staff hold its basic grids
let t: TestApp;
/** A basic grid for the completeness and duplicate findings, and another (one polygon) that a split will retire. */
let GA: string;
let GC: { code: string; boundary: PolygonGeometry; micro: string[] };

const get = (url: string, as?: string) => t.request({ method: 'GET', url, ...(as ? { as } : {}) });
const P1_ID = idNumber('37040219700101001');

beforeAll(async () => {
  t = await createTestApp();
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
  const basics = await t.ctx.db
    .select({ code: grid.code, boundary: grid.boundary })
    .from(grid)
    .where(and(eq(grid.communityCode, COMMUNITY), eq(grid.kind, 'basic'), isNull(grid.validTo)))
    .orderBy(grid.code);
  const polygon = basics.find((g) => (g.boundary as PolygonGeometry).type === 'Polygon');
  const other = basics.find((g) => g.code !== polygon?.code);
  if (!polygon || !other) throw new Error('铁西 needs two basic grids, one a single polygon');
  GA = other.code;
  const micro = await t.ctx.db
    .select({ code: grid.code })
    .from(grid)
    .where(and(eq(grid.parentCode, polygon.code), isNull(grid.validTo)));
  GC = { code: polygon.code, boundary: polygon.boundary as PolygonGeometry, micro: micro.map((m) => m.code) };
}, 180_000);
afterAll(() => t.close());

describe('completeness and duplicates', () => {
  const A = () => ({ divisionCode: COMMUNITY, gridCode: GA });
  let twice: string;

  beforeAll(async () => {
    const ctx = t.ctx;
    const b = await makeBuilding(ctx, A());
    const d = await makeDwelling(ctx, b);
    const p1 = await makePerson(ctx, A(), { name: '刘一', id: idNumber('37040219800101011'), phone: '13800000001', dwellingId: d.id });
    const p2 = await makePerson(ctx, A(), { name: '刘二', id: idNumber('37040220100101022'), dwellingId: d.id });
    const p3 = await makePerson(ctx, A(), { name: '周三', id: idNumber('37040219750505033') });
    const p4 = await makePerson(ctx, A(), { name: '周四', birthDate: '2015-06-01' });
    const p5 = await makePerson(ctx, A(), { name: '吴五', id: idNumber('37040219900909055') });
    twice = p5.id;
    // Complete: a head who is a member, a dwelling, members with ID numbers and birth dates, the head's phone.
    await makeHousehold(ctx, A(), 'QA-H1', [p1, p2, p5], { dwellingId: d.id });
    // No dwelling, a member without any document, a head without a phone.
    await makeHousehold(ctx, A(), 'QA-H2', [p3, p4]);
    // No head (and so no head's phone), no dwelling; 吴五 is in two households.
    await makeHousehold(ctx, A(), 'QA-H3', [p5], { head: null });
    // 陈静 twice in 铁西 with one birth date, once without an ID number; a third in another town is not grouped with them.
    await makePerson(ctx, A(), { name: '陈静', id: idNumber('37040219880808066') });
    await makePerson(ctx, A(), { name: '陈静', birthDate: '1988-08-08' });
    await makePerson(ctx, { divisionCode: '370481001001', gridCode: '3704810010011001' }, { name: '陈静', birthDate: '1988-08-08' });
    // One name and birth date, both with ID numbers: the hash already tells them apart, no finding.
    await makePerson(ctx, A(), { name: '孙七', id: idNumber('37040219660606077') });
    await makePerson(ctx, A(), { name: '孙七', id: idNumber('37040219660606085') });
  });

  it('counts complete households per grid against the listed requirements, with the share and what is missing', async () => {
    const res = await get(`/api/base-quality?gridCode=${GA}`, 'leader');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.requirements.map((r: { key: string }) => r.key)).toEqual(['head', 'dwelling', 'members', 'memberIds', 'memberBirthDates', 'headPhone']);
    const row = { households: 3, complete: 1, share: 0.3333, missing: { head: 1, dwelling: 2, members: 0, memberIds: 1, memberBirthDates: 0, headPhone: 2 } };
    expect(body.grids.items).toEqual([expect.objectContaining({ gridCode: GA, kind: 'basic', communityCode: COMMUNITY, ...row })]);
    expect(body.totals).toEqual(row);
    expect(body.duplicates).toEqual({ severalHouseholds: 1, sameNameAndBirth: 1 });
    // The town centre sees the same grid among its community's grids.
    const town = (await get(`/api/base-quality?divisionCode=${COMMUNITY}&pageSize=200`, 'zhongxinjie')).json();
    expect(town.grids.items.find((g: { gridCode: string }) => g.gridCode === GA)).toMatchObject(row);
    expect(town.grids.total).toBe(town.grids.items.length);
  });

  it('lists a person in two households, masked, with the households', async () => {
    const res = await get(`/api/base-quality/duplicates?kind=severalHouseholds&divisionCode=${COMMUNITY}`, 'leader');
    expect(res.statusCode, res.body).toBe(200);
    const { items, total } = res.json();
    expect(total).toBe(1);
    const [p] = items[0].persons;
    expect(p).toMatchObject({ id: twice, name: '吴五', householdCount: 2, hasIdNumber: true, idNumberMasked: expect.stringContaining('****') });
    expect(p.households.map((h: { householdNo: string }) => h.householdNo).sort()).toEqual(['QA-H1', 'QA-H3']);
    expect(res.body).not.toContain(idNumber('37040219900909055'));
  });

  it('lists one name and birth date in a community where one has no ID number, not two distinct ID holders', async () => {
    const res = await get('/api/base-quality/duplicates?kind=sameNameAndBirth', 'zhongxinjie');
    expect(res.statusCode, res.body).toBe(200);
    const { items, total } = res.json();
    expect(total).toBe(1);
    expect(items[0].persons.map((p: { name: string; hasIdNumber: boolean }) => [p.name, p.hasIdNumber]).sort()).toEqual([
      ['陈静', false],
      ['陈静', true],
    ]);
    expect(res.body).not.toContain(idNumber('37040219880808066'));
  });

  it('answers inside the jurisdiction only, and refuses roles without base.quality, no session and bad filters', async () => {
    const other = (await get(`/api/base-quality?gridCode=${GA}`, 'tengzhou')).json();
    expect(other.grids.items).toEqual([]);
    expect(other.totals.households).toBe(0);
    expect(other.duplicates).toEqual({ severalHouseholds: 0, sameNameAndBirth: 0 });
    expect((await get('/api/base-quality/duplicates', 'tengzhou')).json().total).toBe(0);
    for (const as of ['worker', 'instructor', 'police', 'admin', 'auditor']) expect((await get('/api/base-quality', as)).statusCode, as).toBe(403);
    expect((await get('/api/base-quality')).statusCode).toBe(401);
    for (const [url, field] of [
      ['/api/base-quality?divisionCode=37040', 'query.divisionCode'],
      ['/api/base-quality?gridCode=abc', 'query.gridCode'],
      ['/api/base-quality/duplicates?kind=twins', 'query.kind'],
      ['/api/base-quality/regridded?state=lost', 'query.state'],
    ] as const) {
      const res = await get(url, 'leader');
      expect(res.statusCode, url).toBe(400);
      expect(res.json().field, url).toBe(field);
    }
  });
});

describe('re-gridding when a split is approved', () => {
  const C = () => ({ divisionCode: COMMUNITY, gridCode: GC.code });
  let pieces: GeoJSON.Polygon[];
  let home: LngLat;
  let shop: LngLat;
  const ids: Record<string, string> = {};
  let issued: string[];
  let changeId: string;

  beforeAll(async () => {
    const [minLng, minLat, maxLng, maxLat] = geometryBBox(GC.boundary);
    const [lng] = labelPoint(GC.boundary);
    pieces = splitByLine(GC.boundary as GeoJSON.Polygon, {
      type: 'LineString',
      coordinates: [
        [lng, minLat - 0.01],
        [lng, maxLat + 0.01],
      ],
    });
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    expect(minLng).toBeLessThan(maxLng);
    home = labelPoint(pieces[0] as GeoJSON.Polygon);
    shop = labelPoint(pieces[1] as GeoJSON.Polygon);
    const ctx = t.ctx;
    const b = await makeBuilding(ctx, C(), { name: '拆分楼', lng: home[0], lat: home[1] });
    const d = await makeDwelling(ctx, b, '301', { rental: true });
    const p = await makePerson(ctx, C(), { name: '马一', id: P1_ID, phone: '13900000009', dwellingId: d.id });
    const h = await makeHousehold(ctx, C(), 'RG-H1', [p], { dwellingId: d.id });
    const [r] = await ctx.db
      .insert(rental)
      .values({ ...C(), dwellingId: d.id, landlordName: '房东马', startsOn: '2025-01-01' })
      .returning();
    const [c] = await ctx.db
      .insert(carePerson)
      .values({ ...C(), personId: p.id, kind: 'elderlyAlone' })
      .returning();
    const [o] = await ctx.db
      .insert(organisation)
      .values({ ...C(), name: '拆分商店', nameInitials: 'cfsd', kind: 'enterprise', address: '测试路9号', lng: shop[0], lat: shop[1] })
      .returning();
    // No point and nothing to follow: left for a person to assign.
    const lost = await makeBuilding(ctx, C(), { name: '无坐标楼' });
    const lostRoom = await makeDwelling(ctx, lost, '101');
    const [q] = await ctx.db
      .insert(dispute)
      .values({ ...C(), occurredOn: '2026-10-01', place: '楼下', kind: 'neighbours', partyCount: 2, summary: '噪音' })
      .returning();
    Object.assign(ids, {
      building: b.id,
      dwelling: d.id,
      person: p.id,
      household: h.id,
      rental: r?.id,
      care: c?.id,
      organisation: o?.id,
      lost: lost.id,
      lostRoom: lostRoom.id,
      dispute: q?.id,
    });
    // Before the change the worker finds the person.
    expect((await get(`/api/persons/${p.id}`, 'worker')).statusCode).toBe(200);
  });

  it('moves the building, its dwelling, residents, household, rental and care record to the new grid holding its point, with gridChange history', async () => {
    const items = [
      { action: 'retire', code: GC.code },
      ...GC.micro.map((code) => ({ action: 'retire', code })),
      ...pieces.map((boundary, i) => ({ action: 'create', kind: 'basic', name: `拆分网格${'甲乙丙丁'[i]}`, boundary, households: 100 })),
    ];
    const draft = await t.request({
      method: 'POST',
      url: '/api/grid-changes',
      as: 'zhongxinjie',
      payload: { kind: 'split', communityCode: COMMUNITY, reason: '按楼栋重新划分', items },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json().valid, JSON.stringify(draft.json().validation)).toBe(true);
    changeId = draft.json().id;
    expect((await t.request({ method: 'POST', url: `/api/grid-changes/${changeId}/submit`, as: 'zhongxinjie' })).statusCode).toBe(200);
    const approved = await t.request({ method: 'POST', url: `/api/grid-changes/${changeId}/approve`, as: 'city', payload: { reason: '同意' } });
    expect(approved.statusCode, approved.body).toBe(200);
    issued = approved.json().issued;

    const located = (p: LngLat) => get(`/api/grids/locate?lng=${p[0]}&lat=${p[1]}`, 'city').then((r) => r.json().basic.code as string);
    const homeGrid = await located(home);
    const shopGrid = await located(shop);
    expect(issued).toContain(homeGrid);
    expect(issued).toContain(shopGrid);
    expect(homeGrid).not.toBe(shopGrid);
    const gridOf = async (
      table: typeof building | typeof dwelling | typeof person | typeof household | typeof rental | typeof carePerson | typeof organisation | typeof dispute,
      id: string,
    ) => {
      const [row] = await t.ctx.db.select({ gridCode: table.gridCode, version: table.version }).from(table).where(eq(table.id, id));
      return row;
    };
    for (const [table, key] of [
      [building, 'building'],
      [dwelling, 'dwelling'],
      [person, 'person'],
      [household, 'household'],
      [rental, 'rental'],
      [carePerson, 'care'],
    ] as const)
      expect(await gridOf(table, ids[key] as string), key).toEqual({ gridCode: homeGrid, version: 2 });
    expect(await gridOf(organisation, ids.organisation as string)).toEqual({ gridCode: shopGrid, version: 2 });
    // Nothing says where these lie now: they stay, flagged.
    expect((await gridOf(building, ids.lost as string))?.gridCode).toBe(GC.code);
    expect((await gridOf(dwelling, ids.lostRoom as string))?.gridCode).toBe(GC.code);
    expect((await gridOf(dispute, ids.dispute as string))?.gridCode).toBe(GC.code);

    const history = await t.ctx.db.select().from(baseChange).where(eq(baseChange.source, 'gridChange'));
    expect(history.map((h) => h.entity).sort()).toEqual(['building', 'carePerson', 'dwelling', 'household', 'organisation', 'person', 'rental']);
    expect(history.find((h) => h.entityId === ids.person)).toMatchObject({
      action: 'update',
      changes: { gridCode: { from: GC.code, to: homeGrid } },
      actorId: await t.userId('city'),
    });
    const flags = await t.ctx.db.select().from(baseRegrid).where(eq(baseRegrid.state, 'manual'));
    expect(flags.map((f) => [f.entity, f.entityId, f.reason]).sort()).toEqual(
      [
        ['building', ids.lost, 'noPoint'],
        ['dispute', ids.dispute, 'noPoint'],
        ['dwelling', ids.lostRoom, 'noPoint'],
      ].sort(),
    );
  });

  it('shows the move in the profile’s history', async () => {
    const profile = (await get(`/api/persons/${ids.person}`, 'zhongxinjie')).json();
    expect(profile.history[0]).toMatchObject({ source: 'gridChange', changes: { gridCode: { from: GC.code } } });
    expect(profile.gridCode).not.toBe(GC.code);
  });

  it('the old grid’s worker no longer finds the residents once the team is trimmed; the new grid’s worker does', async () => {
    const newGrid = (await get(`/api/persons/${ids.person}`, 'zhongxinjie')).json().gridCode as string;
    // The approval handed the retired grid's team over to every new grid; the town centre trims it.
    const card = (await get(`/api/grids/${newGrid}`, 'zhongxinjie')).json();
    const workerId = await t.userId('worker');
    const mine = card.team.find((m: { userId: string }) => m.userId === workerId);
    expect(mine).toBeDefined();
    expect((await t.request({ method: 'DELETE', url: `/api/grids/${newGrid}/team/${mine.id}`, as: 'zhongxinjie' })).statusCode).toBe(204);
    const [newcomer] = await t.ctx.db
      .insert(appUser)
      .values({
        username: 'worker2',
        displayName: '新网格员',
        passwordHash: await t.ctx.passwords.hash(DEMO_PASSWORD),
        role: 'gridWorker',
        scopeKind: 'grids',
        divisionCode: COMMUNITY,
      })
      .returning();
    const assigned = await t.request({ method: 'POST', url: `/api/grids/${newGrid}/team`, as: 'zhongxinjie', payload: { userId: newcomer?.id } });
    expect(assigned.statusCode, assigned.body).toBe(201);

    expect((await get(`/api/persons/${ids.person}`, 'worker')).statusCode).toBe(404);
    expect((await get(`/api/persons?q=${P1_ID}`, 'worker')).json().items).toEqual([]);
    expect((await get(`/api/persons/${ids.person}`, 'worker2')).statusCode).toBe(200);
    expect((await get(`/api/persons?q=${P1_ID}`, 'worker2')).json().items.map((p: { id: string }) => p.id)).toEqual([ids.person]);
  });

  it('lists what moved and what waits for manual assignment, inside the jurisdiction', async () => {
    const manual = await get(`/api/base-quality/regridded?state=manual&changeId=${changeId}`, 'zhongxinjie');
    expect(manual.statusCode, manual.body).toBe(200);
    expect(manual.json().total).toBe(3);
    for (const item of manual.json().items) expect(item).toMatchObject({ state: 'manual', fromGrid: GC.code, toGrid: null, currentGrid: GC.code, open: true });
    const movedRes = await get('/api/base-quality/regridded?state=moved&pageSize=50', 'zhongxinjie');
    const moved = movedRes.json();
    expect(moved.total).toBe(7);
    expect(moved.items.find((i: { entityId: string }) => i.entityId === ids.person)).toMatchObject({ entity: 'person', label: '马一', fromGrid: GC.code });
    expect(movedRes.body).not.toContain(P1_ID);
    // The grid leader holds the new grids (handed over), not the retired one: the moved records, not the flagged ones.
    const leader = (await get('/api/base-quality/regridded?pageSize=50', 'leader')).json();
    expect(leader.items.every((i: { state: string }) => i.state === 'moved')).toBe(true);
    expect(leader.total).toBe(7);
    expect((await get('/api/base-quality/regridded', 'tengzhou')).json().total).toBe(0);
    expect((await get('/api/base-quality/regridded', 'worker')).statusCode).toBe(403);
    // The overview counts them too.
    expect((await get(`/api/base-quality?divisionCode=${COMMUNITY}`, 'zhongxinjie')).json().regridded).toEqual({ moved: 7, manual: 3 });
  });

  it('closes a flag once someone places the record', async () => {
    await t.ctx.db
      .update(dispute)
      .set({ gridCode: issued[0] as string })
      .where(eq(dispute.id, ids.dispute as string));
    const items = (await get(`/api/base-quality/regridded?state=manual`, 'zhongxinjie')).json().items as { entity: string; open: boolean }[];
    expect(items.find((i) => i.entity === 'dispute')).toMatchObject({ open: false });
    expect(items.filter((i) => i.open)).toHaveLength(2);
  });
});
