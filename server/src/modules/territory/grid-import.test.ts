import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { ensureDemoGrids } from './grid-seed.js';

// @mapbox/shp-write (a test-only dependency) is CommonJS.
const shpwrite = createRequire(import.meta.url)('@mapbox/shp-write');

// A survey department delivers boundaries as GeoJSON or Shapefile with its own column names.
let t: TestApp;
type Feature = { type: 'Feature'; properties: Record<string, unknown>; geometry: unknown };
let delivered: Feature[];

beforeAll(async () => {
  t = await createTestApp();
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
  const res = await t.request({ method: 'GET', url: '/api/grids/export?divisionCode=370402001&kind=basic', as: 'zhongxinjie' });
  delivered = res.json().features.map((f: { properties: { code: string; communityCode: string; name: string }; geometry: unknown }) => ({
    type: 'Feature',
    properties: { CUN_DM: f.properties.communityCode, WG_MC: f.properties.name, WG_BM: f.properties.code, LX: '基础网格' },
    geometry: f.geometry,
  }));
}, 120_000);
afterAll(() => t.close());

const importing = (features: Feature[], mapping: Record<string, string>, as = 'zhongxinjie') =>
  t.request({
    method: 'POST',
    url: '/api/grid-changes/import',
    as,
    payload: { reason: '测绘成果入库', mapping, features: { type: 'FeatureCollection', features } },
  });

