import { describe, expect, it } from 'vitest';
import { difference, intersectionArea, union } from './clip.js';
import { areaM2 } from './measure.js';
import { ringSignedArea } from './types.js';
import { geometryProblems } from './validate.js';

const square = (x0: number, y0: number, s: number): GeoJSON.Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x0 + s, y0],
      [x0 + s, y0 + s],
      [x0, y0 + s],
      [x0, y0],
    ],
  ],
});

describe('clip', () => {
  const a = square(117.5, 34.8, 0.02);
  const b = square(117.51, 34.81, 0.02);

  it('intersects two overlapping squares: a quarter of either', () => {
    const r = intersectionArea(a, b);
    expect(r.geometry?.coordinates).toHaveLength(1);
    expect(r.areaM2 / areaM2(a)).toBeCloseTo(0.25, 2);
    expect(geometryProblems(r.geometry)).toEqual([]);
  });

  it('gives zero and null for squares that do not overlap or only share an edge', () => {
    expect(intersectionArea(a, square(118, 35, 0.01))).toEqual({ areaM2: 0, geometry: null });
    expect(intersectionArea(square(0, 0, 1), square(1, 0, 1)).areaM2).toBe(0);
  });

  it('takes one square from another', () => {
    const d = difference(a, b);
    expect(d).not.toBeNull();
    expect(areaM2(d!) / areaM2(a)).toBeCloseTo(0.75, 2);
    expect(difference(square(0, 0, 1), square(-1, -1, 3))).toBeNull();
    // A square minus a smaller one inside it: a polygon with a hole, shell counter-clockwise and hole clockwise.
    const holed = difference(square(0, 0, 10), square(4, 4, 2))!;
    expect(holed.coordinates).toHaveLength(1);
    expect(holed.coordinates[0]).toHaveLength(2);
    expect(ringSignedArea(holed.coordinates[0]![0]!)).toBeGreaterThan(0);
    expect(ringSignedArea(holed.coordinates[0]![1]!)).toBeLessThan(0);
  });

  it('unions adjacent squares into one polygon and disjoint ones into two', () => {
    const u = union([square(0, 0, 1), square(1, 0, 1)])!;
    expect(u.coordinates).toHaveLength(1);
    expect(Math.abs(ringSignedArea(u.coordinates[0]![0]!))).toBeCloseTo(2, 12);
    expect(union([square(0, 0, 1), square(5, 0, 1), { type: 'MultiPolygon', coordinates: [] }])!.coordinates).toHaveLength(2);
    expect(union([])).toBeNull();
  });
});
