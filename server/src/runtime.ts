// Everything a running Wangge holds open: the data-folder lock, the database, the shared services.
// Used by the server (main.ts), by the commands (cli/) and by the tests.
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { type Database, migrateDatabase, openDatabase } from './db/client.js';
import { LocalBlobStore } from './lib/blob-store.js';
import { FieldCipher } from './lib/crypto.js';
import { attachmentsDir, type DataDirLock, lockDataDir, pgliteDir } from './lib/data-dir.js';
import { type PasswordCost, PasswordHasher } from './lib/password.js';
import { loadSecrets } from './lib/secrets.js';
import { CalendarCache } from './modules/calendar/calendar-cache.js';
import { GridIndex } from './modules/territory/grid-index.js';
import { GridTiles } from './modules/territory/grid-tiles.js';
import { version } from './version.js';

export interface RuntimeOptions {
  passwordCost?: PasswordCost;
  /** Tests: run PGlite in memory, with no folder and no lock. */
  inMemory?: boolean;
  /** Tests: the in-memory PGlite starts from this dump of an installed database. */
  pgliteTemplate?: Blob;
  /** Called if the folder lock is lost while running (e.g. the folder was removed). */
  onLockCompromised?: (err: Error) => void;
}

export interface Runtime {
  ctx: AppContext;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  let lock: DataDirLock | undefined;
  let database: Database | undefined;
  try {
    if (!options.inMemory) {
      lock = await lockDataDir(
        config.dataDir,
        options.onLockCompromised ??
          ((err) => {
            throw err;
          }),
      );
    }
    const secrets = options.inMemory
      ? {
          sessionSecret: config.sessionSecret ?? 'test-session-secret-test-session-secret',
          fieldKey: Buffer.from(config.fieldKey ?? '11'.repeat(32), 'hex'),
          previousFieldKeys: config.fieldKeysPrevious.map((k) => Buffer.from(k, 'hex')),
        }
      : loadSecrets(config.dataDir, { sessionSecret: config.sessionSecret, fieldKey: config.fieldKey, fieldKeysPrevious: config.fieldKeysPrevious });
    database = await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: options.inMemory ? undefined : pgliteDir(config.dataDir),
      pgliteTemplate: options.pgliteTemplate,
      lockTimeoutMs: config.lockTimeoutMs,
    });
    await migrateDatabase(database, config.databaseUrl);
    const grids = new GridIndex(database.db);
    const ctx: AppContext = {
      config,
      database,
      db: database.db,
      grids,
      gridTiles: new GridTiles(grids),
      calendars: new CalendarCache(database.db),
      // The folder is made by the first upload, so commands and the in-memory runtime leave no trace.
      blobs: new LocalBlobStore(config.attachmentsDir ?? attachmentsDir(config.dataDir)),
      cipher: new FieldCipher(secrets.fieldKey, secrets.previousFieldKeys),
      passwords: new PasswordHasher(options.passwordCost),
      sessionSecret: secrets.sessionSecret,
      version,
      now: () => new Date(),
    };
    const opened = database;
    return {
      ctx,
      close: async () => {
        await opened.close();
        await lock?.release();
      },
    };
  } catch (err) {
    await database?.close().catch(() => undefined);
    await lock?.release().catch(() => undefined);
    throw err;
  }
}
