// Point → grid: how many lookups per second does the in-process SpatialIndex answer on a
// Zaozhuang-size grid set, on one core, and how does that compare with PostGIS ST_Contains over a
// GiST index, one query per point, on the same polygons? (Issue 3, "Performance".)
//
//   npx tsx bench/locate.ts                        # a generated set of ~22,000 grids
//   npx tsx bench/locate.ts path/to/grids.geojson  # a FeatureCollection of real grids (key: properties.code)
//
// Settings: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; the script makes and
// drops a temporary database there), BENCH_CELLS (default 22000), BENCH_LOOKUPS (default 1000000),
// BENCH_PG_QUERIES (default 20000). When PostGIS is missing and the script runs as root, it installs
// Debian's postgresql-<major>-postgis-3 with apt-get and says so.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { Delaunay } from 'd3-delaunay';
import Flatbush from 'flatbush';
import pg from 'pg';
import { geometryBBox, type LngLat, type PolygonGeometry, pointInGeometry, SpatialIndex } from '../server/src/lib/geometry/index.js';
import { flattenGeometry, OUTSIDE, pointInFlatPolygons } from '../server/src/lib/geometry/point-in-polygon.js';
import { seededRandom } from '../server/src/lib/geometry/prng.js';

interface Grid {
  key: string;
  geometry: PolygonGeometry;
}

// Zaozhuang's extent, from the six district outlines in shared/docs/data (rounded outwards).
const CITY_BOX: [number, number, number, number] = [116.8, 34.46, 117.83, 35.33];
const CELLS = Number(process.env.BENCH_CELLS ?? 22_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 1_000_000);
const ROUNDS = 3;
const PG_QUERIES = Number(process.env.BENCH_PG_QUERIES ?? 20_000);
const AGREEMENT_SAMPLE = 2_000;
const CORNER_SAMPLE = 200;
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * A seeded Voronoi partition of the box, each cell's edges densified with 5–33 extra points so that
 * cells have realistic vertex counts (about 40–200). A shared edge is densified once and used by both
 * of its cells, so the cells still tile the box exactly.
 */
function generateGrids(count: number): { grids: Grid[]; corners: LngLat[] } {
  const rnd = seededRandom(20_261_204);
  const [x0, y0, x1, y1] = CITY_BOX;
  const sites = new Float64Array(count * 2);
  for (let i = 0; i < count; i++) {
    sites[2 * i] = x0 + rnd() * (x1 - x0);
    sites[2 * i + 1] = y0 + rnd() * (y1 - y0);
  }
  const voronoi = new Delaunay(sites).voronoi(CITY_BOX);
  const edgeRnd = seededRandom(7);
  const edges = new Map<string, number[][]>();
  const densified = (a: number[], b: number[]): number[][] => {
    const forward = a[0]! < b[0]! || (a[0] === b[0] && a[1]! < b[1]!);
    const [p, q] = forward ? [a, b] : [b, a];
    const key = `${p[0]},${p[1]},${q[0]},${q[1]}`;
    let inner = edges.get(key);
    if (!inner) {
      const m = 6 + Math.floor(edgeRnd() * 29);
      inner = [];
      for (let k = 1; k < m; k++) inner.push([p[0]! + ((q[0]! - p[0]!) * k) / m, p[1]! + ((q[1]! - p[1]!) * k) / m]);
      edges.set(key, inner);
    }
    return forward ? inner : [...inner].reverse();
  };
  const grids: Grid[] = [];
  const corners: LngLat[] = [];
  for (let i = 0; i < count; i++) {
    const cell = voronoi.cellPolygon(i) as number[][] | null;
    if (!cell) continue;
    const ring: number[][] = [];
    for (let k = 0; k + 1 < cell.length; k++) ring.push(cell[k]!, ...densified(cell[k]!, cell[k + 1]!));
    ring.push(ring[0]!);
    grids.push({ key: `G${String(i).padStart(6, '0')}`, geometry: { type: 'Polygon', coordinates: [ring] } });
    // A corner strictly inside the box is shared by three or more cells.
    const c = cell[0]!;
    if (corners.length < CORNER_SAMPLE && c[0]! > x0 && c[0]! < x1 && c[1]! > y0 && c[1]! < y1) corners.push([c[0]!, c[1]!]);
  }
  return { grids, corners };
}

