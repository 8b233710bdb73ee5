// How two polygon geometries lie relative to each other, and how much area they share, read from
// their boundaries alone: apart (at most touching), one inside the other, or "unknown" (they cross,
// or a case this does not settle). This spares the exact but slow overlay (polyclip) in the cases
// validation meets most: neighbouring grids that share edges, a grid well inside (or along the edge
// of) its district, and neighbours digitised separately whose borders cross each other all along
// but overlap by less than the tolerance, where only the area is wanted, not the shape.
//
// Method: every pair of edges, one from each geometry, is met exactly (crossings at a rounded point,
// the same point for both edges). Each edge is cut where the other geometry touches or crosses it,
// and each piece is either shared with the other's boundary (then which side the two interiors lie
// on is read from the edges' directions) or wholly inside or wholly outside the other geometry,
// judged at its middle. The pieces inside the other geometry, with the shared pieces whose interiors
// lie on the same side, are the boundary of the intersection; its area is their shoelace sum (Green's
// theorem) in the coordinates turf's area uses (longitude, sine of latitude), so it is the area
// areaM2 would give the overlay's answer, up to rounding.
import { BOUNDARY, INSIDE, type Location } from './point-in-polygon.js';
import { forEachCandidatePair, meet, type Segment } from './segments.js';
import { preparedLocation } from './spatial-index.js';
import { EARTH_RADIUS_M, geometryBBox } from './measure.js';
import { type BBox, type PolygonGeometry, polygonsOf, ringSignedArea } from './types.js';

/** a relative to b: 'disjoint' (interiors apart), 'within' (a ⊆ b), 'contains' (b ⊆ a), or 'unknown'. */
export type Relation = 'disjoint' | 'within' | 'contains' | 'unknown';

interface Edge extends Segment {
  from: 0 | 1;
  /** 1 when the geometry's interior lies left of a→b (a counter-clockwise shell, a clockwise hole), else -1. */
  sign: 1 | -1;
  cuts?: [number, number][];
  /** Stretches along the other's boundary, as parameters on this edge, and whether both interiors lie on the same side. */
  shared?: [number, number, boolean][];
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
      const sign = (ri === 0 ? area > 0 : area < 0) ? 1 : -1;
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
        edges.push({ ax, ay, bx, by, from, sign });
      }
    });
  }
  return { edges, leftOut };
}

function param(e: Edge, x: number, y: number): number {
  return Math.abs(e.bx - e.ax) >= Math.abs(e.by - e.ay) ? (x - e.ax) / (e.bx - e.ax) : (y - e.ay) / (e.by - e.ay);
}

const RAD = Math.PI / 180;

/** A piece's term of the shoelace sum, in radians of longitude and sine of latitude, both from an origin near the geometries for precision. */
function term(x0: number, s0: number, px: number, py: number, qx: number, qy: number): number {
  const pX = (px - x0) * RAD;
  const qX = (qx - x0) * RAD;
  const pS = Math.sin(py * RAD) - s0;
  const qS = Math.sin(qy * RAD) - s0;
  return (pX * qS - qX * pS) / 2;
}

interface Sides {
  /** Some piece lies inside, or outside, the other geometry. */
  inside: boolean;
  outside: boolean;
  /** A piece's middle fell on the other's boundary without the piece being shared: undecided. */
  unsure: boolean;
  /** The shoelace sum over the pieces inside the other geometry (and, when asked, the shared pieces with both interiors on one side), in their interior-on-the-left direction. */
  sum: number;
}

