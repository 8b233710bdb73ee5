// Splitting a region into cells for the demo grid generator (grid-demo.ts): seeded generator points,
// a Voronoi diagram (d3-delaunay) over the region's bounding box, or, where cells should have given
// shares of the area, a power diagram (weighted Voronoi) adjusted to those shares; every cell is
// then clipped to the region (a convex region by Sutherland–Hodgman, a cell wholly inside as it is,
// others by Sutherland–Hodgman when the result is one simple ring, else by polyclip-ts).
//
// Clipping a convex Voronoi cell to a non-convex region can leave the cell in several pieces. Each
// cell keeps its largest piece; every other piece is handed to the sibling that shares the longest
// border with it, so the cells still tile the region and a cell is one polygon whenever the region
// is. A piece that touches no sibling at all (a whole island of a multi-part region, or a lobe of
// the outline that hangs on by one point) stays with its cell, which then becomes a MultiPolygon,
// unless it is smaller than MIN_ISLAND_M2: such slivers are dropped. Pieces under DUST_M2
// (floating-point debris of the clipper) are dropped too.
import { Delaunay } from 'd3-delaunay';
import { intersection, union } from 'polyclip-ts';
import {
  type BBox,
  bboxOf,
  bboxesOverlap,
  clipConvex,
  dropCollinear,
  isSimpleRing,
  type MultiPoly,
  normaliseRing,
  type Poly,
  type Pt,
  pointInPoly,
  pointInRing,
  polyArea,
  type Region,
  type Ring,
  ringCentroid,
  ringSignedArea,
} from './grid-demo-geometry.js';
import type { Rng } from './grid-demo-random.js';

const DUST_M2 = 0.01;
const MIN_ISLAND_M2 = 100;
const POWER_ROUNDS = 30;
const LLOYD_ROUNDS = 8;
const POWER_STEP = 0.5;
const POWER_TOLERANCE = 0.05;

export interface SeedSpec {
  /** Relative share of the region's area this cell should get (only the share of each class counts). */
  weight: number;
  /** Urban: placed near the centre, where cells are smaller. */
  clustered: boolean;
}

/**
 * Seeded best-candidate sampling with a spacing that varies over the region: each point is the best
 * of several random candidates, scored by its distance to the points already placed and to the
 * region's border, both relative to the local spacing. When the specs mix urban and rural cells, the
 * spacing is that of urban cells within a core around `centre` (sized to the urban cells' share of
 * the area) and that of rural cells outside it; the points nearest the centre then go to the urban
 * specs. Voronoi cells follow the density of their generators, so the urban cells come out smaller
 * and the sizes change gradually across the edge of the core.
 */
