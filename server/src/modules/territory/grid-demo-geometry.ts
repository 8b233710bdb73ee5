// Planar geometry for the demo grid generator (grid-demo.ts). Coordinates here are metres on a local
// equirectangular plane (x east, y north); rings are closed (first position = last) and outer rings
// run counter-clockwise, holes clockwise, as polyclip-ts emits them.

export type Pt = [number, number];
export type Ring = Pt[];
export type Poly = Ring[];
export type MultiPoly = Poly[];
export interface BBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Signed area (positive = counter-clockwise) of a closed ring; translated to its first vertex for precision. */
export function ringSignedArea(ring: Ring): number {
  const n = ring.length;
  if (n < 4) return 0;
  const [ox, oy] = ring[0]!;
  let s = 0;
  for (let i = 1; i < n - 2; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    s += (a[0] - ox) * (b[1] - oy) - (b[0] - ox) * (a[1] - oy);
  }
  return s / 2;
}

export const polyArea = (poly: Poly): number => poly.reduce((s, r, i) => s + (i === 0 ? 1 : -1) * Math.abs(ringSignedArea(r)), 0);
export const multiArea = (multi: MultiPoly): number => multi.reduce((s, p) => s + polyArea(p), 0);

export function bboxOf(multi: MultiPoly | Poly[]): BBox {
  const b: BBox = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const poly of multi)
    for (const [x, y] of poly[0] ?? []) {
      if (x < b.minX) b.minX = x;
      if (x > b.maxX) b.maxX = x;
      if (y < b.minY) b.minY = y;
      if (y > b.maxY) b.maxY = y;
    }
  return b;
}

export const bboxesOverlap = (a: BBox, b: BBox): boolean => a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY;

export function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInPoly(x: number, y: number, poly: Poly): boolean {
  if (!poly[0] || !pointInRing(x, y, poly[0])) return false;
  for (let h = 1; h < poly.length; h++) if (pointInRing(x, y, poly[h]!)) return false;
  return true;
}

export const pointInMulti = (x: number, y: number, multi: MultiPoly): boolean => multi.some((p) => pointInPoly(x, y, p));

/** Squared distance from (x, y) to segment a–b. */
export function segDist2(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  let dx = bx - ax;
  let dy = by - ay;
  if (dx !== 0 || dy !== 0) {
    const t = ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      ax = bx;
      ay = by;
    } else if (t > 0) {
      ax += dx * t;
      ay += dy * t;
    }
  }
  dx = x - ax;
  dy = y - ay;
  return dx * dx + dy * dy;
}

/** Distance from a point to the nearest edge of any ring. */
export function distToBoundary(x: number, y: number, rings: Ring[]): number {
  let best = Infinity;
  for (const ring of rings)
    for (let i = 0; i < ring.length - 1; i++) {
      const a = ring[i]!;
      const b = ring[i + 1]!;
      const d = segDist2(x, y, a[0], a[1], b[0], b[1]);
      if (d < best) best = d;
    }
  return Math.sqrt(best);
}

/** Area-weighted centroid of a polygon's outer ring (falls back to the first vertex when degenerate). */
export function ringCentroid(ring: Ring): Pt {
  const [ox, oy] = ring[0]!;
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const x0 = ring[i]![0] - ox;
    const y0 = ring[i]![1] - oy;
    const x1 = ring[i + 1]![0] - ox;
    const y1 = ring[i + 1]![1] - oy;
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  return a === 0 ? [ox, oy] : [ox + cx / (3 * a), oy + cy / (3 * a)];
}

/** Closes a ring, drops repeated positions and makes it counter-clockwise (or clockwise for a hole). */
export function normaliseRing(ring: readonly Pt[], ccw = true): Ring {
  const out: Ring = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push([p[0], p[1]]);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
  if (ringSignedArea(out) > 0 !== ccw) out.reverse();
  return out;
}

/** True when a ring (closed, counter-clockwise) has no right turn. */
export function isConvexCcw(ring: Ring): boolean {
  if (ringSignedArea(ring) <= 0) return false;
  const n = ring.length - 1;
  for (let i = 0; i < n; i++) {
    const a = ring[(i + n - 1) % n]!;
    const b = ring[i]!;
    const c = ring[(i + 1) % n]!;
    const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    if (cross < -1e-9 * (Math.abs(b[0] - a[0]) + Math.abs(b[1] - a[1])) * (Math.abs(c[0] - b[0]) + Math.abs(c[1] - b[1]))) return false;
  }
  return true;
}

