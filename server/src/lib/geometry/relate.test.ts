import { Delaunay } from 'd3-delaunay';
import * as polyclip from 'polyclip-ts';
import { describe, expect, it } from 'vitest';
import { difference, differenceArea, fromClip, intersectionArea, toClip } from './clip.js';
import { areaM2, labelPoint } from './measure.js';
import { pointInGeometry } from './point-in-polygon.js';
import { seededRandom } from './prng.js';
import { overlap, relate } from './relate.js';
import type { PolygonGeometry } from './types.js';

const square = (x0: number, y0: number, s: number): GeoJSON.Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x0 + s, y0],
      [x0 + s, y0 + s],
      [x0, y0 + s],
      [x0, y0],
    ],
  ],
});

function star(rnd: () => number, cx: number, cy: number, size: number): GeoJSON.Polygon {
  const n = 5 + Math.floor(rnd() * 40);
  const ring: GeoJSON.Position[] = [];
  for (let k = 0; k < n; k++) {
    const a = (k / n) * 2 * Math.PI;
    const r = size * (0.5 + rnd() * 0.5);
    ring.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  ring.push(ring[0]!);
  const hole: GeoJSON.Position[] = [];
  if (rnd() < 0.3) {
    for (let k = 0; k < 6; k++) {
      const a = (-k / 6) * 2 * Math.PI;
      hole.push([cx + size * 0.2 * Math.cos(a), cy + size * 0.2 * Math.sin(a)]);
    }
    hole.push(hole[0]!);
  }
  return { type: 'Polygon', coordinates: hole.length ? [ring, hole] : [ring] };
}

/** The overlay's own answers, with no shortcut. */
const plainIntersection = (a: PolygonGeometry, b: PolygonGeometry) => {
  const g = fromClip(polyclip.intersection(toClip(a), toClip(b)));
  return g ? areaM2(g) : 0;
};
const plainDifference = (a: PolygonGeometry, b: PolygonGeometry) => {
  const g = fromClip(polyclip.difference(toClip(a), toClip(b)));
  return g ? areaM2(g) : 0;
};
const close = (x: number, y: number) => Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(y));

describe('relate', () => {
  it('tells apart, inside, containing, and crossing', () => {
    expect(relate(square(0, 0, 1), square(3, 0, 1))).toBe('disjoint');
    expect(relate(square(0, 0, 1), square(1, 0, 1))).toBe('disjoint'); // sharing an edge
    expect(relate(square(0, 0, 1), square(1, 0.5, 1))).toBe('disjoint'); // sharing part of an edge
    expect(relate(square(0, 0, 1), square(1, 1, 1))).toBe('disjoint'); // sharing a corner
    expect(relate(square(1, 1, 1), square(0, 0, 4))).toBe('within');
    expect(relate(square(0, 0, 1), square(0, 0, 4))).toBe('within'); // along two edges of it
    expect(relate(square(0, 0, 4), square(0, 0, 1))).toBe('contains');
    expect(relate(square(0, 0, 2), square(0, 0, 2))).toBe('within'); // the same square
    expect(relate(square(0, 0, 2), square(1, 1, 2))).toBe('unknown'); // crossing
    // Inside the outer ring but around a hole of the other: not within.
    const holed: GeoJSON.Polygon = { type: 'Polygon', coordinates: [square(0, 0, 10).coordinates[0]!, [...square(4, 4, 2).coordinates[0]!].reverse()] };
    expect(relate(square(3, 3, 4), holed)).not.toBe('within');
    expect(relate(square(4.5, 4.5, 1), holed)).toBe('disjoint'); // in the hole
    expect(relate(square(4, 4, 2), holed)).toBe('disjoint'); // filling the hole exactly
  });
});

