// How long does validating one community's grid change take? The issue asks for a change of 20 grids
// in under 200 ms. Takes the city's demo grids, picks the community with the most grids, and validates
// a redraw of 20 of its grids (basic and micro) against the rest and its district's outline, in four
// cases:
//
//   shared edges   the boundaries as they are: neighbours share edges vertex for vertex, so the
//                  overlap tests settle every pair exactly without an overlay;
//   redigitised    each redrawn grid digitised again on its own: every edge densified with a vertex
//                  every 10–30 m and every vertex moved by up to BENCH_JITTER_M (default 0.03 m), so no
//                  vertex lies on a neighbour's edge and shared borders cross each other all along;
//                  the slivers this leaves stay under the 10 m² tolerance, so nothing is reported;
//   + 2 overlaps   the same, with one basic grid and one micro grid pushed a few metres into a
//                  neighbour: exactly those two overlaps must be reported, each with its area and a
//                  point inside both grids;
//   redigitised ±0.5 m   the same with vertices moved by up to 0.5 m: the tolerance is a total per
//                  pair, and the slivers along a border of a few hundred metres then add up to tens of
//                  m², so they are reported (overlaps, micro grids outside their basic grid). That is
//                  why the redigitised case moves vertices by centimetres.
//
// Deterministic: the redrawing draws from the seeded generator in lib/geometry/prng.ts.
//
//   npx tsx bench/grid-validate.ts
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { type LngLat, type PolygonGeometry, pointInGeometry } from '../server/src/lib/geometry/index.js';
import { seededRandom } from '../server/src/lib/geometry/prng.js';
import { polygonsOf, ringSignedArea } from '../server/src/lib/geometry/types.js';
import { bundledDivisionsFile, bundledOutlinesFile } from '../server/src/modules/system/bootstrap.js';
import { type ChangeItem, type CurrentGrid, type Issue, validateChange } from '../server/src/modules/territory/grid-change.validate.js';
import { generateDemoGrids } from '../server/src/modules/territory/grid-demo.js';
import { numberDemoGrids } from '../server/src/modules/territory/grid-seed.js';
import { parseDivisionFile, parseOutlineFile } from '../server/src/modules/territory/territory-file.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const JITTER_M = Number(process.env.BENCH_JITTER_M ?? 0.03);
const TOLERANCE_M2 = 10; // the configured default (WANGGE_GRID_TOLERANCE_M2)

const divisions = parseDivisionFile(JSON.parse(readFileSync(bundledDivisionsFile, 'utf8')));
const outlines = parseOutlineFile(JSON.parse(readFileSync(bundledOutlinesFile, 'utf8')));
const grids = numberDemoGrids(generateDemoGrids(divisions, outlines));

const byCommunity = new Map<string, typeof grids>();
for (const g of grids) byCommunity.set(g.communityCode, [...(byCommunity.get(g.communityCode) ?? []), g]);
const [community, list] = [...byCommunity].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
const current: CurrentGrid[] = list.map((g) => ({
  code: g.code,
  kind: g.kind,
  parentCode: g.kind === 'micro' ? g.code.slice(0, 16) : null,
  boundary: g.boundary as PolygonGeometry,
  predecessorCodes: [],
}));
const redrawn = current.filter((g) => g.kind !== 'dedicated').slice(0, 20);
const district = outlines.find((o) => o.divisionCode.slice(0, 6) === community.slice(0, 6));
const context = { current, districtOutline: district?.geometry as PolygonGeometry, toleranceM2: TOLERANCE_M2 };

// Metres to degrees near the community (good to a fraction of a percent over a few kilometres).
const lat0 = (polygonsOf(redrawn[0]?.boundary as PolygonGeometry)[0]?.[0]?.[0]?.[1] ?? 35) * (Math.PI / 180);
const DEG_PER_M_LAT = 1 / 111_320;
const DEG_PER_M_LNG = DEG_PER_M_LAT / Math.cos(lat0);
const metres = (a: GeoJSON.Position, b: GeoJSON.Position) => Math.hypot((b[0]! - a[0]!) / DEG_PER_M_LNG, (b[1]! - a[1]!) / DEG_PER_M_LAT);

