// Starts the built server for browser tests: a free port, a fresh data directory, PGlite.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDatabase } from '../../server/src/test/harness.js';

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

/**
 * The built server on a free port with a fresh data directory. While working on a test,
 * WANGGE_E2E_URL points the tests at a server already running instead (its data is not reset).
 */
export async function startServer(): Promise<RunningServer> {
  const running = process.env.WANGGE_E2E_URL;
  if (running) return { baseUrl: running.replace(/\/$/, ''), stop: async () => {} };
  const main = join(repoRoot, 'server/dist/main.js');
  const index = join(repoRoot, 'web/dist/index.html');
  for (const file of [main, index]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build -w server && npm run build -w web\` first`);
  }
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'wangge-e2e-'));
  // PGlite in the fresh data directory, or, with TEST_DATABASE_URL, a fresh database on that server.
  const database = await freshDatabase();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), WANGGE_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  if (database.url) env.DATABASE_URL = database.url;
  const child: ChildProcess = spawn(process.execPath, [main], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
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
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
      await database.drop();
    },
  };
}