function readGrids(path: string): Grid[] {
  const fc = JSON.parse(readFileSync(path, 'utf8')) as GeoJSON.FeatureCollection;
  return fc.features
    .filter((f) => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon')
    .map((f, i) => ({ key: String(f.properties?.code ?? f.properties?.key ?? f.id ?? i), geometry: f.geometry as PolygonGeometry }));
}

function vertexStats(grids: Grid[]): { mean: number; min: number; max: number } {
  let sum = 0;
  let min = Infinity;
  let max = 0;
  for (const g of grids) {
    const polys = g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates;
    // Distinct corners: each ring's closing repeat is not counted.
    const n = polys.reduce((s, p) => s + p.reduce((t, r) => t + r.length - 1, 0), 0);
    sum += n;
    min = Math.min(min, n);
    max = Math.max(max, n);
  }
  return { mean: sum / grids.length, min, max };
}

function run(cmd: string, args: string[]): boolean {
  console.log(`  $ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 64 * 1024 * 1024 });
  const lines = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').filter(Boolean);
  for (const line of lines.slice(-3)) console.log(`    ${line}`);
  console.log(`    (exit ${r.status ?? r.error?.message})`);
  return r.status === 0;
}

async function ensurePostgis(db: pg.Client): Promise<boolean> {
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS postgis');
    return true;
  } catch (err) {
    console.log(`PostGIS: CREATE EXTENSION postgis failed: ${(err as Error).message}`);
  }
  if (process.getuid?.() !== 0) {
    console.log('PostGIS: not running as root, so not installing it; install postgresql-<major>-postgis-3 and re-run.');
    return false;
  }
  const { rows } = await db.query<{ server_version_num: string }>('SHOW server_version_num');
  const pkg = `postgresql-${Math.floor(Number(rows[0]!.server_version_num) / 10000)}-postgis-3`;
  console.log(`PostGIS: installing Debian's ${pkg}:`);
  if (!run('apt-get', ['install', '-y', pkg])) {
    run('apt-get', ['update']);
    if (!run('apt-get', ['install', '-y', pkg])) return false;
  }
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS postgis');
    return true;
  } catch (err) {
    console.log(`PostGIS: still failing after the install: ${(err as Error).message}`);
    return false;
  }
}

async function withTempDatabase(fn: (db: pg.Client) => Promise<void>): Promise<void> {
  const admin = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (err) {
    console.log(`PostGIS: PostgreSQL not reachable at ${DATABASE_URL} (${(err as Error).message}): skipped.`);
    return;
  }
  const name = `wangge_bench_locate_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(DATABASE_URL);
    url.pathname = `/${name}`;
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    try {
      await fn(db);
    } finally {
      await db.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    console.log(`PostGIS: temporary database ${name} dropped.`);
  }
}

// ---------------------------------------------------------------------------------------------

const file = process.argv[2];
const started = performance.now();
const { grids, corners } = file ? { grids: readGrids(file), corners: [] as LngLat[] } : generateGrids(CELLS);
const generateSeconds = (performance.now() - started) / 1000;
const stats = vertexStats(grids);
let extent = CITY_BOX;
if (file) {
  extent = [Infinity, Infinity, -Infinity, -Infinity];
  for (const g of grids) {
    const b = geometryBBox(g.geometry);
    extent = [Math.min(extent[0], b[0]), Math.min(extent[1], b[1]), Math.max(extent[2], b[2]), Math.max(extent[3], b[3])];
  }
}

const cpus = os.cpus();
console.log(
  `machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length} cores, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
console.log(
  file
    ? `polygons: ${fmt(grids.length)} from ${file}`
    : `polygons: ${fmt(grids.length)} (seeded Voronoi partition of Zaozhuang's box ${JSON.stringify(CITY_BOX)}, shared edges densified alike), made in ${fmt(generateSeconds, 2)} s`,
);
console.log(`vertices per polygon: mean ${fmt(stats.mean, 1)}, min ${stats.min}, max ${stats.max}`);

const buffersBefore = process.memoryUsage().arrayBuffers;
const buildStart = performance.now();
const index = new SpatialIndex(grids);
const buildSeconds = (performance.now() - buildStart) / 1000;
const indexMiB = (process.memoryUsage().arrayBuffers - buffersBefore) / 2 ** 20;
console.log(`SpatialIndex build: ${fmt(buildSeconds, 2)} s, typed arrays ${fmt(indexMiB, 1)} MiB`);

// The same seeded points for every run; the first PG_QUERIES of them go to PostGIS as well.
const pointRnd = seededRandom(1_000_003);
const points = new Float64Array(LOOKUPS * 2);
for (let i = 0; i < LOOKUPS; i++) {
  points[2 * i] = extent[0] + pointRnd() * (extent[2] - extent[0]);
  points[2 * i + 1] = extent[1] + pointRnd() * (extent[3] - extent[1]);
}

function lookupRound(n: number): { seconds: number; cpuSeconds: number; none: number; several: number } {
  let none = 0;
  let several = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const hits = index.locate([points[2 * i]!, points[2 * i + 1]!]);
    if (hits.length === 0) none++;
    else if (hits.length > 1) several++;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, none, several };
}

