// A sweeping server instance in a process of its own, for case-sweep.multi.test.ts:
//   node --import tsx server/src/test/sweep-process.ts <databaseUrl> <instanceId> <nowIso> <batchSize>
// Opens the database as a server does, prints "ready", waits for a line on stdin (so that both
// processes start sweeping together), sweeps until three sweeps in a row find nothing, and prints
// its totals as one JSON line.
import { loadConfig } from '../config.js';
import { type SweepCounts, sweepTimers } from '../modules/cases/case-sweep.js';
import { openRuntime } from '../runtime.js';

const [url, instanceId, nowIso, batch] = process.argv.slice(2);
if (!url || !instanceId || !nowIso || !batch) throw new Error('usage: sweep-process.ts <databaseUrl> <instanceId> <nowIso> <batchSize>');
// inMemory: no data folder, no lock; with DATABASE_URL the database is still the PostgreSQL server.
const runtime = await openRuntime(loadConfig({ DATABASE_URL: url, WANGGE_LOG_LEVEL: 'silent' }), { inMemory: true });
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));

const total: SweepCounts & { sweeps: number } = { reminded: 0, overdue: 0, escalated: 0, stale: 0, postponed: 0, batches: 0, sweeps: 0 };
for (let idle = 0; idle < 3; ) {
  const c = await sweepTimers(runtime.ctx, { now: new Date(nowIso), batchSize: Number(batch), instanceId });
  total.sweeps += 1;
  total.reminded += c.reminded;
  total.overdue += c.overdue;
  total.escalated += c.escalated;
  total.stale += c.stale;
  total.postponed += c.postponed;
  total.batches += c.batches;
  idle = c.batches === 0 ? idle + 1 : 0;
}
process.stdout.write(`${JSON.stringify(total)}\n`);
await runtime.close();
