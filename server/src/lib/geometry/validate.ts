// Validation of a GeoJSON value that claims to be a Polygon or MultiPolygon, with every problem
// located and described in both languages, for the change editor to draw on the map. The rules are
// OGC simple-features validity: closed rings of at least four positions, rings that neither cross
// nor touch themselves, rings of a polygon that may touch at a point but not cross or share an edge,
// holes inside their shell (and not inside one another), and parts of a MultiPolygon that do not overlap.
import { BOUNDARY, flattenGeometry, INSIDE, type OUTSIDE, pointInFlatPolygons, pointInFlatRing } from './point-in-polygon.js';
import { onSegment, orient2d } from './predicates.js';
import { forEachCandidatePair, meet, type Segment } from './segments.js';
import type { LngLat } from './types.js';

export interface GeometryProblem {
  kind: 'too_few_points' | 'unclosed_ring' | 'self_intersection' | 'hole_outside_shell' | 'bad_coordinate';
  /** Ring index within its polygon, 0-based: 0 is the outer ring, 1… the holes. */
  ring?: number;
  /** Polygon index within a MultiPolygon, 0-based; absent for a Polygon. */
  polygon?: number;
  at?: LngLat;
  message: string;
  messageZh: string;
}

/** Self-intersections reported per geometry at most; a badly tangled ring would otherwise give thousands. */
const MAX_INTERSECTIONS = 20;

interface Ring {
  polygon: number;
  ring: number;
  /** Positions with consecutive duplicates removed, not closed: the edges are i → i+1 and last → first. */
  points: LngLat[];
}

interface Edge extends Segment {
  ringIndex: number;
  edge: number;
}

/** Every problem of the value as a Polygon or MultiPolygon; [] when it is valid. */
export function geometryProblems(g: unknown): GeometryProblem[] {
  const problems: GeometryProblem[] = [];
  if (typeof g !== 'object' || g === null || Array.isArray(g)) {
    return [structural('The geometry is not a GeoJSON object.', '几何图形不是 GeoJSON 对象。')];
  }
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    return [structural(`The geometry's type must be Polygon or MultiPolygon, not ${JSON.stringify(type)}.`, '几何类型须为 Polygon 或 MultiPolygon。')];
  }
  if (!Array.isArray(coordinates)) return [structural('The geometry has no coordinates array.', '几何图形缺少 coordinates 数组。')];
  const multi = type === 'MultiPolygon';
  const polygons: unknown[] = multi ? coordinates : [coordinates];
  if (polygons.length === 0) return [tooFew(multi ? undefined : 0, undefined, multi, 'The geometry has no polygon.', '几何图形不含任何多边形。')];

  // Pass 1: structure, coordinates, closure and size, ring by ring. Only rings that pass go on.
  const rings: Ring[] = [];
  const polygonOk: boolean[] = [];
  polygons.forEach((poly, pi) => {
    const label = where(pi, undefined, multi);
    if (!Array.isArray(poly)) {
      problems.push(problem('bad_coordinate', pi, undefined, multi, undefined, `${cap(label.en)} is not an array of rings.`, `${label.zh}不是环的数组。`));
      polygonOk[pi] = false;
      return;
    }
    if (poly.length === 0) {
      problems.push(tooFew(pi, undefined, multi, `${cap(label.en)} has no rings.`, `${label.zh}没有任何环。`));
      polygonOk[pi] = false;
      return;
    }
    let ok = true;
    poly.forEach((ring: unknown, ri) => {
      const r = checkRing(ring, pi, ri, multi, problems);
      if (r) rings.push(r);
      else ok = false;
    });
    polygonOk[pi] = ok;
  });

  // Pass 2: crossings and touchings, over every edge of every sound ring at once.
  const crossed = new Set<number>();
  problems.push(...intersections(rings, multi, crossed));

  // Pass 3: holes inside their shell and not inside each other; parts of a MultiPolygon apart.
  const byPolygon = new Map<number, Ring[]>();
  for (const r of rings) byPolygon.set(r.polygon, [...(byPolygon.get(r.polygon) ?? []), r]);
  const sound: { polygon: number; rings: Ring[] }[] = [];
  for (const [pi, rs] of byPolygon) {
    if (!polygonOk[pi] || crossed.has(pi)) continue;
    sound.push({ polygon: pi, rings: rs });
    problems.push(...holeProblems(rs, multi));
  }
  if (multi) problems.push(...overlappingParts(sound));
  return problems;
}

