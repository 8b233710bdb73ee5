import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LngLat, pointInGeometry, wgs84ToGcj02 } from '../../lib/geometry/index.js';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { GridIndex } from './grid-index.js';
import { insertGridVersions } from './grid.store.js';
import { ensureDemoGrids } from './grid-seed.js';

// The demo grid set of one district (市中区) keeps this file quick; the server seeds the whole city.
let t: TestApp;
let seededAt: Date;
type Feature = {
  id: string;
  properties: { code: string; kind: string; communityCode: string; parentCode: string | null };
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
};
let features: Feature[];

beforeAll(async () => {
  t = await createTestApp();
  seededAt = new Date();
  expect(await ensureDemoGrids(t.ctx, { districts: ['370402'] })).toBeGreaterThan(1000);
  const res = await t.request({ method: 'GET', url: '/api/grids/export?divisionCode=370402', as: 'city' });
  features = res.json().features;
}, 120_000);
afterAll(() => t.close());

const locate = (query: string, as = 'city') => t.request({ method: 'GET', url: `/api/grids/locate?${query}`, as });
const firstRing = (g: Feature['geometry']) => (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0]?.[0]) as LngLat[];
const gridsAt = (p: LngLat, kind: string) =>
  features.filter((f) => f.properties.kind === kind && pointInGeometry(p, f.geometry) !== 'outside').map((f) => f.properties.code);

describe('the demo grid set', () => {
  it('numbers grids by community, kind and parent', () => {
    const kinds = new Set(features.map((f) => f.properties.kind));
    expect([...kinds].sort()).toEqual(['basic', 'dedicated', 'micro']);
    for (const f of features) {
      expect(f.properties.code.startsWith(f.properties.communityCode)).toBe(true);
      if (f.properties.kind === 'micro') expect(f.properties.code.slice(0, 16)).toBe(f.properties.parentCode);
    }
    expect(features.find((f) => f.properties.code === '3704020010131001')).toBeDefined();
  });

  it('gives the demo grid staff the basic grids of 铁西居委会, so those grids have a full team', async () => {
    const me = (await t.request({ method: 'GET', url: '/api/me', as: 'worker' })).json();
    expect(me.scope.gridCodes.length).toBeGreaterThan(0);
    expect(me.scope.gridCodes.every((c: string) => c.startsWith('3704020010131'))).toBe(true);
    const card = (await t.request({ method: 'GET', url: `/api/grids/${me.scope.gridCodes[0]}`, as: 'city' })).json();
    expect(card.teamComplete).toBe(true);
    expect(card.team.map((m: { role: string }) => m.role).sort()).toEqual(['gridInstructor', 'gridLeader', 'gridWorker']);
    const other = features.find((f) => f.properties.kind === 'basic' && !f.properties.communityCode.endsWith('013'));
    expect((await t.request({ method: 'GET', url: `/api/grids/${other?.id}`, as: 'city' })).json().teamComplete).toBe(false);
  });
});

describe('the grid card and search', () => {
  it('shows kind, path, micro grids and history', async () => {
    const card = (await t.request({ method: 'GET', url: '/api/grids/3704020010131001', as: 'shizhong' })).json();
    expect(card).toMatchObject({
      code: '3704020010131001',
      kind: 'basic',
      status: 'current',
      path: [{ name: '枣庄市' }, { name: '市中区' }, { name: '中心街街道' }, { name: '铁西居委会' }],
    });
    expect(card.microGrids.length).toBeGreaterThan(0);
    expect(card.microGrids.every((c: string) => c.startsWith('3704020010131001'))).toBe(true);
    expect(card.history).toHaveLength(1);
    expect(card.history[0].validTo).toBeNull();
  });

  it('searches by code prefix and kind, inside the jurisdiction', async () => {
    const page = (await t.request({ method: 'GET', url: '/api/grids?q=370402001013&kind=micro&pageSize=200', as: 'city' })).json();
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.every((g: { code: string; kind: string }) => g.kind === 'micro' && g.code.startsWith('370402001013'))).toBe(true);
    const backwards = (await t.request({ method: 'GET', url: '/api/grids?divisionCode=370402001013&sort=-code&pageSize=200', as: 'city' })).json();
    const codes = backwards.items.map((g: { code: string }) => g.code);
    expect(codes.length).toBeGreaterThan(2);
    expect(codes).toEqual([...codes].sort().reverse());
    const escaped = (await t.request({ method: 'GET', url: `/api/grids?q=${encodeURIComponent('%')}`, as: 'city' })).json();
    expect(escaped.total).toBe(0);
    const mine = (await t.request({ method: 'GET', url: '/api/grids?pageSize=200', as: 'worker' })).json();
    expect(mine.items.every((g: { code: string }) => g.code.startsWith('3704020010131'))).toBe(true);
    expect((await t.request({ method: 'GET', url: '/api/grids?pageSize=1', as: 'tengzhou' })).json().total).toBe(0);
    expect((await t.request({ method: 'GET', url: '/api/grids/3704020010131001', as: 'tengzhou' })).statusCode).toBe(404);
  });
});

