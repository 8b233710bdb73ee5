/// <reference path="./polylabel.d.ts" />
// Measures of a polygon: bounding box, area on the ellipsoid-ish sphere, and a point to hang a label on.
import area from '@turf/area';
import polylabel from 'polylabel';
import { pointInGeometry } from './point-in-polygon.js';
import { type BBox, type LngLat, type PolygonGeometry, polygonsOf } from './types.js';

/** The smallest box holding every position of the geometry; [Infinity, Infinity, -Infinity, -Infinity] when it has none. */
export function geometryBBox(g: PolygonGeometry): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of polygonsOf(g)) {
    for (const ring of poly) {
      for (const p of ring) {
        const x = p[0]!;
        const y = p[1]!;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  return [minX, minY, maxX, maxY];
}

/** The sphere areaM2 measures on: turf's earthRadius (the WGS-84 mean radius), for sums that must agree with it. */
export const EARTH_RADIUS_M = 6371008.8;

/** Area in square metres on a sphere of the WGS-84 mean radius (turf's area: holes subtracted; under 0.5 % from the ellipsoid at this latitude). */
export function areaM2(g: PolygonGeometry): number {
  return area(g);
}

/**
 * A point well inside the geometry for its label: the pole of inaccessibility (polylabel) of its
 * largest polygon, found to a thousandth of the polygon's smaller side. Checked to be strictly
 * inside; when polylabel's answer is not, or the polygon is a sliver (bounding box more than 100
 * times longer than wide), the middle of the widest inside stretch of a horizontal line through the
 * polygon is used instead. Only a polygon with no
 * area at all gets one of its vertices.
 */
export function labelPoint(g: PolygonGeometry): LngLat {
  let best: GeoJSON.Position[][] | undefined;
  let bestArea = -1;
  for (const poly of polygonsOf(g)) {
    if (!poly[0] || poly[0].length === 0) continue;
    const a = area({ type: 'Polygon', coordinates: poly });
    if (a > bestArea) {
      bestArea = a;
      best = poly;
    }
  }
  if (!best) throw new RangeError('labelPoint: the geometry has no polygon');
  const polygon: GeoJSON.Polygon = { type: 'Polygon', coordinates: best };
  const [minX, minY, maxX, maxY] = geometryBBox(polygon);
  const side = Math.min(maxX - minX, maxY - minY);
  if (side > 0) {
    // polylabel starts from square cells the size of the shorter side: for a long sliver that is
    // a great many cells, and the scan line does as well.
    if (Math.max(maxX - minX, maxY - minY) / side <= 100) {
      const rings = best.map((r) => r.map((p) => [p[0]!, p[1]!]));
      const pole = polylabel(rings, side / 1000);
      const candidate: LngLat = [pole[0]!, pole[1]!];
      if (pointInGeometry(candidate, polygon) === 'inside') return candidate;
    }
    const scan = scanlinePoint(polygon, minY, maxY);
    if (scan) return scan;
  }
  const v = best[0]![0]!;
  return [v[0]!, v[1]!];
}

/** The middle of the widest inside stretch along a few horizontal lines across the polygon. */
function scanlinePoint(polygon: GeoJSON.Polygon, minY: number, maxY: number): LngLat | undefined {
  for (const f of [0.5, 0.3, 0.7, 0.1, 0.9, 0.2, 0.8, 0.4, 0.6, 0.05, 0.95]) {
    const y = minY + (maxY - minY) * f;
    const xs: number[] = [];
    for (const ring of polygon.coordinates) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i]!;
        const b = ring[i + 1]!;
        if (a[1]! > y !== b[1]! > y) xs.push(a[0]! + ((y - a[1]!) * (b[0]! - a[0]!)) / (b[1]! - a[1]!));
      }
    }
    xs.sort((a, b) => a - b);
    let bestWidth = 0;
    let bestX = Number.NaN;
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const w = xs[i + 1]! - xs[i]!;
      if (w > bestWidth) {
        bestWidth = w;
        bestX = (xs[i]! + xs[i + 1]!) / 2;
      }
    }
    const candidate: LngLat = [bestX, y];
    if (bestWidth > 0 && pointInGeometry(candidate, polygon) === 'inside') return candidate;
  }
  return undefined;
}

/** Great-circle distance between two WGS-84 points, in metres (haversine; ample for "within 100 m"). */
export function metresBetween(a: LngLat, b: LngLat): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
