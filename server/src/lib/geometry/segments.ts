// How two straight segments meet, decided with exact orientation, and a sweep that finds every pair
// of segments whose boxes overlap. Used by validation (self-intersections) and splitting.
import { onSegment, orient2d } from './predicates.js';

export interface Segment {
  ax: number;
  ay: number;
  bx: number;
  by: number;
}

export type Meeting =
  | { kind: 'none' }
  /** The segments cross at one point inside both. */
  | { kind: 'cross'; x: number; y: number }
  /** They meet at one point that is an end of at least one of them. */
  | { kind: 'touch'; x: number; y: number }
  /** They are collinear and share a stretch of positive length, from (x, y) to (x2, y2). */
  | { kind: 'overlap'; x: number; y: number; x2: number; y2: number };

const NONE: Meeting = { kind: 'none' };

export function meet(s: Segment, t: Segment): Meeting {
  if (Math.max(s.ax, s.bx) < Math.min(t.ax, t.bx) || Math.max(t.ax, t.bx) < Math.min(s.ax, s.bx)) return NONE;
  if (Math.max(s.ay, s.by) < Math.min(t.ay, t.by) || Math.max(t.ay, t.by) < Math.min(s.ay, s.by)) return NONE;
  const o1 = Math.sign(orient2d(s.ax, s.ay, s.bx, s.by, t.ax, t.ay));
  const o2 = Math.sign(orient2d(s.ax, s.ay, s.bx, s.by, t.bx, t.by));
  if (o1 !== 0 && o1 === o2) return NONE;
  const o3 = Math.sign(orient2d(t.ax, t.ay, t.bx, t.by, s.ax, s.ay));
  const o4 = Math.sign(orient2d(t.ax, t.ay, t.bx, t.by, s.bx, s.by));
  if (o3 !== 0 && o3 === o4) return NONE;
  if (o1 === 0 && o2 === 0) {
    // Collinear: gather the ends of each lying on the other.
    const pts: [number, number][] = [];
    const add = (x: number, y: number) => {
      if (!pts.some((p) => p[0] === x && p[1] === y)) pts.push([x, y]);
    };
    if (onSegment(s.ax, s.ay, s.bx, s.by, t.ax, t.ay)) add(t.ax, t.ay);
    if (onSegment(s.ax, s.ay, s.bx, s.by, t.bx, t.by)) add(t.bx, t.by);
    if (onSegment(t.ax, t.ay, t.bx, t.by, s.ax, s.ay)) add(s.ax, s.ay);
    if (onSegment(t.ax, t.ay, t.bx, t.by, s.bx, s.by)) add(s.bx, s.by);
    if (pts.length === 0) return NONE;
    if (pts.length === 1) return { kind: 'touch', x: pts[0]![0], y: pts[0]![1] };
    return { kind: 'overlap', x: pts[0]![0], y: pts[0]![1], x2: pts[1]![0], y2: pts[1]![1] };
  }
  if (o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) {
    const [x, y] = crossingPoint(s, t);
    return { kind: 'cross', x, y };
  }
  if (o1 === 0) return { kind: 'touch', x: t.ax, y: t.ay };
  if (o2 === 0) return { kind: 'touch', x: t.bx, y: t.by };
  if (o3 === 0) return { kind: 'touch', x: s.ax, y: s.ay };
  return { kind: 'touch', x: s.bx, y: s.by };
}

/** Where the lines through s and t meet (rounded; only call for segments known to cross). */
export function crossingPoint(s: Segment, t: Segment): [number, number] {
  const dx1 = s.bx - s.ax;
  const dy1 = s.by - s.ay;
  const dx2 = t.bx - t.ax;
  const dy2 = t.by - t.ay;
  const den = dx1 * dy2 - dy1 * dx2;
  const u = ((t.ax - s.ax) * dy2 - (t.ay - s.ay) * dx2) / den;
  const x = s.ax + u * dx1;
  const y = s.ay + u * dy1;
  // Keep the rounded point within both segments' boxes.
  return [
    clamp(x, Math.max(Math.min(s.ax, s.bx), Math.min(t.ax, t.bx)), Math.min(Math.max(s.ax, s.bx), Math.max(t.ax, t.bx))),
    clamp(y, Math.max(Math.min(s.ay, s.by), Math.min(t.ay, t.by)), Math.min(Math.max(s.ay, s.by), Math.max(t.ay, t.by))),
  ];
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}

/**
 * Calls visit(i, j) (i < j) for every pair of segments whose bounding boxes overlap, by sweeping in
 * order of their left ends. Stop early by returning false from visit.
 */
export function forEachCandidatePair(segments: readonly Segment[], visit: (i: number, j: number) => boolean | undefined): void {
  const n = segments.length;
  const minX = new Float64Array(n);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const s = segments[i]!;
    minX[i] = Math.min(s.ax, s.bx);
    order[i] = i;
  }
  order.sort((a, b) => minX[a]! - minX[b]!);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const s = segments[i]!;
    const maxX = Math.max(s.ax, s.bx);
    const sMinY = Math.min(s.ay, s.by);
    const sMaxY = Math.max(s.ay, s.by);
    for (let m = k + 1; m < n; m++) {
      const j = order[m]!;
      if (minX[j]! > maxX) break;
      const t = segments[j]!;
      if (Math.max(t.ay, t.by) < sMinY || Math.min(t.ay, t.by) > sMaxY) continue;
      if (visit(Math.min(i, j), Math.max(i, j)) === false) return;
    }
  }
}
