// The load generator of bench/case-intake.ts. It runs on a thread of its own, so that sending reports
// and reading the answers does not take turns with the server on one event loop; it still shares the
// machine's cores with the server and PostgreSQL.
//
// Closed loop: N clients, each on its own keep-alive connection with its own session (signed in once),
// each sending its next report as soon as the last one is answered. Open loop: reports sent at fixed
// intervals whatever the answers do, each latency counted from the moment the report was due to be
// sent, so a queue shows in the latency instead of slowing the sender (coordinated omission).
import net from 'node:net';
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

const CRLF2 = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection, one request at a time, as wrk's are: the request written as
 * one buffer, the answer read by its status line, headers and Content-Length. Node's `http` client
 * cost this thread ~0.5 ms a report (its request and response objects, streams and header parsing),
 * CPU taken from the cores the server and PostgreSQL run on, where pgbench's own client costs 0.25 ms
 * a transaction (docs/BENCHMARKS.md, "Reads in turn, spread last").
 */
class Socket {
  private readonly socket: net.Socket;
  private readonly ready: Promise<void>;
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (a: Answer) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;
  busy = false;

  /** Closed by the server (an idle keep-alive timeout, say) or broken: the connection takes another. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  constructor() {
    this.socket = net.connect({ host: '127.0.0.1', port: setup.port, noDelay: true });
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
      this.parse();
    });
    this.socket.on('error', (err) => this.fail(err));
    this.socket.on('close', () => this.fail(new Error('the server closed the connection')));
  }

  /** Fails the waiting request, if any, and leaves the socket unused from then on. */
  private fail(err: Error): void {
    this.failure ??= err;
    this.waiting?.reject(err);
    this.waiting = undefined;
    this.socket.destroy();
  }

  /** The answer, once its whole body has come. */
  private parse(): void {
    const end = this.buffered.indexOf(CRLF2);
    if (end < 0 || !this.waiting) return;
    const head = this.buffered.toString('latin1', 0, end).split('\r\n');
    const status = Number(head[0]?.split(' ')[1]);
    let length: number | undefined;
    let encoded = false;
    const setCookie: string[] = [];
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).toLowerCase();
      if (name === 'content-length') length = Number(line.slice(colon + 1));
      else if (name === 'set-cookie') setCookie.push(line.slice(colon + 1).trim());
      else if (name === 'transfer-encoding') encoded = true;
    }
    // Fastify answers JSON with a Content-Length; anything else is not read here (the status line only
    // in the message: the headers carry the session cookie).
    if (encoded || length === undefined || !Number.isInteger(length)) {
      this.fail(new Error(`answer ${head[0] ?? ''} has no Content-Length (or a Transfer-Encoding): not read by this client`));
      return;
    }
    if (this.buffered.length < end + 4 + length) return;
    const body = this.buffered.toString('utf8', end + 4, end + 4 + length);
    this.buffered = this.buffered.subarray(end + 4 + length);
    const { resolve } = this.waiting;
    this.waiting = undefined;
    resolve({ status, body, setCookie });
  }

  async send(method: string, path: string, body: unknown, cookie: string): Promise<Answer> {
    await this.ready;
    if (this.failure) throw this.failure;
    const payload = Buffer.from(JSON.stringify(body));
    const head = `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1:${setup.port}\r\ncontent-type: application/json\r\ncontent-length: ${payload.length}\r\n${cookie ? `cookie: ${cookie}\r\n` : ''}\r\n`;
    return new Promise<Answer>((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/**
 * A signed-in session over keep-alive connections: one for a closed-loop client, as many as are in
 * flight for the open loop, up to `maxSockets` (further requests wait for a free one, as with
 * `http.Agent`). A socket the server has closed is dropped and another opened.
 */
class Connection {
  private sockets: Socket[] = [];
  private readonly queue: (() => void)[] = [];
  cookie = '';

  constructor(private readonly maxSockets: number) {}

  async send(method: string, path: string, body: unknown): Promise<Answer> {
    const socket = await this.take();
    try {
      return await socket.send(method, path, body, this.cookie);
    } finally {
      socket.busy = false;
      this.queue.shift()?.();
    }
  }

  private async take(): Promise<Socket> {
    for (;;) {
      this.sockets = this.sockets.filter((s) => !s.failed);
      let socket = this.sockets.find((s) => !s.busy);
      if (!socket && this.sockets.length < this.maxSockets) {
        socket = new Socket();
        this.sockets.push(socket);
      }
      if (socket) {
        socket.busy = true;
        return socket;
      }
      await new Promise<void>((resolve) => this.queue.push(resolve));
    }
  }

  async login(): Promise<void> {
    const res = await this.send('POST', '/api/auth/login', { username: setup.username, password: setup.password });
    const cookie = res.setCookie.find((c) => c.startsWith('wangge_session='));
    if (res.status !== 200 || !cookie) throw new Error(`sign-in as ${setup.username}: ${res.status} ${res.body}`);
    this.cookie = cookie.split(';')[0] as string;
  }

  close(): void {
    for (const s of this.sockets) s.close();
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
  conn.close();
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
