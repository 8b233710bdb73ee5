// From the generator's planar metres to GeoJSON for the demo grid generator (grid-demo.ts):
// coordinates rounded to 6 decimals (about 0.1 m), rings kept closed, counter-clockwise outer rings
// and clockwise holes (RFC 7946), and every ring checked for self-intersection after rounding.
//
// Rounding is done on integer micro-degrees. A vertex on (or within NEAR_OUTLINE_M of) the district
// outline moves to the nearest micro-degree point on the district's side of the lines of all nearby
// outline edges, so no grid pokes out of its district (the price: slivers up to a decimetre wide
// along the outline are left uncovered); all other vertices round to the nearest point. Vertices
// shared by neighbouring grids are the same floating-point numbers (SharedVertices sees to that),
// so they round the same way and shared borders stay shared.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { EdgeIndex, MultiPoly, Region, Ring } from './grid-demo-geometry.js';

export const MICRO = 1e6;
/** Vertices this close to the district outline are rounded to a point inside it. */
const NEAR_OUTLINE_M = 0.25;

/** A local equirectangular plane around (lng0, lat0), in metres. */
export class Projection {
  readonly kx: number;
  readonly ky: number;
  constructor(
    readonly lng0: number,
    readonly lat0: number,
  ) {
    const phi = (lat0 * Math.PI) / 180;
    this.ky = 111132.954 - 559.822 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi);
    this.kx = 111412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi);
  }
  toPlane(lng: number, lat: number): [number, number] {
    return [(lng - this.lng0) * this.kx, (lat - this.lat0) * this.ky];
  }
  toLngLat(x: number, y: number): [number, number] {
    return [this.lng0 + x / this.kx, this.lat0 + y / this.ky];
  }
}

type IntRing = [number, number][];

const orient = (a: [number, number], b: [number, number], c: [number, number]) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);

function intRingArea2(r: IntRing): number {
  let s = 0;
  const [ox, oy] = r[0]!;
  for (let i = 1; i < r.length - 2; i++) s += (r[i]![0] - ox) * (r[i + 1]![1] - oy) - (r[i + 1]![0] - ox) * (r[i]![1] - oy);
  return s;
}

/** Drops repeated positions and back-tracking spikes (a, b, a or a, b, c with c on a–b) from a closed ring. */
function cleanRing(ring: IntRing): IntRing {
  const pts = ring.slice(0, -1);
  let changed = true;
  while (changed && pts.length >= 3) {
    changed = false;
    for (let i = 0; i < pts.length && pts.length >= 3; i++) {
      const a = pts[(i + pts.length - 1) % pts.length]!;
      const b = pts[i]!;
      const c = pts[(i + 1) % pts.length]!;
      const repeated = a[0] === b[0] && a[1] === b[1];
      const spike = orient(a, b, c) === 0 && (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]) <= 0;
      if (repeated || spike) {
        pts.splice(i, 1);
        changed = true;
        i--;
      }
    }
  }
  if (pts.length < 3) return [];
  return [...pts, pts[0]!];
}

function segmentsMeet(p1: [number, number], p2: [number, number], p3: [number, number], p4: [number, number]): boolean {
  const d1 = orient(p3, p4, p1);
  const d2 = orient(p3, p4, p2);
  const d3 = orient(p1, p2, p3);
  const d4 = orient(p1, p2, p4);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  const on = (a: [number, number], b: [number, number], c: [number, number]) =>
    Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
  return (d1 === 0 && on(p3, p4, p1)) || (d2 === 0 && on(p3, p4, p2)) || (d3 === 0 && on(p1, p2, p3)) || (d4 === 0 && on(p1, p2, p4));
}

/**
 * The first pair of edges of a polygon's rings that meet where they should not (crossing, touching,
 * or overlapping); adjacent edges of a ring may only share their common vertex. Null when valid.
 */
