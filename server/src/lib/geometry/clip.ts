// Boolean operations on polygons. The overlay itself is polyclip-ts (a robust Martinez-style sweep,
// exact but slow: about 6 ms for two 120-corner polygons, far more against a district outline of
// thousands of corners), so cheaper exact steps come first:
// - overlap() (relate.ts) settles the common cases without any overlay: boxes apart, shapes apart or
//   only sharing edges (neighbouring grids), one inside the other (a grid inside its district); and
//   when the boundaries cross it still gives the shared area, so a caller that only wants the shape
//   above a size (validation: overlaps beyond the tolerance) pays for the overlay only then;
// - otherwise each operand is first cut down to the box where the answer can lie (Sutherland–Hodgman
//   against a rectangle a little larger than that box), so a district outline of thousands of
//   corners arrives at the overlay as a few dozen. The cut may leave zero-width slivers along the
//   rectangle, which polyclip's non-zero rule ignores, and which lie outside the answer anyway.
// Results are MultiPolygons (shells counter-clockwise, holes clockwise) or null when empty.
import * as polyclip from 'polyclip-ts';
import { areaM2, geometryBBox } from './measure.js';
import { overlap } from './relate.js';
import { type BBox, orientRing, type PolygonGeometry, polygonsOf } from './types.js';

type Ring = [number, number][];
type Poly = Ring[];

/** Operands with more corners than this are cut to the box of interest before the overlay. */
const CUT_ABOVE = 32;

/** The geometry in polyclip's shape: 2-D positions, one entry per polygon. */
export function toClip(g: PolygonGeometry): Poly[] {
  return polygonsOf(g).map((poly) => poly.map((ring) => ring.map((p) => [p[0]!, p[1]!] as [number, number])));
}

/** polyclip's answer as a MultiPolygon, or null when it is empty. */
export function fromClip(polys: Poly[]): GeoJSON.MultiPolygon | null {
  const coordinates = polys.filter((p) => p.length > 0 && p[0]!.length >= 4);
  return coordinates.length === 0 ? null : { type: 'MultiPolygon', coordinates };
}

/** The geometry as it is, in the shape the overlay returns (2-D, closed, oriented), or null when it has no polygon. */
function asMulti(g: PolygonGeometry): GeoJSON.MultiPolygon | null {
  const coordinates = polygonsOf(g)
    .filter((poly) => poly[0] && poly[0].length >= 4)
    .map((poly) => poly.filter((r) => r.length >= 4).map((r, i) => orientRing(r, i === 0)));
  return coordinates.length === 0 ? null : { type: 'MultiPolygon', coordinates };
}

function corners(g: PolygonGeometry): number {
  let n = 0;
  for (const poly of polygonsOf(g)) for (const ring of poly) n += ring.length;
  return n;
}

/** The box grown by a millionth of its size (and a nanodegree), so cut edges fall outside anything inside it. */
function grow(box: BBox): BBox {
  const m = Math.max(box[2] - box[0], box[3] - box[1]) * 1e-6 + 1e-9;
  return [box[0] - m, box[1] - m, box[2] + m, box[3] + m];
}

/** The geometry cut to the box (Sutherland–Hodgman), in polyclip's shape; uncut when it is small. */
function cutTo(g: PolygonGeometry, box: BBox): Poly[] {
  if (corners(g) <= CUT_ABOVE) return toClip(g);
  const out: Poly[] = [];
  for (const poly of toClip(g)) {
    // A polygon whose outer ring misses the box entirely is outside it.
    const shell = cutRing(poly[0]!, box);
    if (shell.length < 3) continue;
    out.push([
      shell,
      ...poly
        .slice(1)
        .map((r) => cutRing(r, box))
        .filter((r) => r.length >= 3),
    ]);
  }
  return out;
}

