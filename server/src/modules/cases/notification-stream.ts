// Notifications live in the console: server-sent events (GET /api/notifications/stream). The rows
// are the source, so it works the same with any number of server instances: each instance runs one
// poller (not one per connection) that reads the new settled rows once a second and hands each to
// the streams it is for. A stream resumes where it left off: the browser's EventSource sends the last
// `id:` it received as Last-Event-ID when it reconnects, and the rows after it are sent first.
//
// Each stream ends after STREAM_LIFETIME_MS; EventSource reconnects by itself (after `retry:`), and the
// reconnection passes the sign-in check again, so a session that was ended stops receiving.
import type { ServerResponse } from 'node:http';
import { asc, gt, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type JobRunner, startJobRunner } from '../../lib/job-runner.js';
import { notification } from './case.tables.js';
import {
  type NotificationRow,
  type Recipients,
  isFor,
  notificationsBetween,
  presentNotification,
  settledBound,
  settledNewest,
} from './notification.service.js';

export interface StreamOptions {
  pollMs: number;
  heartbeatMs: number;
  lifetimeMs: number;
}

export const STREAM_DEFAULTS: StreamOptions = { pollMs: 1000, heartbeatMs: 15_000, lifetimeMs: 5 * 60_000 };
const POLL_ROWS = 1000;
const BACKFILL_PAGE = 500;

const open = (res: ServerResponse) => !res.writableEnded && !res.destroyed;

interface Subscriber {
  res: ServerResponse;
  recipients: Recipients;
  /** The last seq this stream has been sent (or has skipped as not its own). */
  sent: number;
  /** Live rows that arrive while the backlog is being sent. */
  queue: NotificationRow[] | null;
  lifetime: NodeJS.Timeout;
}

export class NotificationHub {
  private readonly subscribers = new Set<Subscriber>();
  /** Every row up to here has been handed to the streams. Undefined while nobody listens. */
  private watermark: number | undefined;
  private starting: Promise<number> | undefined;
  private poller: JobRunner | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly onError: (err: unknown) => void,
    private readonly options: StreamOptions = STREAM_DEFAULTS,
  ) {}

  get size(): number {
    return this.subscribers.size;
  }

  /**
   * Streams the recipients' notifications on `res` (headers already sent) from after `lastSeen`, or
   * from now when it is undefined, until the client goes, the lifetime ends or the hub closes.
   */
  async subscribe(res: ServerResponse, recipients: Recipients, lastSeen: number | undefined): Promise<void> {
    if (this.closed) {
      res.end();
      return;
    }
    const watermark = await this.start();
    // The client may have gone while the poller started.
    if (!open(res)) return this.stopIfIdle();
    const sub: Subscriber = {
      res,
      recipients,
      sent: lastSeen === undefined ? watermark : Math.min(lastSeen, watermark),
      queue: [],
      lifetime: setTimeout(() => res.end(), this.options.lifetimeMs).unref(),
    };
    this.subscribers.add(sub);
    res.on('close', () => this.drop(sub));
    res.on('error', () => this.drop(sub));
    try {
      // The backlog up to the watermark taken when this stream joined; the poller queues what is newer.
      const until = watermark;
      while (sub.sent < until && !res.destroyed) {
        const rows = await notificationsBetween(this.ctx.db, recipients, sub.sent, until, BACKFILL_PAGE);
        for (const row of rows) this.send(sub, row);
        sub.sent = rows.length === BACKFILL_PAGE ? (rows[rows.length - 1]?.seq ?? until) : until;
      }
      if (lastSeen !== undefined && lastSeen > sub.sent) sub.sent = lastSeen;
      const queued = sub.queue ?? [];
      sub.queue = null;
      for (const row of queued) this.deliver(sub, row);
    } catch (err) {
      this.onError(err);
      res.end();
    }
  }

  /** Ends every stream and stops polling (app.close()). */
  async close(): Promise<void> {
    this.closed = true;
    for (const sub of [...this.subscribers]) sub.res.end();
    await this.stop();
  }

  private drop(sub: Subscriber): void {
    clearTimeout(sub.lifetime);
    this.subscribers.delete(sub);
    void this.stopIfIdle();
  }

  private async stopIfIdle(): Promise<void> {
    if (this.subscribers.size === 0) await this.stop();
  }

  private start(): Promise<number> {
    if (this.watermark !== undefined) return Promise.resolve(this.watermark);
    this.starting ??= (async () => {
      try {
        const w = await settledNewest(this.ctx.db);
        this.watermark = w;
        this.poller = startJobRunner({ intervalMs: this.options.pollMs, job: () => this.poll(), onError: this.onError });
        this.heartbeat = setInterval(() => {
          for (const sub of this.subscribers) if (open(sub.res)) sub.res.write(': heartbeat\n\n');
        }, this.options.heartbeatMs).unref();
        return w;
      } finally {
        this.starting = undefined;
      }
    })();
    return this.starting;
  }

  private async stop(): Promise<void> {
    const poller = this.poller;
    this.poller = undefined;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    // A later first stream starts from the newest rows again, not from where this one stopped.
    this.watermark = undefined;
    await poller?.stop();
  }

  /** Reads the rows past the watermark, every recipient's, and hands the settled ones on. */
  private async poll(): Promise<void> {
    for (;;) {
      const from = this.watermark;
      if (from === undefined) return;
      const rows = await this.ctx.db
        .select({ row: notification, ageMs: sql<number>`(extract(epoch from (now() - ${notification.createdAt})) * 1000)::float8`.mapWith(Number) })
        .from(notification)
        .where(gt(notification.seq, from))
        .orderBy(asc(notification.seq))
        .limit(POLL_ROWS);
      const bound = settledBound(
        from,
        rows.map((r) => ({ seq: r.row.seq, ageMs: r.ageMs })),
      );
      // Stopped (and perhaps restarted) meanwhile: this read belongs to nobody.
      if (this.watermark !== from) return;
      for (const { row } of rows) {
        if (row.seq > bound) break;
        for (const sub of this.subscribers) this.deliver(sub, row);
      }
      this.watermark = bound;
      if (rows.length < POLL_ROWS || bound !== rows[rows.length - 1]?.row.seq) return;
    }
  }

  private deliver(sub: Subscriber, row: NotificationRow): void {
    if (sub.queue) {
      sub.queue.push(row);
      return;
    }
    if (row.seq <= sub.sent) return;
    if (isFor(sub.recipients, row)) this.send(sub, row);
    sub.sent = row.seq;
  }

  private send(sub: Subscriber, row: NotificationRow): void {
    if (!open(sub.res)) return;
    sub.res.write(`id: ${row.seq}\nevent: notification\ndata: ${JSON.stringify(presentNotification(row))}\n\n`);
  }
}