export function placeSeeds(region: Region, specs: readonly SeedSpec[], rng: Rng, centre: Pt | null): Pt[] {
  const n = specs.length;
  const total = specs.reduce((s, x) => s + x.weight, 0);
  const urban = specs.filter((x) => x.clustered);
  const urbanShare = urban.reduce((s, x) => s + x.weight, 0) / total;
  const mixed = centre !== null && urban.length > 0 && urban.length < n;
  const radiusOf = (share: number, count: number) => Math.sqrt((share * region.area) / (Math.max(1, count) * Math.PI));
  const rUrban = radiusOf(urbanShare, urban.length);
  const rRural = radiusOf(1 - urbanShare, n - urban.length);
  const rAll = radiusOf(1, n);
  const core = Math.sqrt((urbanShare * region.area) / Math.PI);
  const spacingAt = (p: Pt) => {
    if (!mixed) return rAll;
    const t = Math.min(1, Math.max(0, (Math.hypot(p[0] - centre[0], p[1] - centre[1]) - core) / rRural));
    return rUrban + (rRural - rUrban) * t;
  };
  const { minX, minY, maxX, maxY } = region.bbox;
  const placed: { p: Pt; r: number }[] = [];
  const draw = (): Pt | null => {
    for (let attempt = 0; attempt < 400; attempt++) {
      const p: Pt = [minX + (maxX - minX) * rng(), minY + (maxY - minY) * rng()];
      if (region.contains(p[0], p[1])) return p;
    }
    return null;
  };
  if (mixed && region.edges.distance(centre[0], centre[1], rUrban) >= 0.5 * rUrban) placed.push({ p: centre, r: rUrban });
  while (placed.length < n) {
    let best: { p: Pt; r: number } | null = null;
    let bestScore = -Infinity;
    for (let c = 0; c < 12 || (best === null && c < 60); c++) {
      const p = draw();
      if (!p) continue;
      const r = spacingAt(p);
      const clearance = region.edges.distance(p[0], p[1], r);
      let spacing = Infinity;
      let nearest = Infinity;
      for (const q of placed) {
        const dx = p[0] - q.p[0];
        const dy = p[1] - q.p[1];
        const d = Math.sqrt(dx * dx + dy * dy);
        nearest = Math.min(nearest, d);
        spacing = Math.min(spacing, d / (r + q.r));
      }
      // Generators closer than a metre to each other or to the border make slivers.
      if (clearance < 0.5 || nearest < 1) continue;
      const score = Math.min(spacing, clearance / (0.5 * r));
      if (score > bestScore) {
        bestScore = score;
        best = { p, r };
      }
    }
    if (!best) throw new Error('demo grids: could not place a generator point inside the region');
    placed.push(best);
  }
  const points = placed.map((x) => x.p);
  if (!mixed) return points;
  const byDistance = [...points.keys()].sort((a, b) => {
    const da = Math.hypot(points[a]![0] - centre[0], points[a]![1] - centre[1]);
    const db = Math.hypot(points[b]![0] - centre[0], points[b]![1] - centre[1]);
    return da - db || a - b;
  });
  const out: Pt[] = new Array(n);
  let next = 0;
  for (let i = 0; i < n; i++) if (specs[i]!.clustered) out[i] = points[byDistance[next++]!]!;
  for (let i = 0; i < n; i++) if (!specs[i]!.clustered) out[i] = points[byDistance[next++]!]!;
  return out;
}

interface Piece {
  cell: number;
  poly: Poly;
  area: number;
  bbox: BBox;
  main: boolean;
}

export interface PartitionStats {
  clipsConvex: number;
  clipsInside: number;
  clipsSimple: number;
  clipsGeneral: number;
  fragmentsMoved: number;
  islandsKept: number;
  islandsDropped: number;
  islandsDroppedM2: number;
  powerRounds: number;
  /** The largest relative miss of a cell's intended area in a weighted partition. */
  powerWorstShareError: number;
}

export const newPartitionStats = (): PartitionStats => ({
  clipsConvex: 0,
  clipsInside: 0,
  clipsSimple: 0,
  clipsGeneral: 0,
  fragmentsMoved: 0,
  islandsKept: 0,
  islandsDropped: 0,
  islandsDroppedM2: 0,
  powerRounds: 0,
  powerWorstShareError: 0,
});

function clipCell(cell: Ring, region: Region, stats: PartitionStats): MultiPoly {
  if (region.convex) {
    stats.clipsConvex++;
    const r = clipConvex(region.convex, cell);
    return r ? [[r]] : [];
  }
  const box = bboxOf([[cell]]);
  if (!region.crosses(cell, box)) {
    // No border crossing: the cell lies wholly inside or outside the region, or around parts of it.
    const enclosed = region.multi.some((poly) => poly.some((ring) => pointInRing(ring[0]![0], ring[0]![1], cell)));
    if (!enclosed) {
      stats.clipsInside++;
      return region.contains(cell[0]![0], cell[0]![1]) ? [[cell]] : [];
    }
  }
  const only = region.multi.length === 1 && region.multi[0]!.length === 1 ? region.multi[0]![0]! : null;
  if (only) {
    // A concave region: Sutherland–Hodgman is right unless the result falls apart.
    const r = clipConvex(only, cell);
    if (!r) {
      stats.clipsSimple++;
      return [];
    }
    if (isSimpleRing(r)) {
      stats.clipsSimple++;
      return [[r]];
    }
  }
  stats.clipsGeneral++;
  return intersection([cell], region.multi) as MultiPoly;
}

