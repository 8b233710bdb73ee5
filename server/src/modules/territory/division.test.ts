import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Child = {
  code: string;
  name: string;
  level: number;
  kind: string;
  counts: { districts: number; towns: number; communities: number };
  hasChildren: boolean;
};

async function children(code: string, as = 'admin'): Promise<Child[]> {
  const res = await t.request({ method: 'GET', url: `/api/divisions/${code}/children`, as });
  expect(res.statusCode).toBe(200);
  return res.json().items;
}

describe('the Zaozhuang territory', () => {
  it('has the city with 6 districts, 66 towns and 2,469 communities beneath it', async () => {
    const districts = await children('370400');
    expect(districts.map((d) => d.name)).toEqual(['市中区', '薛城区', '峄城区', '台儿庄区', '山亭区', '滕州市']);
    expect(districts.find((d) => d.name === '滕州市')?.kind).toBe('countyCity');
    expect(districts.reduce((n, d) => n + d.counts.towns, 0)).toBe(66);
    expect(districts.reduce((n, d) => n + d.counts.communities, 0)).toBe(2469);
    const city = await t.request({ method: 'GET', url: '/api/divisions/370400000000', as: 'admin' });
    expect(city.json()).toMatchObject({
      code: '370400000000',
      name: '枣庄市',
      level: 1,
      kind: 'city',
      parentCode: null,
      path: [],
      counts: { districts: 6, towns: 66, communities: 2469 },
    });
  });

  it('walks the whole tree through /children and finds the same numbers', async () => {
    let towns = 0;
    let communities = 0;
    let residents = 0;
    for (const d of await children('370400000000')) {
      for (const town of await children(d.code)) {
        towns += 1;
        expect(['subdistrict', 'town', 'township', 'zone']).toContain(town.kind);
        const list = await children(town.code);
        expect(list.length).toBe(town.counts.communities);
        communities += list.length;
        residents += list.filter((c) => c.kind === 'residents').length;
        expect(list.every((c) => c.level === 4 && !c.hasChildren && c.code.startsWith(town.code.slice(0, 9)))).toBe(true);
      }
    }
    expect({ towns, communities, residents }).toEqual({ towns: 66, communities: 2469, residents: 258 });
  }, 120_000);

  it('gives a community its kind and its path', async () => {
    const res = await t.request({ method: 'GET', url: '/api/divisions/370402001013', as: 'admin' });
    expect(res.json()).toMatchObject({
      name: '铁西居委会',
      kind: 'residents',
      level: 4,
      path: [
        { code: '370400000000', name: '枣庄市' },
        { code: '370402000000', name: '市中区' },
        { code: '370402001000', name: '中心街街道' },
      ],
    });
  });

  it('serves the district outlines as GeoJSON for the map', async () => {
    const res = await t.request({ method: 'GET', url: '/api/divisions/370400/outlines', as: 'city' });
    const fc = res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(6);
    const shizhong = fc.features.find((f: { id: string }) => f.id === '370402000000');
    expect(shizhong.properties).toEqual({ code: '370402000000', name: '市中区', level: 2 });
    const [lng, lat] = shizhong.geometry.coordinates[0][0];
    expect(lng).toBeGreaterThan(116.8);
    expect(lng).toBeLessThan(118.2);
    expect(lat).toBeGreaterThan(34.3);
    expect(lat).toBeLessThan(35.5);
  });

  it('draws a town inside its district outline', async () => {
    const res = await t.request({ method: 'GET', url: '/api/divisions/370402001/outlines', as: 'zhongxinjie' });
    expect(res.json().features.map((f: { id: string }) => f.id)).toEqual(['370402000000']);
  });
});

describe('jurisdiction over the tree', () => {
  it('shows a district user their district, the path above it, and nothing beside it', async () => {
    const top = await children('370400', 'shizhong');
    expect(top.map((d) => d.name)).toEqual(['市中区']);
    const city = await t.request({ method: 'GET', url: '/api/divisions/370400', as: 'shizhong' });
    expect(city.json().counts).toEqual({ districts: 1, towns: 11, communities: 170 });
    for (const url of ['/api/divisions/370481', '/api/divisions/370481/children', '/api/divisions/370481001/outlines']) {
      const res = await t.request({ method: 'GET', url, as: 'shizhong' });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
  });

  it('shows a grid worker their own community only', async () => {
    const town = await children('370402001', 'worker');
    expect(town.map((c) => c.name)).toEqual(['铁西居委会']);
    expect((await t.request({ method: 'GET', url: '/api/divisions/370402001016', as: 'worker' })).statusCode).toBe(404);
  });

  it('answers a code that does not exist as not found', async () => {
    expect((await t.request({ method: 'GET', url: '/api/divisions/370499', as: 'admin' })).statusCode).toBe(404);
  });
});
