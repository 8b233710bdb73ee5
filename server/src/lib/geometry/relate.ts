// How two polygon geometries lie relative to each other, decided exactly and cheaply when their
// boundaries do not cross: apart (at most touching), one inside the other, or "unknown" (they cross,
// or a case this does not settle), in which case the caller computes the overlay. This spares the
// exact but slow overlay (polyclip) in the cases validation meets most: neighbouring grids that share
// edges, and a grid well inside (or along the edge of) its district.
//
// Method: every pair of edges, one from each geometry, is met exactly. A proper crossing means
// "unknown". Otherwise each edge is cut where the other geometry touches it, and each piece is
// either shared with the other's boundary (then which side the two interiors lie on is read from
// the edges' directions) or wholly inside or wholly outside the other geometry, judged at its middle.
import { BOUNDARY, INSIDE, type Location } from './point-in-polygon.js';
import { forEachCandidatePair, meet, type Segment } from './segments.js';
import { preparedLocation } from './spatial-index.js';
import { geometryBBox } from './measure.js';
import { type BBox, type PolygonGeometry, polygonsOf, ringSignedArea } from './types.js';

/** a relative to b: 'disjoint' (interiors apart), 'within' (a ⊆ b), 'contains' (b ⊆ a), or 'unknown'. */
export type Relation = 'disjoint' | 'within' | 'contains' | 'unknown';

interface Edge extends Segment {
  from: 0 | 1;
  /** The direction with the geometry's interior on its left. */
  dx: number;
  dy: number;
  cuts?: [number, number][];
  shared?: [number, number][];
}

export function boxesOverlap(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** The geometry's edges whose boxes reach into the box, and whether any were left out. */
function edgesNear(g: PolygonGeometry, box: BBox, from: 0 | 1): { edges: Edge[]; leftOut: boolean } {
  const edges: Edge[] = [];
  let leftOut = false;
  for (const poly of polygonsOf(g)) {
    poly.forEach((ring, ri) => {
      if (ring.length < 2) return;
      const area = ringSignedArea(ring);
      const interiorLeft = ri === 0 ? area > 0 : area < 0;
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i]!;
        const b = ring[(i + 1) % ring.length]!;
        const ax = a[0]!;
        const ay = a[1]!;
        const bx = b[0]!;
        const by = b[1]!;
        if (ax === bx && ay === by) continue;
        if (Math.max(ax, bx) < box[0] || Math.min(ax, bx) > box[2] || Math.max(ay, by) < box[1] || Math.min(ay, by) > box[3]) {
          leftOut = true;
          continue;
        }
        const sign = interiorLeft ? 1 : -1;
        edges.push({ ax, ay, bx, by, from, dx: sign * (bx - ax), dy: sign * (by - ay) });
      }
    });
  }
  return { edges, leftOut };
}

function param(e: Edge, x: number, y: number): number {
  return Math.abs(e.bx - e.ax) >= Math.abs(e.by - e.ay) ? (x - e.ax) / (e.bx - e.ax) : (y - e.ay) / (e.by - e.ay);
}

/** Whether the pieces of these edges (cut at their contacts, shared pieces left out) lie inside and/or outside the other geometry. */
function sides(edges: Edge[], where: (x: number, y: number) => Location): { inside: boolean; outside: boolean; unsure: boolean } {
  let inside = false;
  let outside = false;
  for (const e of edges) {
    const ts = [0, 1, ...(e.cuts ?? []).map(([x, y]) => param(e, x, y))].sort((p, q) => p - q);
    for (let k = 0; k + 1 < ts.length; k++) {
      const t0 = ts[k]!;
      const t1 = ts[k + 1]!;
      if (!(t1 > t0)) continue;
      const tm = (t0 + t1) / 2;
      if (e.shared?.some(([u, v]) => tm >= Math.min(u, v) && tm <= Math.max(u, v))) continue;
      const w = where(e.ax + tm * (e.bx - e.ax), e.ay + tm * (e.by - e.ay));
      if (w === BOUNDARY) return { inside, outside, unsure: true };
      if (w === INSIDE) inside = true;
      else outside = true;
      if (inside && outside) return { inside, outside, unsure: false };
    }
  }
  return { inside, outside, unsure: false };
}

export function relate(a: PolygonGeometry, b: PolygonGeometry): Relation {
  const boxA = geometryBBox(a);
  const boxB = geometryBBox(b);
  if (!boxesOverlap(boxA, boxB)) return 'disjoint';
  const ea = edgesNear(a, boxB, 0);
  const eb = edgesNear(b, boxA, 1);
  const all = [...ea.edges, ...eb.edges];
  let crossing = false;
  let sameSide = false;
  let oppositeSide = false;
  forEachCandidatePair(all, (i, j) => {
    const s = all[i]!;
    const t = all[j]!;
    if (s.from === t.from) return true;
    const m = meet(s, t);
    if (m.kind === 'none') return true;
    if (m.kind === 'cross') {
      crossing = true;
      return false;
    }
    for (const e of [s, t]) {
      e.cuts ??= [];
      e.cuts.push([m.x, m.y]);
    }
    if (m.kind === 'overlap') {
      for (const e of [s, t]) {
        e.cuts!.push([m.x2, m.y2]);
        e.shared ??= [];
        e.shared.push([param(e, m.x, m.y), param(e, m.x2, m.y2)]);
      }
      // Both interiors on the same side of the shared stretch means they overlap there.
      if (s.dx * t.dx + s.dy * t.dy > 0) sameSide = true;
      else oppositeSide = true;
    }
    return true;
  });
  if (crossing) return 'unknown';
  const sa = sides(ea.edges, preparedLocation(b));
  if (sa.unsure) return 'unknown';
  const sb = sides(eb.edges, preparedLocation(a));
  if (sb.unsure) return 'unknown';
  const aOut = sa.outside || ea.leftOut;
  const bOut = sb.outside || eb.leftOut;
  if (!sa.inside && !sb.inside && !sameSide) return 'disjoint';
  if (!aOut && !sb.inside && !oppositeSide) return 'within';
  if (!bOut && !sa.inside && !oppositeSide) return 'contains';
  return 'unknown';
}
