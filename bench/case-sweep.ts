import os from 'node:os';
import { type SQL, sql, TransactionRollbackError } from 'drizzle-orm';
import { loadConfig } from '../server/src/config.js';
import { queryRows } from '../server/src/db/client.js';
import { ensureWorkCalendars } from '../server/src/modules/calendar/calendar-seed.js';
import { claimDueTimers, DEFAULT_BATCH_SIZE, describeSweep, sweepTimers } from '../server/src/modules/cases/case-sweep.js';
import { ensureTerritory } from '../server/src/modules/system/bootstrap.js';
import { openRuntime } from '../server/src/runtime.js';
import { withFreshDatabase } from './fresh-database.js';

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const DUE = Number(process.env.BENCH_DUE ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BATCH = Number(process.env.BENCH_BATCH ?? DEFAULT_BATCH_SIZE);
const PGLITE = /^(1|true|yes)$/i.test(process.env.BENCH_PGLITE ?? '');
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NOW = new Date('2026-12-02T10:00:00+08:00');
const DUE_AT = new Date('2026-12-02T09:00:00+08:00');
const CHUNK = 100_000;

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

async function withDatabase<T>(fn: (url: string | undefined) => Promise<T>): Promise<T> {
  return PGLITE ? fn(undefined) : withFreshDatabase(ADMIN_URL, 'sweep', fn);
}

await withDatabase(async (url) => {
  const config = loadConfig({ WANGGE_LOG_LEVEL: 'silent', ...(url ? { DATABASE_URL: url } : {}) });
  // inMemory: no data folder or lock; with DATABASE_URL the database is still the server's.
  const runtime = await openRuntime(config, { inMemory: true });
  const { ctx } = runtime;
  const db = ctx.db;
  const run = (q: SQL) => db.execute(q);
  console.log(
    `machine: ${os.cpus()[0]?.model?.trim()} × ${os.cpus().length} cores, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
  );
  console.log(
    `database: ${ctx.database.kind}${url ? ` (${(await queryRows<{ v: string }>(db, sql`SELECT version() AS v`))[0]?.v.split(' on ')[0]})` : ' (in memory)'}`,
  );
  console.log(
    `load average (1/5/15 min): ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' / ')}`,
  );

  await ensureTerritory(ctx);
  await ensureWorkCalendars(ctx);
  await run(sql`INSERT INTO department (code, name, division_code) VALUES ('bench-unit', '基准测试承办单位', '370400000000')`);

  // ---- Load ---------------------------------------------------------------------------------
  let t0 = performance.now();
  for (let from = 1; from <= CASES; from += CHUNK) {
    const to = Math.min(CASES, from + CHUNK - 1);
    await run(sql`
      WITH communities AS (SELECT array_agg(code ORDER BY code) AS codes FROM division WHERE level = 4)
      INSERT INTO case_record (number, city_code, division_code, title, source, status, centre_code, lead_unit_id, step_started_at, due_at)
      SELECT 'B' || lpad(i::text, 8, '0'), '370400000000', c.codes[1 + i % array_length(c.codes, 1)], '基准测试事件 ' || i, 'gridWorker',
             CASE WHEN i % 10 = 0 THEN 'dispatched' ELSE 'handling' END,
             rpad(left(c.codes[1 + i % array_length(c.codes, 1)], 9), 12, '0'),
             (SELECT id FROM department WHERE code = 'bench-unit'),
             timestamptz '2027-01-04 09:00+08' + (i % 300) * interval '1 day',
             timestamptz '2027-01-06 09:00+08' + (i % 300) * interval '1 day'
      FROM communities c, generate_series(${from}::int, ${to}::int) AS i`);
    process.stdout.write(`\rcases: ${fmt(to)} (${seconds(t0)} s)`);
  }
  console.log();
  t0 = performance.now();
  for (const [kind, offset] of [
    ['remind', "interval '-4 hours'"],
    ['overdue', "interval '0'"],
    ['escalate', "interval '1 day'"],
  ] as const) {
    await run(sql`
      INSERT INTO case_timer (case_id, division_code, kind, step_key, fire_at)
      SELECT id, division_code, ${kind}, 'handle#1', due_at + ${sql.raw(offset)} FROM case_record`);
    process.stdout.write(`\rtimers: ${kind} (${seconds(t0)} s)`);
  }
  console.log();
  // The due ones: the timers of the first DUE cases, one each, 60 / 30 / 10 % by kind.
  await run(sql`CREATE TABLE bench_due AS
      SELECT t.id, t.case_id FROM case_record c JOIN case_timer t ON t.case_id = c.id
      WHERE c.number <= ${`B${String(DUE).padStart(8, '0')}`}
        AND t.kind = CASE WHEN substr(c.number, 2)::int <= ${Math.round(DUE * 0.6)} THEN 'remind'
                          WHEN substr(c.number, 2)::int <= ${Math.round(DUE * 0.9)} THEN 'overdue' ELSE 'escalate' END`);
  t0 = performance.now();
  await run(sql`VACUUM ANALYZE`);
  const counts = await queryRows<{ cases: number | string; timers: number | string; unfired: number | string; due: number | string }>(
    db,
    sql`SELECT (SELECT count(*) FROM case_record) AS cases, (SELECT count(*) FROM case_timer) AS timers,
               (SELECT count(*) FROM case_timer WHERE fired_at IS NULL) AS unfired, (SELECT count(*) FROM bench_due) AS due`,
  );
  const c0 = counts[0];
  console.log(
    `loaded: ${fmt(Number(c0?.cases))} open cases, ${fmt(Number(c0?.timers))} timers (${fmt(Number(c0?.unfired))} unfired), ${fmt(Number(c0?.due))} to fall due; VACUUM ANALYZE ${seconds(t0)} s`,
  );

  const rearm = async () => {
    await run(
      sql`UPDATE case_timer SET fired_at = NULL, fired_by = NULL, fire_at = ${DUE_AT.toISOString()}::timestamptz WHERE id IN (SELECT id FROM bench_due)`,
    );
    await run(sql`UPDATE case_record SET overdue = false, supervision = 'none' WHERE id IN (SELECT case_id FROM bench_due)`);
    await run(sql`DELETE FROM notification`);
    await run(sql`DELETE FROM case_supervision`);
  };

  // ---- The plan ------------------------------------------------------------------------------
  await rearm();
  const claim = claimDueTimers(db, NOW, BATCH).toSQL();
  let plan: string[] = [];
  await db
    .transaction(async (tx) => {
      const rows = await queryRows<{ 'QUERY PLAN': string }>(
        tx,
        sql.join([sql.raw('EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) '), rawWithParams(claim.sql, claim.params)]),
      );
      plan = rows.map((r) => r['QUERY PLAN']);
      // EXPLAIN ANALYZE really takes the locks: give them back.
      tx.rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof TransactionRollbackError)) throw err;
    });
  console.log(`claim plan (EXPLAIN ANALYZE of ${BATCH} of the due timers, rolled back):\n  ${plan.join('\n  ')}`);
  if (!plan.some((line) => line.includes('case_timer_due_idx'))) {
    console.error('the claim does not use case_timer_due_idx');
    process.exitCode = 1;
  }

  // ---- Rounds --------------------------------------------------------------------------------
  const times: number[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    await rearm();
    const started = performance.now();
    const result = await sweepTimers(ctx, { now: NOW, batchSize: BATCH, instanceId: 'bench' });
    const ms = performance.now() - started;
    times.push(ms);
    const fired = result.reminded + result.overdue + result.escalated;
    console.log(`round ${r}: ${fmt(ms, 1)} ms — ${describeSweep(result)}`);
    if (fired !== DUE) {
      console.error(`expected ${DUE} timers to fire, ${fired} did`);
      process.exitCode = 1;
    }
  }
  const empty: number[] = [];
  for (let r = 0; r < 5; r++) {
    const started = performance.now();
    await sweepTimers(ctx, { now: NOW, instanceId: 'bench' });
    empty.push(performance.now() - started);
  }
  const m = median(times);
  console.log(
    `median: ${fmt(m, 1)} ms for one sweep firing ${fmt(DUE)} timers among ${fmt(CASES)} open cases (range ${fmt(Math.min(...times), 1)}–${fmt(Math.max(...times), 1)}; target < 1,000 ms): ${m < 1000 ? 'met' : 'NOT met'}`,
  );
  console.log(`a sweep with nothing due: ${fmt(median(empty), 1)} ms (median of 5)`);
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' / ')}`,
  );
  await runtime.close();
});

/** The builder's SQL with its $n parameters inlined as literals, for EXPLAIN. */
function rawWithParams(text: string, params: unknown[]): SQL {
  const literal = (v: unknown) => (v instanceof Date ? `'${v.toISOString()}'` : typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`);
  return sql.raw(text.replace(/\$(\d+)/g, (_, n: string) => literal(params[Number(n) - 1])));
}
