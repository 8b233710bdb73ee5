// What every module is handed: configuration, the database and the shared services.
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { BlobStore } from './lib/blob-store.js';
import type { FieldCipher } from './lib/crypto.js';
import type { PasswordHasher } from './lib/password.js';
import type { CalendarCache } from './modules/calendar/calendar-cache.js';
import type { GridIndex } from './modules/territory/grid-index.js';
import type { GridTiles } from './modules/territory/grid-tiles.js';

export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  cipher: FieldCipher;
  passwords: PasswordHasher;
  sessionSecret: string;
  /** Which current grid holds a point: one in-process index shared by every module. */
  grids: GridIndex;
  /** Each city's work calendar, compiled for working-time arithmetic: shared by every module that counts time limits. */
  calendars: CalendarCache;
  /** The console map's vector tiles, cut from `grids` and rebuilt with it. */
  gridTiles: GridTiles;
  /** Where attachment files live: a folder by default, any BlobStore (an S3-compatible bucket) in its place. */
  blobs: BlobStore;
  version: string;
  /** Injected so tests can move time (lockouts, session expiry). */
  now: () => Date;
}