describe('importing grid boundaries', () => {
  it('turns features with existing codes into one redraw proposal per community, validated, never applied', async () => {
    const res = await importing(delivered, { community: 'CUN_DM', name: 'WG_MC', code: 'WG_BM', kind: 'LX' });
    expect(res.statusCode).toBe(201);
    const { changes, skipped } = res.json();
    expect(skipped).toEqual([]);
    const communities = new Set(delivered.map((f) => f.properties.CUN_DM));
    expect(changes).toHaveLength(communities.size);
    for (const c of changes) expect(c).toMatchObject({ kind: 'redraw', status: 'draft', valid: true });
    const card = (await t.request({ method: 'GET', url: `/api/grids/${delivered[0]?.properties.WG_BM}`, as: 'city' })).json();
    expect(card.history).toHaveLength(1);
  });

  it('reports new boundaries that overlap the current grids instead of overwriting them', async () => {
    const fresh = delivered.slice(0, 3).map((f) => ({ ...f, properties: { ...f.properties, WG_BM: undefined } }));
    const { changes } = (await importing(fresh, { community: 'CUN_DM', kind: 'LX' })).json();
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) {
      expect(c.kind).toBe('create');
      expect(c.valid).toBe(false);
      expect(c.validation.some((i: { kind: string }) => i.kind === 'overlap')).toBe(true);
    }
  });

  it('lists features it cannot place, and communities outside the jurisdiction', async () => {
    const bad = { ...delivered[0], properties: { ...delivered[0]?.properties, CUN_DM: '3704' } } as Feature;
    const foreign = { ...delivered[0], properties: { ...delivered[0]?.properties, CUN_DM: '370402002003' } } as Feature;
    const res = (await importing([bad, foreign, delivered[1] as Feature], { community: 'CUN_DM', code: 'WG_BM' })).json();
    expect(res.changes).toHaveLength(1);
    expect(res.skipped.map((s: { feature: number }) => s.feature)).toEqual([0, -1]);
    expect(res.skipped[1].messageZh).toContain('370402002003');
  });

  it('refuses an import where nothing can be placed, naming the features', async () => {
    const res = await importing([delivered[0] as Feature], { community: 'NO_SUCH_COLUMN' });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('features');
  });

  it('reads a zipped Shapefile the same way', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: delivered.slice(0, 4).map((f) => ({ ...f, properties: { CUN_DM: f.properties.CUN_DM, WG_BM: f.properties.WG_BM } })),
    };
    const zip: Buffer = await shpwrite.zip(fc, { outputType: 'nodebuffer', compression: 'DEFLATE', types: { polygon: 'grids' } });
    const res = await t.request({
      method: 'POST',
      url: '/api/grid-changes/import',
      as: 'zhongxinjie',
      payload: { reason: '测绘成果入库（Shapefile）', mapping: { community: 'CUN_DM', code: 'WG_BM' }, shapefile: zip.toString('base64') },
    });
    expect(res.statusCode).toBe(201);
    const { changes, skipped } = res.json();
    expect(skipped).toEqual([]);
    expect(changes.flatMap((c: { items: unknown[] }) => c.items)).toHaveLength(4);
    for (const c of changes) expect(c).toMatchObject({ kind: 'redraw', valid: true });
  });

  it('names each feature with bad geometry, from GeoJSON and from a Shapefile, and changes nothing', async () => {
    // Feature 2 is a bow tie (its ring crosses itself); features 1 and 3 are fine.
    const bow = structuredClone(delivered[1]) as Feature;
    const ring =
      (bow.geometry as { type: string; coordinates: number[][][] | number[][][][] }).type === 'Polygon'
        ? ((bow.geometry as { coordinates: number[][][] }).coordinates[0] as number[][])
        : ((bow.geometry as { coordinates: number[][][][] }).coordinates[0]?.[0] as number[][]);
    const [a0, a1, a2, a3] = ring as [number[], number[], number[], number[]];
    bow.geometry = { type: 'Polygon', coordinates: [[a0, a2, a1, a3, a0]] };
    const features = [delivered[0] as Feature, bow, delivered[2] as Feature];
    const before = (await t.request({ method: 'GET', url: `/api/grids/${bow.properties.WG_BM}`, as: 'zhongxinjie' })).json();
    const zip: Buffer = await shpwrite.zip(
      { type: 'FeatureCollection', features: features.map((f) => ({ ...f, properties: { CUN_DM: f.properties.CUN_DM, WG_BM: f.properties.WG_BM } })) },
      { outputType: 'nodebuffer', compression: 'DEFLATE', types: { polygon: 'grids' } },
    );
    const deliveries = [{ features: { type: 'FeatureCollection', features } }, { shapefile: zip.toString('base64') }];
    for (const delivery of deliveries) {
      const res = await t.request({
        method: 'POST',
        url: '/api/grid-changes/import',
        as: 'zhongxinjie',
        payload: { reason: '测绘成果入库', mapping: { community: 'CUN_DM', code: 'WG_BM' }, ...delivery },
      });
      expect(res.statusCode, res.body).toBe(201);
      const { report, changes } = res.json() as {
        report: { feature: number; severity: string; messageZh: string }[];
        changes: { status: string; valid: boolean }[];
      };
      const problems = report.filter((r) => r.severity === 'problem');
      expect(problems.length).toBeGreaterThan(0);
      expect(new Set(problems.map((r) => r.feature))).toEqual(new Set([1]));
      expect(problems[0]?.messageZh).toMatch(/^第 2 个要素：/);
      expect(changes.every((c) => c.status === 'draft')).toBe(true);
      expect(changes.some((c) => !c.valid)).toBe(true);
    }
    // Nothing took effect: the grid keeps its boundary and its one version.
    const after = (await t.request({ method: 'GET', url: `/api/grids/${bow.properties.WG_BM}`, as: 'zhongxinjie' })).json();
    expect(after.boundary).toEqual(before.boundary);
    expect(after.history).toHaveLength(before.history.length);
  });

  it('refuses a shapefile that is not one, and a body with both or neither', async () => {
    const post = (payload: object) =>
      t.request({
        method: 'POST',
        url: '/api/grid-changes/import',
        as: 'zhongxinjie',
        payload: { reason: '测试', mapping: { community: 'CUN_DM' }, ...payload },
      });
    expect((await post({ shapefile: Buffer.from('not a zip at all').toString('base64') })).json().field).toBe('body.shapefile');
    expect((await post({})).json().field).toBe('body.features');
  });

  it('is for proposers only', async () => {
    expect((await importing(delivered.slice(0, 1), { community: 'CUN_DM' }, 'worker')).statusCode).toBe(403);
    expect((await importing(delivered.slice(0, 1), { community: 'CUN_DM' }, 'city')).statusCode).toBe(403);
  });
});