describe('where is this point', () => {
  it('answers a point inside a micro grid with its whole chain', async () => {
    const micro = features.find((f) => f.properties.kind === 'micro' && f.properties.communityCode === '370402001013');
    const card = (await t.request({ method: 'GET', url: `/api/grids/${micro?.id}`, as: 'city' })).json();
    const [lng, lat] = card.label;
    const res = (await locate(`lng=${lng}&lat=${lat}`)).json();
    expect(res).toMatchObject({
      found: true,
      micro: { code: micro?.id, kind: 'micro' },
      basic: { code: micro?.properties.parentCode, kind: 'basic' },
      community: { code: '370402001013', name: '铁西居委会' },
      town: { code: '370402001000', name: '中心街街道' },
      district: { code: '370402000000', name: '市中区' },
    });
  });

  it('resolves a point on a border shared by two grids to the lower code, every time', async () => {
    // A vertex of one basic grid's outline that another basic grid also touches.
    let shared: { p: LngLat; codes: string[] } | undefined;
    for (const f of features.filter((x) => x.properties.kind === 'basic')) {
      for (const p of firstRing(f.geometry)) {
        const codes = gridsAt(p, 'basic');
        if (codes.length >= 2) {
          shared = { p, codes: codes.sort() };
          break;
        }
      }
      if (shared) break;
    }
    expect(shared).toBeDefined();
    const [lng, lat] = shared!.p;
    const answers = await Promise.all([1, 2, 3].map(() => locate(`lng=${lng}&lat=${lat}`)));
    for (const a of answers) expect(a.json().basic.code).toBe(shared!.codes[0]);
  });

  it('answers "no grid" outside every grid, and in a hole', async () => {
    const outside = (await locate('lng=100&lat=30')).json();
    expect(outside).toMatchObject({ found: false, micro: null, basic: null, dedicated: [], community: null, town: null, district: null });
    // A grid with a hole, far from the demo set.
    const ring: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [110, 30],
          [110.1, 30],
          [110.1, 30.1],
          [110, 30.1],
          [110, 30],
        ],
        [
          [110.04, 30.04],
          [110.04, 30.06],
          [110.06, 30.06],
          [110.06, 30.04],
          [110.04, 30.04],
        ],
      ],
    };
    await t.ctx.db.transaction(async (tx) => {
      await insertGridVersions(tx, [
        {
          code: '3704020010131900',
          kind: 'basic',
          name: '环形测试网格',
          communityCode: '370402001013',
          boundary: ring,
          minLng: 110,
          minLat: 30,
          maxLng: 110.1,
          maxLat: 30.1,
          areaM2: 1,
          labelLng: 110.02,
          labelLat: 30.02,
          validFrom: new Date(),
        },
      ]);
      await GridIndex.bump(tx);
    });
    t.ctx.grids.invalidate();
    expect((await locate('lng=110.02&lat=30.02')).json().basic?.code).toBe('3704020010131900');
    expect((await locate('lng=110.05&lat=30.05')).json().found).toBe(false);
  });

  it('converts GCJ-02 points from Chinese web maps', async () => {
    const micro = features.find((f) => f.properties.kind === 'micro');
    const card = (await t.request({ method: 'GET', url: `/api/grids/${micro?.id}`, as: 'city' })).json();
    const [glng, glat] = wgs84ToGcj02(card.label);
    const res = (await locate(`lng=${glng}&lat=${glat}&crs=gcj02`)).json();
    expect(res.micro.code).toBe(micro?.id);
  });

  it('answers for a past moment from the versions valid then', async () => {
    const micro = features.find((f) => f.properties.kind === 'micro');
    const card = (await t.request({ method: 'GET', url: `/api/grids/${micro?.id}`, as: 'city' })).json();
    const [lng, lat] = card.label;
    const before = new Date(seededAt.getTime() - 60_000).toISOString();
    expect((await locate(`lng=${lng}&lat=${lat}&at=${before}`)).json().found).toBe(false);
    expect((await locate(`lng=${lng}&lat=${lat}&at=${new Date().toISOString()}`)).json().micro.code).toBe(micro?.id);
  });

  it('answers only with grids the caller may see', async () => {
    const mine = (await t.request({ method: 'GET', url: '/api/me', as: 'worker' })).json().scope.gridCodes[0];
    const myCard = (await t.request({ method: 'GET', url: `/api/grids/${mine}`, as: 'worker' })).json();
    const [lng, lat] = myCard.label;
    expect((await locate(`lng=${lng}&lat=${lat}`, 'worker')).json().basic.code).toBe(mine);
    expect((await locate(`lng=${lng}&lat=${lat}`, 'tengzhou')).json().found).toBe(false);
    const elsewhere = features.find((f) => f.properties.kind === 'basic' && f.properties.communityCode.startsWith('370402002'));
    const [elng, elat] = (await t.request({ method: 'GET', url: `/api/grids/${elsewhere?.id}`, as: 'city' })).json().label;
    expect((await locate(`lng=${elng}&lat=${elat}`, 'worker')).json().found).toBe(false);
  });
});

describe('export', () => {
  it('exports a community as GeoJSON, and nothing outside the jurisdiction', async () => {
    const res = (await t.request({ method: 'GET', url: '/api/grids/export?divisionCode=370402001013&kind=basic', as: 'zhongxinjie' })).json();
    expect(res.type).toBe('FeatureCollection');
    expect(res.features.length).toBeGreaterThan(0);
    expect(res.features.every((f: Feature) => f.properties.kind === 'basic' && f.properties.communityCode === '370402001013')).toBe(true);
    expect((await t.request({ method: 'GET', url: '/api/grids/export?divisionCode=370402001013', as: 'tengzhou' })).statusCode).toBe(404);
  });
});
