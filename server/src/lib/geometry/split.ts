// Splitting a polygon along a drawn line, for the grid change editor's "split" tool. The line is
// cut into chords: stretches that run inside the outer ring from one point of it to another. Each
// chord divides the piece it runs through in two, walking the ring from one end of the chord to the
// other and back along the chord. Where the intersection points are inserted into the ring, both
// pieces get the same coordinates, so they tile the polygon with no gap or overlap. Holes go to the
// piece that holds them, or are cut with the pieces when the line runs through them.
import * as polyclip from 'polyclip-ts';
import { INSIDE, pointInFlatRing } from './point-in-polygon.js';
import { meet, type Segment } from './segments.js';
import { GeometryError, type LngLat, orientRing, ringSignedArea } from './types.js';

interface Event {
  /** Line segment index and position along it (0…1). */
  i: number;
  t: number;
  /** Ring edge index and position along it (0…1). */
  j: number;
  s: number;
  x: number;
  y: number;
}

/**
 * The pieces of the polygon on either side of the line, each a Polygon (outer ring counter-clockwise).
 * The line must cross the polygon: run from outside (or from its boundary) through its inside to the
 * boundary or beyond, possibly several times. Throws GeometryError('line_does_not_split') when it
 * leaves fewer than two pieces, and GeometryError('bad_input') for a malformed polygon or line.
 */