describe('intersectionArea and difference with their shortcuts', () => {
  it('agree with the plain overlay on random pairs: apart, touching, nested and crossing', () => {
    const rnd = seededRandom(77);
    const relations = new Set<string>();
    for (let k = 0; k < 150; k++) {
      const a = star(rnd, 117.5, 34.8, 0.01);
      const b =
        k % 3 === 0 ? star(rnd, 117.5 + (rnd() - 0.5) * 0.004, 34.8, 0.002) : star(rnd, 117.5 + (rnd() - 0.5) * 0.04, 34.8 + (rnd() - 0.5) * 0.04, 0.01);
      relations.add(relate(a, b));
      expect(close(intersectionArea(a, b).areaM2, plainIntersection(a, b)), `intersection ${k}`).toBe(true);
      // The area read from the boundaries alone, which spares the overlay below a tolerance.
      const shared = overlap(a, b).areaM2;
      if (shared !== undefined) expect(close(shared, plainIntersection(a, b)), `boundary area ${k}`).toBe(true);
      expect(close(differenceArea(a, b, Number.POSITIVE_INFINITY).areaM2, plainDifference(a, b)), `difference area ${k}`).toBe(true);
      const d = difference(a, b);
      expect(close(d ? areaM2(d) : 0, plainDifference(a, b)), `difference ${k}`).toBe(true);
      const e = difference(b, a);
      expect(close(e ? areaM2(e) : 0, plainDifference(b, a)), `difference back ${k}`).toBe(true);
    }
    expect([...relations].sort()).toEqual(['contains', 'disjoint', 'unknown']);
  });

  it('finds no overlap between Voronoi neighbours that share their edges exactly, without the overlay', () => {
    const rnd = seededRandom(12);
    const sites = Array.from({ length: 60 }, () => [117 + rnd() * 0.1, 34.8 + rnd() * 0.1] as [number, number]);
    const delaunay = Delaunay.from(sites);
    const voronoi = delaunay.voronoi([117, 34.8, 117.1, 34.9]);
    const cell = (i: number): GeoJSON.Polygon => ({ type: 'Polygon', coordinates: [voronoi.cellPolygon(i) as GeoJSON.Position[]] });
    for (let i = 0; i < sites.length; i++) {
      for (const j of delaunay.neighbors(i)) {
        expect(relate(cell(i), cell(j))).toBe('disjoint');
        expect(intersectionArea(cell(i), cell(j))).toEqual({ areaM2: 0, geometry: null });
      }
    }
  });

  it('takes nothing from a grid inside its district, even along the district edge, and cuts a long outline down first', () => {
    // A district outline of 4,000 corners; grids inside it, along its edge, and across it.
    const ring: GeoJSON.Position[] = [];
    for (let k = 0; k < 4000; k++) {
      const a = (k / 4000) * 2 * Math.PI;
      const r = 0.1 * (1 + 0.05 * Math.sin(a * 40));
      ring.push([117.5 + r * Math.cos(a), 34.8 + r * Math.sin(a)]);
    }
    ring.push(ring[0]!);
    const district: GeoJSON.Polygon = { type: 'Polygon', coordinates: [ring] };
    expect(difference(square(117.49, 34.79, 0.01), district)).toBeNull();
    // A grid whose edge runs along a stretch of the outline.
    const along: GeoJSON.Polygon = { type: 'Polygon', coordinates: [[ring[0]!, ring[1]!, ring[2]!, [117.55, 34.8], ring[0]!]] };
    expect(relate(along, district)).toBe('within');
    expect(difference(along, district)).toBeNull();
    // Across the edge: the overlay, on the outline cut to the grid's box, agrees with the plain overlay.
    const across = square(117.595, 34.795, 0.02);
    const d = difference(across, district)!;
    expect(close(areaM2(d), plainDifference(across, district))).toBe(true);
    expect(close(intersectionArea(across, district).areaM2, plainIntersection(across, district))).toBe(true);
  });
});

// Neighbours digitised separately: the same Voronoi partition, each cell's edges densified and every
// vertex moved by up to `jitterM` on its own, so no vertex of one lies on the other's boundary and
// shared borders cross each other all along; a shared border's slivers go both ways.
const M = 1 / 111_320; // degrees of latitude per metre (longitude: a little more at 34.8°)
function redigitised(rnd: () => number, ring: GeoJSON.Position[], jitterM: number): GeoJSON.Polygon {
  const out: GeoJSON.Position[] = [];
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    const pieces = 3 + Math.floor(rnd() * 4);
    for (let k = 0; k < pieces; k++) {
      const t = (k + (k === 0 ? 0 : rnd() - 0.5)) / pieces;
      out.push([a[0]! + t * (b[0]! - a[0]!) + (rnd() - 0.5) * 2 * jitterM * M * 1.22, a[1]! + t * (b[1]! - a[1]!) + (rnd() - 0.5) * 2 * jitterM * M]);
    }
  }
  out.push([...out[0]!]);
  return { type: 'Polygon', coordinates: [out] };
}

