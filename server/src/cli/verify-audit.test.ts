import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Config, loadConfig } from '../config.js';
import { auditEvent } from '../modules/audit/audit.tables.js';
import { recordAudit } from '../modules/audit/audit.js';
import { ensureAccounts, ensureTerritory } from '../modules/system/bootstrap.js';
import { openRuntime } from '../runtime.js';
import { freshDatabase, type TestDatabase, testPasswordCost } from '../test/harness.js';
import { runCli } from './main.js';
import { describeChain, verifyAudit } from './verify-audit.js';

// PGlite in a data folder, or a fresh PostgreSQL database when TEST_DATABASE_URL is set.

let work: string;
let database: TestDatabase;
let config: Config;
let env: Record<string, string>;
let rows: number;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'wangge-verify-test-'));
  database = await freshDatabase();
  env = { WANGGE_DATA_DIR: work, WANGGE_LOG_LEVEL: 'silent', ...(database.url ? { DATABASE_URL: database.url } : {}) };
  config = loadConfig(env);
  const rt = await openRuntime(config, { passwordCost: testPasswordCost });
  try {
    await ensureTerritory(rt.ctx);
    await ensureAccounts(rt.ctx);
    await rt.ctx.db.transaction(async (tx) => {
      for (const fields of [['phone'], ['phone', 'address']]) {
        await recordAudit(tx, { actorId: null, actorRole: 'system', ip: null, divisionCode: '370400000000' }, { action: 'user.personal.read', fields });
      }
    });
    const [n] = await rt.ctx.db.select({ n: count() }).from(auditEvent);
    rows = n?.n ?? 0;
  } finally {
    await rt.close();
  }
}, 180_000);
afterAll(async () => {
  await database.drop();
  rmSync(work, { recursive: true, force: true });
});

/** Runs `wangge verify-audit` in this process with the test's environment; returns the exit code and what it printed. */
async function cli(): Promise<{ code: number; out: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  if (!database.url) delete process.env.DATABASE_URL;
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const code = await runCli(['verify-audit']);
    return { code, out: log.mock.calls.map((c) => c.join(' ')).join('\n') };
  } finally {
    log.mockRestore();
    process.env = saved;
  }
}

describe('verify-audit', () => {
  it('reports an intact chain on a freshly seeded database', async () => {
    expect(rows).toBeGreaterThanOrEqual(4);
    const report = await verifyAudit(config);
    expect(report).toEqual({ ok: true, checked: rows, lastSeq: rows });
    expect(describeChain(report)).toBe(`audit chain ok: ${rows} rows`);
    expect(await cli()).toEqual({ code: 0, out: `audit chain ok: ${rows} rows` });
  });

  it("names the row that was changed behind the trigger's back, and exits 1", async () => {
    const rt = await openRuntime(config);
    try {
      await rt.ctx.db.transaction(async (tx) => {
        await tx.execute(sql`ALTER TABLE audit_event DISABLE TRIGGER USER`);
        await tx.execute(sql`UPDATE audit_event SET detail = 'x' WHERE seq = 3`);
        await tx.execute(sql`ALTER TABLE audit_event ENABLE TRIGGER USER`);
      });
    } finally {
      await rt.close();
    }
    const report = await verifyAudit(config);
    expect(report).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: 3, reason: 'hash_mismatch' } });
    expect(describeChain(report)).toMatch(/^audit chain BROKEN at seq 3 \(hash_mismatch\)/);
    const run = await cli();
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^audit chain BROKEN at seq 3 \(hash_mismatch\)/);
  });
});
