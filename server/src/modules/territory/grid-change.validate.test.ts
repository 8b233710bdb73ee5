import { describe, expect, it } from 'vitest';
import { type PolygonGeometry, differenceArea, intersectionArea, pointInGeometry } from '../../lib/geometry/index.js';
import { seededRandom } from '../../lib/geometry/prng.js';
import { type ChangeItem, type CurrentGrid, validateChange } from './grid-change.validate.js';

// A community of four basic grids, 400 m squares in a 2 × 2 block, each cut into two micro grids,
// redrawn as if digitised again on their own: every edge densified, every vertex moved by up to 3 cm,
// so no vertex of a grid lies on its neighbour's boundary and shared borders cross all along.
const M = 1 / 111_320; // degrees of latitude per metre
const LNG = 1 / Math.cos((34.8 * Math.PI) / 180); // degrees of longitude per degree of latitude, for a metre
const community = '370405104004';
const x0 = 117.5;
const y0 = 34.8;
const side = 400;

type Ring = [number, number][];
const at = (xm: number, ym: number): [number, number] => [x0 + xm * M * LNG, y0 + ym * M];
/** A counter-clockwise rectangle, in metres from the block's corner. */
const rect = (xm: number, ym: number, w: number, h: number): Ring => [at(xm, ym), at(xm + w, ym), at(xm + w, ym + h), at(xm, ym + h)];

const current: CurrentGrid[] = [];
for (const [k, [i, j]] of (
  [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ] as const
).entries()) {
  const code = `${community}100${k + 1}`;
  const ring = rect(i * side, j * side, side, side);
  current.push({ code, kind: 'basic', parentCode: null, boundary: polygon(ring), predecessorCodes: [] });
  for (const m of [0, 1]) {
    const half = rect(i * side + m * (side / 2), j * side, side / 2, side);
    current.push({ code: `${code}0${m + 1}`, kind: 'micro', parentCode: code, boundary: polygon(half), predecessorCodes: [] });
  }
}

