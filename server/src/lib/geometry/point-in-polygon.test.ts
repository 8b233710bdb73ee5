import { describe, expect, it } from 'vitest';
import { pointInGeometry } from './point-in-polygon.js';
import { orient2d } from './predicates.js';
import { seededRandom } from './prng.js';
import type { LngLat } from './types.js';

// A 10 × 10 square at the origin with a 2 × 2 hole from (4, 4) to (6, 6).
const squareWithHole: GeoJSON.Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ],
    [
      [4, 4],
      [4, 6],
      [6, 6],
      [6, 4],
      [4, 4],
    ],
  ],
};

describe('pointInGeometry', () => {
  it.each<[string, LngLat, string]>([
    ['inside', [2, 3], 'inside'],
    ['on an edge', [5, 0], 'boundary'],
    ['on a vertical edge', [10, 7.25], 'boundary'],
    ['on a vertex', [10, 10], 'boundary'],
    ['on the closing vertex', [0, 0], 'boundary'],
    ['in the hole', [5, 5], 'outside'],
    ['on the edge of the hole', [4, 5], 'boundary'],
    ['on a vertex of the hole', [6, 6], 'boundary'],
    ['outside to the right', [11, 5], 'outside'],
    ['outside, level with a vertex', [-1, 10], 'outside'],
    ['outside, level with the bottom edge', [12, 0], 'outside'],
    ['inside, level with the hole’s corners', [1, 4], 'inside'],
  ])('a point %s', (_name, p, expected) => {
    expect(pointInGeometry(p, squareWithHole)).toBe(expected);
  });

  it('handles a concave shape, with the ray passing through vertices', () => {
    // A "W" whose notches put vertices level with the test points.
    const w: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [3, 2],
          [2, 4],
          [1, 2],
          [0, 4],
          [0, 0],
        ],
      ],
    };
    expect(pointInGeometry([0.5, 2], w)).toBe('inside');
    expect(pointInGeometry([1, 3], w)).toBe('outside');
    expect(pointInGeometry([2, 3], w)).toBe('inside');
    expect(pointInGeometry([-1, 2], w)).toBe('outside');
    expect(pointInGeometry([1.5, 3], w)).toBe('boundary');
    expect(pointInGeometry([2, 4], w)).toBe('boundary');
    expect(pointInGeometry([2, 5], w)).toBe('outside');
  });

  it('handles a MultiPolygon: inside either part, on either boundary, outside both', () => {
    const multi: GeoJSON.MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [
        squareWithHole.coordinates,
        [
          [
            [20, 0],
            [30, 0],
            [30, 10],
            [20, 10],
            [20, 0],
          ],
        ],
      ],
    };
    expect(pointInGeometry([1, 1], multi)).toBe('inside');
    expect(pointInGeometry([25, 5], multi)).toBe('inside');
    expect(pointInGeometry([20, 5], multi)).toBe('boundary');
    expect(pointInGeometry([15, 5], multi)).toBe('outside');
    expect(pointInGeometry([5, 5], multi)).toBe('outside');
  });

  it('finds points exactly on a slanted edge, where dyadic coordinates make them representable', () => {
    const tri: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [117.25, 34.75],
          [117.75, 35],
          [117.25, 35],
          [117.25, 34.75],
        ],
      ],
    };
    for (let k = 0; k <= 16; k++) expect(pointInGeometry([117.25 + k / 32, 34.75 + k / 64], tri)).toBe('boundary');
    expect(pointInGeometry([117.5, 34.875 + 2 ** -40], tri)).toBe('inside');
    expect(pointInGeometry([117.5, 34.875 - 2 ** -40], tri)).toBe('outside');
  });

  it('finds every corner on the boundary, whatever way its edges leave it', () => {
    // Corners that are a lowest, highest, leftmost or rightmost point, with both edges leaving on one side.
    const spikes: GeoJSON.Position[][] = [
      [
        [0, 1],
        [2, 0],
        [1, 2],
        [0, 1],
      ],
      [
        [2, 1],
        [0, 0],
        [1, 2],
        [2, 1],
      ],
      [
        [0, 1],
        [2, 2],
        [1, 0],
        [0, 1],
      ],
      [
        [2, 1],
        [0, 2],
        [1, 0],
        [2, 1],
      ],
    ];
    const rnd = seededRandom(3);
    for (let k = 0; k < 200; k++) {
      const ring: GeoJSON.Position[] = [];
      const corners = 3 + Math.floor(rnd() * 30);
      for (let c = 0; c < corners; c++) {
        const angle = (c / corners) * 2 * Math.PI;
        const r = 0.001 + rnd() * 0.01;
        ring.push([117.5 + r * Math.cos(angle), 34.8 + r * Math.sin(angle)]);
      }
      ring.push(ring[0]!);
      spikes.push(rnd() < 0.5 ? ring : [...ring].reverse());
    }
    for (const ring of spikes) {
      const g: GeoJSON.Polygon = { type: 'Polygon', coordinates: [ring] };
      for (const v of ring) expect(pointInGeometry([v[0]!, v[1]!], g), JSON.stringify(v)).toBe('boundary');
    }
  });

  it('accepts an unclosed ring and answers outside for a non-finite point', () => {
    const open: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
      ],
    };
    expect(pointInGeometry([0.5, 0.5], open)).toBe('inside');
    expect(pointInGeometry([0, 0.5], open)).toBe('boundary');
    expect(pointInGeometry([Number.NaN, 0.5], open)).toBe('outside');
  });

  it('puts a point a hair off a shared edge in exactly one of the two neighbours', () => {
    // Two triangles sharing a slanted edge with awkward coordinates, like real grid borders.
    const a: LngLat = [117.123456789, 34.8123456789];
    const b: LngLat = [117.5432198765, 34.9876543211];
    const left: GeoJSON.Polygon = { type: 'Polygon', coordinates: [[a, b, [117.1, 35.1], a]] };
    const right: GeoJSON.Polygon = { type: 'Polygon', coordinates: [[a, [117.6, 34.7], b, a]] };
    const rnd = seededRandom(7);
    let onBoth = 0;
    for (let k = 0; k < 5000; k++) {
      // Points "on" the edge by interpolation: rounding puts most of them just off it.
      const t = rnd();
      const p: LngLat = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
      const l = pointInGeometry(p, left);
      const r = pointInGeometry(p, right);
      if (l === 'boundary' || r === 'boundary') {
        expect([l, r]).toEqual(['boundary', 'boundary']);
        onBoth++;
      } else {
        expect([l, r].filter((w) => w === 'inside')).toHaveLength(1);
      }
    }
    // Nearly all interpolated points land a hair off the line; its ends are on both boundaries.
    expect(onBoth).toBeLessThan(50);
    expect([pointInGeometry(a, left), pointInGeometry(a, right), pointInGeometry(b, left), pointInGeometry(b, right)]).toEqual([
      'boundary',
      'boundary',
      'boundary',
      'boundary',
    ]);
  });
});

