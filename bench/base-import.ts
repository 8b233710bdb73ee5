// Import of persons from CSV and Excel (issue 5: ≥ 10,000 rows/s on PostgreSQL, memory that does
// not grow with the file). Each measured run is a child process of its own, so its peak RSS is its
// own: one child writes the file (streamed to disk), another imports it into a fresh PostgreSQL
// database through the job function the API runs in the background (runImport, not HTTP: the
// upload itself is a streamed copy to disk). Two sizes per format, a tenth and the whole, show
// whether memory grows with the file.
//
//   npx tsx bench/base-import.ts                     # 1,000,000 rows, CSV and xlsx
//   BENCH_ROWS=20000 npx tsx bench/base-import.ts    # a quick look
//
// Settings: BENCH_ROWS (default 1,000,000), BENCH_FORMATS (csv,xlsx), BENCH_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/test; a fresh database per run, dropped after),
// BENCH_XLSX_SHARED_STRINGS (1, as Excel writes; 0 writes inline strings, as Wangge's own files),
// BENCH_NODE_FLAGS (the children's Node flags; default those of `npm start`).
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { loadConfig } from '../server/src/config.js';
import { queryRows } from '../server/src/db/client.js';
import type { Actor } from '../server/src/modules/access/access.js';
import { appUser } from '../server/src/modules/access/access.tables.js';
import { personColumns } from '../server/src/modules/base/import-columns.js';
import { createImportJob, runImport } from '../server/src/modules/base/import.service.js';
import { baseImport } from '../server/src/modules/base/import.tables.js';
import { ensureAccounts, ensureTerritory } from '../server/src/modules/system/bootstrap.js';
import { ensureDemoGrids } from '../server/src/modules/territory/grid-seed.js';
import { grid } from '../server/src/modules/territory/grid.tables.js';
import { openRuntime } from '../server/src/runtime.js';
import { withFreshDatabase } from './fresh-database.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const FORMATS = (process.env.BENCH_FORMATS ?? 'csv,xlsx').split(',') as ('csv' | 'xlsx')[];
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SHARED_STRINGS = (process.env.BENCH_XLSX_SHARED_STRINGS ?? '1') !== '0';
/** Node's flags for the children: those `npm start` gives the server (package.json), unless BENCH_NODE_FLAGS says otherwise. */
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '--max-semi-space-size=32').split(' ').filter(Boolean);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mib = (bytes: number) => fmt(bytes / 2 ** 20);