export function findSelfIntersection(
  rings: readonly (readonly [number, number][])[],
): { ring: number; edge: number; otherRing: number; otherEdge: number } | null {
  interface Seg {
    r: number;
    e: number;
    n: number;
    a: [number, number];
    b: [number, number];
    minX: number;
    maxX: number;
    minY: number;
    maxY: number;
  }
  const segs: Seg[] = [];
  rings.forEach((ring, r) => {
    const n = ring.length - 1;
    for (let e = 0; e < n; e++) {
      const a = ring[e]! as [number, number];
      const b = ring[e + 1]! as [number, number];
      segs.push({ r, e, n, a, b, minX: Math.min(a[0], b[0]), maxX: Math.max(a[0], b[0]), minY: Math.min(a[1], b[1]), maxY: Math.max(a[1], b[1]) });
    }
  });
  segs.sort((s, t) => s.minX - t.minX);
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    for (let j = i + 1; j < segs.length && segs[j]!.minX <= s.maxX; j++) {
      const t = segs[j]!;
      if (t.minY > s.maxY || t.maxY < s.minY) continue;
      const adjacent = s.r === t.r && ((s.e + 1) % s.n === t.e || (t.e + 1) % t.n === s.e);
      if (adjacent) {
        if (s.n === 2) return { ring: s.r, edge: s.e, otherRing: t.r, otherEdge: t.e };
        // They share one vertex; they must not also overlap along a line.
        const [first, second] = (s.e + 1) % s.n === t.e ? [s, t] : [t, s];
        const [a, b, c] = [first.a, first.b, second.b];
        if (orient(a, b, c) === 0 && (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]) < 0)
          return { ring: s.r, edge: s.e, otherRing: t.r, otherEdge: t.e };
        continue;
      }
      if (segmentsMeet(s.a, s.b, t.a, t.b)) return { ring: s.r, edge: s.e, otherRing: t.r, otherEdge: t.e };
    }
  }
  return null;
}

export interface OutputStats {
  snappedInside: number;
  repairedRings: number;
  droppedParts: number;
}

export const newOutputStats = (): OutputStats => ({ snappedInside: 0, repairedRings: 0, droppedParts: 0 });

/** Rounds one district's polygons; vertices on or near the district outline are kept inside it. */
export class Rounder {
  private readonly baseX: number;
  private readonly baseY: number;
  private readonly outlineEdges: EdgeIndex;
  private readonly nearOutline = new Map<string, [number, number]>();

  /** `outline`: the district on the plane, its rings oriented so that the district lies to the left of every edge. */
  constructor(
    private readonly proj: Projection,
    outline: Region,
    readonly stats: OutputStats,
  ) {
    this.baseX = Math.round(proj.lng0 * MICRO);
    this.baseY = Math.round(proj.lat0 * MICRO);
    this.outlineEdges = outline.edges;
  }

  /** Whether a planar point is on the district's side of an outline edge's line (on the line counts). */
  private innerSide(e: number, px: number, py: number): boolean {
    const edges = this.outlineEdges.edges;
    const ax = edges[e * 4]!;
    const ay = edges[e * 4 + 1]!;
    const bx = edges[e * 4 + 2]!;
    const by = edges[e * 4 + 3]!;
    return (bx - ax) * (py - ay) - (by - ay) * (px - ax) >= 0;
  }

  /**
   * A candidate point is acceptable when it is on the district's side of the line of every nearby
   * outline edge. Then a straight line between two accepted points that follows an outline edge
   * stays on the district's side of it; at a reflex corner this asks for more than being inside.
   */
  private acceptable(near: number[], cx: number, cy: number): boolean {
    const [px, py] = this.proj.toPlane((cx + this.baseX) / MICRO, (cy + this.baseY) / MICRO);
    return near.every((e) => this.innerSide(e, px, py));
  }

