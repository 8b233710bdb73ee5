import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import area from '@turf/area';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { difference, type Geom, intersection, union } from 'polyclip-ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundledDivisionsFile, bundledOutlinesFile } from '../system/bootstrap.js';
import { type DemoGrid, generateDemoGrids, ZAOZHUANG_GRID_FIGURES } from './grid-demo.js';
import { type DivisionRecord, type OutlineRecord, parseDivisionFile, parseOutlineFile } from './territory-file.js';

type Coords = [number, number][][][];
const coords = (g: Polygon | MultiPolygon | OutlineRecord['geometry']): Coords => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown as Coords;
const m2 = (mp: Coords): number => (mp.length === 0 ? 0 : area({ type: 'MultiPolygon', coordinates: mp as Position[][][] }));
const hash = (grids: DemoGrid[]) => createHash('sha256').update(JSON.stringify(grids)).digest('hex');

/** Independent of the generator's own checks: every pair of non-neighbouring edges is tested. */
function selfIntersects(rings: [number, number][][]): boolean {
  const o = (a: number[], b: number[], c: number[]) => Math.sign((b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!));
  const on = (a: number[], b: number[], c: number[]) =>
    Math.min(a[0]!, b[0]!) <= c[0]! && c[0]! <= Math.max(a[0]!, b[0]!) && Math.min(a[1]!, b[1]!) <= c[1]! && c[1]! <= Math.max(a[1]!, b[1]!);
  const segs = rings.flatMap((r, ri) => r.slice(0, -1).map((p, i) => ({ ri, i, n: r.length - 1, a: p, b: r[i + 1]! })));
  for (let x = 0; x < segs.length; x++)
    for (let y = x + 1; y < segs.length; y++) {
      const s = segs[x]!;
      const t = segs[y]!;
      if (s.ri === t.ri && (t.i === s.i + 1 || (s.i === 0 && t.i === s.n - 1))) {
        // Neighbours: only their shared vertex in common (no folding back along one line).
        const [p, q, r] = t.i === s.i + 1 ? [s.a, s.b, t.b] : [t.a, t.b, s.b];
        if (o(p, q, r) === 0 && (q[0] - p[0]) * (r[0] - q[0]) + (q[1] - p[1]) * (r[1] - q[1]) < 0) return true;
        continue;
      }
      const [d1, d2, d3, d4] = [o(t.a, t.b, s.a), o(t.a, t.b, s.b), o(s.a, s.b, t.a), o(s.a, s.b, t.b)];
      if (d1 * d2 < 0 && d3 * d4 < 0) return true;
      if ((d1 === 0 && on(t.a, t.b, s.a)) || (d2 === 0 && on(t.a, t.b, s.b)) || (d3 === 0 && on(s.a, s.b, t.a)) || (d4 === 0 && on(s.a, s.b, t.b))) return true;
    }
  return false;
}

const signedArea = (r: [number, number][]) =>
  r.slice(0, -1).reduce((s, p, i) => s + (p[0] - r[0]![0]) * (r[i + 1]![1] - r[0]![1]) - (r[i + 1]![0] - r[0]![0]) * (p[1] - r[0]![1]), 0);

