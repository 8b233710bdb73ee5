import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../db/client.js';
import { checkApiTypes, checkMigrations, checkOpenapi, generateApiTypes } from './check-generated.js';
import { openapiDocument } from './openapi.js';

// The checks behind `npm run check:generated`, each shown to pass on a true copy and to fail, naming
// the file, on a stale one. Temp copies only: the checked-in files are check:generated's own job.

let work: string;
let document: string;
beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'wangge-check-test-'));
  document = await openapiDocument();
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('openapi', () => {
  it('is deterministic pretty JSON describing the API', async () => {
    expect(await openapiDocument()).toBe(document);
    expect(document.endsWith('}\n')).toBe(true);
    expect(document.split('\n')[1]).toBe('  "openapi": "3.0.3",');
    const doc = JSON.parse(document);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/auth/login', '/api/audit/verify']));
    expect(Object.keys(doc.paths).some((p: string) => p.startsWith('/api/docs') || p === '/api/openapi.json')).toBe(false);
  });

  it('check-generated passes on a true copy and shows a diff for a stale one', async () => {
    const file = path.join(work, 'openapi.json');
    writeFileSync(file, document);
    expect(await checkOpenapi(file)).toMatchObject({ ok: true });

    writeFileSync(file, document.replace('"title": "Wangge API"', '"title": "Old API"'));
    const stale = await checkOpenapi(file);
    expect(stale.ok).toBe(false);
    expect(stale.message).toContain('openapi.json differs from what the code generates now');
    expect(stale.message).toContain('-    "title": "Old API",');
    expect(stale.message).toContain('+    "title": "Wangge API",');

    rmSync(file);
    expect(await checkOpenapi(file)).toMatchObject({ ok: false, message: expect.stringContaining('is missing') });
  }, 120_000);
});

describe('migrations', () => {
  it('the checked-in migrations cover the Drizzle schema', async () => {
    const result = await checkMigrations();
    expect(result, result.message).toMatchObject({ ok: true });
  }, 120_000);

  it('a schema with no migration fails, naming the migration drizzle-kit would write', async () => {
    // A migrations folder from before any migration: the whole schema is a change without one.
    const bare = path.join(work, 'migrations-bare');
    cpSync(migrationsFolder, bare, { recursive: true });
    for (const f of readdirSync(bare)) if (f.endsWith('.sql')) rmSync(path.join(bare, f));
    for (const f of readdirSync(path.join(bare, 'meta'))) if (f.endsWith('_snapshot.json')) rmSync(path.join(bare, 'meta', f));
    writeFileSync(path.join(bare, 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql', entries: [] }));
    const result = await checkMigrations(undefined, bare);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/server\/src\/db\/schema\.ts has changes with no migration: drizzle-kit would write 0000_\w+\.sql/);
    expect(result.message).toContain('CREATE TABLE "app_user"');
    // The folder checked is never written to.
    expect(JSON.parse(readFileSync(path.join(bare, 'meta', '_journal.json'), 'utf8')).entries).toEqual([]);
  }, 120_000);
});

describe('web API types', () => {
  it('are skipped while the file does not exist, pass when current and fail with a diff when stale', async () => {
    const openapi = path.join(work, 'openapi-for-types.json');
    writeFileSync(openapi, document);
    const types = path.join(work, 'schema.d.ts');
    expect(await checkApiTypes(openapi, types)).toMatchObject({ ok: true, skipped: true });

    const generated = await generateApiTypes(openapi);
    expect(generated).toContain('"/api/health"');
    writeFileSync(types, generated);
    expect(await checkApiTypes(openapi, types)).toMatchObject({ ok: true });

    writeFileSync(types, generated.replace('"/api/health"', '"/api/healthz"'));
    const stale = await checkApiTypes(openapi, types);
    expect(stale.ok).toBe(false);
    expect(stale.message).toContain('schema.d.ts differs from openapi-typescript');
    expect(stale.message).toContain('"/api/healthz"');
  }, 120_000);
});