// ---- The rows: valid persons of 市中区, spread over its grids ----------------------------------

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帅旭宁龙林欣悦子涵梓萱一诺浩然宇轩';
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function idNumber(i: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + (i % 20_000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const body = `370402${birth}${String(Math.floor(i / 20_000)).padStart(3, '0')}`;
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += Number(body[k]) * (WEIGHTS[k] as number);
  return body + '10X98765432'[sum % 11];
}

function personRow(i: number, grids: readonly string[]): (string | null)[] {
  const floating = i % 10 === 0;
  const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${i % 3 === 0 ? '' : GIVEN[(i * 13) % GIVEN.length]}`;
  const v: Record<string, string | null> = {
    name,
    idKind: '居民身份证',
    idNumber: idNumber(i),
    residency: floating ? '流动人口' : '户籍人口',
    phone: `139${String(i).padStart(8, '0')}`,
    ethnicity: '汉族',
    occupation: i % 4 === 0 ? '教师' : '个体',
    registeredAddress: `市中区光明路${i % 500}号${(i % 30) + 1}单元${(i % 6) + 1}0${(i % 4) + 1}`,
    gridCode: grids[i % grids.length] as string,
    movedInOn: floating ? '2024-05-01' : null,
    moveInReason: floating ? '务工' : null,
  };
  return personColumns.map((c) => v[c.key] ?? null);
}

// ---- Child: write a file --------------------------------------------------------------------

async function generate(format: 'csv' | 'xlsx', rows: number, file: string, grids: string[]) {
  if (format === 'csv') {
    const out = createWriteStream(file);
    const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
    await write(`\ufeff${personColumns.map((c) => c.title).join(',')}\n`);
    for (let i = 0; i < rows; i++)
      await write(
        `${personRow(i, grids)
          .map((v) => v ?? '')
          .join(',')}\n`,
      );
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  } else {
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: SHARED_STRINGS, useStyles: false });
    const sheet = book.addWorksheet('实有人口');
    sheet.addRow(personColumns.map((c) => c.title)).commit();
    for (let i = 0; i < rows; i++) sheet.addRow(personRow(i, grids)).commit();
    sheet.commit();
    await book.commit();
  }
}

// ---- Child: import a file into a fresh database ----------------------------------------------

async function importInto(format: 'csv' | 'xlsx', rows: number, file: string) {
  return withFreshDatabase(ADMIN_URL, 'import', async (url) => {
    const config = loadConfig({ WANGGE_LOG_LEVEL: 'silent', DATABASE_URL: url, WANGGE_DATA_DIR: path.dirname(file) });
    const runtime = await openRuntime(config, { inMemory: true });
    const { ctx } = runtime;
    try {
      await ensureTerritory(ctx);
      await ensureAccounts(ctx);
      await ensureDemoGrids(ctx, { districts: ['370402'] });
      const [city] = await ctx.db.select().from(appUser).where(eq(appUser.username, 'city'));
      if (!city) throw new Error('no city account');
      // The city centre, as authenticate.ts builds it from a session.
      const actor: Actor = {
        userId: city.id,
        username: city.username,
        displayName: city.displayName,
        role: 'cityCentre',
        scopeKind: 'division',
        divisionCode: city.divisionCode,
        divisionPrefix: '3704',
        departmentId: null,
        gridCodes: [],
        sessionId: 'bench',
        mustChangePassword: false,
      };
      const audit = { actorId: city.id, actorRole: 'cityCentre', ip: null, divisionCode: city.divisionCode };
      const id = randomUUID();
      await createImportJob(ctx, actor, { id, registry: 'person', mode: 'all', fileName: path.basename(file), path: file, bytes: statSync(file).size });
      let peak = process.memoryUsage().rss;
      const backends = backendCpu(new URL(url).pathname.slice(1));
      // When the first pass ended (the job turns 'importing'), from the job's row.
      let firstPass: number | null = null;
      let pgCpuFirstPass: number | null = null;
      let nodeCpuFirstPass: number | null = null;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
        backends.sample();
      }, 100);
      const poller = setInterval(() => {
        if (firstPass === null)
          void ctx.db
            .select({ status: baseImport.status })
            .from(baseImport)
            .where(eq(baseImport.id, id))
            .then(([j]) => {
              if (firstPass === null && j?.status !== 'validating' && j?.status !== 'queued') {
                firstPass = (performance.now() - t0) / 1000;
                backends.sample();
                pgCpuFirstPass = backends.ms();
                nodeCpuFirstPass = Math.round(process.cpuUsage(cpu0).user / 1000 + process.cpuUsage(cpu0).system / 1000);
              }
            });
      }, 250);
      const rssBefore = process.memoryUsage().rss;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await runImport(ctx, audit, actor, id, file);
      const seconds = (performance.now() - t0) / 1000;
      backends.sample();
      clearInterval(sampler);
      clearInterval(poller);
      const cpu = process.cpuUsage(cpu0);
      const [job] = await ctx.db.select().from(baseImport).where(eq(baseImport.id, id));
      const [stored] = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM person`);
      const [plain] = await queryRows<{ n: number }>(
        ctx.db,
        sql`SELECT count(*)::int AS n FROM person WHERE id_number_sealed LIKE ${'%370402%'} OR phone_sealed LIKE ${'%139000%'}`,
      );
      return {
        format,
        rows,
        seconds,
        rowsPerSecond: rows / seconds,
        rssBefore,
        peak,
        status: job?.status,
        created: job?.rowsCreated,
        stored: stored?.n,
        plain: plain?.n,
        // CPU time of this process during the import (user + system, ms): independent of how loaded the machine is.
        nodeCpu: Math.round((cpu.user + cpu.system) / 1000),
        // CPU time of the database's server processes serving this run (ms), when it runs on this machine.
        pgCpu: backends.ms(),
        firstPass,
        pgCpuFirstPass,
        nodeCpuFirstPass,
      };
    } finally {
      await runtime.close();
    }
  });
}

/**
 * The CPU time spent by the PostgreSQL backends of one database, when the server runs on this
 * machine: each backend's user + system ticks from /proc, sampled often enough to see a backend
 * before it ends (the pool closes idle ones). Null when none was ever seen (a remote server).
 */
function backendCpu(database: string) {
  const tick = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
  const seen = new Map<number, { first: number; last: number }>();
  return {
    sample() {
      let pids: string[];
      try {
        pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
      } catch {
        return;
      }
      for (const pid of pids) {
        try {
          const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          if (!cmd.startsWith('postgres:') || !cmd.includes(` ${database} `)) continue;
          const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
          const ticks = Number(fields[11]) + Number(fields[12]);
          const s = seen.get(Number(pid));
          if (s) s.last = ticks;
          else seen.set(Number(pid), { first: ticks, last: ticks });
        } catch {}
      }
    },
    ms(): number | null {
      if (seen.size === 0) return null;
      let total = 0;
      for (const s of seen.values()) total += s.last - s.first;
      return Math.round(total * tick);
    },
  };
}

