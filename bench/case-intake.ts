// Case intake through the API (issue 4): how many reports per second does POST /api/cases take from
// signed-in grid workers on a PostgreSQL server (a point located to its grid, the matter routed by a
// city-wide rule with automatic dispatch, the deadlines counted on the work calendar, the timers,
// notifications and audit rows), against pgbench replaying the very statements one report runs, in
// the same transaction shape, at the same concurrency? Then the latency at 70 % of the best rate,
// sent open-loop. Target (issue 4): API rate ≥ 0.5 × pgbench's.
//
//   npx tsx bench/case-intake.ts
//
// Settings: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; a temporary database
// is made there and dropped at the end), BENCH_SECONDS (per measurement, default 10),
// BENCH_CONCURRENCY (default 1,8,16), BENCH_ROUNDS (default 3), BENCH_PGBENCH (default /usr/bin/pgbench),
// BENCH_KEEP_SCRIPT (a path: where to write the generated pgbench script), BENCH_PROFILE (a path: a CPU
// profile of the server's thread during the first measured run, for Chrome DevTools or speedscope),
// BENCH_HEAP_PROFILE (a path: a sampled allocation profile of the same run, instead of the CPU profile),
// BENCH_CLIENT (`node`, the default: the load generator thread below; or `wrk`: the closed loop driven by
// wrk, a C HTTP load generator (Debian's package `wrk`), as pgbench is a C client — so that the client's
// own CPU weighs on both sides alike; one signed-in session shared by its connections).
//
// The server runs in this process (Fastify on a free port, real HTTP), the load generator on a worker
// thread (bench/case-intake-load.ts); pgbench, the server, the load generator and PostgreSQL all share
// this machine's cores.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { queryRows } from '../server/src/db/client.js';
import { geometryBBox, type LngLat, type PolygonGeometry } from '../server/src/lib/geometry/index.js';
import { seededRandom } from '../server/src/lib/geometry/prng.js';
import { appUser, department, userGrid } from '../server/src/modules/access/access.tables.js';
import { ensureWorkCalendars } from '../server/src/modules/calendar/calendar-seed.js';
import { defaultLimits } from '../server/src/modules/cases/case-workflow.js';
import { routingRule } from '../server/src/modules/cases/routing.tables.js';
import { ensureDemoMatters } from '../server/src/modules/matters/matter-seed.js';
import { DEMO_PASSWORD, ensureAccounts, ensureTerritory } from '../server/src/modules/system/bootstrap.js';
import { ensureDemoGrids } from '../server/src/modules/territory/grid-seed.js';
import { openRuntime } from '../server/src/runtime.js';
import type { LoadJob, LoadMessage, LoadResult, LoadSetup } from './case-intake-load.js';
import { withFreshDatabase } from './fresh-database.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,8,16').split(',').map((s) => Number(s.trim()));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PGBENCH = process.env.BENCH_PGBENCH ?? '/usr/bin/pgbench';
const CLIENT = process.env.BENCH_CLIENT ?? 'node';
if (CLIENT !== 'node' && CLIENT !== 'wrk') throw new Error('BENCH_CLIENT: node or wrk');
const CITY = '370400000000';
const MATTER = 'SX-001';
const WORKER = 'worker';
const POINTS = 256;

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
const median = (xs: readonly number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
/** Nearest rank on sorted values. */
function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}
/** The median, and the range in brackets. */
const cell = (xs: readonly number[], digits: number) => `${fmt(median(xs), digits)} (${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)})`;

// ---------------------------------------------------------------------------------------------
// Every statement the server sends while capturing: pg.Client's query, which the pool's clients
// and the transactions' checked-out client all go through (BEGIN and COMMIT included).

interface Captured {
  text: string;
  /** The parameters as node-postgres sends them (text). */
  values: (string | null)[];
  fields: string[];
  /** The first row of the answer, by column name. */
  row: Record<string, unknown> | undefined;
  rowCount: number;
}

