// Installations on disk, for the command tests: a folder with the data folder inside it and, when
// TEST_DATABASE_URL is set, a fresh PostgreSQL database (else PGlite in the data folder). Commands
// open them as an operator's would: same configuration, same folder lock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Config, loadConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { openRuntime } from '../runtime.js';
import { freshDatabase, testPasswordCost } from './harness.js';

export interface TestInstallation {
  /** A folder of the test's own: the data folder is `data/` inside it; input files may go beside it. */
  dir: string;
  /** The environment `config` was read from, for running a command line through runCli. */
  env: Record<string, string>;
  config: Config;
  /** Drops the database and removes the folder. */
  dispose(): Promise<void>;
}

export interface InstallationOptions {
  /** More settings (WANGGE_FIELD_KEY, ...). */
  env?: Record<string, string>;
  /** The database kind; by default PostgreSQL when TEST_DATABASE_URL is set, else PGlite. */
  kind?: 'pglite' | 'postgres';
  /** Where to make the folder (default: the system's temporary folder). */
  parent?: string;
}

export async function testInstallation(options: InstallationOptions = {}): Promise<TestInstallation> {
  const kind = options.kind ?? (process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
  const database = kind === 'postgres' ? await freshDatabase() : undefined;
  if (kind === 'postgres' && !database?.url) throw new Error('TEST_DATABASE_URL is needed for a postgres installation');
  const dir = mkdtempSync(path.join(options.parent ?? tmpdir(), `wangge-${kind}-`));
  const env = {
    WANGGE_DATA_DIR: path.join(dir, 'data'),
    WANGGE_LOG_LEVEL: 'silent',
    ...(database?.url ? { DATABASE_URL: database.url } : {}),
    ...options.env,
  };
  return {
    dir,
    env,
    config: loadConfig(env),
    dispose: async () => {
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the installation's database as a command does (folder lock, migrations), runs `work` and
 * closes it again, also when `work` throws. New passwords are hashed at the tests' cheap cost.
 */
export async function withInstallation<T>(config: Config, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(config, { passwordCost: testPasswordCost });
  try {
    return await work(runtime.ctx);
  } finally {
    await runtime.close();
  }
}
