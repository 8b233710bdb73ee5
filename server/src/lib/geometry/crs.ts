// WGS-84 ⇄ GCJ-02, the offset datum of Chinese web maps (AMap, Tencent). Wangge stores WGS-84 and
// converts at the edge (DOMAIN.md §1). gcoord leaves points outside its box around China unchanged;
// GCJ-02 → WGS-84 is solved by iteration to about 1e-6° (~0.1 m).
import gcoordModule from 'gcoord';
import type { LngLat } from './types.js';

// gcoord's declarations describe an ES default export, but the package is CommonJS whose
// module.exports is that object: take whichever this loader hands us. Typed structurally, so the
// server's NodeNext and the web's bundler resolution agree.
interface Gcoord {
  transform(input: [number, number], from: unknown, to: unknown): [number, number];
  GCJ02: unknown;
  WGS84: unknown;
}
const gcoord: Gcoord = (gcoordModule as unknown as { default?: Gcoord }).default ?? (gcoordModule as unknown as Gcoord);

export function gcj02ToWgs84(p: LngLat): LngLat {
  const [lng, lat] = gcoord.transform([p[0], p[1]], gcoord.GCJ02, gcoord.WGS84);
  return [lng, lat];
}

export function wgs84ToGcj02(p: LngLat): LngLat {
  const [lng, lat] = gcoord.transform([p[0], p[1]], gcoord.WGS84, gcoord.GCJ02);
  return [lng, lat];
}