lookupRound(Math.min(LOOKUPS, 100_000)); // warm-up: let the JIT compile the hot path
const rates: number[] = [];
const cpuRates: number[] = [];
let last = { seconds: 0, cpuSeconds: 0, none: 0, several: 0 };
for (let r = 0; r < ROUNDS; r++) {
  last = lookupRound(LOOKUPS);
  rates.push(LOOKUPS / last.seconds);
  cpuRates.push(LOOKUPS / last.cpuSeconds);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const jsRate = median(rates);
console.log(
  `SpatialIndex.locate, ${fmt(LOOKUPS)} random points, one thread: ${rates.map((r, i) => `round ${i + 1} ${fmt(r)}/s`).join(', ')}; median ${fmt(jsRate)} lookups/s (wall clock)`,
);
// On a shared machine the process may wait for a core; per CPU-second of the process is what one core does.
console.log(`  per CPU-second of this process: ${cpuRates.map((r) => fmt(r)).join(', ')}; median ${fmt(median(cpuRates))} lookups/s`);
console.log(`  points in no polygon: ${fmt(last.none)}, in more than one: ${fmt(last.several)}`);
console.log(
  `  load average while measuring (1, 5, 15 min): ${os
    .loadavg()
    .map((l) => fmt(l, 2))
    .join(', ')} on ${cpus.length} cores`,
);

// Reference, for comparison with the figure in the issue: flatbush over the same boxes, then the
// same exact ray cast over every edge of each candidate, one small array per ring.
{
  const flat = grids.map((g) => flattenGeometry(g.geometry));
  const tree = new Flatbush(grids.length);
  for (const g of grids) {
    const b = geometryBBox(g.geometry);
    tree.add(b[0], b[1], b[2], b[3]);
  }
  tree.finish();
  const round = (n: number) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let hits = 0;
    for (let i = 0; i < n; i++) {
      const x = points[2 * i]!;
      const y = points[2 * i + 1]!;
      hits += tree.search(x, y, x, y, (k) => pointInFlatPolygons(flat[k]!, x, y) !== OUTSIDE).length;
    }
    const cpu = process.cpuUsage(cpu0);
    return { wall: n / ((performance.now() - t0) / 1000), cpu: n / ((cpu.user + cpu.system) / 1e6), hits };
  };
  round(Math.min(LOOKUPS, 100_000));
  const r = round(LOOKUPS);
  console.log(`reference, flatbush + ray cast over every edge: ${fmt(r.wall)} lookups/s (wall clock), ${fmt(r.cpu)} per CPU-second, ${fmt(r.hits)} hits`);
}