  private vertex(x: number, y: number): [number, number] {
    const [lng, lat] = this.proj.toLngLat(x, y);
    const fx = lng * MICRO - this.baseX;
    const fy = lat * MICRO - this.baseY;
    const rx = Math.round(fx);
    const ry = Math.round(fy);
    if (!this.outlineEdges.within(x, y, NEAR_OUTLINE_M)) return [rx, ry];
    const key = `${x},${y}`;
    const cached = this.nearOutline.get(key);
    if (cached) return cached;
    // The nearest micro-degree point on the district's side of the outline.
    const kx = this.proj.kx;
    const ky = this.proj.ky;
    let chosen: [number, number] = [rx, ry];
    for (const reach of [1, 3]) {
      const near = this.outlineEdges.near(x, y, NEAR_OUTLINE_M + reach * 0.2);
      const corners: [number, number][] = [];
      for (let dx = -reach; dx <= reach; dx++) for (let dy = -reach; dy <= reach; dy++) corners.push([rx + dx, ry + dy]);
      corners.sort((a, b) => Math.hypot((a[0] - fx) * kx, (a[1] - fy) * ky) - Math.hypot((b[0] - fx) * kx, (b[1] - fy) * ky) || a[0] - b[0] || a[1] - b[1]);
      const found = corners.find(([cx, cy]) => this.acceptable(near, cx, cy));
      if (found) {
        chosen = found;
        break;
      }
    }
    if (chosen[0] !== rx || chosen[1] !== ry) this.stats.snappedInside++;
    this.nearOutline.set(key, chosen);
    return chosen;
  }

  /** A closed ring rounded, cleaned, oriented, and made simple; empty when nothing of it is left. */
  private ring(ring: Ring, ccw: boolean): IntRing {
    let r = cleanRing(ring.map(([x, y]) => this.vertex(x, y)));
    for (let attempt = 0; r.length >= 4 && attempt < 50; attempt++) {
      const bad = findSelfIntersection([r]);
      if (!bad) break;
      // A crossing after rounding is a sub-decimetre feature: drop the vertex whose removal changes
      // the area least among the four ends of the two edges.
      const n = r.length - 1;
      const candidates = [bad.edge, bad.edge + 1, bad.otherEdge, bad.otherEdge + 1].map((i) => i % n);
      let best: IntRing = [];
      let bestCost = Infinity;
      for (const i of new Set(candidates)) {
        const pts = r.slice(0, -1);
        pts.splice(i, 1);
        const next = cleanRing([...pts, pts[0]!]);
        const cost = next.length >= 4 ? Math.abs(Math.abs(intRingArea2(next)) - Math.abs(intRingArea2(r))) : Infinity;
        if (cost < bestCost) {
          bestCost = cost;
          best = next;
        }
      }
      r = best;
      this.stats.repairedRings++;
    }
    if (r.length < 4 || intRingArea2(r) === 0 || findSelfIntersection([r])) return [];
    if (intRingArea2(r) > 0 !== ccw) r.reverse();
    return r;
  }

  toGeoJSON(multi: MultiPoly): Polygon | MultiPolygon | null {
    const polys: Position[][][] = [];
    for (const poly of multi) {
      const rings: IntRing[] = [];
      poly.forEach((ring, k) => {
        const r = this.ring(ring, k === 0);
        if (k === 0 && r.length === 0) return;
        if (k > 0 && (rings.length === 0 || r.length === 0)) return;
        rings.push(r);
      });
      if (rings.length === 0) {
        this.stats.droppedParts++;
        continue;
      }
      // Holes that now touch or cross their shell (a sub-decimetre approach) are dropped.
      while (rings.length > 1 && findSelfIntersection(rings)) {
        rings.pop();
        this.stats.droppedParts++;
      }
      polys.push(rings.map((r) => r.map(([x, y]) => [(x + this.baseX) / MICRO, (y + this.baseY) / MICRO])));
    }
    if (polys.length === 0) return null;
    if (polys.length === 1) return { type: 'Polygon', coordinates: polys[0]! };
    return { type: 'MultiPolygon', coordinates: polys };
  }
}