/**
 * Sutherland–Hodgman: a subject ring clipped by a convex counter-clockwise clip ring; null when
 * nothing of positive area is left. Exact when the subject is convex too. A concave subject whose
 * intersection falls apart comes out as one ring joined by zero-width bridges along the clip ring's
 * edges; `isSimpleRing` tells such a result apart.
 */
export function clipConvex(subject: Ring, clip: Ring): Ring | null {
  let pts: Pt[] = subject.slice(0, -1);
  for (let e = 0; e < clip.length - 1 && pts.length > 0; e++) {
    const [ax, ay] = clip[e]!;
    const [bx, by] = clip[e + 1]!;
    const ex = bx - ax;
    const ey = by - ay;
    const side = (p: Pt) => ex * (p[1] - ay) - ey * (p[0] - ax);
    const next: Pt[] = [];
    for (let i = 0; i < pts.length; i++) {
      const p = pts[i]!;
      const q = pts[(i + 1) % pts.length]!;
      const sp = side(p);
      const sq = side(q);
      if (sp >= 0) next.push(p);
      if ((sp >= 0 && sq < 0) || (sp < 0 && sq >= 0)) {
        const t = sp / (sp - sq);
        next.push([p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t]);
      }
    }
    pts = next;
  }
  if (pts.length < 3) return null;
  const ring = normaliseRing(pts);
  return ring.length >= 4 && ringSignedArea(ring) > 1e-6 ? ring : null;
}

/**
 * Whether a closed ring is simple with room to spare: no two edges come within `tolerance` of each
 * other except neighbours at their shared vertex, and no vertex turns back along its own edge. (A
 * Sutherland–Hodgman bridge is two edges on one line, up to rounding.)
 */
export function isSimpleRing(ring: Ring, tolerance = 1e-6): boolean {
  const n = ring.length - 1;
  if (n < 3) return false;
  const tol2 = tolerance * tolerance;
  const minX = (i: number) => Math.min(ring[i]![0], ring[i + 1]![0]);
  const order = [...Array(n).keys()].sort((i, j) => minX(i) - minX(j));
  for (let oi = 0; oi < n; oi++) {
    const i = order[oi]!;
    const [ax, ay] = ring[i]!;
    const [bx, by] = ring[i + 1]!;
    const maxX = Math.max(ax, bx) + tolerance;
    for (let oj = oi + 1; oj < n; oj++) {
      const j = order[oj]!;
      const [cx, cy] = ring[j]!;
      const [dx, dy] = ring[j + 1]!;
      if (minX(j) > maxX) break;
      if (Math.min(cy, dy) > Math.max(ay, by) + tolerance || Math.max(cy, dy) < Math.min(ay, by) - tolerance) continue;
      if (j === (i + 1) % n || i === (j + 1) % n) {
        // Neighbours share one vertex; the far end of each must keep clear of the other edge.
        const [p, q, r] = j === (i + 1) % n ? [ring[i]!, ring[i + 1]!, ring[j + 1]!] : [ring[j]!, ring[j + 1]!, ring[i + 1]!];
        if (segDist2(r[0], r[1], p[0], p[1], q[0], q[1]) <= tol2 || segDist2(p[0], p[1], q[0], q[1], r[0], r[1]) <= tol2) return false;
        const cross = (q[0] - p[0]) * (r[1] - q[1]) - (q[1] - p[1]) * (r[0] - q[0]);
        const dot = (q[0] - p[0]) * (r[0] - q[0]) + (q[1] - p[1]) * (r[1] - q[1]);
        if (dot < 0 && Math.abs(cross) <= 1e-9 * Math.abs(dot)) return false;
        continue;
      }
      if (segmentsMeet(ax, ay, bx, by, cx, cy, dx, dy)) return false;
      if (
        segDist2(ax, ay, cx, cy, dx, dy) <= tol2 ||
        segDist2(bx, by, cx, cy, dx, dy) <= tol2 ||
        segDist2(cx, cy, ax, ay, bx, by) <= tol2 ||
        segDist2(dx, dy, ax, ay, bx, by) <= tol2
      )
        return false;
    }
  }
  return true;
}

const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

/** Whether segments p1–p2 and p3–p4 meet (touching counts). */
export function segmentsMeet(p1x: number, p1y: number, p2x: number, p2y: number, p3x: number, p3y: number, p4x: number, p4y: number): boolean {
  const d1 = orient(p3x, p3y, p4x, p4y, p1x, p1y);
  const d2 = orient(p3x, p3y, p4x, p4y, p2x, p2y);
  const d3 = orient(p1x, p1y, p2x, p2y, p3x, p3y);
  const d4 = orient(p1x, p1y, p2x, p2y, p4x, p4y);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  const onSeg = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
    Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);
  return (
    (d1 === 0 && onSeg(p3x, p3y, p4x, p4y, p1x, p1y)) ||
    (d2 === 0 && onSeg(p3x, p3y, p4x, p4y, p2x, p2y)) ||
    (d3 === 0 && onSeg(p1x, p1y, p2x, p2y, p3x, p3y)) ||
    (d4 === 0 && onSeg(p1x, p1y, p2x, p2y, p4x, p4y))
  );
}