const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue(v: unknown): unknown };
let capturing: Captured[] | undefined;
type QueryFn = (...args: unknown[]) => unknown;
const originalQuery = pg.Client.prototype.query as unknown as QueryFn;
(pg.Client.prototype as unknown as { query: QueryFn }).query = function (this: pg.Client, ...args: unknown[]) {
  if (!capturing) return originalQuery.apply(this, args);
  const [q, v] = args;
  const config = typeof q === 'string' ? { text: q } : (q as { text: string; values?: unknown[] });
  const values = (Array.isArray(v) ? v : config.values) ?? [];
  const entry: Captured = {
    text: config.text,
    values: values.map((x) => {
      const p = prepareValue(x);
      return p === null || p === undefined ? null : String(p);
    }),
    fields: [],
    row: undefined,
    rowCount: 0,
  };
  capturing.push(entry);
  const keep = (res: pg.QueryResult | undefined) => {
    if (!res) return;
    entry.fields = res.fields.map((f) => f.name);
    entry.rowCount = res.rows.length;
    const first = res.rows[0] as unknown;
    if (Array.isArray(first)) entry.row = Object.fromEntries(entry.fields.map((f, i) => [f, first[i]]));
    else if (first) entry.row = first as Record<string, unknown>;
  };
  const last = args[args.length - 1];
  if (typeof last === 'function') {
    const cb = last as (err: unknown, res: pg.QueryResult | undefined) => void;
    args[args.length - 1] = (err: unknown, res: pg.QueryResult | undefined) => {
      keep(res);
      cb(err, res);
    };
    return originalQuery.apply(this, args);
  }
  return (originalQuery.apply(this, args) as Promise<pg.QueryResult>).then((res) => {
    keep(res);
    return res;
  });
};

// ---------------------------------------------------------------------------------------------
// The pgbench script: the captured statements in order, each parameter written in as a literal,
// except what must differ per transaction: the case number and serial (from the sequence), the
// case id (from INSERT … RETURNING), and the audit rows' seq and the first row's previous hash (from
// the chain's head, read under the lock). Run with -M extended, as node-postgres sends parameterised statements.

function literal(v: string | null): string {
  if (v === null) return 'NULL';
  // pgbench reads ":name" anywhere in a statement as a variable, inside quotes too: write ':' as an escape.
  if (v.includes(':') || v.includes('\\')) return `E'${v.replaceAll('\\', '\\\\').replaceAll("'", "''").replaceAll(':', '\\x3a')}'`;
  return `'${v.replaceAll("'", "''")}'`;
}

interface Script {
  text: string;
  statements: number;
  /** Parameters holding a per-case value inside a longer text, which the script cannot vary. */
  warnings: string[];
}

/** The inserts in a statement (one, or several in a WITH): table, column list and value tuples. */
function insertsIn(text: string): { table: string; columns: string[]; tuples: string[][] }[] {
  const found = text.matchAll(/insert into "([a-z_]+)" \(([^)]*)\) values ((?:\([^()]*\)(?:, )?)+)/gi);
  return [...found].map((m) => ({
    table: m[1] ?? '',
    columns: (m[2] ?? '').split(', '),
    tuples: (m[3] ?? '')
      .replace(/, $/, '')
      .slice(1, -1)
      .split('), (')
      .map((t) => t.split(', ')),
  }));
}

/** The parameter ($n) an insert gives a column, per row. */
function paramsOf(insert: { columns: string[]; tuples: string[][] }, column: string): number[] {
  const at = insert.columns.indexOf(`"${column}"`);
  return at < 0 ? [] : insert.tuples.flatMap((t) => /^\$(\d+)$/.exec(t[at] ?? '')?.[1] ?? []).map(Number);
}