/** One cell per seed, tiling the region: a Voronoi diagram (d3-delaunay) clipped to the region. */
export function partition(region: Region, seeds: readonly Pt[], stats: PartitionStats): MultiPoly[] {
  if (seeds.length === 1) return [region.multi];
  const { minX, minY, maxX, maxY } = region.bbox;
  const m = Math.max(maxX - minX, maxY - minY) * 0.05 + 10;
  const voronoi = Delaunay.from(seeds).voronoi([minX - m, minY - m, maxX + m, maxY + m]);
  const cells = seeds.map((_, i) => {
    const raw = voronoi.cellPolygon(i);
    if (!raw) throw new Error('demo grids: coincident generator points');
    return dropCollinear(normaliseRing(raw as Pt[]));
  });
  return tile(region, cells, (i) => voronoi.neighbors(i), stats);
}

/** Keeps a·x + b·y ≤ c of an open convex polygon. */
function clipHalfPlane(pts: Pt[], a: number, b: number, c: number): Pt[] {
  const out: Pt[] = [];
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i]!;
    const q = pts[(i + 1) % pts.length]!;
    const sp = c - a * p[0] - b * p[1];
    const sq = c - a * q[0] - b * q[1];
    if (sp >= 0) out.push(p);
    if ((sp >= 0 && sq < 0) || (sp < 0 && sq >= 0)) {
      const t = sp / (sp - sq);
      out.push([p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t]);
    }
  }
  return out;
}

/**
 * A power diagram (weighted Voronoi) within a box: cell i holds the points x with
 * |x − sᵢ|² − wᵢ ≤ |x − sⱼ|² − wⱼ for every j. Closed counter-clockwise rings, empty when a cell is.
 */
export function powerDiagram(sites: readonly Pt[], weights: readonly number[], box: BBox): Ring[] {
  const n = sites.length;
  const ox = (box.minX + box.maxX) / 2;
  const oy = (box.minY + box.maxY) / 2;
  const xs = Float64Array.from(sites, ([x]) => x - ox);
  const ys = Float64Array.from(sites, ([, y]) => y - oy);
  const norm = Float64Array.from(sites, (_, i) => xs[i]! * xs[i]! + ys[i]! * ys[i]! - weights[i]!);
  // Voronoi neighbours first: they cut most cells down to size, after which the rest rarely reach them.
  const delaunay = Delaunay.from(sites);
  return sites.map((_, i) => {
    const xi = xs[i]!;
    const yi = ys[i]!;
    let poly: Pt[] = [
      [box.minX - ox, box.minY - oy],
      [box.maxX - ox, box.minY - oy],
      [box.maxX - ox, box.maxY - oy],
      [box.minX - ox, box.maxY - oy],
    ];
    let reach2 = Infinity;
    const cut = (j: number) => {
      const a = 2 * (xs[j]! - xi);
      const b = 2 * (ys[j]! - yi);
      const c = norm[j]! - norm[i]!;
      // Skip a half-plane whose line is farther from the site than every vertex of the cell.
      const d = c - a * xi - b * yi;
      if (d > 0 && d * d >= reach2 * (a * a + b * b)) return;
      poly = clipHalfPlane(poly, a, b, c);
      reach2 = 0;
      for (const [x, y] of poly) reach2 = Math.max(reach2, (x - xi) * (x - xi) + (y - yi) * (y - yi));
    };
    const first = new Set(delaunay.neighbors(i));
    for (const j of first) if (poly.length >= 3) cut(j);
    for (let j = 0; j < n && poly.length >= 3; j++) if (j !== i && !first.has(j)) cut(j);
    if (poly.length < 3) return [];
    const ring = normaliseRing(poly.map(([x, y]): Pt => [x + ox, y + oy]));
    return ring.length >= 4 ? dropCollinear(ring) : [];
  });
}

/**
 * Area and centroid of a convex cell's overlap with a region. Sutherland–Hodgman on each ring and
 * signed areas summed: exact even where the clipped ring falls apart, bridges adding nothing.
 */