// ---- Orchestration ----------------------------------------------------------------------------

const self = fileURLToPath(import.meta.url);
function child(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // The young generation `npm start` gives the server (package.json), where imports run.
    const p = spawn(process.execPath, [...NODE_FLAGS, ...process.execArgv, self, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (c) => {
      out += c;
    });
    p.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').pop() as string) : reject(new Error(`child ${args.join(' ')} exited ${code}`))));
  });
}

async function gridCodes(): Promise<string[]> {
  // The grids of 市中区, from a throwaway in-memory database: the same ones the import's database seeds.
  const runtime = await openRuntime(loadConfig({ WANGGE_LOG_LEVEL: 'silent' }), { inMemory: true });
  try {
    await ensureTerritory(runtime.ctx);
    await ensureDemoGrids(runtime.ctx, { districts: ['370402'] });
    const rows = await runtime.ctx.db.select({ code: grid.code }).from(grid).where(eq(grid.kind, 'basic'));
    return rows.map((r) => r.code).sort();
  } finally {
    await runtime.close();
  }
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'generate') {
  const [format, rows, file, gridFile] = rest as [string, string, string, string];
  await generate(format as 'csv' | 'xlsx', Number(rows), file, JSON.parse(readFileSync(gridFile, 'utf8')));
  console.log(JSON.stringify({ bytes: statSync(file).size, peak: process.memoryUsage().rss }));
} else if (mode === 'import') {
  const [format, rows, file] = rest as [string, string, string];
  console.log(JSON.stringify(await importInto(format as 'csv' | 'xlsx', Number(rows), file)));
} else {
  const cpu = os.cpus()[0]?.model?.trim();
  console.log(
    `machine: ${cpu} × ${os.cpus().length} cores (nproc ${execFileSync('nproc').toString().trim()}), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, node ${process.version}, ${new Date().toISOString()}`,
  );
  console.log(
    `load average (1/5/15 min): ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' / ')}`,
  );
  console.log(
    `PostgreSQL: ${ADMIN_URL.replace(/\/\/[^@]*@/, '//')}; xlsx shared strings: ${SHARED_STRINGS ? 'yes (as Excel writes)' : 'no (inline)'}; Node flags: ${NODE_FLAGS.join(' ') || 'none'}`,
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wangge-bench-import-'));
  try {
    const grids = await gridCodes();
    const gridFile = path.join(dir, 'grids.json');
    (await import('node:fs')).writeFileSync(gridFile, JSON.stringify(grids));
    console.log(`${grids.length} basic grids of 市中区`);
    const results: Record<string, unknown>[] = [];
    for (const format of FORMATS) {
      for (const rows of [Math.max(1, Math.round(ROWS / 10)), ROWS]) {
        const file = path.join(dir, `persons-${rows}.${format}`);
        let t0 = performance.now();
        const gen = JSON.parse(await child(['generate', format, String(rows), file, gridFile]));
        console.log(`${format} ${fmt(rows)} rows: file ${mib(gen.bytes)} MiB written in ${fmt((performance.now() - t0) / 1000, 1)} s`);
        t0 = performance.now();
        const r = JSON.parse(await child(['import', format, String(rows), file]));
        console.log(
          `${format} ${fmt(rows)} rows: ${r.status}, ${fmt(r.created)} created (${fmt(r.stored)} in the table, ${r.plain} with a plain value) in ${fmt(r.seconds, 1)} s = ${fmt(r.rowsPerSecond)} rows/s; RSS before ${mib(r.rssBefore)} MiB, peak ${mib(r.peak)} MiB; first pass ${r.firstPass === null ? '?' : fmt(r.firstPass, 1)} s; CPU: importing process ${fmt(r.nodeCpu / 1000, 1)} s (${fmt((r.nodeCpu * 1000) / rows)} µs/row), PostgreSQL ${r.pgCpu === null ? 'n/a' : `${fmt(r.pgCpu / 1000, 1)} s (${fmt((r.pgCpu * 1000) / rows)} µs/row)`}; load ${os.loadavg()[0]?.toFixed(2)}`,
        );
        results.push({ ...r, fileBytes: gen.bytes });
        rmSync(file, { force: true });
      }
    }
    console.log('\n| format | rows | file MiB | seconds | rows/s | peak RSS MiB |\n|---|---|---|---|---|---|');
    for (const r of results as { format: string; rows: number; fileBytes: number; seconds: number; rowsPerSecond: number; peak: number }[])
      console.log(`| ${r.format} | ${fmt(r.rows)} | ${mib(r.fileBytes)} | ${fmt(r.seconds, 1)} | ${fmt(r.rowsPerSecond)} | ${mib(r.peak)} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
