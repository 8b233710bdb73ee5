// Shared shapes for the geometry helpers. Coordinates are WGS-84 longitude, latitude in degrees
// (GeoJSON order); nothing here knows about grids or divisions.

export type LngLat = [number, number];
export type PolygonGeometry = GeoJSON.Polygon | GeoJSON.MultiPolygon;
export type BBox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

/** Why a geometry operation could not be done, in both languages, for the caller to turn into a 400. */
export class GeometryError extends Error {
  constructor(
    readonly code: 'line_does_not_split' | 'bad_input',
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
    this.name = 'GeometryError';
  }
}

/** The polygons of a Polygon or MultiPolygon, as lists of rings. */
export function polygonsOf(g: PolygonGeometry): GeoJSON.Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** A ring as a flat [x0, y0, x1, y1, …] array, closed (last pair equals the first) even if the input was not. */
export function flattenRing(ring: readonly GeoJSON.Position[]): Float64Array {
  const n = ring.length;
  const first = ring[0];
  const last = ring[n - 1];
  const closed = n > 0 && first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
  const out = new Float64Array((closed ? n : n + 1) * 2);
  for (let i = 0; i < n; i++) {
    const p = ring[i]!;
    out[2 * i] = p[0]!;
    out[2 * i + 1] = p[1]!;
  }
  if (!closed && first) {
    out[2 * n] = first[0]!;
    out[2 * n + 1] = first[1]!;
  }
  return out;
}

/** Signed planar area of a ring in square degrees: positive when counter-clockwise. */
export function ringSignedArea(ring: readonly GeoJSON.Position[]): number {
  let s = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % n]!;
    s += a[0]! * b[1]! - b[0]! * a[1]!;
  }
  return s / 2;
}

/** The ring closed and turned to the wanted orientation (RFC 7946: shells counter-clockwise, holes clockwise). */
export function orientRing(ring: readonly GeoJSON.Position[], counterClockwise: boolean): GeoJSON.Position[] {
  const out = ring.map((p) => [p[0]!, p[1]!]);
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0]!, first[1]!]);
  if (ringSignedArea(out) > 0 !== counterClockwise) out.reverse();
  return out;
}
