import { Delaunay } from 'd3-delaunay';
import { describe, expect, it } from 'vitest';
import { geometryBBox } from './measure.js';
import { pointInGeometry } from './point-in-polygon.js';
import { seededRandom } from './prng.js';
import { SpatialIndex } from './spatial-index.js';
import type { LngLat, PolygonGeometry } from './types.js';

interface Item {
  key: string;
  geometry: PolygonGeometry;
}

/** A star-shaped ring around (cx, cy): corners at increasing angles, radius between rMin and rMax. */
function starRing(rnd: () => number, cx: number, cy: number, rMin: number, rMax: number, corners: number, clockwise = false): GeoJSON.Position[] {
  const ring: GeoJSON.Position[] = [];
  for (let k = 0; k < corners; k++) {
    const angle = ((clockwise ? -k : k) / corners) * 2 * Math.PI;
    const r = rMin + rnd() * (rMax - rMin);
    ring.push([cx + r * Math.cos(angle), cy + r * Math.sin(angle)]);
  }
  ring.push(ring[0]!);
  return ring;
}

/** A few hundred overlapping random polygons over Zaozhuang's box: some with holes, some MultiPolygons. */
function randomItems(seed: number, count: number): Item[] {
  const rnd = seededRandom(seed);
  const items: Item[] = [];
  for (let i = 0; i < count; i++) {
    const cx = 116.8 + rnd() * 1.0;
    const cy = 34.45 + rnd() * 0.85;
    const size = 0.01 + rnd() * 0.08;
    const shell = starRing(rnd, cx, cy, size * 0.5, size, 5 + Math.floor(rnd() * 60));
    const polygon: GeoJSON.Position[][] = [shell];
    if (rnd() < 0.3) polygon.push(starRing(rnd, cx, cy, size * 0.1, size * 0.4, 4 + Math.floor(rnd() * 10), true));
    let geometry: PolygonGeometry = { type: 'Polygon', coordinates: polygon };
    if (rnd() < 0.15) {
      const other = [starRing(rnd, cx + size * 2.5, cy, size * 0.3, size * 0.6, 6 + Math.floor(rnd() * 10))];
      geometry = { type: 'MultiPolygon', coordinates: [polygon, other] };
    }
    // Keys deliberately not in creation order.
    items.push({ key: `g${String((i * 7919) % 100000).padStart(5, '0')}`, geometry });
  }
  return items;
}

/** Every item, one by one (a plain bounding-box check first, only to keep the test quick). */
const boxes = new WeakMap<Item, number[]>();
function bruteForce(items: Item[], p: LngLat): string[] {
  return items
    .filter((it) => {
      let box = boxes.get(it);
      if (!box) {
        box = geometryBBox(it.geometry);
        boxes.set(it, box);
      }
      const [x0, y0, x1, y1] = box as [number, number, number, number];
      return p[0] >= x0 && p[0] <= x1 && p[1] >= y0 && p[1] <= y1 && pointInGeometry(p, it.geometry) !== 'outside';
    })
    .map((it) => it.key)
    .sort();
}

