// Issue 4 "must show": two server processes on one PostgreSQL with 1,000 deadlines falling due:
// each reminder fires exactly once. Two Node processes (test/sweep-process.ts, run with tsx) sweep
// the same database at the same time; SKIP LOCKED and the stamp in the same transaction keep them
// apart. PGlite is one process by construction, so this runs only with TEST_DATABASE_URL (CI sets it).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { makeDueCases } from '../../test/case-factory.js';
import { type TestApp, createTestApp } from '../../test/harness.js';
import type { SweepCounts } from './case-sweep.js';
import { caseTimer, notification } from './case.tables.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..', '..');
const worker = path.resolve(here, '..', '..', 'test', 'sweep-process.ts');
const DEADLINES = 1000;

const enabled = Boolean(process.env.TEST_DATABASE_URL);
if (!enabled) {
  console.warn('case-sweep.multi.test.ts SKIPPED: two processes on one database need PostgreSQL; set TEST_DATABASE_URL (CI does).');
}

interface Sweeper {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  next(): Promise<string>;
  exited: Promise<number | null>;
}

function startSweeper(url: string, instanceId: string, now: Date): Sweeper {
  const child = spawn(process.execPath, ['--import', 'tsx', worker, url, instanceId, now.toISOString(), '25'], { cwd: repoRoot });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
      const line = buffered.slice(0, i);
      buffered = buffered.slice(i + 1);
      const w = waiting.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0) console.error(`${instanceId} exited ${code}: ${stderr}`);
      resolve(code);
    }),
  );
  return {
    child,
    lines,
    exited,
    next: () => {
      const line = lines.shift();
      return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

describe.skipIf(!enabled)('two server processes on one PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it(`fire each of ${DEADLINES} reminders falling due exactly once`, async () => {
    const now = new Date('2026-12-21T10:00:00+08:00'); // a Monday morning: reminders go out
    const ids = await makeDueCases(t.ctx, DEADLINES, {
      kind: 'remind',
      fireAt: new Date('2026-12-21T09:00:00+08:00'),
      dueAt: new Date('2026-12-22T17:00:00+08:00'),
    });
    const url = t.ctx.config.databaseUrl ?? '';
    const sweepers = [startSweeper(url, 'process-a', now), startSweeper(url, 'process-b', now)];
    // Both open the database first; then both start at once.
    expect(await Promise.all(sweepers.map((s) => s.next()))).toEqual(['ready', 'ready']);
    for (const s of sweepers) s.child.stdin.end('go\n');
    const [a, b] = (await Promise.all(sweepers.map(async (s) => JSON.parse(await s.next())))) as (SweepCounts & { sweeps: number })[];
    expect(await Promise.all(sweepers.map((s) => s.exited))).toEqual([0, 0]);
    if (!a || !b) throw new Error('no totals');
    console.info(
      `two processes: process-a reminded ${a.reminded} in ${a.batches} batches (${a.sweeps} sweeps), process-b reminded ${b.reminded} in ${b.batches} batches (${b.sweeps} sweeps)${
        a.reminded === 0 || b.reminded === 0 ? ' — one process took every timer (allowed, but the overlap was not exercised)' : ''
      }`,
    );

    expect(a.reminded + b.reminded).toBe(DEADLINES);
    expect(a.stale + b.stale + a.postponed + b.postponed + a.overdue + b.overdue + a.escalated + b.escalated).toBe(0);
    const notes = await t.ctx.db
      .select({ caseId: notification.caseId })
      .from(notification)
      .where(and(eq(notification.kind, 'deadlineYellow'), inArray(notification.caseId, ids)));
    expect(notes.length).toBe(DEADLINES);
    expect(new Set(notes.map((n) => n.caseId)).size).toBe(DEADLINES);
    const firedBy = await queryRows<{ by: string | null; n: number | string }>(
      t.ctx.db,
      sql`SELECT fired_by AS by, count(*) AS n FROM ${caseTimer} WHERE case_id IN (SELECT id FROM case_record WHERE number LIKE 'M%') GROUP BY fired_by ORDER BY fired_by`,
    );
    const byInstance = Object.fromEntries(firedBy.map((r) => [r.by, Number(r.n)]));
    expect(byInstance).toEqual({ ...(a.reminded ? { 'process-a': a.reminded } : {}), ...(b.reminded ? { 'process-b': b.reminded } : {}) });
  }, 180_000);
});
