// A fresh database on a PostgreSQL server for one benchmark run, dropped afterwards (also when the
// run throws). Every bench that measures on the server makes its database here.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export async function withFreshDatabase<T>(adminUrl: string, label: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `wangge_bench_${label}_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: adminUrl });
  try {
    await c.connect();
  } catch (err) {
    throw new Error(`PostgreSQL at ${new URL(adminUrl).host} is not reachable (${(err as Error).message}); set BENCH_DATABASE_URL.`);
  }
  await c.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  }
}

/** A database of that name on the server, created when missing and kept afterwards (a bench's expensive load, reused). */
export async function withKeptDatabase<T>(adminUrl: string, name: string, fn: (url: string) => Promise<T>): Promise<T> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name}: lower-case letters, digits and _ only`);
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return fn(url.toString());
}
