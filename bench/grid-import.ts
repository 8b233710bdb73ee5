// A district's first import of 1,000 grids (issue 3: under 10 s): generated boundaries of 滕州市,
// posted as one GeoJSON FeatureCollection through the API, turned into one validated draft change per
// community. PGlite in memory, or a PostgreSQL server with BENCH_DATABASE_URL.
//
//   npx tsx bench/grid-import.ts
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { bundledDivisionsFile, bundledOutlinesFile, ensureAccounts, ensureTerritory } from '../server/src/modules/system/bootstrap.js';
import { generateDemoGrids } from '../server/src/modules/territory/grid-demo.js';
import { parseDivisionFile, parseOutlineFile } from '../server/src/modules/territory/territory-file.js';
import { openRuntime } from '../server/src/runtime.js';

const DISTRICT = '370481';
const COUNT = Number(process.env.BENCH_GRIDS ?? 1000);

async function database(): Promise<{ url?: string; drop: () => Promise<void> }> {
  const admin = process.env.BENCH_DATABASE_URL;
  if (!admin) return { drop: async () => undefined };
  const name = `wangge_bench_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

const db = await database();
const runtime = await openRuntime(loadConfig({ WANGGE_LOG_LEVEL: 'silent', ...(db.url ? { DATABASE_URL: db.url } : {}) }), {
  inMemory: !db.url,
  passwordCost: { memoryCost: 1024, timeCost: 1 },
});
const { ctx } = runtime;
await ensureTerritory(ctx);
await ensureAccounts(ctx);
const app = await buildApp(ctx, { logger: false });

const divisions = parseDivisionFile(JSON.parse(readFileSync(bundledDivisionsFile, 'utf8'))).filter((d) => d.level === 1 || d.code.startsWith(DISTRICT));
const outlines = parseOutlineFile(JSON.parse(readFileSync(bundledOutlinesFile, 'utf8'))).filter((o) => o.divisionCode.startsWith(DISTRICT));
const features = generateDemoGrids(divisions, outlines)
  .filter((g) => g.kind === 'basic')
  .slice(0, COUNT)
  .map((g) => ({ type: 'Feature', properties: { CUN_DM: g.communityCode, WG_MC: g.name, LX: '基础网格' }, geometry: g.boundary }));
const payload = { reason: '测绘成果入库', mapping: { community: 'CUN_DM', name: 'WG_MC', kind: 'LX' }, features: { type: 'FeatureCollection', features } };
const bytes = Buffer.byteLength(JSON.stringify(payload));

const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'tengzhou', password: 'wangge-demo' } });
const cookie = `wangge_session=${login.cookies.find((c) => c.name === 'wangge_session')?.value}`;
const t0 = performance.now();
const res = await app.inject({ method: 'POST', url: '/api/grid-changes/import', headers: { cookie }, payload });
const seconds = (performance.now() - t0) / 1000;
const body = res.json() as { changes: { valid: boolean }[]; skipped: unknown[] };

console.log(`machine: ${os.cpus()[0]?.model} x${os.cpus().length}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`database: ${ctx.database.kind}${db.url ? ' (server)' : ' (in memory)'}`);
console.log(`import: ${features.length} basic grids of 滕州市 (${(bytes / 1e6).toFixed(1)} MB of GeoJSON) → HTTP ${res.statusCode}`);
console.log(`  ${body.changes.length} draft changes (one per community), ${body.changes.filter((c) => c.valid).length} valid, ${body.skipped.length} skipped`);
console.log(`  ${seconds.toFixed(2)} s end to end (parse, schema, per-community validation, drafts, audit rows)`);
await app.close();
await runtime.close();
await db.drop();