/** The geometry digitised again: a vertex every 10–30 m along each edge, then every vertex moved by up to jitterM in a random direction. */
function redigitise(g: PolygonGeometry, rnd: () => number, jitterM: number): PolygonGeometry {
  const rings = polygonsOf(g).map((poly) =>
    poly.map((ring) => {
      const out: GeoJSON.Position[] = [];
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i]!;
        const b = ring[i + 1]!;
        const length = metres(a, b);
        out.push([a[0]!, a[1]!]);
        for (let d = 10 + rnd() * 20; d < length - 5; d += 10 + rnd() * 20) {
          out.push([a[0]! + (d / length) * (b[0]! - a[0]!), a[1]! + (d / length) * (b[1]! - a[1]!)]);
        }
      }
      const moved = out.map(([x, y]) => {
        const r = jitterM * Math.sqrt(rnd());
        const angle = rnd() * 2 * Math.PI;
        return [x! + r * Math.cos(angle) * DEG_PER_M_LNG, y! + r * Math.sin(angle) * DEG_PER_M_LAT];
      });
      moved.push([...moved[0]!]);
      return moved;
    }),
  );
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: rings[0]! } : { type: 'MultiPolygon', coordinates: rings };
}

/** The longest edge of a's outer rings that b's boundary also has (same two vertices, one after the other), with a's ring. */
function sharedEdge(a: PolygonGeometry, b: PolygonGeometry): { from: GeoJSON.Position; to: GeoJSON.Position; ccw: boolean; length: number } | undefined {
  const key = (p: GeoJSON.Position) => `${p[0]},${p[1]}`;
  const edgesOfB = new Set<string>();
  for (const poly of polygonsOf(b)) {
    for (const ring of poly) for (let i = 0; i + 1 < ring.length; i++) edgesOfB.add(`${key(ring[i + 1]!)}>${key(ring[i]!)}`);
  }
  let best: { from: GeoJSON.Position; to: GeoJSON.Position; ccw: boolean; length: number } | undefined;
  for (const poly of polygonsOf(a)) {
    const shell = poly[0] ?? [];
    for (let i = 0; i + 1 < shell.length; i++) {
      const from = shell[i]!;
      const to = shell[i + 1]!;
      const shared = edgesOfB.has(`${key(from)}>${key(to)}`) || edgesOfB.has(`${key(to)}>${key(from)}`);
      const length = metres(from, to);
      if (shared && length > (best?.length ?? 60)) best = { from, to, ccw: ringSignedArea(shell) > 0, length };
    }
  }
  return best;
}

/** a's redrawn geometry with the vertex nearest the middle of its shared edge pushed byM metres outwards, into the neighbour. */
function pushInto(redrawnA: PolygonGeometry, edge: NonNullable<ReturnType<typeof sharedEdge>>, byM: number): PolygonGeometry {
  const mid = [(edge.from[0]! + edge.to[0]!) / 2, (edge.from[1]! + edge.to[1]!) / 2];
  // Outwards is to the right of a counter-clockwise shell's edge.
  const ex = (edge.to[0]! - edge.from[0]!) / DEG_PER_M_LNG / edge.length;
  const ey = (edge.to[1]! - edge.from[1]!) / DEG_PER_M_LAT / edge.length;
  const [nx, ny] = edge.ccw ? [ey, -ex] : [-ey, ex];
  const copy = structuredClone(redrawnA);
  let nearest: GeoJSON.Position | undefined;
  for (const poly of polygonsOf(copy)) {
    for (const p of (poly[0] ?? []).slice(0, -1)) if (!nearest || metres(p, mid) < metres(nearest, mid)) nearest = p;
  }
  const ring = polygonsOf(copy).find((poly) => poly[0]?.slice(0, -1).includes(nearest as GeoJSON.Position))?.[0];
  if (!nearest || !ring) throw new Error('pushInto: no vertex');
  nearest[0] = nearest[0]! + byM * nx * DEG_PER_M_LNG;
  nearest[1] = nearest[1]! + byM * ny * DEG_PER_M_LAT;
  if (ring[0] === nearest) ring[ring.length - 1] = [...nearest];
  return copy;
}

function redrawAll(seed: number, jitterM: number): ChangeItem[] {
  const rnd = seededRandom(seed);
  return redrawn.map((g) => ({ action: 'redraw', code: g.code, boundary: redigitise(g.boundary, rnd, jitterM) }));
}

