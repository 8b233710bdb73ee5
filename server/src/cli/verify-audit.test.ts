import { count, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEvent } from '../modules/audit/audit.tables.js';
import { recordAudit } from '../modules/audit/audit.js';
import { ensureAccounts, ensureTerritory } from '../modules/system/bootstrap.js';
import { type TestInstallation, testInstallation, withInstallation } from '../test/installation.js';
import { runCli } from './main.js';
import { describeChain, verifyAudit } from './verify-audit.js';

// PGlite in a data folder, or a fresh PostgreSQL database when TEST_DATABASE_URL is set.

let install: TestInstallation;
let rows: number;

beforeAll(async () => {
  install = await testInstallation();
  rows = await withInstallation(install.config, async (ctx) => {
    await ensureTerritory(ctx);
    await ensureAccounts(ctx);
    await ctx.db.transaction(async (tx) => {
      for (const fields of [['phone'], ['phone', 'address']]) {
        await recordAudit(tx, { actorId: null, actorRole: 'system', ip: null, divisionCode: '370400000000' }, { action: 'user.personal.read', fields });
      }
    });
    const [n] = await ctx.db.select({ n: count() }).from(auditEvent);
    return n?.n ?? 0;
  });
}, 180_000);
afterAll(() => install.dispose());

/** Runs `wangge verify-audit` in this process with the test's environment; returns the exit code and what it printed. */
async function cli(): Promise<{ code: number; out: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, install.env);
  if (!install.env.DATABASE_URL) delete process.env.DATABASE_URL;
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
    const report = await verifyAudit(install.config);
    expect(report).toEqual({ ok: true, checked: rows, lastSeq: rows });
    expect(describeChain(report)).toBe(`audit chain ok: ${rows} rows`);
    expect(await cli()).toEqual({ code: 0, out: `audit chain ok: ${rows} rows` });
  });

  it("names the row that was changed behind the trigger's back, and exits 1", async () => {
    await withInstallation(install.config, (ctx) =>
      ctx.db.transaction(async (tx) => {
        await tx.execute(sql`ALTER TABLE audit_event DISABLE TRIGGER USER`);
        await tx.execute(sql`UPDATE audit_event SET detail = 'x' WHERE seq = 3`);
        await tx.execute(sql`ALTER TABLE audit_event ENABLE TRIGGER USER`);
      }),
    );
    const report = await verifyAudit(install.config);
    expect(report).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: 3, reason: 'hash_mismatch' } });
    expect(describeChain(report)).toMatch(/^audit chain BROKEN at seq 3 \(hash_mismatch\)/);
    const run = await cli();
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^audit chain BROKEN at seq 3 \(hash_mismatch\)/);
  });
});