function pgbenchScript(stmts: readonly Captured[]): Script {
  const insert = stmts.find((s) => /^(?:with .*?)?insert into "case_record"/i.test(s.text));
  if (!insert) throw new Error('the captured request inserted no case_record row');
  // The case's id, number and serial: from the insert's RETURNING row, or else from its parameters.
  const caseInsert = insertsIn(insert.text).find((i) => i.table === 'case_record');
  const given = (name: string) => {
    const [param] = caseInsert ? paramsOf(caseInsert, name) : [];
    return param === undefined ? undefined : insert.values[param - 1];
  };
  const [caseId, number, serial] = ['id', 'number', 'serial'].map((k) => String(insert.row?.[k] ?? given(k)));
  if (!caseId || !number || !serial || [caseId, number, serial].includes('undefined')) throw new Error('the case insert shows no id, number or serial');
  // The app makes the case id in Node (no RETURNING): pgbench makes it with the serial, in the same statement.
  const idInNode = !insert.row;
  const lines: string[] = [];
  const warnings: string[] = [];
  let auditSeq: string | undefined;
  let auditHash: string | undefined;
  for (const s of stmts) {
    if (/nextval\(pg_get_serial_sequence\('case_record', 'serial'\)\)/.test(s.text)) {
      // The one statement written differently: the number is made from the serial in SQL here, in Node in the app.
      lines.push(
        `select n, '${number.slice(0, 10)}' || lpad(n::text, 6, '0') as number${idInNode ? ', gen_random_uuid() as id' : ''} from (select nextval(pg_get_serial_sequence('case_record', 'serial')) as n) as one \\gset s_`,
      );
      continue;
    }
    const isAuditRead = /^select "seq", "hash" from (?:"audit_event"|audit_chain_head\()/i.test(s.text);
    const isAuditInsert = /^insert into "audit_event"/i.test(s.text);
    // The audit insert holds one row or several, numbered on from the head's seq.
    const seqs: string[] = [];
    const ids = new Set(insertsIn(s.text).flatMap((i) => paramsOf(i, 'id')));
    const body = s.text.replace(/\$(\d+)/g, (_, i: string) => {
      const v = s.values[Number(i) - 1] ?? null;
      if (v === caseId) return idInNode ? ':s_id' : ':c_id';
      // Other rows' ids made in Node (steps, assignments): made in the insert here.
      if (ids.has(Number(i))) return 'gen_random_uuid()';
      if (v === number) return ':s_number';
      if (v === serial) return ':s_n';
      if (isAuditInsert && v === auditHash) return ':a_hash';
      const k = Number(v) - Number(auditSeq);
      if (isAuditInsert && Number.isInteger(k) && k >= 1 && k <= 100) {
        seqs.push(`\\set a_seq${k} :a_seq + ${k}`);
        return `:a_seq${k}`;
      }
      if (v !== null && (v.includes(caseId) || v.includes(number))) warnings.push(`${s.text.slice(0, 60)}… $${i} = ${v.slice(0, 80)}`);
      return literal(v);
    });
    lines.push(...seqs);
    if (isAuditRead) {
      auditSeq = String(s.row?.seq);
      auditHash = String(s.row?.hash);
      lines.push(`${body} \\gset a_`);
    } else if (s === insert && !idInNode) lines.push(`${body} \\gset c_`);
    else lines.push(`${body};`);
  }
  return { text: `${lines.join('\n')}\n`, statements: stmts.length, warnings };
}

interface PgbenchRun {
  tps: number;
  latencyMs: number;
  transactions: number;
  /** CPU time of pgbench itself (its threads, user + system), ms. */
  clientCpuMs: number;
}

/** User + system CPU in /proc/<pid>/stat, ms: the process's own, or (children) that of its waited-for children. */
function procCpuMs(stat: string, children = false): number {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [u, s] = children ? [f[13], f[14]] : [f[11], f[12]];
  return ((Number(u) + Number(s)) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * Runs a client program to its end through sh, which prints its own /proc stat after the program
 * exits: its waited-for children's CPU is the program's (user + system, ms; undefined if not printed).
 */
async function runMeasured(command: string, args: string[]): Promise<{ status: number | null; out: string; cpuMs: number | undefined }> {
  const child = spawn('sh', ['-c', '"$@"; status=$?; echo; cat /proc/$$/stat; exit $status', 'sh', command, ...args]);
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const stat = out.split('\n').find((l) => /^\d+ \(sh\) /.test(l));
  return { status, out, cpuMs: stat ? procCpuMs(stat, true) : undefined };
}

async function pgbench(url: string, file: string, args: string[]): Promise<PgbenchRun> {
  const { status, out, cpuMs } = await runMeasured(PGBENCH, ['-n', '-M', 'extended', '-f', file, ...args, url]);
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
  const failed = /number of failed transactions: (\d+)/.exec(out);
  if (status !== 0 || !tps || cpuMs === undefined || (failed && failed[1] !== '0')) throw new Error(`pgbench ${args.join(' ')} failed (${status}):\n${out}`);
  return {
    tps: Number(tps[1]),
    latencyMs: Number(/latency average = ([\d.]+) ms/.exec(out)?.[1] ?? Number.NaN),
    transactions: Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1] ?? 0),
    clientCpuMs: cpuMs,
  };
}

/**
 * The closed loop through wrk: `clients` connections on min(clients, 2) threads for `seconds`, each
 * posting the next report (the points in turn) as soon as the last is answered, all with one session's
 * cookie. Any answer but 201 fails the run. CPU as for pgbench (sh reports its waited-for child's).
 */
async function wrkRun(port: number, cookie: string, points: readonly LngLat[], clients: number, seconds: number, dir: string) {
  const bodies = points.map((p) => JSON.stringify({ title: '楼道堆放杂物', description: '邻居因楼道杂物起争执', lng: p[0], lat: p[1], matterCode: MATTER }));
  const lua = [
    `local bodies = { ${bodies.map((b) => `[==[${b}]==]`).join(',\n')} }`,
    'local n = 0',
    'bad = 0',
    'local threads = {}',
    'function setup(thread) table.insert(threads, thread) end',
    `wrk.method = "POST"`,
    `wrk.headers["content-type"] = "application/json"`,
    `wrk.headers["cookie"] = ${JSON.stringify(cookie)}`,
    'function request() n = n + 1; return wrk.format(nil, "/api/cases", nil, bodies[(n % #bodies) + 1]) end',
    'function response(status, headers, body) if status ~= 201 then bad = bad + 1 end end',
    'function done(summary, latency, requests) local total = 0; for _, t in ipairs(threads) do total = total + t:get("bad") end; io.write("not 201: " .. total .. "\\n") end',
  ].join('\n');
  const script = path.join(dir, 'intake.lua');
  writeFileSync(script, lua);
  const args = [
    '-t',
    String(Math.min(clients, 2)),
    '-c',
    String(clients),
    '-d',
    `${seconds}s`,
    '--latency',
    '--timeout',
    '30s',
    '-s',
    script,
    `http://127.0.0.1:${port}`,
  ];
  const { status, out, cpuMs } = await runMeasured('wrk', args);
  const ms = (label: string) => {
    const m = new RegExp(`^\\s+${label}\\s+([\\d.]+)(us|ms|s)$`, 'm').exec(out);
    return m ? Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1) : Number.NaN;
  };
  const done = /(\d+) requests in ([\d.]+)(ms|s)/.exec(out);
  const notCreated = /not 201: (\d+)/.exec(out);
  if (status !== 0 || !done || cpuMs === undefined || notCreated?.[1] !== '0' || /Non-2xx|Socket errors/.test(out)) {
    // Printed here as well: the database is dropped on the way out, which can end the process first.
    console.error(`wrk ${args.join(' ')} failed (${status}):\n${out}`);
    throw new Error(`wrk ${args.join(' ')} failed (${status})`);
  }
  const completed = Number(done[1]);
  return {
    completed,
    elapsedMs: Number(done[2]) * (done[3] === 's' ? 1000 : 1),
    p50: ms('50%'),
    p99: ms('99%'),
    clientCpuMs: cpuMs,
  };
}