function cutRing(ring: Ring, [x0, y0, x1, y1]: BBox): Ring {
  let pts = ring;
  const sides: [(p: [number, number]) => boolean, (a: [number, number], b: [number, number]) => [number, number]][] = [
    [(p) => p[0] >= x0, (a, b) => [x0, a[1] + ((x0 - a[0]) * (b[1] - a[1])) / (b[0] - a[0])]],
    [(p) => p[0] <= x1, (a, b) => [x1, a[1] + ((x1 - a[0]) * (b[1] - a[1])) / (b[0] - a[0])]],
    [(p) => p[1] >= y0, (a, b) => [a[0] + ((y0 - a[1]) * (b[0] - a[0])) / (b[1] - a[1]), y0]],
    [(p) => p[1] <= y1, (a, b) => [a[0] + ((y1 - a[1]) * (b[0] - a[0])) / (b[1] - a[1]), y1]],
  ];
  for (const [keep, cross] of sides) {
    const next: Ring = [];
    for (let i = 0; i < pts.length; i++) {
      const a = pts[i]!;
      const b = pts[(i + 1) % pts.length]!;
      const ka = keep(a);
      const kb = keep(b);
      if (ka) next.push(a);
      if (ka !== kb) next.push(cross(a, b));
    }
    pts = next;
    if (pts.length === 0) break;
  }
  return pts;
}

type Measured = { areaM2: number; geometry: GeoJSON.MultiPolygon | null };

/** The answer with its shape only when its area is above the caller's threshold. */
function shaped(area: number, geometry: GeoJSON.MultiPolygon | null, shapeAboveM2: number): Measured {
  return { areaM2: area, geometry: area > shapeAboveM2 ? geometry : null };
}

/**
 * The shared part of a and b: its area in square metres, and its shape when that area is above
 * `shapeAboveM2` (by default: whenever they overlap), else null. Below the threshold the area comes
 * from the boundaries alone when they allow it (relate.ts), which spares the overlay.
 */
export function intersectionArea(a: PolygonGeometry, b: PolygonGeometry, shapeAboveM2 = 0): Measured {
  const { relation, areaM2: shared } = overlap(a, b);
  if (relation === 'disjoint') return { areaM2: 0, geometry: null };
  const shortcut = relation === 'within' ? asMulti(a) : relation === 'contains' ? asMulti(b) : undefined;
  if (shortcut !== undefined) return shaped(shortcut ? areaM2(shortcut) : 0, shortcut, shapeAboveM2);
  if (shared !== undefined && shared <= shapeAboveM2) return { areaM2: shared, geometry: null };
  const boxA = geometryBBox(a);
  const boxB = geometryBBox(b);
  const box = grow([Math.max(boxA[0], boxB[0]), Math.max(boxA[1], boxB[1]), Math.min(boxA[2], boxB[2]), Math.min(boxA[3], boxB[3])]);
  const geometry = fromClip(polyclip.intersection(cutTo(a, box), cutTo(b, box)));
  return shaped(geometry ? areaM2(geometry) : 0, geometry, shapeAboveM2);
}

/**
 * a with b taken away: its area in square metres, and its shape when that area is above
 * `shapeAboveM2` (by default: whenever anything is left), else null. Below the threshold the area
 * comes from the boundaries alone when they allow it (relate.ts), which spares the overlay.
 */
export function differenceArea(a: PolygonGeometry, b: PolygonGeometry, shapeAboveM2 = 0): Measured {
  const { relation, areaM2: shared } = overlap(a, b);
  if (relation === 'within') return { areaM2: 0, geometry: null };
  if (relation === 'disjoint') {
    const whole = asMulti(a);
    return shaped(whole ? areaM2(whole) : 0, whole, shapeAboveM2);
  }
  if (shared !== undefined) {
    const left = Math.max(0, areaM2(a) - shared);
    if (left <= shapeAboveM2) return { areaM2: left, geometry: null };
  }
  const geometry = fromClip(polyclip.difference(toClip(a), cutTo(b, grow(geometryBBox(a)))));
  return shaped(geometry ? areaM2(geometry) : 0, geometry, shapeAboveM2);
}

/** a with b taken away; null when nothing is left. */
export function difference(a: PolygonGeometry, b: PolygonGeometry): GeoJSON.MultiPolygon | null {
  return differenceArea(a, b).geometry;
}

/** Everything covered by any of the geometries; null for none or only empty ones. */
export function union(gs: PolygonGeometry[]): GeoJSON.MultiPolygon | null {
  const parts = gs.map(toClip).filter((p) => p.length > 0);
  const [first, ...rest] = parts;
  if (!first) return null;
  return fromClip(polyclip.union(first, ...rest));
}
