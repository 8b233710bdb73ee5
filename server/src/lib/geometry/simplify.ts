// Douglas–Peucker simplification for drawing grids at low zoom. Each ring is simplified on its own
// (so neighbouring grids may show hairline gaps or overlaps at coarse tolerances: this is for display,
// never for storage or measurement), keeps at least 3 corners, and the result is re-validated: if it
// has become invalid, the tolerance is halved, up to three times, before the input is returned as is.
import { type PolygonGeometry, polygonsOf } from './types.js';
import { geometryProblems } from './validate.js';

/** The geometry with each ring simplified to within toleranceDeg degrees (planar in longitude/latitude). */
export function simplify(g: PolygonGeometry, toleranceDeg: number): PolygonGeometry {
  if (!(toleranceDeg > 0)) return g;
  for (let k = 0, tol = toleranceDeg; k < 4; k++, tol /= 2) {
    const candidate = simplifyAll(g, tol);
    if (geometryProblems(candidate).length === 0) return candidate;
    // An input that was invalid to begin with cannot be kept valid: simplify it as asked.
    if (k === 0 && geometryProblems(g).length > 0) return candidate;
  }
  return g;
}

function simplifyAll(g: PolygonGeometry, tol: number): PolygonGeometry {
  const polys = polygonsOf(g).map((poly) => poly.map((ring) => simplifyRing(ring, tol)));
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: polys[0] ?? [] } : { type: 'MultiPolygon', coordinates: polys };
}

/** One closed ring simplified; rings of 3 corners or fewer come back unchanged. */
export function simplifyRing(ring: GeoJSON.Position[], tol: number): GeoJSON.Position[] {
  const pts: GeoJSON.Position[] = [];
  for (const p of ring) {
    const prev = pts[pts.length - 1];
    if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) pts.push(p);
  }
  if (pts.length > 1 && pts[0]![0] === pts[pts.length - 1]![0] && pts[0]![1] === pts[pts.length - 1]![1]) pts.pop();
  const n = pts.length;
  if (n <= 3) return ring;
  // Anchor on the first corner and the corner farthest from it, then simplify both halves.
  let far = 1;
  let farD = -1;
  for (let k = 1; k < n; k++) {
    const d = (pts[k]![0]! - pts[0]![0]!) ** 2 + (pts[k]![1]! - pts[0]![1]!) ** 2;
    if (d > farD) {
      farD = d;
      far = k;
    }
  }
  const keep = new Uint8Array(n + 1);
  keep[0] = 1;
  keep[far] = 1;
  keep[n] = 1;
  const at = (k: number) => pts[k % n]!;
  const tol2 = tol * tol;
  const stack: [number, number][] = [
    [0, far],
    [far, n],
  ];
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    let maxD = -1;
    let idx = -1;
    for (let k = a + 1; k < b; k++) {
      const d = segmentDistance2(at(k), at(a), at(b));
      if (d > maxD) {
        maxD = d;
        idx = k;
      }
    }
    if (idx >= 0 && maxD > tol2) {
      keep[idx] = 1;
      stack.push([a, idx], [idx, b]);
    }
  }
  let out: GeoJSON.Position[] = [];
  for (let k = 0; k < n; k++) if (keep[k]) out.push(pts[k]!);
  if (out.length < 3) {
    // Keep the corner farthest from the anchor line, so the ring stays a ring.
    let best = -1;
    let bestD = -1;
    for (let k = 1; k < n; k++) {
      if (k === far) continue;
      const d = segmentDistance2(pts[k]!, pts[0]!, pts[far]!);
      if (d > bestD) {
        bestD = d;
        best = k;
      }
    }
    keep[best] = 1;
    out = [];
    for (let k = 0; k < n; k++) if (keep[k]) out.push(pts[k]!);
  }
  return [...out, out[0]!];
}

function segmentDistance2(p: GeoJSON.Position, a: GeoJSON.Position, b: GeoJSON.Position): number {
  const ax = a[0]!;
  const ay = a[1]!;
  let dx = b[0]! - ax;
  let dy = b[1]! - ay;
  const len2 = dx * dx + dy * dy;
  if (len2 > 0) {
    const t = Math.max(0, Math.min(1, ((p[0]! - ax) * dx + (p[1]! - ay) * dy) / len2));
    dx = ax + t * dx - p[0]!;
    dy = ay + t * dy - p[1]!;
  } else {
    dx = ax - p[0]!;
    dy = ay - p[1]!;
  }
  return dx * dx + dy * dy;
}
