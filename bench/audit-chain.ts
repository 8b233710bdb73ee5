// How fast can audited writes be appended to the hash chain, and how fast is the chain verified?
// Every audited transaction takes one advisory lock at its end (docs/ARCHITECTURE.md, "Audit trail"):
// this measures what that costs, on PGlite and, with BENCH_DATABASE_URL, on a PostgreSQL server.
//
//   npx tsx bench/audit-chain.ts                 # PGlite in memory
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/audit-chain.ts
import os from 'node:os';
import { loadConfig } from '../server/src/config.js';
import { recordAudit, verifyChain } from '../server/src/modules/audit/audit.js';
import { openRuntime } from '../server/src/runtime.js';
import { withFreshDatabase } from './fresh-database.js';

const WRITES = Number(process.env.BENCH_WRITES ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

async function withDatabase<T>(fn: (url: string | undefined) => Promise<T>): Promise<T> {
  const admin = process.env.BENCH_DATABASE_URL;
  return admin ? withFreshDatabase(admin, 'audit', fn) : fn(undefined);
}

await withDatabase(async (url) => {
  const config = loadConfig({ WANGGE_LOG_LEVEL: 'silent', ...(url ? { DATABASE_URL: url } : {}) });
  const runtime = await openRuntime(config, { inMemory: !url });
  const { db } = runtime.ctx;
  const ctx = { actorId: null, actorRole: 'bench', ip: '127.0.0.1', divisionCode: '370402001013' };
  const write = (i: number) =>
    db.transaction((tx) => recordAudit(tx, ctx, { action: 'user.update', targetType: 'user', targetId: String(i), fields: ['displayName'] }));

  // PGlite has one connection: concurrency only queues; a server has a pool of 10.
  const lanes = url ? CONCURRENCY : 1;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < WRITES) await write(next++);
    }),
  );
  const writeSeconds = (performance.now() - started) / 1000;

  const vStart = performance.now();
  const report = await verifyChain(db);
  const verifySeconds = (performance.now() - vStart) / 1000;
  if (!report.ok || report.checked !== WRITES) throw new Error(`chain did not verify: ${JSON.stringify(report)}`);

  console.log(`machine: ${os.cpus()[0]?.model} x${os.cpus().length}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
  console.log(`database: ${runtime.ctx.database.kind}${url ? ' (server)' : ' (in memory)'}, ${lanes} concurrent writer(s)`);
  console.log(`audited transactions: ${WRITES} in ${writeSeconds.toFixed(2)} s = ${Math.round(WRITES / writeSeconds)} /s`);
  console.log(`chain verification:   ${report.checked} rows in ${verifySeconds.toFixed(2)} s = ${Math.round(report.checked / verifySeconds)} rows/s`);
  await runtime.close();
});