/** The edges of a region in a flat array, bucketed on a uniform grid for bounding-box queries. */
export class EdgeIndex {
  readonly edges: Float64Array;
  readonly count: number;
  private readonly cells: Int32Array[] | null;
  private readonly nx: number;
  private readonly ny: number;
  private readonly bbox: BBox;
  private readonly cw: number;
  private readonly ch: number;
  private stamp: Uint32Array;
  private tick = 0;

  constructor(rings: Ring[], bbox: BBox) {
    let n = 0;
    for (const r of rings) n += Math.max(0, r.length - 1);
    this.count = n;
    this.edges = new Float64Array(n * 4);
    let k = 0;
    for (const r of rings)
      for (let i = 0; i < r.length - 1; i++) {
        this.edges[k++] = r[i]![0];
        this.edges[k++] = r[i]![1];
        this.edges[k++] = r[i + 1]![0];
        this.edges[k++] = r[i + 1]![1];
      }
    this.bbox = bbox;
    this.stamp = new Uint32Array(n);
    const side = Math.max(1, Math.round(Math.sqrt(n / 2)));
    this.nx = side;
    this.ny = side;
    this.cw = Math.max(bbox.maxX - bbox.minX, 1e-9) / side;
    this.ch = Math.max(bbox.maxY - bbox.minY, 1e-9) / side;
    if (n < 48) {
      this.cells = null;
      return;
    }
    const lists: number[][] = Array.from({ length: side * side }, () => []);
    for (let e = 0; e < n; e++) {
      const [x0, x1] = this.range(Math.min(this.edges[e * 4]!, this.edges[e * 4 + 2]!), Math.max(this.edges[e * 4]!, this.edges[e * 4 + 2]!), true);
      const [y0, y1] = this.range(Math.min(this.edges[e * 4 + 1]!, this.edges[e * 4 + 3]!), Math.max(this.edges[e * 4 + 1]!, this.edges[e * 4 + 3]!), false);
      for (let gy = y0; gy <= y1; gy++) for (let gx = x0; gx <= x1; gx++) lists[gy * side + gx]!.push(e);
    }
    this.cells = lists.map((l) => Int32Array.from(l));
  }

  private range(lo: number, hi: number, isX: boolean): [number, number] {
    const origin = isX ? this.bbox.minX : this.bbox.minY;
    const size = isX ? this.cw : this.ch;
    const max = (isX ? this.nx : this.ny) - 1;
    const clamp = (v: number) => Math.min(max, Math.max(0, v));
    return [clamp(Math.floor((lo - origin) / size)), clamp(Math.floor((hi - origin) / size))];
  }

  /** Calls `fn` once for each edge whose bucket overlaps the box; stops when it returns true. */
  some(box: BBox, fn: (ax: number, ay: number, bx: number, by: number, index: number) => boolean): boolean {
    const e = this.edges;
    if (!this.cells) {
      for (let i = 0; i < this.count; i++) if (fn(e[i * 4]!, e[i * 4 + 1]!, e[i * 4 + 2]!, e[i * 4 + 3]!, i)) return true;
      return false;
    }
    if (++this.tick === 0xffffffff) {
      this.stamp.fill(0);
      this.tick = 1;
    }
    const [x0, x1] = this.range(box.minX, box.maxX, true);
    const [y0, y1] = this.range(box.minY, box.maxY, false);
    for (let gy = y0; gy <= y1; gy++)
      for (let gx = x0; gx <= x1; gx++)
        for (const i of this.cells[gy * this.nx + gx]!) {
          if (this.stamp[i] === this.tick) continue;
          this.stamp[i] = this.tick;
          if (fn(e[i * 4]!, e[i * 4 + 1]!, e[i * 4 + 2]!, e[i * 4 + 3]!, i)) return true;
        }
    return false;
  }

  /** Indices of the edges within `r` of a point. */
  near(x: number, y: number, r: number): number[] {
    const out: number[] = [];
    this.some({ minX: x - r, minY: y - r, maxX: x + r, maxY: y + r }, (ax, ay, bx, by, i) => {
      if (segDist2(x, y, ax, ay, bx, by) <= r * r) out.push(i);
      return false;
    });
    return out.sort((a, b) => a - b);
  }