/** The first pair of grids of this kind (micro: of one basic grid), both redrawn, sharing an edge longer than 60 m. */
function neighbours(kind: string): { a: CurrentGrid; b: CurrentGrid; edge: NonNullable<ReturnType<typeof sharedEdge>> } {
  const of = redrawn.filter((g) => g.kind === kind);
  for (const a of of) {
    for (const b of of) {
      if (a === b || a.parentCode !== b.parentCode) continue;
      const edge = sharedEdge(a.boundary, b.boundary);
      if (edge) return { a, b, edge };
    }
  }
  throw new Error(`no neighbouring ${kind} grids`);
}

const exact: ChangeItem[] = redrawn.map((g) => ({ action: 'redraw', code: g.code, boundary: g.boundary }));
const redigitised = redrawAll(1, JITTER_M);
const pushes = [
  { ...neighbours('basic'), byM: 3 },
  { ...neighbours('micro'), byM: 2 },
];
const overlapping = redrawAll(1, JITTER_M).map((item) => {
  const push = pushes.find((p) => p.a.code === item.code);
  return push ? { ...item, boundary: pushInto(item.boundary as PolygonGeometry, push.edge, push.byM) } : item;
});
const coarse = redrawAll(1, 0.5);

const vertices = (items: ChangeItem[]) => {
  let n = 0;
  for (const item of items) for (const poly of polygonsOf(item.boundary as PolygonGeometry)) for (const ring of poly) n += ring.length;
  return n;
};
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
const tally = (issues: Issue[]) => {
  const counts = new Map<string, number>();
  for (const i of issues) counts.set(`${i.kind} (${i.severity})`, (counts.get(`${i.kind} (${i.severity})`) ?? 0) + 1);
  return counts.size === 0 ? 'none' : [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
};

function run(label: string, items: ChangeItem[]): Issue[] {
  const change = { kind: 'redraw' as const, items };
  // Warm-up: the first case would otherwise pay for compiling the geometry code.
  for (let i = 0; i < 5; i++) validateChange(change, context);
  const times: number[] = [];
  const cpu: number[] = [];
  let issues: Issue[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    issues = validateChange(change, context);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(24)} ${String(vertices(items)).padStart(5)} vertices   median ${percentile(times, 0.5).toFixed(1).padStart(6)} ms   p95 ${percentile(times, 0.95).toFixed(1).padStart(6)} ms   max ${times.at(-1)?.toFixed(1).padStart(6)} ms   (CPU median ${percentile(cpu, 0.5).toFixed(1).padStart(6)} ms)   issues: ${tally(issues)}`,
  );
  return issues;
}

console.log(
  `machine: ${os.cpus()[0]?.model} x${os.cpus().length}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}, load ${os.loadavg()[0]?.toFixed(1)}`,
);
console.log(
  `community ${community}: ${current.length} current grids; change redraws ${redrawn.length} (${redrawn.filter((g) => g.kind === 'basic').length} basic, ${redrawn.filter((g) => g.kind === 'micro').length} micro); tolerance ${TOLERANCE_M2} m², ${RUNS} runs each`,
);
run('shared edges', exact);
run(`redigitised ±${JITTER_M} m`, redigitised);
const found = run('  + 2 overlaps', overlapping);
run('redigitised ±0.5 m', coarse);

// The overlaps case must report the two pushed pairs and nothing else, each located inside both grids.
const after = new Map(current.map((g) => [g.code, g.boundary]));
for (const item of overlapping) after.set(item.code as string, item.boundary as PolygonGeometry);
const pushedPairs = pushes.map((p) => [p.a.code, p.b.code].sort().join(' × '));
const reported = found.filter((i) => i.kind === 'overlap');
for (const i of reported) {
  const [a, b] = (i.codes ?? []) as [string, string];
  const inBoth = [a, b].every((code) => pointInGeometry(i.at as LngLat, after.get(code) as PolygonGeometry) === 'inside');
  console.log(`  overlap ${[a, b].sort().join(' × ')}: ${i.areaM2} m² at ${i.at?.map((v) => v.toFixed(6)).join(', ')} (inside both: ${inBoth ? 'yes' : 'NO'})`);
}
const right =
  found.length === reported.length &&
  reported.length === pushedPairs.length &&
  reported.every((i) => pushedPairs.includes([...(i.codes ?? [])].sort().join(' × ')));
console.log(`  ${right ? 'as expected' : 'NOT AS EXPECTED'}: pushed ${pushedPairs.join(', ')}`);
