// A grid's base-information summary through the API on a real database: the numbers (as numbers, on
// both databases) for the grid's staff and centres, watched persons for the responsible roles only,
// zeros for a department without a grant, and the usual refusals.
import { and, eq, isNull, like, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { idNumber, makeBuilding, makeDwelling, makeHousehold, makePerson } from '../../test/base-factory.js';
import { unitId } from '../../test/case-factory.js';
import { ensureDemoGrids } from '../territory/grid-seed.js';
import { grid } from '../territory/grid.tables.js';
import { baseGrant, carePerson, dispute, hazard, organisation, rental, watchedPerson } from './base.tables.js';

const GRID = '3704020010131001'; // 铁西居委会: the demo worker's and leader's grid
const HERE = { divisionCode: '370402001013', gridCode: GRID };
/** A basic grid of another community of the same town: found in beforeAll. */
const ELSEWHERE = { divisionCode: '', gridCode: '' };
let t: TestApp;

const summary = (as: string | undefined, code = GRID) => t.request({ method: 'GET', url: `/api/grids/${code}/base-summary`, ...(as ? { as } : {}) });

beforeAll(async () => {
  t = await createTestApp();
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
  const ctx = t.ctx;
  const [other] = await ctx.db
    .select({ code: grid.code, communityCode: grid.communityCode })
    .from(grid)
    .where(and(isNull(grid.validTo), eq(grid.kind, 'basic'), like(grid.communityCode, '370402001%'), ne(grid.communityCode, HERE.divisionCode)))
    .limit(1);
  Object.assign(ELSEWHERE, { divisionCode: other?.communityCode, gridCode: other?.code });
  const b = await makeBuilding(ctx, HERE);
  const d1 = await makeDwelling(ctx, b, '101');
  const d2 = await makeDwelling(ctx, b, '102', { rental: true });
  const zhang = await makePerson(ctx, HERE, { name: '张一', id: idNumber('37040219800101001'), dwellingId: d1.id });
  const li = await makePerson(ctx, HERE, { name: '李二', id: idNumber('37040219820202002'), dwellingId: d1.id });
  await makePerson(ctx, HERE, { name: '王三', id: idNumber('41010219950520003'), residency: 'floating', dwellingId: d2.id });
  await makePerson(ctx, HERE, { name: '金四', document: 'M12345678', residency: 'foreign', birthDate: '1990-01-01' });
  await makePerson(ctx, HERE, { name: '赵五', id: idNumber('37040219500303005'), status: 'deceased' });
  await makePerson(ctx, ELSEWHERE, { name: '外六', id: idNumber('37040219600404006') });
  await makeHousehold(ctx, HERE, 'SUM-H1', [zhang, li], { dwellingId: d1.id });
  await ctx.db.insert(rental).values([
    { ...HERE, dwellingId: d2.id, landlordName: '房东', startsOn: '2025-01-01' },
    { ...HERE, dwellingId: d2.id, landlordName: '房东', startsOn: '2020-01-01', endsOn: '2021-01-01', status: 'ended' },
  ]);
  await ctx.db.insert(organisation).values([
    { ...HERE, name: '铁西小学', nameInitials: 'txxx', kind: 'school', address: '测试路2号', keyUnit: true },
    { ...HERE, name: '如家酒店', nameInitials: 'rjjd', kind: 'enterprise', address: '测试路3号', placeKind: 'hotel' },
    { ...HERE, name: '小卖部', nameInitials: 'xmb', kind: 'individualBusiness', address: '测试路4号' },
    { ...ELSEWHERE, name: '别处公司', nameInitials: 'bcgs', kind: 'enterprise', address: '别处路1号', keyUnit: true },
  ]);
  await ctx.db.insert(carePerson).values([
    { ...HERE, personId: zhang.id, kind: 'elderlyAlone' },
    { ...HERE, personId: li.id, kind: 'elderlyAlone' },
    { ...HERE, personId: li.id, kind: 'disabled' },
  ]);
  await ctx.db.insert(watchedPerson).values({
    ...HERE,
    personId: zhang.id,
    kind: 'communityCorrection',
    riskLevel: 'low',
    responsibleUnitId: await unitId(ctx, '370400-justice'),
    followUpDays: 30,
  });
  await ctx.db.insert(dispute).values([
    { ...HERE, occurredOn: '2026-10-01', place: '楼下', kind: 'neighbours', partyCount: 2, summary: '噪音' },
    { ...HERE, occurredOn: '2026-09-01', place: '楼下', kind: 'family', partyCount: 2, summary: '家事', outcome: 'settled' },
  ]);
  await ctx.db.insert(hazard).values([
    { ...HERE, foundOn: '2026-10-01', kind: 'fire', level: 'general', description: '楼道堆物' },
    { ...HERE, foundOn: '2026-09-01', kind: 'fire', level: 'general', description: '电动车充电', status: 'rectified', rectifiedOn: '2026-09-05' },
  ]);
}, 180_000);
afterAll(() => t.close());

const expected = {
  gridCode: GRID,
  persons: { registered: 2, floating: 1, foreign: 1, total: 4 },
  households: 1,
  buildings: 1,
  dwellings: 2,
  rentals: { active: 1 },
  organisations: 3,
  keyUnits: 1,
  keyPlaces: 1,
  care: { disabled: 1, elderlyAlone: 2 },
  disputes: { open: 1 },
  hazards: { open: 1 },
};

describe('a grid’s base-information summary', () => {
  it('counts the grid’s records for its worker, as numbers; no watched counts for a role that does not read them', async () => {
    const res = await summary('worker');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ...expected, watched: null });
    // Numbers, not strings, on both databases (pg answers count(*) as text unless typed).
    expect(res.body).toContain('"households":1');
    expect(typeof res.json().persons.total).toBe('number');
  });

  it('shows watched persons by kind to the responsible roles: the grid leader and the town centre', async () => {
    for (const as of ['leader', 'zhongxinjie']) {
      const res = await summary(as);
      expect(res.statusCode, as).toBe(200);
      expect(res.json(), as).toEqual({ ...expected, watched: { communityCorrection: 1 } });
    }
    // The district centre reads base information but not watched persons.
    expect((await summary('shizhong')).json()).toEqual({ ...expected, watched: null });
  });

  it('gives a department without a grant zeros, not the grid’s numbers; a grant opens only its registry', async () => {
    const zeros = {
      gridCode: GRID,
      persons: { registered: 0, floating: 0, foreign: 0, total: 0 },
      households: 0,
      buildings: 0,
      dwellings: 0,
      rentals: { active: 0 },
      organisations: 0,
      keyUnits: 0,
      keyPlaces: 0,
      care: {},
      // The police read watched persons, but only those their unit answers for: none here.
      watched: {},
      disputes: { open: 0 },
      hazards: { open: 0 },
    };
    const res = await summary('police');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual(zeros);
    const [grant] = await t.ctx.db
      .insert(baseGrant)
      .values({
        unitId: await unitId(t.ctx),
        registry: 'person',
        divisionCode: '370402001000',
        divisionPrefix: '370402001',
        reason: '治安排查',
        grantedBy: await t.userId('city'),
      })
      .returning();
    expect((await summary('police')).json()).toEqual({ ...zeros, persons: expected.persons, households: 1 });
    await t.ctx.db.delete(baseGrant).where(eq(baseGrant.id, grant?.id as string));
  });

  it('refuses without a session (401), a role without base.read (403), a grid outside the jurisdiction (404), a malformed code (400)', async () => {
    expect((await summary(undefined)).statusCode).toBe(401);
    expect((await summary('admin')).statusCode).toBe(403);
    expect((await summary('tengzhou')).statusCode).toBe(404);
    // The worker's grids are 铁西's; another community's grid is not found for them.
    expect((await summary('worker', ELSEWHERE.gridCode)).statusCode).toBe(404);
    expect((await summary('worker', '3704020010139999')).statusCode).toBe(404);
    const bad = await summary('worker', '37040200101310');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('params.code');
  });
});
