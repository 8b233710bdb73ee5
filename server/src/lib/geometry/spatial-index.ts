// An in-memory index answering "which of these polygons contain this point?": a packed Hilbert
// R-tree (flatbush) over bounding boxes, then the exact point-in-polygon test (the same edge test as
// pointInGeometry) on the candidates. Items are sorted by key once, so results come back in key
// order and a point on a border shared by several items resolves to the same first item every time.
//
// A lookup at random over ~22,000 grids is bound by memory (cache and TLB misses), not by
// arithmetic, so the exact test is arranged to touch little of it:
// - a small side table holds, per item and per horizontal slice of its box, the x-range of its
//   edges there; most candidates whose box holds the point but whose shape does not are turned away
//   by it without reading the item's record;
// - each item's polygons, rings, bands and coordinates lie side by side in one Float64Array, in the
//   tree's (Hilbert) order, so a candidate costs a few neighbouring cache lines, not a chain of
//   small objects, and neighbouring candidates are neighbours in memory;
// - each long ring's latitude range is cut into horizontal bands listing the edges that reach into
//   them. Only edges that straddle or touch the point's latitude can count for it, and all of those
//   are listed in the point's band, so testing the band gives exactly the answer of testing the whole
//   ring, in a handful of edges instead of a hundred.
// Slices and bands stay exact under rounding: the slice or band of a latitude is computed by a
// subtraction and a multiplication, which never reverse the order of two latitudes, so an edge that
// reaches a latitude is always listed in that latitude's slice and band.
import Flatbush from 'flatbush';
import { BOUNDARY, edgeTest, INSIDE, type Location, OUTSIDE } from './point-in-polygon.js';
import { type BBox, type LngLat, type PolygonGeometry, polygonsOf } from './types.js';

/** Rings with fewer edges than this are scanned whole: bands would not pay. */
const BAND_MIN_EDGES = 16;
/** About this many edges per band (an edge reaching into several bands is listed in each). */
const EDGES_PER_BAND = 8;
/** Horizontal slices of each item's box in the side table of x-ranges. */
const SLICES = 8;

// Record layout in `data`. An item: [polygon count, polygon…]. A polygon: [size, minX, minY, maxX,
// maxY, ring count, ring…]. A ring: [size, minY, maxY, band scale, band count, coordinates' start,
// then either its coordinates (closed), or, for a banded ring, its band starts (count + 1, offsets
// from the ring's start) and its bands. A band is a list of runs of consecutive edges, each run
// [edge count k, x0, y0, …, xk, yk]: the edges of a band sit side by side, a cache line or two.
const P_SIZE = 0;
const P_MIN_X = 1;
const P_MIN_Y = 2;
const P_MAX_X = 3;
const P_MAX_Y = 4;
const P_RINGS = 5;
const P_HEADER = 6;
const R_SIZE = 0;
const R_MIN_Y = 1;
const R_MAX_Y = 2;
const R_SCALE = 3;
const R_BANDS = 4;
const R_COORDS = 5;
const R_HEADER = 6;

export class SpatialIndex<T extends { key: string; geometry: PolygonGeometry }> {
  private readonly items: T[];
  /** For each slot in the tree, the item's position in key order (items without any polygon get no slot). */
  private readonly slotItem: Uint32Array;
  /** Where each slot's record starts in data. */
  private readonly slotAt: Float64Array;
  private readonly data: Float64Array;
  /**
   * A small side table, per slot and per horizontal slice of its box, of the x-range of the edges
   * reaching into the slice. Any point of the item at that latitude lies within that range, so a
   * point outside it is outside the item, found without touching the item's record: most
   * candidates whose box holds the point but whose shape does not are turned away here.
   */
  private readonly sliceX: Float64Array;
  private readonly tree: Flatbush | undefined;

