// The data folder: embedded database, generated secrets, attachment files, backups. One server per folder:
// PGlite lets two processes open the same folder and silently lose each other's writes, so the
// server holds an exclusive lock on the folder for as long as it runs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: string | undefined,
  ) {
    super(
      `Wangge cannot start: the data folder ${dataDir} is in use by another Wangge process` +
        `${holderPid ? ` (pid ${holderPid})` : ''}. Stop that process, or set WANGGE_DATA_DIR to another folder.`,
    );
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

const LOCK_NAME = 'wangge.lock';
const PID_NAME = 'wangge.pid';

/**
 * Takes the folder lock or throws DataDirLockedError. proper-lockfile keeps the lock fresh by
 * touching it every few seconds, so a lock left by a killed process goes stale and can be taken.
 */
export async function lockDataDir(dataDir: string, onCompromised: (err: Error) => void): Promise<DataDirLock> {
  mkdirSync(dataDir, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, {
      lockfilePath: path.join(dataDir, LOCK_NAME),
      stale: 15_000,
      update: 5_000,
      retries: 0,
      realpath: false,
      onCompromised,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
      let pid: string | undefined;
      try {
        pid = readFileSync(path.join(dataDir, PID_NAME), 'utf8').trim();
      } catch {
        pid = undefined;
      }
      throw new DataDirLockedError(dataDir, pid);
    }
    throw err;
  }
  writeFileSync(path.join(dataDir, PID_NAME), `${process.pid}\n`);
  return { release: () => release() };
}

export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

/** Attachment files, unless WANGGE_ATTACHMENTS_DIR puts them elsewhere. */
export function attachmentsDir(dataDir: string): string {
  return path.join(dataDir, 'attachments');
}