  /** Whether any edge passes within `r` of a point. */
  within(x: number, y: number, r: number): boolean {
    return this.some({ minX: x - r, minY: y - r, maxX: x + r, maxY: y + r }, (ax, ay, bx, by) => segDist2(x, y, ax, ay, bx, by) <= r * r);
  }

  /** Distance from a point to the nearest edge (at most `cap`), searching outwards from the point's bucket. */
  distance(x: number, y: number, cap = Infinity): number {
    let best = Infinity;
    const visit = (ax: number, ay: number, bx: number, by: number) => {
      const d = segDist2(x, y, ax, ay, bx, by);
      if (d < best) best = d;
      return false;
    };
    if (!this.cells) {
      this.some(this.bbox, visit);
      return Math.sqrt(best);
    }
    for (let r = Math.min(this.cw, this.ch); ; r *= 2) {
      this.some({ minX: x - r, minY: y - r, maxX: x + r, maxY: y + r }, visit);
      if (Math.sqrt(best) <= r || r >= cap || r > 4 * Math.max(this.cw * this.nx, this.ch * this.ny)) return Math.min(cap, Math.sqrt(best));
    }
  }
}

/** A polygon region prepared for repeated clipping and point tests (rings re-oriented: shells counter-clockwise). */
export class Region {
  readonly multi: MultiPoly;
  readonly bbox: BBox;
  readonly area: number;
  /** The outer ring when the region is one convex polygon without holes. */
  readonly convex: Ring | null;
  readonly edges: EdgeIndex;

  constructor(multi: MultiPoly) {
    this.multi = multi.map((poly) => poly.map((ring, k) => normaliseRing(ring, k === 0)));
    this.bbox = bboxOf(this.multi);
    this.area = multiArea(this.multi);
    const only = this.multi.length === 1 && this.multi[0]!.length === 1 ? this.multi[0]![0]! : null;
    this.convex = only && isConvexCcw(only) ? only : null;
    this.edges = new EdgeIndex(this.multi.flat(), this.bbox);
  }

  contains(x: number, y: number): boolean {
    if (x < this.bbox.minX || x > this.bbox.maxX || y < this.bbox.minY || y > this.bbox.maxY) return false;
    return pointInMulti(x, y, this.multi);
  }

  /** Whether any edge of the (closed) ring meets an edge of the region. */
  crosses(ring: Ring, box: BBox): boolean {
    return this.edges.some(box, (ax, ay, bx, by) => {
      for (let i = 0; i < ring.length - 1; i++) {
        const p = ring[i]!;
        const q = ring[i + 1]!;
        if (segmentsMeet(p[0], p[1], q[0], q[1], ax, ay, bx, by)) return true;
      }
      return false;
    });
  }
}