function overlapMoments(cell: Ring, region: Region): { area: number; x: number; y: number } {
  const box = bboxOf([[cell]]);
  if (box.minX >= region.bbox.minX && box.maxX <= region.bbox.maxX && box.minY >= region.bbox.minY && box.maxY <= region.bbox.maxY) {
    if (
      !region.crosses(cell, box) &&
      region.contains(cell[0]![0], cell[0]![1]) &&
      !region.multi.some((poly) => poly.some((r) => pointInRing(r[0]![0], r[0]![1], cell)))
    ) {
      const [x, y] = ringCentroid(cell);
      return { area: ringSignedArea(cell), x, y };
    }
  }
  let area = 0;
  let mx = 0;
  let my = 0;
  for (const poly of region.multi)
    for (const ring of poly) {
      let pts: Pt[] = ring.slice(0, -1);
      for (let e = 0; e < cell.length - 1 && pts.length > 0; e++) {
        const [ax, ay] = cell[e]!;
        const [bx, by] = cell[e + 1]!;
        // Keep the left of a→b: (b − a) × (p − a) ≥ 0.
        pts = clipHalfPlane(pts, by - ay, -(bx - ax), (by - ay) * ax - (bx - ax) * ay);
      }
      for (let i = 0; i < pts.length; i++) {
        const [x0, y0] = pts[i]!;
        const [x1, y1] = pts[(i + 1) % pts.length]!;
        const f = x0 * y1 - x1 * y0;
        area += f / 2;
        mx += ((x0 + x1) * f) / 6;
        my += ((y0 + y1) * f) / 6;
      }
    }
  return area > 0 ? { area, x: mx / area, y: my / area } : { area: 0, x: 0, y: 0 };
}

/**
 * Cells with prescribed shares of the region's area: a power diagram whose weights grow by each
 * cell's shortfall, round after round (the sites also move to their cells' centroids in the first
 * LLOYD_ROUNDS rounds, for rounder cells), until every cell is within POWER_TOLERANCE of its share or
 * the rounds run out; the best round's cells are then clipped to the region like a Voronoi
 * partition. The seeds are the sites to start from; `sites` receives where they ended up.
 */
export function weightedPartition(region: Region, seeds: readonly Pt[], shares: readonly number[], stats: PartitionStats, sites?: Pt[]): MultiPoly[] {
  const n = seeds.length;
  if (n === 1) {
    sites?.splice(0, sites.length, seeds[0]!);
    return [region.multi];
  }
  const total = shares.reduce((a, b) => a + b, 0);
  const target = shares.map((x) => (x / total) * region.area);
  const { minX, minY, maxX, maxY } = region.bbox;
  const m = Math.max(maxX - minX, maxY - minY) * 0.05 + 10;
  const box: BBox = { minX: minX - m, minY: minY - m, maxX: maxX + m, maxY: maxY + m };
  const s = seeds.map(([x, y]): Pt => [x, y]);
  const w = new Array<number>(n).fill(0);
  let cells = powerDiagram(s, w, box);
  let best: { cells: Ring[]; sites: Pt[]; worst: number } | null = null;
  // Small diagrams are cheap: give them more rounds.
  const rounds = n <= 25 ? 2 * POWER_ROUNDS : POWER_ROUNDS;
  for (let round = 0; round < rounds; round++) {
    const moments = cells.map((c) => (c.length > 0 ? overlapMoments(c, region) : { area: 0, x: 0, y: 0 }));
    const worst = Math.max(...moments.map((mo, i) => Math.abs(mo.area - target[i]!) / target[i]!));
    stats.powerRounds++;
    if (moments.every((mo) => mo.area > 0) && (!best || worst < best.worst)) best = { cells, sites: s.map(([x, y]): Pt => [x, y]), worst };
    if (worst < POWER_TOLERANCE) break;
    for (let i = 0; i < n; i++) {
      const mo = moments[i]!;
      if (round < LLOYD_ROUNDS && mo.area > 0 && region.contains(mo.x, mo.y)) s[i] = [mo.x, mo.y];
      w[i] = w[i]! + POWER_STEP * (target[i]! - mo.area);
    }
    cells = powerDiagram(s, w, box);
  }
  if (!best) {
    // Not expected; fall back on the plain Voronoi partition of the seeds.
    sites?.splice(0, sites.length, ...seeds);
    return partition(region, seeds, stats);
  }
  stats.powerWorstShareError = Math.max(stats.powerWorstShareError, best.worst);
  sites?.splice(0, sites.length, ...best.sites);
  const chosen = best.cells;
  return tile(region, chosen, (i) => [...chosen.keys()].filter((j) => j !== i), stats);
}

