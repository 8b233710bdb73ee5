import { describe, expect, it } from 'vitest';
import { areaM2, geometryBBox, labelPoint, metresBetween } from './measure.js';
import { pointInGeometry } from './point-in-polygon.js';
import type { PolygonGeometry } from './types.js';

const square = (x0: number, y0: number, s: number): GeoJSON.Position[] => [
  [x0, y0],
  [x0 + s, y0],
  [x0 + s, y0 + s],
  [x0, y0 + s],
  [x0, y0],
];

describe('geometryBBox', () => {
  it('covers every ring of every polygon', () => {
    expect(geometryBBox({ type: 'MultiPolygon', coordinates: [[square(1, 2, 1)], [square(-3, 5, 2)]] })).toEqual([-3, 2, 2, 7]);
  });
});

describe('areaM2', () => {
  it('measures a 0.01° square in Zaozhuang at about 1.01 km², less its hole', () => {
    // 0.01° of latitude ≈ 1,112 m; of longitude at 34.86° N ≈ 1,112 × cos(34.86°) ≈ 912 m.
    const expected = 1111.95 * 1111.95 * Math.cos((34.865 * Math.PI) / 180);
    const a = areaM2({ type: 'Polygon', coordinates: [square(117.55, 34.86, 0.01)] });
    expect(Math.abs(a - expected) / expected).toBeLessThan(0.005);
    const holed = areaM2({ type: 'Polygon', coordinates: [square(117.55, 34.86, 0.01), [...square(117.552, 34.862, 0.005)].reverse()] });
    expect(holed / a).toBeCloseTo(0.75, 2);
  });
});

describe('labelPoint', () => {
  const shapes: [string, PolygonGeometry][] = [
    ['a square', { type: 'Polygon', coordinates: [square(117.5, 34.8, 0.01)] }],
    [
      'a C shape whose centroid is outside it',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [3, 0],
            [3, 0.5],
            [0.5, 0.5],
            [0.5, 2.5],
            [3, 2.5],
            [3, 3],
            [0, 3],
            [0, 0],
          ],
        ],
      },
    ],
    ['a ring with a hole in the middle', { type: 'Polygon', coordinates: [square(0, 0, 10), [...square(1, 1, 8)].reverse()] }],
    [
      'a sliver a millionth of a degree wide',
      {
        type: 'Polygon',
        coordinates: [
          [
            [117, 34],
            [117.1, 34],
            [117.1, 34.000001],
            [117, 34],
          ],
        ],
      },
    ],
    [
      'a thin diagonal sliver',
      {
        type: 'Polygon',
        coordinates: [
          [
            [117, 34],
            [117.1, 34.1],
            [117.099999, 34.1],
            [117, 34],
          ],
        ],
      },
    ],
  ];
  it.each(shapes)('is strictly inside %s', (_name, g) => {
    expect(pointInGeometry(labelPoint(g), g)).toBe('inside');
  });

  it('labels the largest part of a MultiPolygon', () => {
    const p = labelPoint({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 3)]] });
    expect(p[0]).toBeGreaterThan(5);
    expect(p[1]).toBeGreaterThan(5);
  });
});

describe('metresBetween', () => {
  it('measures great-circle distances', () => {
    // One thousandth of a degree of latitude is about 111 m anywhere.
    expect(metresBetween([117.55, 34.86], [117.55, 34.861])).toBeCloseTo(111.2, 0);
    // A degree of longitude shrinks with the cosine of the latitude (34.86° in Zaozhuang).
    expect(metresBetween([117.55, 34.86], [117.551, 34.86])).toBeCloseTo(91.2, 0);
    expect(metresBetween([117.55, 34.86], [117.55, 34.86])).toBe(0);
  });
});
