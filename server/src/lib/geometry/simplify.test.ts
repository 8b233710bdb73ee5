import { describe, expect, it } from 'vitest';
import { areaM2 } from './measure.js';
import { simplify, simplifyRing } from './simplify.js';
import { geometryProblems } from './validate.js';

/** A square with every edge split into many collinear-ish points, with a little jitter. */
function busySquare(x0: number, y0: number, s: number, perEdge: number, jitter: number): GeoJSON.Position[] {
  const corners = [
    [x0, y0],
    [x0 + s, y0],
    [x0 + s, y0 + s],
    [x0, y0 + s],
  ];
  const ring: GeoJSON.Position[] = [];
  for (let c = 0; c < 4; c++) {
    const a = corners[c]!;
    const b = corners[(c + 1) % 4]!;
    for (let k = 0; k < perEdge; k++) {
      const t = k / perEdge;
      const wobble = k === 0 ? 0 : jitter * Math.sin(k * 1.7);
      ring.push([a[0]! + t * (b[0]! - a[0]!) + wobble, a[1]! + t * (b[1]! - a[1]!) + wobble]);
    }
  }
  ring.push(ring[0]!);
  return ring;
}

describe('simplify', () => {
  it('takes a busy square back to its four corners', () => {
    const g: GeoJSON.Polygon = { type: 'Polygon', coordinates: [busySquare(117.5, 34.8, 0.01, 50, 1e-6)] };
    const s = simplify(g, 1e-5) as GeoJSON.Polygon;
    expect(s.coordinates[0]).toHaveLength(5);
    expect(geometryProblems(s)).toEqual([]);
    expect(areaM2(s) / areaM2(g)).toBeCloseTo(1, 3);
    // A fine tolerance keeps the wobble.
    expect((simplify(g, 1e-8) as GeoJSON.Polygon).coordinates[0]!.length).toBeGreaterThan(100);
  });

  it('never leaves a ring with fewer than 4 positions', () => {
    const tiny = busySquare(0, 0, 1e-6, 5, 0);
    const ring = simplifyRing(tiny, 1);
    expect(ring.length).toBeGreaterThanOrEqual(4);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    const triangle = [
      [0, 0],
      [1, 0],
      [0, 1],
      [0, 0],
    ];
    expect(simplifyRing(triangle, 10)).toEqual(triangle);
  });

  it('backs off rather than push a hole out of its shell', () => {
    // The shell bulges out around a hole; simplifying the bulge away would leave the hole outside.
    const shell = [
      [0, 0],
      [10, 0],
      [10, 4],
      [10.5, 4.5],
      [10.6, 5],
      [10.5, 5.5],
      [10, 6],
      [10, 10],
      [0, 10],
      [0, 0],
    ];
    const hole = [
      [10.1, 4.8],
      [10.1, 5.2],
      [10.3, 5.2],
      [10.3, 4.8],
      [10.1, 4.8],
    ];
    const g: GeoJSON.Polygon = { type: 'Polygon', coordinates: [shell, hole] };
    expect(geometryProblems(g)).toEqual([]);
    // Plain Douglas–Peucker at 0.7° drops the bulge and leaves the hole outside.
    expect(geometryProblems({ type: 'Polygon', coordinates: [simplifyRing(shell, 0.7), hole] }).map((p) => p.kind)).toEqual(['hole_outside_shell']);
    const s = simplify(g, 0.7) as GeoJSON.Polygon;
    expect(geometryProblems(s)).toEqual([]);
    expect(s.coordinates[0]!.length).toBeLessThan(shell.length);
  });

  it('keeps the type, and returns the input for a tolerance of zero', () => {
    const m: GeoJSON.MultiPolygon = { type: 'MultiPolygon', coordinates: [[busySquare(0, 0, 1, 10, 0)], [busySquare(2, 0, 1, 10, 0)]] };
    const s = simplify(m, 1e-3);
    expect(s.type).toBe('MultiPolygon');
    expect((s as GeoJSON.MultiPolygon).coordinates.map((p) => p[0]!.length)).toEqual([5, 5]);
    expect(simplify(m, 0)).toBe(m);
  });
});
