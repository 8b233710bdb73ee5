// Test harness: a real app on a real database. PGlite in memory by default; with
// TEST_DATABASE_URL, a fresh database on that PostgreSQL server for each test file, dropped after.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { inject } from 'vitest';
import { type BuildOptions, buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { appUser } from '../modules/access/access.tables.js';
import { ensureWorkCalendars } from '../modules/calendar/calendar-seed.js';
import { ensureDemoRoutingRules } from '../modules/cases/routing-seed.js';
import { ensureDemoMatters } from '../modules/matters/matter-seed.js';
import { ensureDemoOpen311Client } from '../modules/open311/open311-clients.js';
import { DEMO_PASSWORD, ensureAccounts, ensureTerritory } from '../modules/system/bootstrap.js';
import { openRuntime } from '../runtime.js';

/** Cheap argon2id for tests; production uses the library defaults. */
export const testPasswordCost = { memoryCost: 1024, timeCost: 1 };

export interface TestDatabase {
  url: string | undefined;
  drop(): Promise<void>;
}

/** A fresh, empty database: on the PostgreSQL server when TEST_DATABASE_URL is set, else none (PGlite in memory). */
export async function freshDatabase(): Promise<TestDatabase> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) return { url: undefined, drop: async () => undefined };
  const name = `wangge_t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  /** Moves the app's clock (lockouts, session expiry). */
  setNow(date: Date | undefined): void;
  /** Forgets the cached sign-ins, so the next request as each user signs in again (after moving the clock far). */
  forgetSessions(): void;
  /** Signs in through the API and returns the cookie header for later requests. */
  login(username: string, password?: string): Promise<Record<string, string>>;
  /** Sends a request, optionally as a signed-in user. */
  request(opts: InjectOptions & { as?: string }): Promise<LightMyRequestResponse>;
  userId(username: string): Promise<string>;
  close(): Promise<void>;
}

/** Everything an installation seeds on first start: territory, accounts, calendar; in demo mode the matter list, routing list and Open311 demo key. Idempotent. */
export async function seedInstallation(ctx: AppContext): Promise<void> {
  await ensureTerritory(ctx);
  await ensureAccounts(ctx);
  await ensureWorkCalendars(ctx);
  if (ctx.config.demo) {
    await ensureDemoMatters(ctx);
    await ensureDemoRoutingRules(ctx);
    await ensureDemoOpen311Client(ctx);
  }
}

/** The field key of the template installation (test-global-setup.ts): a test app started from the template must use it. */
export const TEST_FIELD_KEY = '11'.repeat(32);
/** Settings that change what is seeded: a test that sets one installs from scratch. */
const SEED_SETTINGS = ['WANGGE_DEMO', 'WANGGE_FIELD_KEY', 'WANGGE_FIELD_KEYS_PREVIOUS', 'DATABASE_URL'];

export interface TestTemplate {
  /** A dump of an installed PGlite database (a file), when tests run on PGlite. */
  pgliteFile?: string;
  /** An installed database on the TEST_DATABASE_URL server, copied with CREATE DATABASE … TEMPLATE. */
  pgDatabase?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    testTemplate: TestTemplate | undefined;
  }
}

let pgliteTemplate: Blob | undefined;
function templateBlob(file: string): Blob {
  pgliteTemplate ??= new Blob([readFileSync(file)]);
  return pgliteTemplate;
}

/** A fresh database on the TEST_DATABASE_URL server, a copy of the installed template database. */
export async function databaseFromTemplate(template: string): Promise<TestDatabase> {
  const fresh = await freshDatabase();
  const name = new URL(fresh.url as string).pathname.slice(1);
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP DATABASE ${name}`);
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await client.end();
  }
  return fresh;
}

/** `logger`: pino options for a test that reads the app's log (default: no logger). */
export async function createTestApp(env: Record<string, string> = {}, options: { logger?: BuildOptions['logger'] } = {}): Promise<TestApp> {
  // Installing (migrations, the territory, accounts, the calendar) takes seconds; a file whose settings
  // do not change what is seeded starts from a copy of an installation made once per run.
  const template = Object.keys(env).some((k) => SEED_SETTINGS.includes(k)) ? undefined : inject('testTemplate');
  const database = template?.pgDatabase ? await databaseFromTemplate(template.pgDatabase) : await freshDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wangge-test-'));
  const config = loadConfig({
    WANGGE_DATA_DIR: dataDir,
    WANGGE_LOG_LEVEL: 'silent',
    ...(template ? { WANGGE_FIELD_KEY: TEST_FIELD_KEY } : {}),
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...env,
  });
  const runtime = await openRuntime(config, {
    passwordCost: testPasswordCost,
    inMemory: !database.url,
    pgliteTemplate: !database.url && template?.pgliteFile ? templateBlob(template.pgliteFile) : undefined,
  });
  const ctx = runtime.ctx;
  let fixedNow: Date | undefined;
  ctx.now = () => fixedNow ?? new Date();
  await seedInstallation(ctx);
  const app = await buildApp(ctx, { logger: options.logger ?? false });
  await app.ready();

  const cookies = new Map<string, Record<string, string>>();
  const login = async (username: string, password = DEMO_PASSWORD) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'wangge_session');
    if (!cookie) throw new Error('no session cookie');
    const headers = { cookie: `wangge_session=${cookie.value}` };
    cookies.set(username, headers);
    return headers;
  };

  return {
    app,
    ctx,
    setNow: (d) => {
      fixedNow = d;
    },
    forgetSessions: () => cookies.clear(),
    login,
    request: async ({ as, headers, ...opts }) => {
      const auth = as ? (cookies.get(as) ?? (await login(as))) : {};
      return app.inject({ ...opts, headers: { ...auth, ...(headers ?? {}) } });
    },
    userId: async (username) => {
      const [row] = await ctx.db.select({ id: appUser.id }).from(appUser).where(eq(appUser.username, username));
      if (!row) throw new Error(`no such user ${username}`);
      return row.id;
    },
    close: async () => {
      await app.close();
      await runtime.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
