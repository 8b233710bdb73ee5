import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { clientForKey } from '../modules/open311/open311-clients.js';
import { open311Client } from '../modules/open311/open311.tables.js';
import { type TestInstallation, testInstallation, withInstallation } from '../test/installation.js';
import { runCli } from './main.js';

// PGlite in a data folder, or a fresh PostgreSQL database when TEST_DATABASE_URL is set.
let install: TestInstallation;

beforeAll(async () => {
  install = await testInstallation();
}, 180_000);
afterAll(() => install.dispose());

/** Runs `wangge …` in this process with the installation's environment; the exit code and what it printed. */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, install.env);
  if (!install.env.DATABASE_URL) delete process.env.DATABASE_URL;
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const code = await runCli(argv);
    const text = (m: typeof log) => m.mock.calls.map((c) => c.join(' ')).join('\n');
    return { code, out: text(log), err: text(error) };
  } finally {
    log.mockRestore();
    error.mockRestore();
    process.env = saved;
  }
}

describe('open311-key', () => {
  it('prints a new key once and stores only its hash; --revoke stops it', async () => {
    const made = await cli(['open311-key', '市民随手拍 app']);
    expect(made.code, made.err).toBe(0);
    const key = /api_key: (\S+)/.exec(made.out)?.[1] ?? '';
    expect(key).toMatch(/^o311_[\w-]{32}$/);
    await withInstallation(install.config, async (ctx) => {
      const rows = await ctx.db.select().from(open311Client);
      expect(JSON.stringify(rows)).not.toContain(key);
      expect(await clientForKey(ctx.db, key)).toMatchObject({ name: '市民随手拍 app' });
    });

    const revoked = await cli(['open311-key', '--revoke', '市民随手拍 app']);
    expect(revoked).toMatchObject({ code: 0, out: 'revoked 1 Open311 key of "市民随手拍 app"' });
    await withInstallation(install.config, async (ctx) => expect(await clientForKey(ctx.db, key)).toBeUndefined());
    expect((await cli(['open311-key', '--revoke', '市民随手拍 app'])).code).toBe(1);
    expect((await cli(['open311-key'])).code).toBe(2);
  }, 120_000);
});
