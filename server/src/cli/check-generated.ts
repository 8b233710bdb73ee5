// `wangge check-generated`: fails when a checked-in generated file is not what the code generates
// now, so every schema and API change reaches review as a diff (STYLE.md, "Generated files").
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrationsFolder, serverRoot } from '../db/client.js';
import { type Command, messageOf, positionals } from './command.js';
import { lineDiff } from './line-diff.js';
import { openapiDocument, openapiFile } from './openapi.js';

const repoRoot = path.resolve(serverRoot, '..');
export const schemaFile = path.join(serverRoot, 'src', 'db', 'schema.ts');
export const apiTypesFile = path.join(repoRoot, 'web', 'src', 'api', 'schema.d.ts');

export interface CheckResult {
  name: string;
  ok: boolean;
  /** Nothing to check yet (ok stays true). */
  skipped?: boolean;
  message: string;
}

const rel = (file: string) => path.relative(repoRoot, file) || file;

/** (a) docs/openapi.json equals what `wangge openapi` writes now. */
export async function checkOpenapi(file = openapiFile): Promise<CheckResult> {
  const name = rel(file);
  const generated = await openapiDocument();
  const current = existsSync(file) ? await readFile(file, 'utf8') : undefined;
  if (current === undefined) return { name, ok: false, message: `${name} is missing. Run \`npm run gen\` and commit it.` };
  if (current === generated) return { name, ok: true, message: `${name} is up to date` };
  return {
    name,
    ok: false,
    message: `${name} differs from what the code generates now. Run \`npm run gen\` and commit the result.\n${lineDiff(current, generated, `${name} (checked in)`, `${name} (generated)`)}`,
  };
}

/**
 * (b) Every change to the Drizzle schema has its migration: drizzle-kit generate, run against a
 * copy of the migrations folder, must find nothing to write.
 */
export async function checkMigrations(schema = schemaFile, migrations = migrationsFolder): Promise<CheckResult> {
  const name = rel(migrations);
  const work = await mkdtemp(path.join(tmpdir(), 'wangge-check-migrations-'));
  try {
    const copy = path.join(work, 'migrations');
    await cp(migrations, copy, { recursive: true });
    const before = new Set(await sqlFiles(copy));
    // drizzle-kit prefixes `out` with "./", so it must be relative to where it runs.
    const config = path.join(work, 'drizzle.config.json');
    await writeFile(config, JSON.stringify({ dialect: 'postgresql', schema, out: './migrations' }));
    const run = await exec(bin('drizzle-kit'), ['generate', '--config', config], work);
    const added = (await sqlFiles(copy)).filter((f) => !before.has(f));
    if (added.length > 0) {
      const sqlText = await readFile(path.join(copy, added[0] as string), 'utf8');
      return {
        name,
        ok: false,
        message:
          `${rel(schema)} has changes with no migration: drizzle-kit would write ${added.join(', ')}:\n` +
          `${indent(firstLines(sqlText, 40))}\nRun \`npm run db:generate -w server\` and commit the migration.`,
      };
    }
    // drizzle-kit exits 0 even when it fails or stops at a question (a rename), so its words decide.
    if (!/No schema changes/.test(run.output)) {
      return { name, ok: false, message: `drizzle-kit generate did not confirm the migrations are current:\n${indent(firstLines(run.output, 40))}` };
    }
    return { name, ok: true, message: `${name} covers ${rel(schema)}` };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** openapi-typescript's output for an OpenAPI file, as `npm run gen:api -w web` writes it. */
export async function generateApiTypes(openapi = openapiFile): Promise<string> {
  const work = await mkdtemp(path.join(tmpdir(), 'wangge-api-types-'));
  try {
    const out = path.join(work, 'schema.d.ts');
    const run = await exec(bin('openapi-typescript'), [openapi, '-o', out], repoRoot);
    if (!existsSync(out)) throw new Error(`openapi-typescript wrote nothing:\n${indent(firstLines(run.output, 40))}`);
    return await readFile(out, 'utf8');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** (c) The web client's types equal openapi-typescript's output for docs/openapi.json. */
export async function checkApiTypes(openapi = openapiFile, types = apiTypesFile): Promise<CheckResult> {
  const name = rel(types);
  if (!existsSync(types)) return { name, ok: true, skipped: true, message: `${name} does not exist yet: skipped` };
  const generated = await generateApiTypes(openapi);
  const current = await readFile(types, 'utf8');
  if (current === generated) return { name, ok: true, message: `${name} is up to date` };
  return {
    name,
    ok: false,
    message: `${name} differs from openapi-typescript's output for ${rel(openapi)}. Run \`npm run gen\` and commit the result.\n${lineDiff(current, generated, `${name} (checked in)`, `${name} (generated)`)}`,
  };
}

export async function checkGenerated(): Promise<CheckResult[]> {
  return [await checkOpenapi(), await checkMigrations(), await checkApiTypes()];
}

async function sqlFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
}

/** A tool from node_modules/.bin, wherever npm hoisted it. */
function bin(name: string): string {
  for (const dir of [path.join(serverRoot, 'node_modules'), path.join(repoRoot, 'node_modules'), path.join(repoRoot, 'web', 'node_modules')]) {
    const file = path.join(dir, '.bin', name);
    if (existsSync(file)) return file;
  }
  throw new Error(`${name} is not installed (looked in node_modules/.bin); run npm install`);
}

function exec(file: string, args: string[], cwd: string): Promise<{ output: string }> {
  return new Promise((resolve, reject) => {
    // stdin closed: a tool that asks a question gets no answer and stops instead of waiting forever.
    const child = execFile(
      file,
      args,
      { cwd, timeout: 180_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
      (err, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (err && (err as { killed?: boolean }).killed) reject(new Error(`${path.basename(file)} did not finish within 3 minutes:\n${output}`));
        else if (err && !output) reject(new Error(`${path.basename(file)} failed: ${messageOf(err)}`));
        else resolve({ output });
      },
    );
    child.stdin?.end();
  });
}

function firstLines(text: string, n: number): string {
  const lines = text.trimEnd().split('\n');
  return lines.length <= n ? lines.join('\n') : [...lines.slice(0, n), `… (${lines.length - n} more lines)`].join('\n');
}

const indent = (text: string) => text.replace(/^/gm, '    ');

export const checkGeneratedCommand: Command = {
  name: 'check-generated',
  args: '',
  summary: 'fail when docs/openapi.json, migrations or web/src/api/schema.d.ts are stale',
  help: [
    'Checks that the generated, checked-in files match the code:',
    '  docs/openapi.json           equals `wangge openapi` output        (fix: npm run gen)',
    '  server/src/db/migrations    cover the Drizzle schema               (fix: npm run db:generate -w server)',
    '  web/src/api/schema.d.ts     equals openapi-typescript output       (fix: npm run gen)',
    'Exits 1 with a diff naming each stale file. Needs no database.',
  ].join('\n'),
  async run(args) {
    positionals(args, []);
    const results = await checkGenerated();
    for (const r of results) console.log(`${r.skipped ? 'skip' : r.ok ? 'ok  ' : 'FAIL'} ${r.ok ? r.message : `${r.name}\n${indent(r.message)}`}`);
    const failed = results.filter((r) => !r.ok);
    if (failed.length > 0) console.log(`\n${failed.length} generated file(s) out of date: ${failed.map((r) => r.name).join(', ')}`);
    return failed.length > 0 ? 1 : 0;
  },
};
