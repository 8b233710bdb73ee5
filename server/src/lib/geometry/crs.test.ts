import { describe, expect, it } from 'vitest';
import { gcj02ToWgs84, wgs84ToGcj02 } from './crs.js';
import type { LngLat } from './types.js';

/** Distance in metres between two nearby points (equirectangular, fine at this scale). */
function metres(a: LngLat, b: LngLat): number {
  const k = 111_195;
  return Math.hypot((a[0] - b[0]) * k * Math.cos((a[1] * Math.PI) / 180), (a[1] - b[1]) * k);
}

describe('GCJ-02', () => {
  const zaozhuang: LngLat = [117.55, 34.86];

  it('offsets a point in Zaozhuang by a few hundred metres', () => {
    const d = metres(zaozhuang, wgs84ToGcj02(zaozhuang));
    expect(d).toBeGreaterThan(100);
    expect(d).toBeLessThan(1000);
  });

  it('round-trips within 1 m in Zaozhuang, both ways', () => {
    expect(metres(gcj02ToWgs84(wgs84ToGcj02(zaozhuang)), zaozhuang)).toBeLessThan(1);
    expect(metres(wgs84ToGcj02(gcj02ToWgs84(zaozhuang)), zaozhuang)).toBeLessThan(1);
    for (const p of [
      [116.81, 34.47],
      [117.82, 35.32],
      [117.32, 35.1],
    ] as LngLat[]) {
      expect(metres(gcj02ToWgs84(wgs84ToGcj02(p)), p)).toBeLessThan(1);
    }
  });

  it('leaves a point outside China unchanged', () => {
    expect(wgs84ToGcj02([2.35, 48.85])).toEqual([2.35, 48.85]);
    expect(gcj02ToWgs84([-74, 40.7])).toEqual([-74, 40.7]);
  });
});