/** Clips cells that tile the plane to the region and hands stray pieces to neighbours (see the file comment). */
function tile(region: Region, cells: Ring[], neighboursOf: (i: number) => Iterable<number>, stats: PartitionStats): MultiPoly[] {
  const n = cells.length;
  const pieces: Piece[] = [];
  const piecesOf: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    const cell = cells[i]!;
    const parts: Piece[] = [];
    for (const poly of clipCell(cell, region, stats)) {
      const clean = poly.map((ring, k) => normaliseRing(ring, k === 0)).filter((r) => r.length >= 4);
      if (clean.length === 0) continue;
      const area = polyArea(clean);
      if (area >= DUST_M2) parts.push({ cell: i, poly: clean, area, bbox: bboxOf([clean]), main: false });
    }
    parts.sort((a, b) => b.area - a.area);
    if (parts[0]) parts[0].main = true;
    for (const p of parts) {
      piecesOf[i]!.push(pieces.length);
      pieces.push(p);
    }
  }

  // Each stray piece points at the neighbouring piece it shares the longest border with.
  const target = new Array<number>(pieces.length).fill(-1);
  for (let f = 0; f < pieces.length; f++) {
    const piece = pieces[f]!;
    if (piece.main) continue;
    const neighbours = [...neighboursOf(piece.cell)].flatMap((j) => piecesOf[j]!);
    const shared = new Map<number, number>();
    for (const ring of piece.poly)
      for (let k = 0; k < ring.length - 1; k++) {
        const [ax, ay] = ring[k]!;
        const [bx, by] = ring[k + 1]!;
        const len = Math.hypot(bx - ax, by - ay);
        if (len < 1e-6) continue;
        const eps = 1e-3;
        const px = (ax + bx) / 2 + ((by - ay) / len) * eps;
        const py = (ay + by) / 2 - ((bx - ax) / len) * eps;
        const probe: BBox = { minX: px, minY: py, maxX: px, maxY: py };
        for (const q of neighbours) {
          const other = pieces[q]!;
          if (bboxesOverlap(other.bbox, probe) && pointInPoly(px, py, other.poly)) {
            shared.set(q, (shared.get(q) ?? 0) + len);
            break;
          }
        }
      }
    let best = -1;
    let bestScore = 0;
    for (const [q, len] of shared) {
      const score = len + (pieces[q]!.main ? 1e12 : 0);
      if (score > bestScore || (score === bestScore && q < best)) {
        bestScore = score;
        best = q;
      }
    }
    target[f] = best;
  }
  const owner = pieces.map((piece, f) => {
    const seen = new Set<number>();
    let at = f;
    while (!pieces[at]!.main && target[at]! >= 0 && !seen.has(at)) {
      seen.add(at);
      at = target[at]!;
    }
    if (pieces[at]!.main) return pieces[at]!.cell;
    // An island touching no sibling: kept by its own cell unless it is a sliver.
    if (piece.area < MIN_ISLAND_M2) {
      stats.islandsDropped++;
      stats.islandsDroppedM2 += piece.area;
      return -1;
    }
    return piece.cell;
  });

  const out: MultiPoly[] = [];
  for (let i = 0; i < n; i++) {
    const mine = pieces.filter((_, f) => owner[f] === i);
    for (const p of mine) if (!p.main) p.cell === i ? stats.islandsKept++ : stats.fragmentsMoved++;
    if (mine.length <= 1) {
      out.push(mine.map((p) => p.poly));
      continue;
    }
    // The pieces were cut by different clippers, so their common border may differ in the last
    // bits: snap to a micrometre first so that the union sees one border.
    const [first, ...rest] = mine.map((p) => p.poly.map((ring) => ring.map(([x, y]): Pt => [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6])));
    const merged = (union(first!, ...rest) as MultiPoly).map((poly) =>
      poly.map((ring, k) => normaliseRing(ring, k === 0)).filter((r, k) => r.length >= 4 && (k === 0 || Math.abs(ringSignedArea(r)) >= DUST_M2)),
    );
    out.push(merged.filter((poly) => poly.length > 0 && polyArea(poly) >= DUST_M2).sort((a, b) => polyArea(b) - polyArea(a)));
  }
  return out;
}
