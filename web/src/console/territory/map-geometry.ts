// Small geometry helpers for the outline map: bounds, a label point inside each polygon, and which
// outline contains a division. Coordinates are WGS-84 longitude/latitude.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { DivisionRef, OutlineCollection } from '../../api/types';

export type Bounds = [west: number, south: number, east: number, north: number];
type Outline = OutlineCollection['features'][number];

function polygons(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export function boundsOf(geometries: (Polygon | MultiPolygon)[]): Bounds | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const geometry of geometries) {
    for (const polygon of polygons(geometry)) {
      for (const [x = 0, y = 0] of polygon[0] ?? []) {
        if (x < west) west = x;
        if (x > east) east = x;
        if (y < south) south = y;
        if (y > north) north = y;
      }
    }
  }
  return west <= east ? [west, south, east, north] : null;
}

/** How many leading digits of the 12-digit code a division of each level owns (2+2+2+3+3). */
const ownDigits: Record<number, number> = { 1: 4, 2: 6, 3: 9, 4: 12 };

/** Whether division `code` lies at or under `ancestor` (of the given level). */
export function isWithin(code: string, ancestor: DivisionRef): boolean {
  const digits = ownDigits[ancestor.level] ?? 12;
  return code.slice(0, digits) === ancestor.code.slice(0, digits);
}

/**
 * The deepest outline that contains the division `code`: for a community in the city view that is
 * its district (same first 6 digits). Null when `code` is the root itself or lies outside.
 */
export function outlineContaining(code: string, features: Outline[]): Outline | null {
  let best: Outline | null = null;
  for (const feature of features) {
    const { code: own, level } = feature.properties as DivisionRef;
    const digits = ownDigits[level] ?? 12;
    if (own.slice(0, digits) === code.slice(0, digits) && (!best || level > best.properties.level)) best = feature;
  }
  return best;
}

function area(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    sum += (xj - xi) * (yj + yi);
  }
  return Math.abs(sum / 2);
}

function inside(x: number, y: number, polygon: Position[][]): boolean {
  let result = false;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi = 0, yi = 0] = ring[i] ?? [];
      const [xj = 0, yj = 0] = ring[j] ?? [];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) result = !result;
    }
  }
  return result;
}

function edgeDistance(x: number, y: number, polygon: Position[][], kx: number): number {
  let min = Infinity;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax = 0, ay = 0] = ring[j] ?? [];
      const [bx = 0, by = 0] = ring[i] ?? [];
      const dx = (bx - ax) * kx;
      const dy = by - ay;
      const px = (x - ax) * kx;
      const py = y - ay;
      const len = dx * dx + dy * dy;
      const t = len === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len));
      const ex = px - t * dx;
      const ey = py - t * dy;
      min = Math.min(min, ex * ex + ey * ey);
    }
  }
  return Math.sqrt(min);
}

/**
 * A point well inside the largest part of the outline, for its label: the best of a coarse grid
 * search, refined once (a cheap stand-in for polylabel; the map has no glyphs for symbol layers).
 */
export function labelPoint(geometry: Polygon | MultiPolygon): [number, number] {
  const parts = polygons(geometry);
  let polygon = parts[0] ?? [];
  for (const part of parts) if (area(part[0] ?? []) > area(polygon[0] ?? [])) polygon = part;
  const bounds = boundsOf([{ type: 'Polygon', coordinates: polygon }]);
  if (!bounds) return [0, 0];
  const [west, south, east, north] = bounds;
  const kx = Math.cos((((south + north) / 2) * Math.PI) / 180);
  let best: [number, number] = [(west + east) / 2, (south + north) / 2];
  let bestScore = -1;
  let cellX = (east - west) / 24;
  let cellY = (north - south) / 24;
  let [fromX, fromY, toX, toY] = [west, south, east, north];
  for (let pass = 0; pass < 2; pass++) {
    for (let x = fromX + cellX / 2; x < toX; x += cellX) {
      for (let y = fromY + cellY / 2; y < toY; y += cellY) {
        if (!inside(x, y, polygon)) continue;
        const score = edgeDistance(x, y, polygon, kx);
        if (score > bestScore) {
          bestScore = score;
          best = [x, y];
        }
      }
    }
    [fromX, fromY, toX, toY] = [best[0] - cellX, best[1] - cellY, best[0] + cellX, best[1] + cellY];
    cellX /= 8;
    cellY /= 8;
  }
  return best;
}

/** The level of a 12-digit division code from its trailing zeros: 1 city … 4 community. */
export function levelOfCode(code: string): DivisionRef['level'] {
  if (code.slice(4) === '00000000') return 1;
  if (code.slice(6) === '000000') return 2;
  if (code.slice(9) === '000') return 3;
  return 4;
}