describe('demo grid generator on the Zaozhuang division tree', () => {
  let divisions: DivisionRecord[];
  let outlines: OutlineRecord[];
  let grids: DemoGrid[];
  let communities: Map<string, DivisionRecord>;

  beforeAll(() => {
    divisions = parseDivisionFile(JSON.parse(readFileSync(bundledDivisionsFile, 'utf8')));
    outlines = parseOutlineFile(JSON.parse(readFileSync(bundledOutlinesFile, 'utf8')));
    grids = generateDemoGrids(divisions, outlines);
    communities = new Map(divisions.filter((d) => d.level === 4).map((d) => [d.code, d]));
  });

  it('has the published numbers of basic, dedicated and micro grids, within 3 %', () => {
    const count = (kind: DemoGrid['kind']) => grids.filter((g) => g.kind === kind).length;
    for (const kind of ['basic', 'dedicated', 'micro'] as const) {
      expect(Math.abs(count(kind) / ZAOZHUANG_GRID_FIGURES[kind] - 1), kind).toBeLessThanOrEqual(0.03);
    }
  });

  it('puts every grid in a real community and gives every community a basic grid', () => {
    expect(grids.filter((g) => !communities.has(g.communityCode))).toEqual([]);
    const withBasic = new Set(grids.filter((g) => g.kind === 'basic').map((g) => g.communityCode));
    expect([...communities.keys()].filter((c) => !withBasic.has(c))).toEqual([]);
    expect(new Set(grids.map((g) => g.key)).size).toBe(grids.length);
    const basics = new Map(grids.filter((g) => g.kind === 'basic').map((g) => [g.key, g]));
    for (const micro of grids.filter((g) => g.kind === 'micro')) {
      const parent = basics.get(micro.parentKey ?? '');
      expect(parent?.communityCode, micro.key).toBe(micro.communityCode);
      expect(micro.name.startsWith(`${parent?.name}-`), micro.name).toBe(true);
    }
    for (const g of grids.filter((x) => x.kind === 'basic')) expect(g.name).toMatch(new RegExp(`^${communities.get(g.communityCode)?.name}第\\d+网格$`));
    for (const g of grids.filter((x) => x.kind === 'dedicated')) {
      expect(g.placeName && g.placeKind, g.key).toBeTruthy();
      expect(g.name).toBe(`${g.placeName}专属网格`);
    }
  });

  it('estimates households: basic grids 250–300, micro grids sharing out their basic grid', () => {
    const basics = grids.filter((g) => g.kind === 'basic');
    expect(basics.every((g) => g.households >= 250 && g.households <= 300)).toBe(true);
    const microSum = new Map<string, number>();
    for (const g of grids.filter((x) => x.kind === 'micro')) microSum.set(g.parentKey!, (microSum.get(g.parentKey!) ?? 0) + g.households);
    expect(basics.filter((b) => microSum.get(b.key) !== b.households)).toEqual([]);
  });

  it('writes valid GeoJSON: closed rings, counter-clockwise shells, 6 decimals, no self-intersection', () => {
    const bad: string[] = [];
    for (const g of grids) {
      for (const poly of coords(g.boundary)) {
        poly.forEach((ring, k) => {
          const [first, last] = [ring[0]!, ring[ring.length - 1]!];
          if (ring.length < 4 || first[0] !== last[0] || first[1] !== last[1]) bad.push(`${g.key}: ring not closed`);
          if (signedArea(ring) > 0 !== (k === 0)) bad.push(`${g.key}: ring orientation`);
          if (ring.some(([x, y]) => Math.round(x * 1e6) / 1e6 !== x || Math.round(y * 1e6) / 1e6 !== y)) bad.push(`${g.key}: not rounded`);
        });
        if (selfIntersects(poly)) bad.push(`${g.key}: self-intersection`);
      }
      if (m2(coords(g.boundary)) < 100) bad.push(`${g.key}: below 100 m²`);
    }
    expect(bad).toEqual([]);
  });

  it('gives the same output for the same seed, and another for another seed', () => {
    expect(hash(generateDemoGrids(divisions, outlines))).toBe(hash(grids));
    const one = divisions.filter((d) => d.level < 2 || d.code.startsWith('370402'));
    expect(hash(generateDemoGrids(one, outlines, 1))).not.toBe(hash(generateDemoGrids(one, outlines)));
  });

  // Geometry checks on two towns of 市中区 that reach the district outline: an urban subdistrict and a rural town.
  describe.each([
    ['370402005', '龙山路街道'],
    ['370402102', '孟庄镇'],
  ])('in town %s (%s)', (townCode) => {
    let sample: DemoGrid[];
    let basicsOf: Map<string, DemoGrid[]>;
    beforeAll(() => {
      sample = grids.filter((g) => g.communityCode.startsWith(townCode));
      basicsOf = new Map();
      for (const g of sample.filter((x) => x.kind === 'basic')) basicsOf.set(g.communityCode, [...(basicsOf.get(g.communityCode) ?? []), g]);
    });

    it('has grids of every kind', () => {
      expect(new Set(sample.map((g) => g.kind))).toEqual(new Set(['basic', 'dedicated', 'micro']));
    });

    it('does not overlap the basic grids of one community', () => {
      for (const list of basicsOf.values())
        for (let i = 0; i < list.length; i++)
          for (let j = i + 1; j < list.length; j++)
            expect(m2(intersection(coords(list[i]!.boundary), coords(list[j]!.boundary))), list[i]!.key).toBeLessThan(1);
    });

    it('tiles each basic grid with its micro grids', () => {
      for (const basic of sample.filter((g) => g.kind === 'basic')) {
        const micros = sample.filter((g) => g.parentKey === basic.key).map((g) => coords(g.boundary));
        expect(micros.length).toBeGreaterThanOrEqual(2);
        const covered = union(micros[0] as Geom, ...(micros.slice(1) as Geom[])) as Coords;
        const basicArea = m2(coords(basic.boundary));
        expect(Math.abs(m2(covered) - basicArea) / basicArea, basic.key).toBeLessThan(0.001);
        expect(m2(difference(covered, coords(basic.boundary))), basic.key).toBeLessThan(1);
        const sum = micros.reduce((s, m) => s + m2(m), 0);
        expect(sum - m2(covered), `${basic.key} micro overlap`).toBeLessThan(1);
      }
    });

    it('keeps each dedicated grid inside one basic grid of its community', () => {
      for (const g of sample.filter((x) => x.kind === 'dedicated')) {
        const outside = (basicsOf.get(g.communityCode) ?? []).map((b) => m2(difference(coords(g.boundary), coords(b.boundary))));
        expect(Math.min(...outside), g.key).toBeLessThan(1);
      }
    });

    it('keeps every grid inside the district outline', () => {
      const outline = outlines.find((o) => o.divisionCode === `${townCode.slice(0, 6)}000000`)!;
      let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const g of sample)
        for (const [x, y] of coords(g.boundary).flat(2)) {
          [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
        }
      // The outline cut to the town's box first, which changes nothing inside the box and saves time.
      const box: Geom = [
        [
          [minX - 0.01, minY - 0.01],
          [maxX + 0.01, minY - 0.01],
          [maxX + 0.01, maxY + 0.01],
          [minX - 0.01, maxY + 0.01],
          [minX - 0.01, minY - 0.01],
        ],
      ];
      const local = intersection(coords(outline.geometry), box);
      for (const g of sample) expect(m2(difference(coords(g.boundary), local)), g.key).toBeLessThan(1);
    });
  });
});
