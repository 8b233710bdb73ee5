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