/** Where the pieces of these edges (cut at their contacts) lie relative to the other geometry. */
function sides(edges: Edge[], where: (x: number, y: number) => Location, origin: [number, number], countSharedAlike: boolean): Sides {
  const out: Sides = { inside: false, outside: false, unsure: false, sum: 0 };
  const [x0, s0] = origin;
  for (const e of edges) {
    const stops: [number, number, number][] = [
      [0, e.ax, e.ay],
      ...(e.cuts ?? []).map(([x, y]): [number, number, number] => [param(e, x, y), x, y]),
      [1, e.bx, e.by],
    ];
    stops.sort((p, q) => p[0] - q[0]);
    for (let k = 0; k + 1 < stops.length; k++) {
      const [t0, px, py] = stops[k]!;
      const [t1, qx, qy] = stops[k + 1]!;
      if (!(t1 > t0)) continue;
      const tm = (t0 + t1) / 2;
      const shared = e.shared?.find(([u, v]) => tm >= Math.min(u, v) && tm <= Math.max(u, v));
      if (shared) {
        if (countSharedAlike && shared[2]) out.sum += e.sign * term(x0, s0, px, py, qx, qy);
        continue;
      }
      const w = where(e.ax + tm * (e.bx - e.ax), e.ay + tm * (e.by - e.ay));
      if (w === BOUNDARY) {
        out.unsure = true;
        return out;
      }
      if (w === INSIDE) {
        out.inside = true;
        out.sum += e.sign * term(x0, s0, px, py, qx, qy);
      } else out.outside = true;
    }
  }
  return out;
}

export interface Overlap {
  relation: Relation;
  /**
   * The area a and b share, in square metres as areaM2 measures it; undefined when a piece of
   * boundary could not be placed (its middle on the other's boundary), and only the overlay can tell.
   */
  areaM2: number | undefined;
}

/** How a and b lie relative to each other and the area they share, from their boundaries (see the top of this file). */
export function overlap(a: PolygonGeometry, b: PolygonGeometry): Overlap {
  const boxA = geometryBBox(a);
  const boxB = geometryBBox(b);
  if (!boxesOverlap(boxA, boxB)) return { relation: 'disjoint', areaM2: 0 };
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
    if (m.kind === 'cross') crossing = true;
    for (const e of [s, t]) {
      e.cuts ??= [];
      e.cuts.push([m.x, m.y]);
    }
    if (m.kind === 'overlap') {
      // Both interiors on the same side of the shared stretch means they overlap there.
      const alike = s.sign * t.sign * ((s.bx - s.ax) * (t.bx - t.ax) + (s.by - s.ay) * (t.by - t.ay)) > 0;
      for (const e of [s, t]) {
        e.cuts!.push([m.x2, m.y2]);
        e.shared ??= [];
        e.shared.push([param(e, m.x, m.y), param(e, m.x2, m.y2), alike]);
      }
      if (alike) sameSide = true;
      else oppositeSide = true;
    }
    return true;
  });
  // The middle of the boxes' common part, as the origin of the shoelace sum.
  const midX = (Math.max(boxA[0], boxB[0]) + Math.min(boxA[2], boxB[2])) / 2;
  const origin: [number, number] = [midX, Math.sin(((Math.max(boxA[1], boxB[1]) + Math.min(boxA[3], boxB[3])) / 2) * RAD)];
  const sa = sides(ea.edges, preparedLocation(b), origin, true);
  if (sa.unsure) return { relation: 'unknown', areaM2: undefined };
  const sb = sides(eb.edges, preparedLocation(a), origin, false);
  if (sb.unsure) return { relation: 'unknown', areaM2: undefined };
  const areaM2 = Math.max(0, (sa.sum + sb.sum) * EARTH_RADIUS_M * EARTH_RADIUS_M);
  if (crossing) return { relation: 'unknown', areaM2 };
  const aOut = sa.outside || ea.leftOut;
  const bOut = sb.outside || eb.leftOut;
  if (!sa.inside && !sb.inside && !sameSide) return { relation: 'disjoint', areaM2: 0 };
  if (!aOut && !sb.inside && !oppositeSide) return { relation: 'within', areaM2 };
  if (!bOut && !sa.inside && !oppositeSide) return { relation: 'contains', areaM2 };
  return { relation: 'unknown', areaM2 };
}

export function relate(a: PolygonGeometry, b: PolygonGeometry): Relation {
  return overlap(a, b).relation;
}
