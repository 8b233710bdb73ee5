// The load generator of bench/case-intake.ts. It runs on a thread of its own, so that sending reports
// and reading the answers does not take turns with the server on one event loop; it still shares the
// machine's cores with the server and PostgreSQL.
//
// Closed loop: N clients, each on its own keep-alive connection with its own session (signed in once),
// each sending its next report as soon as the last one is answered. Open loop: reports sent at fixed
// intervals whatever the answers do, each latency counted from the moment the report was due to be
// sent, so a queue shows in the latency instead of slowing the sender (coordinated omission).
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadSetup {
  port: number;
  username: string;
  password: string;
  matterCode: string;
  /** Points inside the worker's grids, used in turn. */
  points: [number, number][];
}

export type LoadJob = { kind: 'closed'; clients: number; seconds: number } | { kind: 'open'; rate: number; seconds: number };

export interface LoadResult {
  /** Reports answered 201. */
  completed: number;
  /** From the start to the last answer, ms. */
  elapsedMs: number;
  /** One per answered report, ms. */
  latencies: Float64Array;
  /** Open loop: the most reports in flight at once. */
  maxInFlight: number;
}

export type LoadMessage = { ok: true; result: LoadResult } | { ok: false; error: string };

const setup = workerData as LoadSetup;

interface Answer {
  status: number;
  body: string;
  setCookie: string[];
}

class Connection {
  readonly agent: http.Agent;
  cookie = '';

  constructor(sockets: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  send(method: string, path: string, body: unknown): Promise<Answer> {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: setup.port,
          method,
          path,
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': payload.length, ...(this.cookie ? { cookie: this.cookie } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), setCookie: res.headers['set-cookie'] ?? [] }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  async login(): Promise<void> {
    const res = await this.send('POST', '/api/auth/login', { username: setup.username, password: setup.password });
    const cookie = res.setCookie.find((c) => c.startsWith('wangge_session='));
    if (res.status !== 200 || !cookie) throw new Error(`sign-in as ${setup.username}: ${res.status} ${res.body}`);
    this.cookie = cookie.split(';')[0] as string;
  }
}

let turn = 0;
function nextReport() {
  const i = turn++;
  const [lng, lat] = setup.points[i % setup.points.length] as [number, number];
  return { title: '楼道堆放杂物', description: `邻居因楼道杂物起争执（压测 ${i}）`, lng, lat, matterCode: setup.matterCode };
}

async function report(conn: Connection): Promise<void> {
  const res = await conn.send('POST', '/api/cases', nextReport());
  if (res.status !== 201) throw new Error(`POST /api/cases answered ${res.status}: ${res.body.slice(0, 500)}`);
}

// Closed-loop clients stay signed in across jobs: one sign-in per connection for the whole run.
const clients: Connection[] = [];

async function closedLoop(n: number, seconds: number): Promise<LoadResult> {
  while (clients.length < n) {
    const conn = new Connection(1);
    await conn.login();
    clients.push(conn);
  }
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + seconds * 1000;
  let last = start;
  await Promise.all(
    clients.slice(0, n).map(async (conn) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await report(conn);
        last = performance.now();
        latencies.push(last - t0);
      }
    }),
  );
  return { completed: latencies.length, elapsedMs: last - start, latencies: Float64Array.from(latencies), maxInFlight: n };
}

async function openLoop(rate: number, seconds: number): Promise<LoadResult> {
  // One session over as many keep-alive connections as the queue needs.
  const conn = new Connection(512);
  await conn.login();
  const total = Math.floor(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let failure: unknown;
  const start = performance.now() + 20;
  let last = start;
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        const due = start + sent * interval;
        sent++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        pending.push(
          report(conn).then(
            () => {
              inFlight--;
              last = performance.now();
              latencies.push(last - due);
            },
            (err: unknown) => {
              inFlight--;
              failure ??= err;
            },
          ),
        );
      }
      if (sent < total && failure === undefined) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
      else resolve();
    };
    setTimeout(tick, 20);
  });
  await Promise.all(pending);
  conn.agent.destroy();
  if (failure !== undefined) throw failure;
  return { completed: latencies.length, elapsedMs: last - start, latencies: Float64Array.from(latencies), maxInFlight };
}

parentPort?.on('message', (job: LoadJob) => {
  const run = job.kind === 'closed' ? closedLoop(job.clients, job.seconds) : openLoop(job.rate, job.seconds);
  run.then(
    (result) => parentPort?.postMessage({ ok: true, result } satisfies LoadMessage, [result.latencies.buffer as ArrayBuffer]),
    (err: unknown) => parentPort?.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) } satisfies LoadMessage),
  );
});