export function splitByLine(g: GeoJSON.Polygon, line: GeoJSON.LineString): GeoJSON.Polygon[] {
  if (g?.type !== 'Polygon' || !Array.isArray(g.coordinates) || !g.coordinates[0]) {
    throw new GeometryError('bad_input', 'Only a Polygon can be split.', '只能分割单个多边形（Polygon）。');
  }
  const rings = g.coordinates.map(cleanRing);
  const shell = rings[0]!;
  const holes = rings.slice(1).filter((h) => h.length >= 3);
  const path = line?.type === 'LineString' && Array.isArray(line.coordinates) ? dedupe(line.coordinates.map(toLngLat)) : [];
  if (shell.length < 3) throw new GeometryError('bad_input', 'The polygon has fewer than 3 corners.', '多边形顶点少于 3 个。');
  if (path.length < 2 || path.some((p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) {
    throw new GeometryError('bad_input', 'The split line needs at least two distinct points.', '分割线至少需要两个不同的点。');
  }

  const events = lineEvents(path, shell);
  const ring = insertEvents(shell, events);
  const shellFlat = flatClosed(shell);

  // Chords: stretches of the line between consecutive boundary points that lie inside the ring.
  const chords: LngLat[][] = [];
  for (let k = 0; k + 1 < events.length; k++) {
    const a = events[k]!;
    const b = events[k + 1]!;
    const chord = dedupe([[a.x, a.y], ...path.slice(a.i + 1, b.i + 1), [b.x, b.y]]);
    if (chord.length < 2) continue;
    const mid = sample(chord);
    if (pointInFlatRing(shellFlat, mid[0], mid[1]) === INSIDE) chords.push(chord);
  }

  const pieces: LngLat[][] = [ring];
  for (const chord of chords) {
    const mid = sample(chord);
    const k = pieces.findIndex((p) => pointInFlatRing(flatClosed(p), mid[0], mid[1]) === INSIDE);
    if (k < 0) continue;
    const cut = cutRing(pieces[k]!, chord);
    if (cut) pieces.splice(k, 1, ...cut);
  }

  let polygons: LngLat[][][];
  if (holes.length === 0) polygons = pieces.map((p) => [p]);
  else if (!chords.some((c) => holes.some((h) => pathMeetsRing(c, h)))) {
    // No chord touches a hole: each hole lies wholly in one piece.
    polygons = pieces.map((p) => {
      const f = flatClosed(p);
      return [p, ...holes.filter((h) => h.some((q) => pointInFlatRing(f, q[0], q[1]) === INSIDE))];
    });
  } else {
    const whole = [close(ring), ...holes.map(close)];
    polygons = pieces.flatMap((p) => polyclip.intersection([whole], [[close(p)]]).map((poly) => poly.map(open)));
  }
  polygons = polygons.filter((p) => p[0] && p[0].length >= 3 && ringSignedArea(close(p[0])) !== 0);
  if (polygons.length < 2) {
    throw new GeometryError(
      'line_does_not_split',
      'The line does not cut the polygon in two: draw it across the polygon, from outside to outside.',
      '分割线未将多边形分为两部分：请从多边形外侧穿过多边形画到另一侧外侧。',
    );
  }
  return polygons.map((p) => ({ type: 'Polygon', coordinates: p.map((r, i) => orientRing(close(r), i === 0)) }));
}

function toLngLat(p: GeoJSON.Position): LngLat {
  return [Number(p[0]), Number(p[1])];
}

function dedupe(points: LngLat[]): LngLat[] {
  const out: LngLat[] = [];
  for (const p of points) {
    const prev = out[out.length - 1];
    if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) out.push(p);
  }
  return out;
}

/** A ring as distinct corners, not closed. */
function cleanRing(ring: GeoJSON.Position[]): LngLat[] {
  const out = dedupe(ring.map(toLngLat));
  while (out.length > 1 && out[0]![0] === out[out.length - 1]![0] && out[0]![1] === out[out.length - 1]![1]) out.pop();
  return out;
}

function close(r: LngLat[]): [number, number][] {
  return [...r.map((p): [number, number] => [p[0], p[1]]), [r[0]![0], r[0]![1]]];
}

function open(r: [number, number][]): LngLat[] {
  return cleanRing(r);
}

function flatClosed(r: LngLat[]): Float64Array {
  const out = new Float64Array((r.length + 1) * 2);
  r.forEach((p, i) => {
    out[2 * i] = p[0];
    out[2 * i + 1] = p[1];
  });
  out[2 * r.length] = r[0]![0];
  out[2 * r.length + 1] = r[0]![1];
  return out;
}

/** The middle of the chord's longest segment: a point of its inside, away from its ends. */
function sample(chord: LngLat[]): LngLat {
  let best = 0;
  let bestLen = -1;
  for (let k = 0; k + 1 < chord.length; k++) {
    const len = Math.hypot(chord[k + 1]![0] - chord[k]![0], chord[k + 1]![1] - chord[k]![1]);
    if (len > bestLen) {
      bestLen = len;
      best = k;
    }
  }
  const a = chord[best]!;
  const b = chord[best + 1]!;
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

function param(ax: number, ay: number, bx: number, by: number, x: number, y: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  return Math.abs(dx) >= Math.abs(dy) ? (x - ax) / dx : (y - ay) / dy;
}

/** Every point where the line meets the ring, in order along the line, without repeats. */
function lineEvents(path: LngLat[], ring: LngLat[]): Event[] {
  const events: Event[] = [];
  const n = ring.length;
  for (let i = 0; i + 1 < path.length; i++) {
    const a = path[i]!;
    const b = path[i + 1]!;
    const s: Segment = { ax: a[0], ay: a[1], bx: b[0], by: b[1] };
    for (let j = 0; j < n; j++) {
      const c = ring[j]!;
      const d = ring[(j + 1) % n]!;
      const e: Segment = { ax: c[0], ay: c[1], bx: d[0], by: d[1] };
      const m = meet(s, e);
      if (m.kind === 'none') continue;
      const points: [number, number][] =
        m.kind === 'overlap'
          ? [
              [m.x, m.y],
              [m.x2, m.y2],
            ]
          : [[m.x, m.y]];
      for (const [x, y] of points) {
        events.push({ i, t: param(a[0], a[1], b[0], b[1], x, y), j, s: param(c[0], c[1], d[0], d[1], x, y), x, y });
      }
    }
  }
  events.sort((p, q) => p.i - q.i || p.t - q.t);
  return events.filter((e, k) => k === 0 || e.x !== events[k - 1]!.x || e.y !== events[k - 1]!.y);
}

/** The ring with the event points inserted on their edges, so each is exactly one of its corners. */
function insertEvents(ring: LngLat[], events: Event[]): LngLat[] {
  const onEdge = new Map<number, Event[]>();
  for (const e of events) onEdge.set(e.j, [...(onEdge.get(e.j) ?? []), e]);
  const out: LngLat[] = [];
  ring.forEach((p, j) => {
    out.push(p);
    for (const e of (onEdge.get(j) ?? []).sort((a, b) => a.s - b.s)) out.push([e.x, e.y]);
  });
  return cleanRing(out);
}

/** The two rings a chord makes of a ring whose corners include both of its ends; undefined if it does not divide it. */
function cutRing(ring: LngLat[], chord: LngLat[]): [LngLat[], LngLat[]] | undefined {
  const start = chord[0]!;
  const end = chord[chord.length - 1]!;
  const iP = ring.findIndex((p) => p[0] === start[0] && p[1] === start[1]);
  const iQ = ring.findIndex((p) => p[0] === end[0] && p[1] === end[1]);
  if (iP < 0 || iQ < 0 || iP === iQ) return undefined;
  const n = ring.length;
  const walk = (from: number, to: number): LngLat[] => {
    const out: LngLat[] = [];
    for (let k = from; ; k = (k + 1) % n) {
      out.push(ring[k]!);
      if (k === to) return out;
    }
  };
  const inner = chord.slice(1, -1);
  const a = [...walk(iP, iQ), ...[...inner].reverse()];
  const b = [...walk(iQ, iP), ...inner];
  if (a.length < 3 || b.length < 3 || ringSignedArea(close(a)) === 0 || ringSignedArea(close(b)) === 0) return undefined;
  return [a, b];
}

function pathMeetsRing(path: LngLat[], ring: LngLat[]): boolean {
  for (let i = 0; i + 1 < path.length; i++) {
    const s: Segment = { ax: path[i]![0], ay: path[i]![1], bx: path[i + 1]![0], by: path[i + 1]![1] };
    for (let j = 0; j < ring.length; j++) {
      const c = ring[j]!;
      const d = ring[(j + 1) % ring.length]!;
      if (meet(s, { ax: c[0], ay: c[1], bx: d[0], by: d[1] }).kind !== 'none') return true;
    }
  }
  return false;
}