  constructor(items: readonly T[]) {
    this.items = [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const slotItem: number[] = [];
    const boxes: number[] = [];
    this.items.forEach((item, i) => {
      const box = itemBox(item.geometry);
      if (!box) return;
      slotItem.push(i);
      boxes.push(...box);
    });
    this.slotItem = Uint32Array.from(slotItem);
    const n = slotItem.length;
    this.slotAt = new Float64Array(n);
    this.sliceX = new Float64Array(n * 2 * SLICES);
    if (n === 0) {
      this.data = new Float64Array(0);
      return;
    }
    const tree = new Flatbush(n);
    for (let s = 0; s < n; s++) tree.add(boxes[4 * s]!, boxes[4 * s + 1]!, boxes[4 * s + 2]!, boxes[4 * s + 3]!);
    tree.finish();
    this.tree = tree;
    // Lay the records out in the tree's leaf order (along a Hilbert curve), so the candidates of one
    // lookup, which are neighbours on the map, are neighbours in memory too.
    const leaves = tree._indices;
    const order = leaves && leaves.length >= n ? leaves.subarray(0, n) : Uint32Array.from({ length: n }, (_, s) => s);
    const data: number[] = [];
    for (const s of order) {
      this.slotAt[s] = data.length;
      const g = this.items[slotItem[s]!]!.geometry;
      addItem(data, g);
      fillSlices(this.sliceX, s, g, boxes[4 * s + 1]!, boxes[4 * s + 3]!);
    }
    this.data = Float64Array.from(data);
  }

  get size(): number {
    return this.items.length;
  }

  /** Every item containing the point (inside or on the boundary), ordered by key, so a point on a shared border resolves the same way every time (callers take the first). */
  locate(p: LngLat): T[] {
    const x = p[0];
    const y = p[1];
    if (!this.tree || !Number.isFinite(x) || !Number.isFinite(y)) return [];
    const sliceX = this.sliceX;
    return this.pick(
      this.tree.search(x, y, x, y, (s, _x0, y0, _x1, y1) => {
        const at = 2 * (s * SLICES + sliceOf(y, y0, y1));
        if (x < sliceX[at]! || x > sliceX[at + 1]!) return false;
        return itemLocation(this.data, this.slotAt[s]!, x, y) !== OUTSIDE;
      }),
    );
  }

  /** Items whose bbox intersects the box (touching counts), ordered by key. */
  search(box: BBox): T[] {
    if (!this.tree) return [];
    return this.pick(this.tree.search(box[0], box[1], box[2], box[3]));
  }

  private pick(slots: number[]): T[] {
    // Slots were added in key order, so slot order is key order.
    if (slots.length > 1) slots.sort((a, b) => a - b);
    const out: T[] = [];
    for (const s of slots) out.push(this.items[this.slotItem[s]!]!);
    return out;
  }
}

/** Where the point is relative to the item recorded at d[at]: holes respected; inside one polygon of a MultiPolygon wins over the boundary of another. */
function itemLocation(d: Float64Array, at: number, x: number, y: number): Location {
  let onBoundary = false;
  let p = at + 1;
  for (let q = 0, polys = d[at]!; q < polys; q++, p += d[p + P_SIZE]!) {
    if (x < d[p + P_MIN_X]! || y < d[p + P_MIN_Y]! || x > d[p + P_MAX_X]! || y > d[p + P_MAX_Y]!) continue;
    let r = p + P_HEADER;
    const shell = ringLocation(d, r, x, y);
    if (shell === OUTSIDE) continue;
    if (shell === BOUNDARY) {
      onBoundary = true;
      continue;
    }
    let where: Location = INSIDE;
    for (let k = 1, rings = d[p + P_RINGS]!; k < rings; k++) {
      r += d[r + R_SIZE]!;
      const hole = ringLocation(d, r, x, y);
      if (hole === INSIDE) {
        where = OUTSIDE;
        break;
      }
      if (hole === BOUNDARY) where = BOUNDARY;
    }
    if (where === INSIDE) return INSIDE;
    if (where === BOUNDARY) onBoundary = true;
  }
  return onBoundary ? BOUNDARY : OUTSIDE;
}

function ringLocation(d: Float64Array, r: number, x: number, y: number): Location {
  const minY = d[r + R_MIN_Y]!;
  // No edge of the ring reaches the point's latitude: outside.
  if (y < minY || y > d[r + R_MAX_Y]!) return OUTSIDE;
  const bands = d[r + R_BANDS]!;
  let crossings = 0;
  if (bands === 0) {
    for (let i = r + d[r + R_COORDS]!, last = r + d[r + R_SIZE]! - 2; i < last; i += 2) {
      const e = edgeTest(d[i]!, d[i + 1]!, d[i + 2]!, d[i + 3]!, x, y);
      if (e === 2) return BOUNDARY;
      crossings ^= e;
    }
  } else {
    const b = r + R_HEADER + bandOf(y, minY, d[r + R_SCALE]!, bands);
    for (let k = r + d[b]!, end = r + d[b + 1]!; k < end; ) {
      const last = k + 1 + 2 * d[k]!;
      for (let i = k + 1; i < last; i += 2) {
        const e = edgeTest(d[i]!, d[i + 1]!, d[i + 2]!, d[i + 3]!, x, y);
        if (e === 2) return BOUNDARY;
        crossings ^= e;
      }
      k = last + 2;
    }
  }
  return crossings ? INSIDE : OUTSIDE;
}

/**
 * A one-off prepared geometry for many point tests (bands and all), for callers inside this folder
 * that need inside / boundary / outside rather than a list of items.
 */
export function preparedLocation(g: PolygonGeometry): (x: number, y: number) => Location {
  const data: number[] = [];
  addItem(data, g);
  const d = Float64Array.from(data);
  return (x, y) => itemLocation(d, 0, x, y);
}

/** The slice of an item's box [minY, maxY] that holds latitude y (computed the same way when filling and reading). */
function sliceOf(y: number, minY: number, maxY: number): number {
  return maxY > minY ? Math.max(0, Math.min(SLICES - 1, Math.floor((y - minY) * (SLICES / (maxY - minY))))) : 0;
}

function fillSlices(sliceX: Float64Array, s: number, g: PolygonGeometry, minY: number, maxY: number): void {
  const base = 2 * s * SLICES;
  for (let k = 0; k < SLICES; k++) {
    sliceX[base + 2 * k] = Infinity;
    sliceX[base + 2 * k + 1] = -Infinity;
  }
  for (const poly of polygonsOf(g)) {
    for (const ring of poly) {
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i]!;
        const b = ring[(i + 1) % ring.length]!;
        const k0 = sliceOf(a[1]!, minY, maxY);
        const k1 = sliceOf(b[1]!, minY, maxY);
        for (let k = Math.min(k0, k1), end = Math.max(k0, k1); k <= end; k++) {
          const at = base + 2 * k;
          sliceX[at] = Math.min(sliceX[at]!, a[0]!, b[0]!);
          sliceX[at + 1] = Math.max(sliceX[at + 1]!, a[0]!, b[0]!);
        }
      }
    }
  }
}