/**
 * CPU time of the PostgreSQL backends serving clients of the bench database (not autovacuum) while `fn` runs, from /proc every
 * 100 ms (so a short-lived backend's first and last tenth of a second may be missed: pgbench's
 * figure is a slight underestimate). Undefined when the server's processes are not visible here.
 */
async function backendCpu<T>(monitor: pg.Client, fn: () => Promise<T>): Promise<{ result: T; pgCpuMs: number | undefined }> {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let visible = true;
  const sample = async () => {
    const { rows } = await monitor.query<{ pid: number }>(
      "select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()",
    );
    for (const { pid } of rows) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        visible = first.size > 0;
        continue;
      }
      const ms = procCpuMs(stat);
      if (!first.has(pid)) first.set(pid, ms);
      last.set(pid, ms);
    }
  };
  await sample();
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, 100));
      await sample();
    }
  })();
  const result = await fn();
  running = false;
  await loop;
  let total = 0;
  for (const [pid, ms] of last) total += ms - (first.get(pid) ?? ms);
  return { result, pgCpuMs: visible ? total : undefined };
}

// ---------------------------------------------------------------------------------------------

const withDatabase = <T>(fn: (url: string) => Promise<T>) => withFreshDatabase(ADMIN_URL, 'intake', fn);

/** The rows one report adds, per table: compared between the API and one pgbench transaction. */
const COUNTED = ['case_record', 'case_step', 'case_assignment', 'case_timer', 'notification', 'audit_event'] as const;

