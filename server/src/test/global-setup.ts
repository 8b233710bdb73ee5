// Runs once before the server tests: installs one database (migrations, territory, accounts, calendar,
// demo lists) and hands it to every test file as a template — a PGlite dump on disk, or a database on
// the TEST_DATABASE_URL server that CREATE DATABASE … TEMPLATE copies. createTestApp starts from it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../config.js';
import { openRuntime } from '../runtime.js';
import { TEST_FIELD_KEY, type TestTemplate, seedInstallation, testPasswordCost } from './harness.js';

async function adminQuery(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const work = mkdtempSync(path.join(tmpdir(), 'wangge-template-'));
  const admin = process.env.TEST_DATABASE_URL;
  let template: TestTemplate;
  let databaseUrl: string | undefined;
  if (admin) {
    const name = `wangge_tpl_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    template = { pgDatabase: name };
  } else {
    template = { pgliteFile: path.join(work, 'installed.tar') };
  }
  const config = loadConfig({
    WANGGE_DATA_DIR: path.join(work, 'data'),
    WANGGE_LOG_LEVEL: 'silent',
    WANGGE_FIELD_KEY: TEST_FIELD_KEY,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const runtime = await openRuntime(config, { passwordCost: testPasswordCost, inMemory: !databaseUrl });
  try {
    await seedInstallation(runtime.ctx);
    if (template.pgliteFile) {
      const dump = await runtime.ctx.database.dump?.();
      if (!dump) throw new Error('PGlite did not dump its data folder');
      writeFileSync(template.pgliteFile, Buffer.from(await dump.arrayBuffer()));
    }
  } finally {
    await runtime.close();
  }
  project.provide('testTemplate', template);
  return async () => {
    if (template.pgDatabase) await adminQuery(`DROP DATABASE IF EXISTS ${template.pgDatabase} WITH (FORCE)`);
    rmSync(work, { recursive: true, force: true });
  };
}
