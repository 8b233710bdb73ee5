import { utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { blobKey, type LocalBlobStore } from '../lib/blob-store.js';
import { ensureWorkCalendars } from '../modules/calendar/calendar-seed.js';
import { caseTimer } from '../modules/cases/case.tables.js';
import { ensureAccounts, ensureTerritory } from '../modules/system/bootstrap.js';
import { makeCase } from '../test/case-factory.js';
import { type TestInstallation, testInstallation, withInstallation } from '../test/installation.js';
import { runCli } from './main.js';

// PGlite in a data folder, or a fresh PostgreSQL database when TEST_DATABASE_URL is set.
let install: TestInstallation;
const ORPHAN = Buffer.from('left by an upload whose transaction failed');

beforeAll(async () => {
  install = await testInstallation();
  await withInstallation(install.config, async (ctx) => {
    await ensureTerritory(ctx);
    await ensureAccounts(ctx);
    await ensureWorkCalendars(ctx);
    // Overdue marking and escalation fire at any hour, so the test does not depend on the time of day.
    const hourAgo = new Date(Date.now() - 3_600_000);
    const c = await makeCase(ctx, { stepStartedAt: new Date(Date.now() - 86_400_000), dueAt: hourAgo });
    await ctx.db.insert(caseTimer).values([
      { caseId: c.id, divisionCode: c.divisionCode, kind: 'overdue', stepKey: 'handle#1', fireAt: hourAgo },
      { caseId: c.id, divisionCode: c.divisionCode, kind: 'escalate', stepKey: 'handle#1', fireAt: hourAgo },
    ]);
    // A blob no attachment names (an upload whose transaction failed), two days old.
    await ctx.blobs.put(blobKey(ORPHAN), ORPHAN);
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    await utimes(path.join((ctx.blobs as LocalBlobStore).root, ...blobKey(ORPHAN).split('/')), twoDaysAgo, twoDaysAgo);
  });
}, 180_000);
afterAll(() => install.dispose());

async function cli(command = 'sweep'): Promise<{ code: number; out: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, install.env);
  if (!install.env.DATABASE_URL) delete process.env.DATABASE_URL;
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const code = await runCli([command]);
    return { code, out: log.mock.calls.map((c) => c.join(' ')).join('\n') };
  } finally {
    log.mockRestore();
    process.env = saved;
  }
}

describe('wangge sweep', () => {
  it('fires what is due and prints the counts; a second run finds nothing', async () => {
    expect(await cli()).toEqual({ code: 0, out: 'swept case timers: reminded 0, overdue 1, escalated 1, stale 0, postponed 0 (1 batch)' });
    expect(await cli()).toEqual({ code: 0, out: 'swept case timers: reminded 0, overdue 0, escalated 0, stale 0, postponed 0 (0 batches)' });
  });
});

describe('wangge sweep-blobs', () => {
  it('removes the blobs no attachment names once a day old and prints the counts; a second run finds nothing', async () => {
    expect(await cli('sweep-blobs')).toEqual({ code: 0, out: 'swept attachment blobs: checked 1, removed 1' });
    expect(await cli('sweep-blobs')).toEqual({ code: 0, out: 'swept attachment blobs: checked 0, removed 0' });
  });
});
