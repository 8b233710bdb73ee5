// Point in polygon by crossing number with exact predicates: a horizontal ray to the right of the
// point, a half-open rule on edge ends (an edge counts when one end is strictly above the point and
// the other is not), exact orientation for which side of an edge the point is on, and an explicit
// test for the point lying on an edge or a vertex. No tolerance anywhere: a point is on the boundary
// only if it is exactly on it.
import { orient2d } from './predicates.js';
import { flattenRing, type LngLat, type PolygonGeometry, polygonsOf } from './types.js';

export const OUTSIDE = 0;
export const INSIDE = 1;
export const BOUNDARY = 2;
export type Location = typeof OUTSIDE | typeof INSIDE | typeof BOUNDARY;

/** One polygon prepared for repeated tests: its bounding box and its rings as flat closed arrays (shell first). */
export interface FlatPolygon {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  rings: Float64Array[];
}

/**
 * One edge a→b against the point: 1 when the rightward ray from the point crosses it (half-open in
 * y: one end strictly above the point, the other not), 2 when the point lies on it, 0 otherwise.
 */
export function edgeTest(ax: number, ay: number, bx: number, by: number, px: number, py: number): number {
  const bAbove = by > py;
  if (ay > py !== bAbove) {
    // Straddling the ray's line. Wholly right of the point: a crossing; wholly left: none;
    // otherwise the exact orientation decides, and zero means the point is on the edge.
    if (ax > px && bx > px) return 1;
    if (ax < px && bx < px) return 0;
    const o = orient2d(ax, ay, bx, by, px, py);
    if (o === 0) return 2;
    return o > 0 === bAbove ? 1 : 0;
  }
  if (ay === py || by === py) {
    // Touching the ray's line without straddling it: the point may be a corner or on a level edge.
    if (ay === py && by === py) return (ax <= px && px <= bx) || (bx <= px && px <= ax) ? 2 : 0;
    if ((ay === py && ax === px) || (by === py && bx === px)) return 2;
  }
  return 0;
}

/** Where (px, py) is relative to one closed flat ring [x0, y0, …, x0, y0], testing every edge. */
export function pointInFlatRing(c: Float64Array, px: number, py: number): Location {
  let crossings = 0;
  for (let i = 0, last = c.length - 2; i < last; i += 2) {
    const r = edgeTest(c[i]!, c[i + 1]!, c[i + 2]!, c[i + 3]!, px, py);
    if (r === 2) return BOUNDARY;
    crossings ^= r;
  }
  return crossings ? INSIDE : OUTSIDE;
}

/** Where the point is relative to prepared polygons: holes respected; inside one polygon wins over the boundary of another. */
export function pointInFlatPolygons(polygons: readonly FlatPolygon[], px: number, py: number): Location {
  let onBoundary = false;
  for (const poly of polygons) {
    if (px < poly.minX || px > poly.maxX || py < poly.minY || py > poly.maxY) continue;
    const rings = poly.rings;
    const shell = pointInFlatRing(rings[0]!, px, py);
    if (shell === OUTSIDE) continue;
    if (shell === BOUNDARY) {
      onBoundary = true;
      continue;
    }
    let where: Location = INSIDE;
    for (let r = 1; r < rings.length; r++) {
      const hole = pointInFlatRing(rings[r]!, px, py);
      if (hole === INSIDE) {
        where = OUTSIDE;
        break;
      }
      if (hole === BOUNDARY) where = BOUNDARY;
    }
    if (where === INSIDE) return INSIDE;
    if (where === BOUNDARY) onBoundary = true;
  }
  return onBoundary ? BOUNDARY : OUTSIDE;
}

/** Prepare a geometry for repeated point tests. Empty polygons and empty rings are skipped. */
export function flattenGeometry(g: PolygonGeometry): FlatPolygon[] {
  const out: FlatPolygon[] = [];
  for (const poly of polygonsOf(g)) {
    const shell = poly[0];
    if (!shell || shell.length === 0) continue;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const p of shell) {
      const x = p[0]!;
      const y = p[1]!;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    out.push({ minX, minY, maxX, maxY, rings: poly.filter((r) => r.length > 0).map(flattenRing) });
  }
  return out;
}

const NAMES = ['outside', 'inside', 'boundary'] as const;

/**
 * Where a point lies relative to a Polygon or MultiPolygon: holes are respected, and a point exactly
 * on an edge or a vertex (of the shell or of a hole) is 'boundary'. Flattens the geometry on every
 * call: for many points against the same geometry, use SpatialIndex or flattenGeometry.
 */
export function pointInGeometry(p: LngLat, g: PolygonGeometry): 'inside' | 'boundary' | 'outside' {
  if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) return 'outside';
  return NAMES[pointInFlatPolygons(flattenGeometry(g), p[0], p[1])];
}