function bandOf(y: number, minY: number, scale: number, count: number): number {
  return Math.min(count - 1, Math.floor((y - minY) * scale));
}

/** The bounding box of the geometry's polygons that have a non-empty outer ring, or undefined if there are none. */
function itemBox(g: PolygonGeometry): [number, number, number, number] | undefined {
  let box: [number, number, number, number] | undefined;
  for (const poly of polygonsOf(g)) {
    const shell = poly.find((r) => r.length > 0);
    if (!shell) continue;
    for (const q of shell) {
      const x = q[0]!;
      const y = q[1]!;
      box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
    }
  }
  return box;
}

/** Appends the item's record: its polygons that have a non-empty ring. */
function addItem(data: number[], g: PolygonGeometry): void {
  const at = data.length;
  data.push(0);
  for (const poly of polygonsOf(g)) {
    const rings = poly.filter((r) => r.length > 0);
    if (rings.length === 0) continue;
    const p = data.length;
    data.push(0, 0, 0, 0, 0, rings.length);
    for (const ring of rings) addRing(data, ring);
    let minX = Infinity;
    let maxX = -Infinity;
    for (const q of rings[0]!) {
      minX = Math.min(minX, q[0]!);
      maxX = Math.max(maxX, q[0]!);
    }
    data[p + P_SIZE] = data.length - p;
    data[p + P_MIN_X] = minX;
    data[p + P_MIN_Y] = data[p + P_HEADER + R_MIN_Y]!;
    data[p + P_MAX_X] = maxX;
    data[p + P_MAX_Y] = data[p + P_HEADER + R_MAX_Y]!;
    data[at]!++;
  }
}

function addRing(data: number[], ring: GeoJSON.Position[]): void {
  const coords: number[] = [];
  for (const p of ring) coords.push(p[0]!, p[1]!);
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) coords.push(first[0]!, first[1]!);
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 1; i < coords.length; i += 2) {
    minY = Math.min(minY, coords[i]!);
    maxY = Math.max(maxY, coords[i]!);
  }
  const edges = coords.length / 2 - 1;
  const r = data.length;
  if (edges < BAND_MIN_EDGES || !(maxY > minY)) {
    data.push(R_HEADER + coords.length, minY, maxY, 0, 0, R_HEADER);
    for (const c of coords) data.push(c);
    return;
  }
  const count = Math.max(1, Math.floor(edges / EDGES_PER_BAND));
  const scale = count / (maxY - minY);
  const lists: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < coords.length - 2; i += 2) {
    const b0 = bandOf(coords[i + 1]!, minY, scale, count);
    const b1 = bandOf(coords[i + 3]!, minY, scale, count);
    for (let b = Math.min(b0, b1), end = Math.max(b0, b1); b <= end; b++) lists[b]!.push(i);
  }
  data.push(0, minY, maxY, scale, count, 0);
  const starts = data.length;
  for (let b = 0; b <= count; b++) data.push(0);
  lists.forEach((list, b) => {
    data[starts + b] = data.length - r;
    // Runs of consecutive edges: edge i is followed by edge i + 2 in the coordinates.
    for (let k = 0; k < list.length; ) {
      let end = k + 1;
      while (end < list.length && list[end] === list[end - 1]! + 2) end++;
      data.push(end - k);
      for (let c = list[k]!, to = list[end - 1]! + 4; c < to; c++) data.push(coords[c]!);
      k = end;
    }
  });
  data[starts + count] = data.length - r;
  data[r + R_SIZE] = data.length - r;
}