await withDatabase(async (url) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wangge-bench-intake-'));
  const config = loadConfig({ WANGGE_DATA_DIR: dataDir, WANGGE_LOG_LEVEL: 'silent', DATABASE_URL: url });
  const runtime = await openRuntime(config);
  const { ctx } = runtime;
  const setupStart = performance.now();
  await ensureTerritory(ctx);
  await ensureAccounts(ctx);
  await ensureWorkCalendars(ctx);
  await ensureDemoMatters(ctx);
  await ensureDemoGrids(ctx, { districts: ['370402'] });
  const [police] = await ctx.db.select({ id: department.id }).from(department).where(eq(department.code, '370400-police'));
  if (!police) throw new Error('no demo unit 370400-police');
  await ctx.db
    .insert(routingRule)
    .values({ cityCode: CITY, matterCode: MATTER, scopeCode: CITY, leadUnitId: police.id, limits: defaultLimits, autoDispatch: true });
  const app = await buildApp(ctx, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const base = `http://127.0.0.1:${address.port}`;

  // Points inside the worker's grids, seeded, each checked to locate to that grid.
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: WORKER, password: DEMO_PASSWORD }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const [worker] = await ctx.db.select({ id: appUser.id }).from(appUser).where(eq(appUser.username, WORKER));
  const gridCodes = (
    await ctx.db
      .select({ code: userGrid.gridCode })
      .from(userGrid)
      .where(eq(userGrid.userId, worker?.id ?? ''))
  )
    .map((r) => r.code)
    .sort();
  if (gridCodes.length === 0) throw new Error('the demo worker holds no grid');
  const rnd = seededRandom(20_261_204);
  const points: LngLat[] = [];
  for (const code of gridCodes) {
    const card = (await (await fetch(`${base}/api/grids/${code}`, { headers: { cookie } })).json()) as { boundary: PolygonGeometry };
    const [x0, y0, x1, y1] = geometryBBox(card.boundary);
    const want = Math.ceil(POINTS / gridCodes.length);
    for (let found = 0, tries = 0; found < want && tries < want * 100; tries++) {
      const p: LngLat = [x0 + rnd() * (x1 - x0), y0 + rnd() * (y1 - y0)];
      const hits = await ctx.grids.locate(p);
      if (hits.find((h) => h.kind === 'basic')?.key === code) {
        points.push(p);
        found++;
      }
    }
  }
  const setupSeconds = (performance.now() - setupStart) / 1000;

  const setup: LoadSetup = { port: address.port, username: WORKER, password: DEMO_PASSWORD, matterCode: MATTER, points };
  // A worker thread does not inherit tsx's loader (nor take `--import tsx` in execArgv on Node 20): it loads the file through tsx's API.
  const loadFile = new URL('./case-intake-load.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(loadFile)}, ${JSON.stringify(loadFile)}))`;
  const loadThread = new Worker(bootstrap, { eval: true, workerData: setup });
  const run = (job: LoadJob) =>
    new Promise<LoadResult>((resolve, reject) => {
      loadThread.once('message', (m: LoadMessage) => (m.ok ? resolve(m.result) : reject(new Error(m.error))));
      loadThread.postMessage(job);
    });
  const cpuOf = async <T>(fn: () => Promise<T>) => {
    // The server's own thread (this process's main thread: its id is the pid), apart from the load
    // generator's thread and V8's helpers (garbage collection, compilation).
    const mainThreadMs = () => procCpuMs(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'));
    const mainBefore = mainThreadMs();
    const before = process.cpuUsage();
    const loopBefore = performance.eventLoopUtilization();
    const result = await fn();
    const used = process.cpuUsage(before);
    // The share of the run the server's thread (this thread's event loop) was busy.
    const busy = performance.eventLoopUtilization(loopBefore).utilization;
    return { result, cpuMs: (used.user + used.system) / 1000, busy, mainMs: mainThreadMs() - mainBefore };
  };

  // Warm-up (not measured): the JIT, the pools, the caches.
  await run({ kind: 'closed', clients: 4, seconds: Math.min(5, SECONDS) });

  // One report with every statement captured, just after another, so that the grid index's and the
  // calendar's version checks (each at most every 3 s, not per report) are not among them; should
  // one still run, it is left out of the script and named.
  const countRows = async () => {
    const rows = await queryRows<Record<string, string>>(ctx.db, sql.raw(`select ${COUNTED.map((t) => `(select count(*) from ${t}) as ${t}`).join(', ')}`));
    return COUNTED.map((t) => Number(rows[0]?.[t] ?? 0));
  };
  const report = async () => {
    const res = await fetch(`${base}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ title: '楼道堆放杂物', description: '邻居因楼道杂物起争执', lng: points[0]?.[0], lat: points[0]?.[1], matterCode: MATTER }),
    });
    const created = (await res.json()) as { status: string; gridCode: string };
    if (res.status !== 201 || created.status !== 'dispatched' || !gridCodes.includes(created.gridCode)) {
      throw new Error(`the captured report: ${res.status} ${JSON.stringify(created).slice(0, 300)}`);
    }
  };
  await report();
  const before = await countRows();
  capturing = [];
  await report();
  const all = capturing;
  capturing = undefined;
  const periodic = (s: Captured) => /from "(system_setting|work_calendar)" where/i.test(s.text);
  const captured = all.filter((s) => !periodic(s));
  const apiRows = (await countRows()).map((n, i) => n - (before[i] ?? 0));
  const script = pgbenchScript(captured);
  const scriptFile = process.env.BENCH_KEEP_SCRIPT ?? path.join(dataDir, 'intake.sql');
  writeFileSync(scriptFile, script.text);
  const beforeOne = await countRows();
  await pgbench(url, scriptFile, ['-c', '1', '-t', '1']);
  const pgbenchRows = (await countRows()).map((n, i) => n - (beforeOne[i] ?? 0));

  console.log(
    `machine: ${os.cpus()[0]?.model} × ${os.cpus().length} cores, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
  );
  const server = await queryRows<{ v: string }>(ctx.db, sql`select current_setting('server_version') as v`);
  console.log(`database: PostgreSQL ${server[0]?.v} (${ADMIN_URL.replace(/\/[^/]*$/, '/…')}), a fresh database; the app's pool holds at most 10 connections`);
  console.log(
    `setup: ${fmt(setupSeconds, 1)} s (territory, accounts, calendar, matters, ${gridCodes.length} grids of the worker among 370402's demo grids, routing rule ${MATTER} → 370400-police, auto-dispatch)`,
  );
  console.log(
    `closed loop driven by ${CLIENT === 'wrk' ? 'wrk (a separate process, C)' : 'the load generator (a worker thread of this process)'}; server, client and pgbench share the machine with PostgreSQL and whatever else runs on it`,
  );
  console.log(`load average at the start: ${load()}`);
  console.log('');
  console.log(`one report (${MATTER}, auto-dispatched) ran ${captured.length} statements:`);
  const kinds = new Map<string, number>();
  for (const s of captured) {
    const table = /^(?:select .*? from|insert into|update|delete from) "([a-z_]+)"/i.exec(s.text)?.[1];
    const inserts = insertsIn(s.text).map((i) => i.table);
    const name =
      /^with /i.test(s.text) && inserts.length > 1
        ? `insert ${inserts.join(' + ')} (one statement)`
        : table
          ? `${s.text.split(' ')[0]?.toLowerCase()} ${table}`
          : s.text.slice(0, 60);
    kinds.set(name, (kinds.get(name) ?? 0) + 1);
  }
  for (const [k, n] of kinds) console.log(`  ${String(n).padStart(3)} × ${k}`);
  console.log(`rows added per report (${COUNTED.join(', ')}): API ${apiRows.join(', ')}; one pgbench transaction ${pgbenchRows.join(', ')}`);
  if (apiRows.join() !== pgbenchRows.join()) throw new Error('the pgbench script does not add the rows a report adds');
  for (const w of script.warnings) console.log(`  note: not varied per transaction: ${w}`);
  for (const s of all.filter(periodic)) console.log(`  left out (a cache's periodic version check): ${s.text.slice(0, 80)}`);
  console.log(`pgbench script: ${scriptFile} (${script.statements} statements, -M extended)`);
  console.log('');

  // A CPU profile of the server's thread during the first measured run, when asked for.
  const profile = async <T>(fn: () => Promise<T>): Promise<T> => {
    const heapFile = process.env.BENCH_HEAP_PROFILE;
    if (heapFile) {
      const hs = new Session();
      hs.connect();
      await hs.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      const result = await fn();
      const { profile: data } = await hs.post('HeapProfiler.stopSampling');
      writeFileSync(heapFile, JSON.stringify(data));
      hs.disconnect();
      return result;
    }
    const file = process.env.BENCH_PROFILE;
    if (!file) return fn();
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const result = await fn();
    const { profile: data } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(data));
    session.disconnect();
    console.log(`CPU profile of the server's thread during this run: ${file}`);
    return result;
  };

  // Closed loop and pgbench, level by level, round by round, with the CPU each side used: this
  // process (the server, and the load generator's thread), pgbench, and PostgreSQL's backends.
  const monitor = new pg.Client({ connectionString: url });
  await monitor.connect();
  const na = (x: number | undefined, digits = 1) => (x === undefined ? 'n/a' : fmt(x, digits));
  interface ApiRun {
    rate: number;
    p50: number;
    p99: number;
    nodeCpu: number;
    /** The share of the run the server's thread was busy (event-loop utilisation). */
    busy: number;
    /** CPU of the server's thread alone per report, ms (part of nodeCpu). */
    mainCpu: number;
    /** wrk's CPU per report (BENCH_CLIENT=wrk); with the node client it is in nodeCpu. */
    clientCpu: number | undefined;
    pgCpu: number | undefined;
  }
  interface BenchRun {
    tps: number;
    clientCpu: number;
    pgCpu: number | undefined;
  }
  const api = new Map<number, ApiRun[]>();
  const bench = new Map<number, BenchRun[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const c of LEVELS) {
      const closed = async () => {
        if (CLIENT === 'wrk') return wrkRun(address.port, cookie, points, c, SECONDS, dataDir);
        const r = await run({ kind: 'closed', clients: c, seconds: SECONDS });
        const sorted = r.latencies.sort();
        return { completed: r.completed, elapsedMs: r.elapsedMs, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), clientCpuMs: undefined };
      };
      const measure = () => backendCpu(monitor, () => cpuOf(closed));
      const apiRun = async (): Promise<{ a: ApiRun; completed: number; elapsedMs: number }> => {
        const {
          result: { result: r, cpuMs, busy, mainMs },
          pgCpuMs,
        } = round === 1 && c === LEVELS[0] ? await profile(measure) : await measure();
        const a: ApiRun = {
          rate: r.completed / (r.elapsedMs / 1000),
          p50: r.p50,
          p99: r.p99,
          nodeCpu: cpuMs / r.completed,
          busy,
          mainCpu: mainMs / r.completed,
          clientCpu: r.clientCpuMs === undefined ? undefined : r.clientCpuMs / r.completed,
          pgCpu: pgCpuMs === undefined ? undefined : pgCpuMs / r.completed,
        };
        return { a, completed: r.completed, elapsedMs: r.elapsedMs };
      };
      const benchRun = async () => {
        const { result: pb, pgCpuMs: pbCpu } = await backendCpu(monitor, () =>
          pgbench(url, scriptFile, ['-c', String(c), '-j', String(Math.min(c, 2)), '-T', String(SECONDS)]),
        );
        const b: BenchRun = { tps: pb.tps, clientCpu: pb.clientCpuMs / pb.transactions, pgCpu: pbCpu === undefined ? undefined : pbCpu / pb.transactions };
        return { b, pb };
      };
      // The two sides take turns going first (the API in odd rounds, pgbench in even ones), so that
      // neither always runs right after the other's writes (autovacuum, a warmer or colder cache).
      let apiSide: Awaited<ReturnType<typeof apiRun>>;
      let benchSide: Awaited<ReturnType<typeof benchRun>>;
      if (round % 2 === 1) {
        apiSide = await apiRun();
        benchSide = await benchRun();
      } else {
        benchSide = await benchRun();
        apiSide = await apiRun();
      }
      const { a, completed, elapsedMs } = apiSide;
      const { b, pb } = benchSide;
      api.set(c, [...(api.get(c) ?? []), a]);
      bench.set(c, [...(bench.get(c) ?? []), b]);
      console.log(
        `round ${round}, ${String(c).padStart(2)} client(s)${round % 2 === 0 ? ' (pgbench first)' : ''}: API ${fmt(a.rate, 1)} reports/s (${completed} in ${fmt(elapsedMs / 1000, 2)} s; p50 ${fmt(a.p50, 1)} ms, p99 ${fmt(a.p99, 1)} ms; server thread busy ${fmt(100 * a.busy)} %, its CPU ${fmt(a.mainCpu, 2)} ms/report; ` +
          `CPU ms/report: this process ${fmt(a.nodeCpu, 1)}${a.clientCpu === undefined ? '' : `, wrk ${fmt(a.clientCpu, 2)}`}, PostgreSQL ${na(a.pgCpu)}) | pgbench ${fmt(b.tps, 1)} tps (${pb.transactions}; mean ${fmt(pb.latencyMs, 2)} ms; ` +
          `CPU ms/transaction: pgbench ${fmt(b.clientCpu, 2)}, PostgreSQL ${na(b.pgCpu)}) | ratio ${(a.rate / b.tps).toFixed(2)}; load ${load()}`,
      );
    }
  }
  await monitor.end();

  // Open loop at 70 % of the best median API rate.
  let best = 0;
  for (const runs of api.values()) best = Math.max(best, median(runs.map((x) => x.rate)));
  const rate = 0.7 * best;
  const open: { p50: number; p95: number; p99: number; max: number; achieved: number; inFlight: number; load: number }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const r = await run({ kind: 'open', rate, seconds: SECONDS });
    const sorted = r.latencies.sort();
    const o = {
      p50: quantile(sorted, 0.5),
      p95: quantile(sorted, 0.95),
      p99: quantile(sorted, 0.99),
      max: quantile(sorted, 1),
      achieved: r.completed / (r.elapsedMs / 1000),
      inFlight: r.maxInFlight,
      load: os.loadavg()[0] ?? 0,
    };
    open.push(o);
    console.log(
      `open loop ${round}: ${fmt(rate, 1)} reports/s scheduled, ${r.completed} answered (${fmt(o.achieved, 1)}/s); latency from the scheduled start p50 ${fmt(o.p50, 1)} ms, p95 ${fmt(o.p95, 1)} ms, p99 ${fmt(o.p99, 1)} ms, max ${fmt(o.max, 1)} ms; at most ${o.inFlight} in flight; load ${fmt(o.load, 2)}`,
    );
  }

  console.log('');
  console.log(`summary: medians of ${ROUNDS} rounds of ${SECONDS} s (range in brackets)`);
  console.log(
    '| clients | API reports/s | pgbench tps (same statements) | ratio (target ≥ 0.5) | API p50 / p99 ms (closed loop) | CPU ms per report: this process / PostgreSQL | CPU ms per pgbench transaction: pgbench / PostgreSQL |',
  );
  console.log('|---|---|---|---|---|---|---|');
  const mid = (xs: (number | undefined)[], digits = 1) => (xs.some((x) => x === undefined) ? 'n/a' : fmt(median(xs as number[]), digits));
  for (const c of LEVELS) {
    const a = api.get(c) ?? [];
    const b = bench.get(c) ?? [];
    const rates = a.map((x) => x.rate);
    const tps = b.map((x) => x.tps);
    const ratios = rates.map((x, i) => x / (tps[i] ?? Number.NaN));
    const latency = `${fmt(median(a.map((x) => x.p50)), 1)} / ${fmt(median(a.map((x) => x.p99)), 1)}`;
    const apiCpu = `${mid(a.map((x) => x.nodeCpu))}${
      CLIENT === 'wrk'
        ? ` + wrk ${mid(
            a.map((x) => x.clientCpu),
            2,
          )}`
        : ''
    } / ${mid(a.map((x) => x.pgCpu))}`;
    const benchCpu = `${mid(
      b.map((x) => x.clientCpu),
      2,
    )} / ${mid(b.map((x) => x.pgCpu))}`;
    console.log(`| ${c} | ${cell(rates, 1)} | ${cell(tps, 1)} | ${cell(ratios, 2)} | ${latency} | ${apiCpu} | ${benchCpu} |`);
  }
  const [p50, p95, p99] = (['p50', 'p95', 'p99'] as const).map((k) =>
    cell(
      open.map((o) => o[k]),
      1,
    ),
  );
  console.log(`open loop at 0.7 × ${fmt(best, 1)} = ${fmt(rate, 1)} reports/s: p50 ${p50} ms, p95 ${p95} ms, p99 ${p99} ms`);
  console.log(`load average at the end: ${load()}`);

  await loadThread.terminate();
  await app.close();
  await runtime.close();
  if (!process.env.BENCH_KEEP_SCRIPT) rmSync(dataDir, { recursive: true, force: true });
});