function polygon(ring: Ring): GeoJSON.Polygon {
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

/**
 * The grid digitised again: a vertex every 15–40 m, each moved by up to 3 cm; with `push`, the
 * middle of its edge number `edge` first moved `byM` metres outwards (a real overlap with whatever
 * lies across that edge, a triangle of about side × byM / 2).
 */
function redrawn(code: string, rnd: () => number, push?: { edge: number; byM: number }): ChangeItem {
  const g = current.find((c) => c.code === code)!;
  const ring = (g.boundary as GeoJSON.Polygon).coordinates[0]!.slice(0, -1) as Ring;
  const corners: Ring = [];
  ring.forEach((a, e) => {
    corners.push(a);
    if (push?.edge !== e) return;
    const b = ring[(e + 1) % ring.length]!;
    const dx = (b[0] - a[0]) / (M * LNG);
    const dy = (b[1] - a[1]) / M;
    const length = Math.hypot(dx, dy);
    // Outwards is to the right of a counter-clockwise ring's edge.
    corners.push([(a[0] + b[0]) / 2 + (dy / length) * push.byM * M * LNG, (a[1] + b[1]) / 2 - (dx / length) * push.byM * M]);
  });
  const out: Ring = [];
  corners.forEach((a, e) => {
    const b = corners[(e + 1) % corners.length]!;
    const length = Math.hypot((b[0] - a[0]) / (M * LNG), (b[1] - a[1]) / M);
    for (let d = 0; d < length - 10; d += 15 + rnd() * 25) {
      const t = d / length;
      const r = 0.03 * Math.sqrt(rnd());
      const angle = rnd() * 2 * Math.PI;
      out.push([a[0] + t * (b[0] - a[0]) + r * Math.cos(angle) * M * LNG, a[1] + t * (b[1] - a[1]) + r * Math.sin(angle) * M]);
    }
  });
  return { action: 'redraw', code, boundary: polygon(out) };
}

const validate = (items: ChangeItem[]) => validateChange({ kind: 'redraw', items }, { current, districtOutline: undefined, toleranceM2: 10 });
const boundaryAfter = (items: ChangeItem[], code: string) =>
  (items.find((i) => i.code === code)?.boundary ?? current.find((c) => c.code === code)?.boundary) as PolygonGeometry;

describe('validating a redraw digitised separately from its neighbours', () => {
  it('takes the slivers along shared borders, under the tolerance, for what they are', () => {
    const rnd = seededRandom(7);
    const items = current.map((g) => redrawn(g.code, rnd));
    expect(validate(items)).toEqual([]);
    // There are slivers: neighbours overlap a little, micro grids reach a little out of their basic grid.
    const sliver = intersectionArea(boundaryAfter(items, `${community}1001`), boundaryAfter(items, `${community}1002`)).areaM2;
    expect(sliver).toBeGreaterThan(0);
    expect(sliver).toBeLessThanOrEqual(10);
    const out = differenceArea(boundaryAfter(items, `${community}100102`), boundaryAfter(items, `${community}1001`)).areaM2;
    expect(out).toBeGreaterThan(0);
    expect(out).toBeLessThanOrEqual(10);
    // Half the grids redrawn against the other half as they are: the same.
    expect(validate(current.filter((_, n) => n % 2 === 0).map((g) => redrawn(g.code, rnd)))).toEqual([]);
  });

  it('finds the real overlaps among the slivers, each with its grids, area, shape and a point inside both', () => {
    const rnd = seededRandom(8);
    const items = current.map((g) => {
      // Basic grid 1 reaches 3 m into basic grid 2 across its east edge; micro grid 3-01 2 m into 3-02.
      if (g.code === `${community}1001`) return redrawn(g.code, rnd, { edge: 1, byM: 3 });
      if (g.code === `${community}100301`) return redrawn(g.code, rnd, { edge: 1, byM: 2 });
      return redrawn(g.code, rnd);
    });
    const issues = validate(items);
    expect(issues.map((i) => [i.kind, i.codes])).toEqual([
      ['overlap', [`${community}1001`, `${community}1002`]],
      ['overlap', [`${community}100301`, `${community}100302`]],
    ]);
    for (const [issue, heightM] of [
      [issues[0]!, 3],
      [issues[1]!, 2],
    ] as const) {
      // A triangle on a 400 m edge, give or take the slivers along the rest of the border.
      expect(issue.areaM2).toBeGreaterThan(0.9 * ((side * heightM) / 2));
      expect(issue.areaM2).toBeLessThan(1.1 * ((side * heightM) / 2));
      expect(issue).toMatchObject({ severity: 'problem', geometry: { type: 'MultiPolygon' } });
      for (const code of issue.codes!) expect(pointInGeometry(issue.at!, boundaryAfter(items, code))).toBe('inside');
    }
  });

  it('finds a micro grid reaching out of its basic grid by more than the tolerance, and not one within it', () => {
    const rnd = seededRandom(9);
    // Micro grid 2-02 pushed 1 m out of its basic grid's east edge (about 200 m²); 4-01 30 cm out of
    // its south edge (about 30 m²: over the tolerance), 4-02 2 cm (about 2 m²: under it, slivers and all).
    const items = current.map((g) => {
      if (g.code === `${community}100202`) return redrawn(g.code, rnd, { edge: 1, byM: 1 });
      if (g.code === `${community}100401`) return redrawn(g.code, rnd, { edge: 0, byM: 0.3 });
      if (g.code === `${community}100402`) return redrawn(g.code, rnd, { edge: 0, byM: 0.02 });
      return redrawn(g.code, rnd);
    });
    const issues = validate(items);
    expect(issues.map((i) => [i.kind, i.codes])).toEqual([
      ['micro_outside_basic', [`${community}100202`, `${community}1002`]],
      ['micro_outside_basic', [`${community}100401`, `${community}1004`]],
    ]);
    expect(issues[0]!.areaM2).toBeGreaterThan(180);
    expect(issues[0]!.areaM2).toBeLessThan(220);
    expect(pointInGeometry(issues[0]!.at!, boundaryAfter(items, `${community}100202`))).toBe('inside');
    expect(pointInGeometry(issues[0]!.at!, boundaryAfter(items, `${community}1002`))).toBe('outside');
  });
});

describe('naming a new grid in the findings', () => {
  it('calls it "item N" in English and 第 N 项新网格 in Chinese', () => {
    // A new basic grid laid over the corner of the first one.
    const boundary = polygon(rect(300, 300, 200, 200));
    const issues = validateChange(
      { kind: 'create', items: [{ action: 'create', kind: 'basic', name: '新网格', boundary }] },
      { current, districtOutline: undefined, toleranceM2: 10 },
    );
    const overlap = issues.find((i) => i.kind === 'overlap' && i.codes?.includes(`${community}1001`));
    expect(overlap?.message).toContain('item 1');
    expect(overlap?.messageZh).toContain('第 1 项新网格');
    expect(overlap?.messageZh).not.toContain('item');
  });
});
