import { gunzipSync } from 'node:zlib';
import { VectorTile, type VectorTileLayer } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LngLat, type PolygonGeometry, pointInGeometry, splitByLine } from '../../lib/geometry/index.js';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { ensureDemoGrids } from './grid-seed.js';
import { TileCache } from './grid-tiles.js';

// The map's vector tiles: cut from the current grids, filtered by the reader's jurisdiction, and
// renewed when an approved change takes effect. Two districts (市中区, 台儿庄区) keep this file quick.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  expect(await ensureDemoGrids(t.ctx, { districts: ['370402', '370405'] })).toBeGreaterThan(1000);
}, 180_000);
afterAll(() => t.close());

type Tile = { z: number; x: number; y: number };
/** The XYZ tile holding a point. */
function tileAt([lng, lat]: LngLat, z: number): Tile {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lng + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) };
}
/** One tile over the whole of Zaozhuang. */
const CITY: Tile = tileAt([117.3, 34.9], 6);

const fetchTile = (as: string, { z, x, y }: Tile, headers: Record<string, string> = {}) =>
  t.request({ method: 'GET', url: `/api/grids/tiles/${z}/${x}/${y}`, as, headers });

function layerOf(body: Buffer): VectorTileLayer {
  const tile = new VectorTile(new PbfReader(body));
  expect(Object.keys(tile.layers)).toEqual(['grids']);
  return tile.layers.grids as VectorTileLayer;
}
function featuresOf(body: Buffer) {
  const layer = layerOf(body);
  return Array.from({ length: layer.length }, (_, i) => layer.feature(i));
}
const codesOf = (body: Buffer) => featuresOf(body).map((f) => String(f.properties.code));

describe('a tile', () => {
  it('is a vector tile of polygons with code, kind and community, and an ETag to revalidate', async () => {
    const res = await fetchTile('city', CITY);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    const layer = layerOf(res.rawPayload);
    expect(layer.version).toBe(2);
    const features = featuresOf(res.rawPayload);
    expect(features.every((f) => f.type === 3)).toBe(true);
    expect(new Set(features.map((f) => f.properties.kind))).toEqual(new Set(['basic', 'dedicated', 'micro']));
    for (const f of features) expect(String(f.properties.code).startsWith(String(f.properties.communityCode))).toBe(true);
    // Names only where grids are big enough to be told apart by them.
    expect(features.some((f) => 'name' in f.properties)).toBe(false);

    const again = await fetchTile('city', CITY, { 'if-none-match': String(res.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await fetchTile('city', CITY, { 'if-none-match': `"other", W/${res.headers.etag}` })).statusCode).toBe(304);
  });

  it('draws the grid where it lies, at full detail and with its name from zoom 12', async () => {
    const card = (await t.request({ method: 'GET', url: '/api/grids/3704020010131001', as: 'city' })).json();
    const at = tileAt(card.label, 14);
    const feature = featuresOf((await fetchTile('city', at)).rawPayload).find((f) => f.properties.code === '3704020010131001');
    expect(feature?.properties).toMatchObject({ kind: 'basic', name: card.name, communityCode: '370402001013' });
    const drawn = feature?.toGeoJSON(at.x, at.y, at.z).geometry as PolygonGeometry;
    expect(pointInGeometry(card.label, drawn)).toBe('inside');
  });
});

describe('jurisdiction', () => {
  it('gives the city centre the grids of several districts in a low-zoom tile', async () => {
    const districts = new Set(codesOf((await fetchTile('city', CITY)).rawPayload).map((c) => c.slice(0, 6)));
    expect(districts).toEqual(new Set(['370402', '370405']));
  });

  it("gives a district centre only its district's grids, with another ETag", async () => {
    const city = await fetchTile('city', CITY);
    const res = await fetchTile('shizhong', CITY, { 'if-none-match': String(city.headers.etag) });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).not.toBe(city.headers.etag);
    const codes = codesOf(res.rawPayload);
    expect(codes.length).toBeGreaterThan(100);
    expect(codes.every((c) => c.startsWith('370402'))).toBe(true);
  });

  it('gives a grid worker only their grids and the micro grids inside them', async () => {
    const mine: string[] = (await t.request({ method: 'GET', url: '/api/me', as: 'worker' })).json().scope.gridCodes;
    expect(mine.length).toBeGreaterThan(0);
    const card = (await t.request({ method: 'GET', url: `/api/grids/${mine[0]}`, as: 'worker' })).json();
    const at = tileAt(card.label, 12);
    const codes = codesOf((await fetchTile('worker', at)).rawPayload);
    expect(codes).toContain(mine[0]);
    expect(codes.some((c) => c.length === 18)).toBe(true);
    expect(codes.every((c) => mine.some((m) => c.startsWith(m)))).toBe(true);
    // The city centre sees more in the same tile: the filter, not the tile, made the difference.
    expect(codesOf((await fetchTile('city', at)).rawPayload).length).toBeGreaterThan(codes.length);
  });

  it('answers a tile with nothing the reader may see as 204, with no body', async () => {
    // 滕州市 has no grids in this file: its centre sees none anywhere.
    const res = await fetchTile('tengzhou', CITY);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect((await fetchTile('city', { z: 6, x: 0, y: 0 })).statusCode).toBe(204);
  });
});