function checkRing(ring: unknown, pi: number, ri: number, multi: boolean, problems: GeometryProblem[]): Ring | undefined {
  const label = where(pi, ri, multi);
  if (!Array.isArray(ring)) {
    problems.push(problem('bad_coordinate', pi, ri, multi, undefined, `${cap(label.en)} is not an array of positions.`, `${label.zh}不是坐标点的数组。`));
    return undefined;
  }
  const points: LngLat[] = [];
  for (let k = 0; k < ring.length; k++) {
    const p: unknown = ring[k];
    const bad = positionProblem(p);
    if (bad) {
      problems.push(
        problem('bad_coordinate', pi, ri, multi, undefined, `Position ${k + 1} of ${label.en} ${bad.en}.`, `${label.zh}的第 ${k + 1} 个坐标点${bad.zh}。`),
      );
      return undefined;
    }
    const q = p as number[];
    points.push([q[0]!, q[1]!]);
  }
  const first = points[0];
  if (ring.length < 4 || !first) {
    problems.push(
      problem(
        'too_few_points',
        pi,
        ri,
        multi,
        first,
        `${cap(label.en)} has ${ring.length} positions; a ring needs at least 4 (3 corners and the closing point).`,
        `${label.zh}只有 ${ring.length} 个坐标点，至少需要 4 个（3 个顶点加闭合点）。`,
      ),
    );
    return undefined;
  }
  const last = points[points.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    problems.push(
      problem(
        'unclosed_ring',
        pi,
        ri,
        multi,
        first,
        `${cap(label.en)} is not closed: its last position must repeat its first.`,
        `${label.zh}未闭合：最后一个坐标点须与第一个相同。`,
      ),
    );
    return undefined;
  }
  const distinct: LngLat[] = [];
  for (const p of points) {
    const prev = distinct[distinct.length - 1];
    if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) distinct.push(p);
  }
  distinct.pop(); // the closing repeat of the first
  if (distinct.length < 3) {
    problems.push(
      problem(
        'too_few_points',
        pi,
        ri,
        multi,
        first,
        `${cap(label.en)} has only ${distinct.length} distinct corners; a ring needs at least 3.`,
        `${label.zh}只有 ${distinct.length} 个不同的顶点，至少需要 3 个。`,
      ),
    );
    return undefined;
  }
  return { polygon: pi, ring: ri, points: distinct };
}

function positionProblem(p: unknown): { en: string; zh: string } | undefined {
  if (!Array.isArray(p) || p.length < 2) return { en: 'is not a [longitude, latitude] pair', zh: '不是 [经度, 纬度] 数组' };
  const [lng, lat] = p as unknown[];
  if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat)) {
    return { en: 'has a longitude or latitude that is not a finite number', zh: '的经度或纬度不是有限数值' };
  }
  if (lng < -180 || lng > 180) return { en: `has longitude ${lng}, outside −180…180`, zh: `的经度 ${lng} 超出 −180～180 范围` };
  if (lat < -90 || lat > 90) return { en: `has latitude ${lat}, outside −90…90`, zh: `的纬度 ${lat} 超出 −90～90 范围` };
  return undefined;
}