class MaxHeap<T> {
  private items: T[] = [];
  constructor(private readonly key: (t: T) => number) {}
  get size() {
    return this.items.length;
  }
  push(item: T) {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.key(a[p]!) >= this.key(a[i]!)) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.key(a[l]!) > this.key(a[m]!)) m = l;
        if (r < a.length && this.key(a[r]!) > this.key(a[m]!)) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Pole of inaccessibility (after Mapbox's polylabel, ISC): the interior point farthest from the
 * polygon's boundary, and that distance.
 */
export function poleOfInaccessibility(poly: Poly, precision = 1): { x: number; y: number; d: number } {
  const outer = poly[0]!;
  const b = bboxOf([poly]);
  const width = b.maxX - b.minX;
  const height = b.maxY - b.minY;
  const cellSize = Math.min(width, height);
  const signedDist = (x: number, y: number) => (pointInPoly(x, y, poly) ? 1 : -1) * distToBoundary(x, y, poly);
  if (cellSize <= 0) return { x: b.minX, y: b.minY, d: 0 };
  type Cell = { x: number; y: number; h: number; d: number; max: number };
  const cell = (x: number, y: number, h: number): Cell => {
    const d = signedDist(x, y);
    return { x, y, h, d, max: d + h * Math.SQRT2 };
  };
  const queue = new MaxHeap<Cell>((c) => c.max);
  const h0 = cellSize / 2;
  for (let x = b.minX; x < b.maxX; x += cellSize) for (let y = b.minY; y < b.maxY; y += cellSize) queue.push(cell(x + h0, y + h0, h0));
  const [cx, cy] = ringCentroid(outer);
  let best = cell(cx, cy, 0);
  const boxCell = cell(b.minX + width / 2, b.minY + height / 2, 0);
  if (boxCell.d > best.d) best = boxCell;
  for (let c = queue.pop(); c; c = queue.pop()) {
    if (c.d > best.d) best = c;
    if (c.max - best.d <= precision) continue;
    const h = c.h / 2;
    queue.push(cell(c.x - h, c.y - h, h));
    queue.push(cell(c.x + h, c.y - h, h));
    queue.push(cell(c.x - h, c.y + h, h));
    queue.push(cell(c.x + h, c.y + h, h));
  }
  return { x: best.x, y: best.y, d: best.d };
}

/**
 * Shared vertices of a set of polygons that tile a region. Clipping leaves a child's vertex in the
 * middle of its parent's (or a neighbour's) straight edge; once coordinates are rounded that edge
 * would bend on one side and not on the other, leaving slivers of overlap and gap. Inserting every
 * such vertex into every edge it lies on keeps shared borders identical after rounding.
 */
export class SharedVertices {
  private readonly buckets = new Map<number, Pt[]>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly cell = 250,
    private readonly tolerance = 1e-5,
  ) {}

  private bucketKey(gx: number, gy: number) {
    return (gx + 1_000_000) * 2_000_003 + (gy + 1_000_000);
  }

  add(multi: MultiPoly): void {
    for (const poly of multi)
      for (const ring of poly)
        for (const p of ring) {
          const key = `${p[0]},${p[1]}`;
          if (this.seen.has(key)) continue;
          this.seen.add(key);
          const k = this.bucketKey(Math.floor(p[0] / this.cell), Math.floor(p[1] / this.cell));
          const list = this.buckets.get(k);
          if (list) list.push(p);
          else this.buckets.set(k, [p]);
        }
  }

  /** The polygons with every known vertex that lies inside one of their edges added to that edge. */
  refine(multi: MultiPoly): MultiPoly {
    return multi.map((poly) => poly.map((ring) => this.refineRing(ring)));
  }

  private refineRing(ring: Ring): Ring {
    const out: Ring = [];
    const tol2 = this.tolerance * this.tolerance;
    for (let i = 0; i < ring.length - 1; i++) {
      const a = ring[i]!;
      const b = ring[i + 1]!;
      out.push(a);
      const dx = b[0] - a[0];
      const dy = b[1] - a[1];
      const len2 = dx * dx + dy * dy;
      if (len2 === 0) continue;
      const found: { t: number; p: Pt }[] = [];
      const gx0 = Math.floor((Math.min(a[0], b[0]) - this.tolerance) / this.cell);
      const gx1 = Math.floor((Math.max(a[0], b[0]) + this.tolerance) / this.cell);
      const gy0 = Math.floor((Math.min(a[1], b[1]) - this.tolerance) / this.cell);
      const gy1 = Math.floor((Math.max(a[1], b[1]) + this.tolerance) / this.cell);
      for (let gx = gx0; gx <= gx1; gx++)
        for (let gy = gy0; gy <= gy1; gy++) {
          const list = this.buckets.get(this.bucketKey(gx, gy));
          if (!list) continue;
          for (const p of list) {
            const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
            if (t <= 0 || t >= 1) continue;
            if (segDist2(p[0], p[1], a[0], a[1], b[0], b[1]) > tol2) continue;
            if ((p[0] - a[0]) ** 2 + (p[1] - a[1]) ** 2 <= tol2 || (p[0] - b[0]) ** 2 + (p[1] - b[1]) ** 2 <= tol2) continue;
            found.push({ t, p });
          }
        }
      found.sort((u, v) => u.t - v.t || u.p[0] - v.p[0] || u.p[1] - v.p[1]);
      for (const f of found) out.push(f.p);
    }
    out.push(ring[ring.length - 1]!);
    return out;
  }
}

/** Removes vertices lying (within `tolerance` metres) on the line through their neighbours. */
export function dropCollinear(ring: Ring, tolerance = 1e-6): Ring {
  const pts = ring.slice(0, -1);
  for (let i = 0; pts.length > 3 && i < pts.length; ) {
    const a = pts[(i + pts.length - 1) % pts.length]!;
    const b = pts[i]!;
    const c = pts[(i + 1) % pts.length]!;
    const base = Math.hypot(c[0] - a[0], c[1] - a[1]);
    const cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    const between = (b[0] - a[0]) * (c[0] - a[0]) + (b[1] - a[1]) * (c[1] - a[1]) > 0 && (b[0] - c[0]) * (a[0] - c[0]) + (b[1] - c[1]) * (a[1] - c[1]) > 0;
    if (base > 0 && between && Math.abs(cross) / base < tolerance) pts.splice(i, 1);
    else i++;
  }
  return [...pts, pts[0]!];
}