describe('orient2d', () => {
  it('gives consistent signs for nearly collinear points, where plain floating point does not', () => {
    const rnd = seededRandom(11);
    let naiveInconsistent = 0;
    for (let k = 0; k < 20000; k++) {
      const ax = 117 + rnd();
      const ay = 34 + rnd();
      const bx = 117 + rnd();
      const by = 34 + rnd();
      const t = rnd();
      const cx = ax + t * (bx - ax);
      const cy = ay + t * (by - ay);
      const s1 = Math.sign(orient2d(ax, ay, bx, by, cx, cy));
      // The same determinant with the points in rotated order must have the same sign.
      expect(Math.sign(orient2d(bx, by, cx, cy, ax, ay))).toBe(s1);
      expect(Math.sign(orient2d(cx, cy, ax, ay, bx, by))).toBe(s1);
      expect(Math.sign(orient2d(bx, by, ax, ay, cx, cy))).toBe(-s1 || 0);
      const naive = (x1: number, y1: number, x2: number, y2: number, x3: number, y3: number) => Math.sign((x1 - x3) * (y2 - y3) - (y1 - y3) * (x2 - x3));
      if (naive(ax, ay, bx, by, cx, cy) !== naive(bx, by, cx, cy, ax, ay)) naiveInconsistent++;
    }
    expect(naiveInconsistent).toBeGreaterThan(0);
  });

  it('is exactly zero for collinear points and signed otherwise', () => {
    expect(orient2d(0, 0, 1, 1, 2, 2)).toBe(0);
    expect(orient2d(0, 0, 1, 0, 0, 1)).toBeGreaterThan(0);
    expect(orient2d(0, 0, 0, 1, 1, 0)).toBeLessThan(0);
    // 0.5 + 2^-52 is representable: the point is off the line y = x by one ulp.
    expect(Math.sign(orient2d(0, 0, 1, 1, 0.5, 0.5 + 2 ** -53))).toBe(1);
    expect(Math.sign(orient2d(0.1, 0.1, 0.3, 0.3, 0.2, 0.2))).not.toBeNaN();
  });
});