function intersections(rings: Ring[], multi: boolean, crossed: Set<number>): GeometryProblem[] {
  const edges: Edge[] = [];
  rings.forEach((r, ringIndex) => {
    const n = r.points.length;
    for (let e = 0; e < n; e++) {
      const a = r.points[e]!;
      const b = r.points[(e + 1) % n]!;
      edges.push({ ax: a[0], ay: a[1], bx: b[0], by: b[1], ringIndex, edge: e });
    }
  });
  const out: GeometryProblem[] = [];
  const seen = new Set<string>();
  const report = (s: Edge, t: Edge, x: number, y: number) => {
    const key = `${s.ringIndex}/${t.ringIndex}/${x}/${y}`;
    if (seen.has(key)) return;
    seen.add(key);
    const rs = rings[s.ringIndex]!;
    const rt = rings[t.ringIndex]!;
    crossed.add(rs.polygon);
    crossed.add(rt.polygon);
    const at: LngLat = [x, y];
    const a = where(rs.polygon, rs.ring, multi);
    if (s.ringIndex === t.ringIndex) {
      out.push(
        problem(
          'self_intersection',
          rs.polygon,
          rs.ring,
          multi,
          at,
          `${cap(a.en)} crosses or touches itself at ${fmt(at)}.`,
          `${a.zh}在 ${fmt(at)} 处自相交。`,
        ),
      );
    } else {
      const b = where(rt.polygon, rt.ring, multi);
      out.push(
        problem(
          'self_intersection',
          rs.polygon,
          rs.ring,
          multi,
          at,
          `${cap(a.en)} and ${b.en} cross or share an edge at ${fmt(at)}.`,
          `${a.zh}与${b.zh}在 ${fmt(at)} 处相交或共边。`,
        ),
      );
    }
  };
  forEachCandidatePair(edges, (i, j) => {
    const s = edges[i]!;
    const t = edges[j]!;
    if (s.ringIndex === t.ringIndex) {
      const n = rings[s.ringIndex]!.points.length;
      const [lo, hi] = s.edge < t.edge ? [s, t] : [t, s];
      if (hi.edge === lo.edge + 1 || (lo.edge === 0 && hi.edge === n - 1)) {
        // Neighbours share a corner; they are wrong only if they fold back along each other (a spike).
        const shared =
          hi.edge === lo.edge + 1
            ? { x: lo.bx, y: lo.by, ox: lo.ax, oy: lo.ay, px: hi.bx, py: hi.by }
            : { x: lo.ax, y: lo.ay, ox: lo.bx, oy: lo.by, px: hi.ax, py: hi.ay };
        if (orient2d(shared.ox, shared.oy, shared.x, shared.y, shared.px, shared.py) === 0) {
          if (
            onSegment(shared.x, shared.y, shared.ox, shared.oy, shared.px, shared.py) ||
            onSegment(shared.x, shared.y, shared.px, shared.py, shared.ox, shared.oy)
          ) {
            report(s, t, shared.x, shared.y);
          }
        }
        return out.length < MAX_INTERSECTIONS;
      }
      const m = meet(s, t);
      if (m.kind !== 'none') report(s, t, m.x, m.y);
    } else {
      // Rings may touch at a point, but not cross or run along each other.
      const m = meet(s, t);
      if (m.kind === 'cross' || m.kind === 'overlap') report(s, t, m.x, m.y);
    }
    return out.length < MAX_INTERSECTIONS;
  });
  return out;
}

/** A flat closed ring for the point tests. */
function flat(r: Ring): Float64Array {
  const out = new Float64Array((r.points.length + 1) * 2);
  r.points.forEach((p, i) => {
    out[2 * i] = p[0];
    out[2 * i + 1] = p[1];
  });
  out[2 * r.points.length] = r.points[0]![0];
  out[2 * r.points.length + 1] = r.points[0]![1];
  return out;
}

