// Starts the built server for browser tests: a free port, a fresh data directory (a copy of one installed
// once per run), PGlite or a database of its own on the TEST_DATABASE_URL server.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { databaseFromTemplate, freshDatabase } from '../../server/src/test/harness.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningServer {
  baseUrl: string;
  stop: () => Promise<void>;
}

/** A TCP port nothing listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** What global-setup.ts installs once per run: a data folder after a first start, and its database on the server. */
export interface E2eTemplate {
  dataDir: string;
  /** With TEST_DATABASE_URL: the installed database, copied with CREATE DATABASE … TEMPLATE. */
  pgDatabase?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eTemplate: E2eTemplate | undefined;
  }
}

interface Launched {
  baseUrl: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Runs the built server on a free port with this data folder (and database) until it answers /api/health. */
async function launch(dataDir: string, databaseUrl: string | undefined): Promise<Launched> {
  const main = join(repoRoot, 'server/dist/main.js');
  const index = join(repoRoot, 'web/dist/index.html');
  for (const file of [main, index]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build -w server && npm run build -w web\` first`);
  }
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), WANGGE_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const child: ChildProcess = spawn(process.execPath, [main], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const baseUrl = `http://127.0.0.1:${port}`;
  // A first start generates the demo grids: minutes on a busy machine.
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output.slice(-4000)}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /api/health:\n${output.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/**
 * A first start of the built server (migrations, territory, demo accounts, lists, grids and base
 * information), stopped cleanly: what every browser test file then starts from a copy of.
 */
export async function installTemplate(): Promise<E2eTemplate & { drop: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'wangge-e2e-template-'));
  const database = await freshDatabase();
  const server = await launch(dataDir, database.url);
  await server.stop();
  return {
    dataDir,
    ...(database.url ? { pgDatabase: new URL(database.url).pathname.slice(1) } : {}),
    drop: async () => {
      await rm(dataDir, { recursive: true, force: true });
      await database.drop();
    },
  };
}

/**
 * The built server on a free port with a fresh data directory: a copy of the installed template
 * (global-setup.ts), or a first start when there is none. While working on a test, WANGGE_E2E_URL
 * points the tests at a server already running instead (its data is not reset).
 */
export async function startServer(): Promise<RunningServer> {
  const running = process.env.WANGGE_E2E_URL;
  if (running) return { baseUrl: running.replace(/\/$/, ''), stop: async () => {} };
  const template = inject('e2eTemplate');
  const dataDir = await mkdtemp(join(tmpdir(), 'wangge-e2e-'));
  if (template) await cp(template.dataDir, dataDir, { recursive: true });
  // PGlite in the data directory, or, with TEST_DATABASE_URL, a database of its own on that server.
  const database = template?.pgDatabase ? await databaseFromTemplate(template.pgDatabase) : await freshDatabase();
  const server = await launch(dataDir, database.url);
  return {
    baseUrl: server.baseUrl,
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
      await database.drop();
    },
  };
}
