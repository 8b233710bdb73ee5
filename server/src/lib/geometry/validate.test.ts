import { describe, expect, it } from 'vitest';
import { geometryProblems } from './validate.js';

const square = (x0: number, y0: number, s: number): GeoJSON.Position[] => [
  [x0, y0],
  [x0 + s, y0],
  [x0 + s, y0 + s],
  [x0, y0 + s],
  [x0, y0],
];
const clockwise = (ring: GeoJSON.Position[]) => [...ring].reverse();

describe('geometryProblems', () => {
  it('finds nothing wrong with a valid Polygon, a Polygon with a hole, and a MultiPolygon', () => {
    expect(geometryProblems({ type: 'Polygon', coordinates: [square(117.5, 34.8, 0.01)] })).toEqual([]);
    expect(geometryProblems({ type: 'Polygon', coordinates: [square(0, 0, 10), clockwise(square(4, 4, 2))] })).toEqual([]);
    expect(geometryProblems({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(2, 0, 1)]] })).toEqual([]);
    // Parts touching at one corner, a hole touching the shell at one point, repeated positions, altitude: all allowed.
    expect(geometryProblems({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(1, 1, 1)]] })).toEqual([]);
    const touchingHole = [
      [0, 5],
      [3, 4],
      [3, 6],
      [0, 5],
    ];
    expect(geometryProblems({ type: 'Polygon', coordinates: [square(0, 0, 10), touchingHole] })).toEqual([]);
    expect(
      geometryProblems({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0, 12],
            [1, 0, 12],
            [1, 0, 12],
            [1, 1, 12],
            [0, 1, 12],
            [0, 0, 12],
          ],
        ],
      }),
    ).toEqual([]);
  });

  it('finds a bow-tie self-intersection and says where', () => {
    const bowTie = {
      type: 'Polygon',
      coordinates: [
        [
          [117.5, 34.8],
          [117.52, 34.82],
          [117.52, 34.8],
          [117.5, 34.82],
          [117.5, 34.8],
        ],
      ],
    };
    const problems = geometryProblems(bowTie);
    expect(problems).toHaveLength(1);
    const [p] = problems;
    expect(p).toMatchObject({ kind: 'self_intersection', ring: 0 });
    expect(p!.polygon).toBeUndefined();
    expect(p!.at![0]).toBeCloseTo(117.51, 12);
    expect(p!.at![1]).toBeCloseTo(34.81, 12);
    expect(p!.message).toContain('(117.51, 34.81)');
    expect(p!.messageZh).toContain('自相交');
  });

  it('finds a ring that touches itself at a corner, and a spike that folds back', () => {
    const figureEight = [
      [0, 0],
      [2, 0],
      [1, 1],
      [2, 2],
      [0, 2],
      [1, 1],
      [0, 0],
    ];
    expect(geometryProblems({ type: 'Polygon', coordinates: [figureEight] })).toMatchObject([{ kind: 'self_intersection', at: [1, 1] }]);
    const spike = [
      [0, 0],
      [2, 0],
      [2, 2],
      [2, 3],
      [2, 1],
      [0, 2],
      [0, 0],
    ];
    const problems = geometryProblems({ type: 'Polygon', coordinates: [spike] });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.kind === 'self_intersection')).toBe(true);
  });

  it('finds an unclosed ring', () => {
    const open = square(0, 0, 1).slice(0, 4);
    expect(geometryProblems({ type: 'Polygon', coordinates: [open] })).toMatchObject([{ kind: 'unclosed_ring', ring: 0, at: [0, 0] }]);
  });

  it('finds too few points: short rings, rings of repeated points, polygons without rings', () => {
    expect(
      geometryProblems({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      }),
    ).toMatchObject([{ kind: 'too_few_points', ring: 0 }]);
    expect(
      geometryProblems({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      }),
    ).toMatchObject([{ kind: 'too_few_points' }]);
    expect(geometryProblems({ type: 'Polygon', coordinates: [] })).toMatchObject([{ kind: 'too_few_points' }]);
    expect(geometryProblems({ type: 'MultiPolygon', coordinates: [] })).toMatchObject([{ kind: 'too_few_points' }]);
  });

  it('finds a hole outside its shell, and a hole inside another hole', () => {
    const outside = geometryProblems({ type: 'Polygon', coordinates: [square(0, 0, 10), square(20, 20, 1)] });
    expect(outside).toMatchObject([{ kind: 'hole_outside_shell', ring: 1, at: [20, 20] }]);
    expect(outside[0]!.message).toBe('Hole 1 is not inside the outer ring.');
    expect(outside[0]!.messageZh).toBe('第 1 个内环不在外环之内。');
    const nested = geometryProblems({ type: 'Polygon', coordinates: [square(0, 0, 10), square(2, 2, 6), square(4, 4, 1)] });
    expect(nested).toMatchObject([{ kind: 'hole_outside_shell', ring: 2 }]);
  });

  it('finds a hole crossing its shell as an intersection between the two rings', () => {
    const problems = geometryProblems({ type: 'Polygon', coordinates: [square(0, 0, 10), square(8, 4, 4)] });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ kind: 'self_intersection', ring: 0 });
    expect(problems[0]!.message).toMatch(/outer ring and hole 1/);
    expect(problems.map((p) => p.at)).toContainEqual([10, 4]);
  });

  it('finds overlapping parts of a MultiPolygon, and names the polygon', () => {
    const problems = geometryProblems({ type: 'MultiPolygon', coordinates: [[square(0, 0, 2)], [square(1, 1, 2)]] });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.kind === 'self_intersection' && p.polygon !== undefined)).toBe(true);
    // One part wholly inside another, with no edges crossing.
    const inside = geometryProblems({ type: 'MultiPolygon', coordinates: [[square(0, 0, 10)], [square(2, 2, 1)]] });
    expect(inside).toMatchObject([{ kind: 'self_intersection', polygon: 1 }]);
    // ...but inside the other's hole is fine.
    expect(geometryProblems({ type: 'MultiPolygon', coordinates: [[square(0, 0, 10), clockwise(square(1, 1, 5))], [square(2, 2, 1)]] })).toEqual([]);
  });

  it('finds bad coordinates and bad structure, naming the position', () => {
    const lat91 = geometryProblems({
      type: 'MultiPolygon',
      coordinates: [
        [square(0, 0, 1)],
        [
          [
            [0, 0],
            [1, 91],
            [1, 1],
            [0, 0],
          ],
        ],
      ],
    });
    expect(lat91).toMatchObject([{ kind: 'bad_coordinate', polygon: 1, ring: 0 }]);
    expect(lat91[0]!.message).toBe('Position 2 of the outer ring of polygon 2 has latitude 91, outside −90…90.');
    expect(lat91[0]!.messageZh).toBe('第 2 个多边形的外环的第 2 个坐标点的纬度 91 超出 −90～90 范围。');
    for (const bad of [[0, Number.NaN], ['117', 34], [200, 0], [Number.POSITIVE_INFINITY, 0], [1], null]) {
      const ring = [[0, 0], [1, 0], bad, [0, 0]];
      expect(geometryProblems({ type: 'Polygon', coordinates: [ring] })).toMatchObject([{ kind: 'bad_coordinate', ring: 0 }]);
    }
    for (const bad of [null, 42, 'Polygon', [], { type: 'Point', coordinates: [0, 0] }, { type: 'Polygon' }, { type: 'Polygon', coordinates: [42] }]) {
      const problems = geometryProblems(bad);
      expect(problems.length).toBe(1);
      expect(problems[0]!.kind).toBe('bad_coordinate');
      expect(problems[0]!.messageZh.length).toBeGreaterThan(0);
    }
  });

  it('validates a 4,000-corner ring quickly', () => {
    const ring: GeoJSON.Position[] = [];
    for (let k = 0; k < 4000; k++) {
      const a = (k / 4000) * 2 * Math.PI;
      const r = 0.1 + 0.02 * Math.sin(a * 37);
      ring.push([117.5 + r * Math.cos(a), 34.8 + r * Math.sin(a)]);
    }
    ring.push(ring[0]!);
    const started = performance.now();
    expect(geometryProblems({ type: 'Polygon', coordinates: [ring] })).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