describe('bad tile addresses', () => {
  it.each([
    ['15/0/0', 'params.z'],
    ['-1/0/0', 'params.z'],
    ['a/0/0', 'params.z'],
    ['1.5/0/0', 'params.z'],
    ['1/2/0', 'params.x'],
    ['3/1/8', 'params.y'],
    ['0/0/1', 'params.y'],
    ['14/16384/0', 'params.x'],
    ['2/0/-1', 'params.y'],
  ])('refuses %s with 400 naming %s', async (path, field) => {
    const res = await t.request({ method: 'GET', url: `/api/grids/tiles/${path}`, as: 'city' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', field, messageZh: expect.stringContaining(field) });
  });

  it('refuses an unsigned-in reader with 401', async () => {
    expect((await t.request({ method: 'GET', url: `/api/grids/tiles/${CITY.z}/${CITY.x}/${CITY.y}` })).statusCode).toBe(401);
  });
});

describe('after an approved grid change', () => {
  it('shows the new codes in place of the old one, under a new ETag', async () => {
    // 中心街街道 splits a micro grid of 铁西居委会 in two; the city centre approves.
    const micro = (await t.request({ method: 'GET', url: '/api/grids?kind=micro&divisionCode=370402001013&pageSize=200', as: 'city' }))
      .json()
      .items.find((g: { code: string }) => g.code.startsWith('3704020010131001'));
    const card = (await t.request({ method: 'GET', url: `/api/grids/${micro.code}`, as: 'city' })).json();
    expect(card.boundary.type).toBe('Polygon');
    const [lng, lat] = card.label as LngLat;
    const pieces = splitByLine(card.boundary, {
      type: 'LineString',
      coordinates: [
        [lng, lat - 0.05],
        [lng, lat + 0.05],
      ],
    });
    expect(pieces.length).toBe(2);
    const at = tileAt(card.label, 14);
    const before = await fetchTile('zhongxinjie', at);
    expect(codesOf(before.rawPayload)).toContain(micro.code);

    const items = [
      { action: 'retire', code: micro.code },
      ...pieces.map((boundary, i) => ({ action: 'create', kind: 'micro', parentCode: micro.code.slice(0, 16), name: `拆分微网格${i + 1}`, boundary })),
    ];
    const change = (
      await t.request({
        method: 'POST',
        url: '/api/grid-changes',
        as: 'zhongxinjie',
        payload: { kind: 'split', communityCode: '370402001013', reason: '楼栋调整', items },
      })
    ).json();
    expect(change.valid).toBe(true);
    expect((await t.request({ method: 'POST', url: `/api/grid-changes/${change.id}/submit`, as: 'zhongxinjie' })).statusCode).toBe(200);
    const approved = await t.request({ method: 'POST', url: `/api/grid-changes/${change.id}/approve`, as: 'city', payload: {} });
    expect(approved.statusCode).toBe(200);
    const issued: string[] = approved.json().issued;
    expect(issued).toHaveLength(2);

    const after = await fetchTile('zhongxinjie', at, { 'if-none-match': String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const codes = codesOf(after.rawPayload);
    expect(codes).toEqual(expect.arrayContaining(issued));
    expect(codes).not.toContain(micro.code);
  });
});

describe('the encoded-tile cache', () => {
  it('keeps the most recently used tiles within its byte limit', () => {
    const cache = new TileCache(30);
    cache.set('a', Buffer.alloc(10));
    cache.set('b', Buffer.alloc(10));
    cache.set('c', null);
    expect(cache.get('a')?.length).toBe(10);
    cache.set('d', Buffer.alloc(10));
    // 'b' was the least recently used: a, c and d are left (11 + 1 + 11 bytes with their keys).
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.length).toBe(10);
    expect(cache.get('c')).toBeNull();
    expect(cache.get('d')?.length).toBe(10);
  });
});

describe('grid tiles over the wire', () => {
  it('are gzipped for a client that takes gzip, and the same tile unpacked', async () => {
    const plain = await fetchTile('city', CITY);
    const packed = await fetchTile('city', CITY, { 'accept-encoding': 'gzip, deflate, br' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(packed.headers.vary).toContain('accept-encoding');
    expect(packed.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    expect(gunzipSync(packed.rawPayload).equals(plain.rawPayload)).toBe(true);
    // Each representation has its own ETag, and each revalidates.
    expect(packed.headers.etag).not.toBe(plain.headers.etag);
    const again = await fetchTile('city', CITY, { 'accept-encoding': 'gzip', 'if-none-match': String(packed.headers.etag) });
    expect(again.statusCode).toBe(304);
  });
});
