import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverRoot } from '../db/client.js';

// The data-folder lock, as real processes: the built server (server/dist, which `npm test` builds
// first) on an embedded database, a second server on the same folder, and the commands beside it.

const serverMain = path.join(serverRoot, 'dist', 'main.js');
const cliMain = path.join(serverRoot, 'dist', 'cli', 'main.js');

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

let dataDir: string;
let first: Run | undefined;

function env(port: number): NodeJS.ProcessEnv {
  // DATABASE_URL emptied: this is about the embedded database, whatever the caller's environment says.
  return { ...process.env, PORT: String(port), HOST: '127.0.0.1', WANGGE_DATA_DIR: dataDir, DATABASE_URL: '', WANGGE_LOG_LEVEL: 'warn' };
}

function start(script: string, args: string[], port: number): Run {
  const child = spawn(process.execPath, [script, ...args], { env: env(port), stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (d) => {
    text += d;
  });
  child.stderr?.on('data', (d) => {
    text += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function health(port: number): Promise<number | undefined> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/health`)).status;
  } catch {
    return undefined;
  }
}

/** Waits until the server answers /api/health with 200; fails with its output if it exits first. */
async function ready(run: Run, port: number): Promise<void> {
  let gone = false;
  void run.exited.then(() => {
    gone = true;
  });
  for (;;) {
    if (gone) throw new Error(`the server exited before it was ready:\n${run.output()}`);
    if ((await health(port)) === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(() => {
  if (!existsSync(serverMain) || !existsSync(cliMain)) throw new Error('server/dist is missing: run `npm run build -w server` first');
  dataDir = mkdtempSync(path.join(tmpdir(), 'wangge-lock-test-'));
});

afterAll(async () => {
  if (first && first.child.exitCode === null) {
    first.child.kill('SIGKILL');
    await first.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('one server per data folder', () => {
  it('refuses a second server and the commands while the first runs, which keeps serving; the commands work once it stops', async () => {
    const port = await freePort();
    first = start(serverMain, [], port);
    await ready(first, port);

    const secondPort = await freePort();
    const second = start(serverMain, [], secondPort);
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain('in use by another Wangge process');

    const verify = start(cliMain, ['verify-audit'], secondPort);
    expect(await verify.exited).toBe(1);
    expect(verify.output()).toContain('in use by another Wangge process');
    expect(verify.output()).toContain('stop the server');
    const backupFile = path.join(dataDir, 'refused.ndjson.gz');
    const backup = start(cliMain, ['backup', backupFile], secondPort);
    expect(await backup.exited).toBe(1);
    expect(existsSync(backupFile)).toBe(false);

    expect(await health(port)).toBe(200);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const after = start(cliMain, ['verify-audit'], secondPort);
    expect(await after.exited).toBe(0);
    expect(after.output()).toMatch(/audit chain ok: \d+ rows/);
  }, 180_000);
});