describe('separately digitised neighbours', () => {
  const rnd = seededRandom(31);
  const sites = Array.from({ length: 40 }, () => [117.5 + rnd() * 0.02, 34.8 + rnd() * 0.02] as [number, number]);
  const delaunay = Delaunay.from(sites);
  const voronoi = delaunay.voronoi([117.5, 34.8, 117.52, 34.82]);
  const cells = sites.map((_, i) => redigitised(rnd, voronoi.cellPolygon(i) as GeoJSON.Position[], 0.05));
  const metres = (a: GeoJSON.Position, b: GeoJSON.Position) => Math.hypot((b[0]! - a[0]!) / 1.22, b[1]! - a[1]!) / M;
  /** The index in cell i's ring of an edge over 20 m long that cell j's ring also has, or -1. */
  const sharedEdge = (i: number, j: number) => {
    const ring = voronoi.cellPolygon(i) as GeoJSON.Position[];
    const other = voronoi.cellPolygon(j) as GeoJSON.Position[];
    const has = (p: GeoJSON.Position) => other.some((q) => q[0] === p[0] && q[1] === p[1]);
    return ring.findIndex((p, n) => n + 1 < ring.length && has(p) && has(ring[n + 1]!) && metres(p, ring[n + 1]!) > 20);
  };
  const neighbours: [number, number][] = [];
  for (let i = 0; i < sites.length; i++) for (const j of delaunay.neighbors(i)) if (i < j && sharedEdge(i, j) >= 0) neighbours.push([i, j]);

  it('measures their overlaps from the boundaries as the overlay would, and leaves the slivers under the tolerance without a shape', () => {
    let slivers = 0;
    for (const [i, j] of neighbours) {
      const a = cells[i]!;
      const b = cells[j]!;
      expect(relate(a, b), `${i}/${j}`).toBe('unknown'); // their borders cross
      const plain = plainIntersection(a, b);
      expect(plain).toBeGreaterThan(0);
      const o = intersectionArea(a, b, 10);
      expect(Math.abs(o.areaM2 - plain), `${i}/${j}`).toBeLessThan(1e-6 * Math.max(1, plain));
      if (o.areaM2 <= 10) {
        slivers++;
        expect(o.geometry).toBeNull();
      } else {
        expect(Math.abs(areaM2(o.geometry!) - o.areaM2)).toBeLessThan(1e-6 * o.areaM2);
      }
      const d = differenceArea(a, b, Number.POSITIVE_INFINITY);
      expect(Math.abs(d.areaM2 - plainDifference(a, b)), `${i}/${j}`).toBeLessThan(1e-6 * Math.max(1, plainDifference(a, b)));
      expect(d.geometry).toBeNull();
    }
    // 5 cm of jitter on both sides of a border of a few hundred metres: the slivers mostly add up to under 10 m².
    expect(slivers).toBeGreaterThan(0.9 * neighbours.length);
    expect(slivers).toBeLessThan(neighbours.length);
  });

  it('finds a real overlap among them, with its area, its shape and a point inside both', () => {
    // Push one vertex of a cell 4 m out across the middle of its border with a neighbour.
    const [i, j] = neighbours[0]!;
    const ring = voronoi.cellPolygon(i) as GeoJSON.Position[];
    const k = sharedEdge(i, j);
    const [a, b] = [ring[k]!, ring[k + 1]!];
    const length = Math.hypot((b[0]! - a[0]!) / 1.22, b[1]! - a[1]!);
    // The cell is counter-clockwise: outwards is to the right of its edge.
    const out = [((b[1]! - a[1]!) / length) * 4 * M * 1.22, (-(b[0]! - a[0]!) / 1.22 / length) * 4 * M];
    const pushed = [...ring.slice(0, k + 1), [(a[0]! + b[0]!) / 2 + out[0]!, (a[1]! + b[1]!) / 2 + out[1]!], ...ring.slice(k + 1)];
    const greedy = redigitised(seededRandom(5), pushed, 0.05);
    const found = intersectionArea(greedy, cells[j]!, 10);
    // A triangle 4 m high on the edge, give or take the slivers along the rest of the border.
    const triangle = metres(a, b) * 4 * 0.5;
    expect(found.areaM2).toBeGreaterThan(10);
    expect(Math.abs(found.areaM2 - triangle)).toBeLessThan(0.1 * triangle);
    expect(found.geometry).not.toBeNull();
    expect(Math.abs(areaM2(found.geometry!) - found.areaM2)).toBeLessThan(1e-6 * found.areaM2);
    const at = labelPoint(found.geometry!);
    expect(pointInGeometry(at, greedy)).toBe('inside');
    expect(pointInGeometry(at, cells[j]!)).toBe('inside');
  });
});
