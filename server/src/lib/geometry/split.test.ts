import { describe, expect, it } from 'vitest';
import { intersectionArea } from './clip.js';
import { areaM2 } from './measure.js';
import { splitByLine } from './split.js';
import { GeometryError, ringSignedArea } from './types.js';
import { geometryProblems } from './validate.js';

const square = (x0: number, y0: number, s: number): GeoJSON.Position[] => [
  [x0, y0],
  [x0 + s, y0],
  [x0 + s, y0 + s],
  [x0, y0 + s],
  [x0, y0],
];
const line = (...coordinates: [number, number][]): GeoJSON.LineString => ({ type: 'LineString', coordinates });

/** The parts are valid, do not overlap, and their areas add up to the whole. */
function expectTiling(whole: GeoJSON.Polygon, parts: GeoJSON.Polygon[]) {
  for (const p of parts) {
    expect(geometryProblems(p)).toEqual([]);
    expect(ringSignedArea(p.coordinates[0]!)).toBeGreaterThan(0);
  }
  for (let i = 0; i < parts.length; i++) {
    for (let j = i + 1; j < parts.length; j++) expect(intersectionArea(parts[i]!, parts[j]!).areaM2).toBeLessThan(1e-3);
  }
  const sum = parts.reduce((s, p) => s + areaM2(p), 0);
  expect(Math.abs(sum - areaM2(whole)) / areaM2(whole)).toBeLessThan(1e-9);
}

describe('splitByLine', () => {
  const sq: GeoJSON.Polygon = { type: 'Polygon', coordinates: [square(117.5, 34.8, 0.02)] };

  it('splits a square in two halves whose areas add up to the whole', () => {
    const parts = splitByLine(sq, line([117.49, 34.81], [117.53, 34.81]));
    expect(parts).toHaveLength(2);
    expectTiling(sq, parts);
    const [a, b] = parts.map(areaM2);
    // The two halves straddle 34.81° N, so differ by the cosine of latitude only (about 0.01 %).
    expect(a! / b!).toBeCloseTo(1, 3);
  });

  it('splits along a bent line drawn in either direction, and through a corner', () => {
    const bent = line([117.49, 34.805], [117.51, 34.815], [117.53, 34.805]);
    expectTiling(sq, splitByLine(sq, bent));
    expectTiling(sq, splitByLine(sq, { type: 'LineString', coordinates: [...bent.coordinates].reverse() }));
    const diagonal = splitByLine(sq, line([117.49, 34.79], [117.53, 34.83]));
    expect(diagonal).toHaveLength(2);
    expectTiling(sq, diagonal);
    // Through two corners exactly: two triangles, no extra corners.
    const unit: GeoJSON.Polygon = { type: 'Polygon', coordinates: [square(0, 0, 1)] };
    const triangles = splitByLine(unit, line([-1, -1], [2, 2]));
    expect(triangles.map((p) => p.coordinates[0]!.length)).toEqual([4, 4]);
    expectTiling(unit, triangles);
  });

  it('cuts into three when the line crosses twice', () => {
    const zigzag = line([117.49, 34.805], [117.525, 34.81], [117.49, 34.815]);
    const parts = splitByLine(sq, zigzag);
    expect(parts).toHaveLength(3);
    expectTiling(sq, parts);
    // A U shape cut straight across both arms.
    const u: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [3, 0],
          [3, 3],
          [2, 3],
          [2, 1],
          [1, 1],
          [1, 3],
          [0, 3],
          [0, 0],
        ],
      ],
    };
    const uParts = splitByLine(u, line([-1, 2], [4, 2]));
    expect(uParts).toHaveLength(3);
    expectTiling(u, uParts);
  });

  it('keeps a hole in the part that holds it, and cuts a hole the line runs through', () => {
    const holed: GeoJSON.Polygon = { type: 'Polygon', coordinates: [square(0, 0, 10), [...square(6, 6, 2)].reverse()] };
    const beside = splitByLine(holed, line([-1, 3], [11, 3]));
    expect(beside).toHaveLength(2);
    expect(beside.map((p) => p.coordinates.length).sort()).toEqual([1, 2]);
    expectTiling(holed, beside);
    const through = splitByLine(holed, line([-1, 7], [11, 7]));
    expect(through).toHaveLength(2);
    expect(through.every((p) => p.coordinates.length === 1)).toBe(true);
    expectTiling(holed, through);
  });

  it('refuses a line that does not cut the polygon in two', () => {
    const attempts = [
      line([117.45, 34.7], [117.46, 34.9]), // misses it
      line([117.49, 34.81], [117.51, 34.81]), // stops inside
      line([117.505, 34.805], [117.51, 34.81]), // wholly inside
      line([117.5, 34.79], [117.5, 34.83]), // runs along an edge
      line([117.49, 34.805], [117.51, 34.81], [117.49, 34.815]), // in and back out through the same side
    ];
    for (const l of attempts.slice(0, 4)) {
      expect(() => splitByLine(sq, l)).toThrow(GeometryError);
      try {
        splitByLine(sq, l);
      } catch (err) {
        expect((err as GeometryError).code).toBe('line_does_not_split');
        expect((err as GeometryError).messageZh).toContain('分割线');
      }
    }
    // Entering and leaving through the same side still cuts off a piece.
    expectTiling(sq, splitByLine(sq, attempts[4]!));
  });

  it('refuses malformed input', () => {
    expect(() => splitByLine(sq, line([117.5, 34.8]))).toThrow(/two distinct points/);
    expect(() => splitByLine({ type: 'MultiPolygon', coordinates: [] } as unknown as GeoJSON.Polygon, line([0, 0], [1, 1]))).toThrow(GeometryError);
  });
});