/** Where ring r lies relative to the flat ring c: judged at its first corner not on c's boundary, else at an edge middle. */
function ringRelativeTo(r: Ring, c: Float64Array): typeof INSIDE | typeof OUTSIDE | typeof BOUNDARY {
  for (const p of r.points) {
    const w = pointInFlatRing(c, p[0], p[1]);
    if (w !== BOUNDARY) return w;
  }
  const n = r.points.length;
  for (let i = 0; i < n; i++) {
    const a = r.points[i]!;
    const b = r.points[(i + 1) % n]!;
    const w = pointInFlatRing(c, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
    if (w !== BOUNDARY) return w;
  }
  return BOUNDARY;
}

function holeProblems(rs: Ring[], multi: boolean): GeometryProblem[] {
  const shell = rs.find((r) => r.ring === 0);
  if (!shell) return [];
  const shellFlat = flat(shell);
  const holes = rs.filter((r) => r.ring > 0);
  const holeFlat = holes.map(flat);
  const out: GeometryProblem[] = [];
  holes.forEach((h, i) => {
    const label = where(h.polygon, h.ring, multi);
    const at = h.points[0]!;
    if (ringRelativeTo(h, shellFlat) !== INSIDE) {
      out.push(problem('hole_outside_shell', h.polygon, h.ring, multi, at, `${cap(label.en)} is not inside the outer ring.`, `${label.zh}不在外环之内。`));
      return;
    }
    for (let k = 0; k < holes.length; k++) {
      if (k === i) continue;
      if (ringRelativeTo(h, holeFlat[k]!) === INSIDE) {
        const other = where(h.polygon, holes[k]!.ring, multi);
        out.push(problem('hole_outside_shell', h.polygon, h.ring, multi, at, `${cap(label.en)} lies inside ${other.en}.`, `${label.zh}位于${other.zh}之内。`));
        return;
      }
    }
  });
  return out;
}

function overlappingParts(sound: { polygon: number; rings: Ring[] }[]): GeometryProblem[] {
  const out: GeometryProblem[] = [];
  const prepared = sound.map((s) => {
    const shell = s.rings.find((r) => r.ring === 0);
    const geometry: GeoJSON.Polygon = { type: 'Polygon', coordinates: [...s.rings].sort((a, b) => a.ring - b.ring).map((r) => [...r.points, r.points[0]!]) };
    return { polygon: s.polygon, shell, flat: flattenGeometry(geometry) };
  });
  for (const a of prepared) {
    for (const b of prepared) {
      if (a === b || !a.shell) continue;
      // a's outer ring inside b's area (not in one of b's holes): the parts overlap.
      const p = a.shell.points.find((q) => pointInFlatPolygons(b.flat, q[0], q[1]) !== BOUNDARY);
      if (p && pointInFlatPolygons(b.flat, p[0], p[1]) === INSIDE) {
        out.push(
          problem(
            'self_intersection',
            a.polygon,
            0,
            true,
            p,
            `Polygons ${a.polygon + 1} and ${b.polygon + 1} of the MultiPolygon overlap (at ${fmt(p)}).`,
            `多面中的第 ${a.polygon + 1} 个与第 ${b.polygon + 1} 个多边形相互重叠（${fmt(p)}）。`,
          ),
        );
      }
    }
  }
  return out;
}

function where(polygon: number | undefined, ring: number | undefined, multi: boolean): { en: string; zh: string } {
  const pEn = multi && polygon !== undefined ? `polygon ${polygon + 1}` : 'the polygon';
  const pZh = multi && polygon !== undefined ? `第 ${polygon + 1} 个多边形` : '多边形';
  if (ring === undefined) return { en: pEn, zh: pZh };
  const rEn = ring === 0 ? 'the outer ring' : `hole ${ring}`;
  const rZh = ring === 0 ? '外环' : `第 ${ring} 个内环`;
  return multi ? { en: `${rEn} of ${pEn}`, zh: `${pZh}的${rZh}` } : { en: rEn, zh: rZh };
}

function problem(
  kind: GeometryProblem['kind'],
  polygon: number | undefined,
  ring: number | undefined,
  multi: boolean,
  at: LngLat | undefined,
  message: string,
  messageZh: string,
): GeometryProblem {
  return {
    kind,
    ...(ring === undefined ? {} : { ring }),
    ...(multi && polygon !== undefined ? { polygon } : {}),
    ...(at ? { at: [at[0], at[1]] as LngLat } : {}),
    message,
    messageZh,
  };
}

function structural(message: string, messageZh: string): GeometryProblem {
  return { kind: 'bad_coordinate', message, messageZh };
}

function tooFew(polygon: number | undefined, ring: number | undefined, multi: boolean, message: string, messageZh: string): GeometryProblem {
  return problem('too_few_points', polygon, ring, multi, undefined, message, messageZh);
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function fmt(p: LngLat): string {
  return `(${Number(p[0].toFixed(7))}, ${Number(p[1].toFixed(7))})`;
}