await withTempDatabase(async (db) => {
  if (!(await ensurePostgis(db))) return;
  const versions = await db.query<{ pg: string; postgis: string }>("SELECT current_setting('server_version') AS pg, postgis_lib_version() AS postgis");
  console.log(`PostGIS: PostgreSQL ${versions.rows[0]!.pg}, PostGIS ${versions.rows[0]!.postgis}`);

  const loadStart = performance.now();
  await db.query('CREATE TABLE g (key text PRIMARY KEY, geom geometry(Geometry, 4326) NOT NULL)');
  for (let i = 0; i < grids.length; i += 500) {
    const chunk = grids.slice(i, i + 500).map((g) => ({ k: g.key, g: g.geometry }));
    await db.query("INSERT INTO g (key, geom) SELECT f->>'k', ST_SetSRID(ST_GeomFromGeoJSON(f->>'g'), 4326) FROM json_array_elements($1::json) AS f", [
      JSON.stringify(chunk),
    ]);
  }
  await db.query('CREATE INDEX g_geom ON g USING gist (geom)');
  await db.query('ANALYZE g');
  console.log(`PostGIS: loaded ${fmt(grids.length)} polygons, GiST index built, analysed in ${fmt((performance.now() - loadStart) / 1000, 1)} s`);

  const text = 'SELECT key FROM g WHERE ST_Contains(geom, ST_SetSRID(ST_Point($1, $2), 4326))';
  const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text.replace('$1', String(points[0])).replace('$2', String(points[1]))}`);
  console.log(`PostGIS: plan: ${plan.rows.map((r) => r['QUERY PLAN'].trim()).join(' / ')}`);

  // One prepared statement, one query per point, one connection, one at a time.
  const query = (x: number, y: number) => db.query<{ key: string }>({ name: 'locate', text, values: [x, y] });
  const n = Math.min(PG_QUERIES, LOOKUPS);
  for (let i = 0; i < Math.min(1000, n); i++) await query(points[2 * (LOOKUPS - 1 - i)]!, points[2 * (LOOKUPS - 1 - i) + 1]!); // warm-up
  const answers: string[][] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const { rows } = await query(points[2 * i]!, points[2 * i + 1]!);
    if (i < AGREEMENT_SAMPLE) answers.push(rows.map((r) => r.key));
  }
  const pgRate = n / ((performance.now() - t0) / 1000);
  console.log(`PostGIS ST_Contains + GiST, ${fmt(n)} single-point queries over one connection: ${fmt(pgRate)} queries/s`);
  console.log(`ratio: SpatialIndex is ${fmt(jsRate / pgRate, 1)}× PostGIS (${fmt(jsRate)} / ${fmt(pgRate)})`);

  // Same answers? ST_Contains leaves out a point on a polygon's boundary; locate includes it, so
  // points exactly on a border are counted apart.
  let mismatches = 0;
  let onBorder = 0;
  answers.forEach((pgKeys, i) => {
    const p: LngLat = [points[2 * i]!, points[2 * i + 1]!];
    const hits = index.locate(p);
    if (hits.some((h) => pointInGeometry(p, h.geometry) === 'boundary')) {
      onBorder++;
      return;
    }
    const jsKeys = hits.map((h) => h.key);
    if (jsKeys.join() !== [...pgKeys].sort().join()) mismatches++;
  });
  console.log(`agreement on ${fmt(answers.length)} of those points: ${mismatches} mismatches, ${onBorder} exactly on a border (counted apart)`);

  if (corners.length > 0) {
    let jsSeveral = 0;
    let pgNone = 0;
    for (const c of corners) {
      if (index.locate(c).length >= 2) jsSeveral++;
      if ((await query(c[0], c[1])).rows.length === 0) pgNone++;
    }
    console.log(
      `shared corners (${corners.length} points exactly where cells meet): locate returns 2 or more cells, first by key, for ${jsSeveral}; ST_Contains returns no row for ${pgNone}`,
    );
  }
});