describe('SpatialIndex', () => {
  it('agrees with brute force on 10,000 random points over 300 random polygons, results ordered by key', () => {
    const items = randomItems(42, 300);
    const index = new SpatialIndex(items);
    expect(index.size).toBe(300);
    const rnd = seededRandom(4242);
    let hits = 0;
    for (let k = 0; k < 10_000; k++) {
      const p: LngLat = [116.75 + rnd() * 1.15, 34.4 + rnd() * 1.0];
      const got = index.locate(p).map((it) => it.key);
      expect(got).toEqual(bruteForce(items, p));
      if (got.length > 0) hits++;
    }
    // The sample exercised both hits and misses.
    expect(hits).toBeGreaterThan(1000);
    expect(hits).toBeLessThan(9000);
  });

  it('agrees with brute force on points exactly on vertices (boundary hits)', () => {
    const items = randomItems(43, 200);
    const index = new SpatialIndex(items);
    const rnd = seededRandom(99);
    for (let k = 0; k < 500; k++) {
      const it = items[Math.floor(rnd() * items.length)]!;
      const ring = it.geometry.type === 'Polygon' ? it.geometry.coordinates[0]! : it.geometry.coordinates[0]![0]!;
      const v = ring[Math.floor(rnd() * (ring.length - 1))]!;
      const p: LngLat = [v[0]!, v[1]!];
      const got = index.locate(p).map((x) => x.key);
      expect(got).toContain(it.key);
      expect(got).toEqual(bruteForce(items, p));
    }
  });

  it('agrees with brute force on every lattice point around long staircase rings, where points sit on level edges and corners', () => {
    const rnd = seededRandom(8);
    const bottom = Array.from({ length: 100 }, () => Math.floor(rnd() * 48));
    const top = Array.from({ length: 100 }, () => 53 + Math.floor(rnd() * 47));
    const shell: GeoJSON.Position[] = [];
    for (let x = 0; x < 100; x++) shell.push([x, bottom[x]!], [x + 1, bottom[x]!]);
    for (let x = 99; x >= 0; x--) shell.push([x + 1, top[x]!], [x, top[x]!]);
    shell.push(shell[0]!);
    const hole = [
      [40, 48],
      [40, 52],
      [60, 52],
      [60, 48],
      [40, 48],
    ];
    const items: Item[] = [
      { key: 'stairs', geometry: { type: 'Polygon', coordinates: [shell, hole] } },
      // A second, overlapping ring of another shape, banded too: a 200-corner circle.
      { key: 'circle', geometry: { type: 'Polygon', coordinates: [starRing(rnd, 50, 50, 30, 30, 200)] } },
    ];
    const index = new SpatialIndex(items);
    const seen = new Set<string>();
    for (let x = -1; x <= 101; x += 0.5) {
      for (let y = -1; y <= 101; y += 0.5) {
        const got = index.locate([x, y]).map((it) => it.key);
        expect(got, `${x},${y}`).toEqual(bruteForce(items, [x, y]));
        seen.add(items.map((it) => pointInGeometry([x, y], it.geometry)).join());
      }
    }
    // Inside, outside and on the boundary of each were all exercised.
    for (const w of ['inside', 'outside', 'boundary']) {
      expect([...seen].some((k) => k.startsWith(w))).toBe(true);
      expect([...seen].some((k) => k.endsWith(w))).toBe(true);
    }
  });

  it('puts every point of a Voronoi tiling in one cell, and a shared corner in all its cells, ordered by key', () => {
    const rnd = seededRandom(5);
    const sites = Array.from({ length: 400 }, () => [rnd(), rnd()] as [number, number]);
    const voronoi = Delaunay.from(sites).voronoi([0, 0, 1, 1]);
    const items: Item[] = sites.map((_s, i) => ({
      key: `c${String(399 - i).padStart(3, '0')}`,
      geometry: { type: 'Polygon', coordinates: [voronoi.cellPolygon(i)] },
    }));
    const index = new SpatialIndex(items);
    for (let k = 0; k < 5000; k++) {
      const got = index.locate([rnd(), rnd()]);
      expect(got).toHaveLength(1);
    }
    // A corner where cells meet: every cell containing it, ordered, and the same answer every time.
    const corner = voronoi.cellPolygon(17)[2]!;
    const p: LngLat = [corner[0]!, corner[1]!];
    const first = index.locate(p).map((x) => x.key);
    expect(first.length).toBeGreaterThanOrEqual(2);
    expect(first).toEqual([...first].sort());
    expect(index.locate(p).map((x) => x.key)).toEqual(first);
    expect(new SpatialIndex([...items].reverse()).locate(p).map((x) => x.key)).toEqual(first);
  });

  it('searches by box, in key order', () => {
    const square = (x: number, y: number): PolygonGeometry => ({
      type: 'Polygon',
      coordinates: [
        [
          [x, y],
          [x + 1, y],
          [x + 1, y + 1],
          [x, y + 1],
          [x, y],
        ],
      ],
    });
    const index = new SpatialIndex([
      { key: 'b', geometry: square(0, 0) },
      { key: 'a', geometry: square(2, 0) },
      { key: 'c', geometry: square(5, 5) },
    ]);
    expect(index.search([0.5, 0.5, 2.5, 0.5]).map((x) => x.key)).toEqual(['a', 'b']);
    expect(index.search([1, 1, 1, 1]).map((x) => x.key)).toEqual(['b']);
    expect(index.search([10, 10, 11, 11])).toEqual([]);
    expect(index.locate([1, 0.5]).map((x) => x.key)).toEqual(['b']);
    expect(index.locate([1.5, 0.5])).toEqual([]);
  });

  it('works empty and with items that have no polygon', () => {
    expect(new SpatialIndex([]).locate([0, 0])).toEqual([]);
    expect(new SpatialIndex([]).search([0, 0, 1, 1])).toEqual([]);
    const index = new SpatialIndex([{ key: 'empty', geometry: { type: 'MultiPolygon', coordinates: [] } }]);
    expect(index.size).toBe(1);
    expect(index.locate([0, 0])).toEqual([]);
  });
});
