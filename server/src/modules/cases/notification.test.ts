// Notifications through the API: each reader gets their unit's (and its sub-units'), their centre's
// and their own; pages follow the seq cursor and never pass a seq that may still commit; the live
// stream (server-sent events on a real listening server) delivers a new row, resumes after
// Last-Event-ID, and ends when the app closes.
import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { department } from '../access/access.tables.js';
import { DISTRICT, TOWN, makeCase, unitId } from '../../test/case-factory.js';
import { createTestApp } from '../../test/harness.js';
import { notification } from './case.tables.js';
import { NotificationHub } from './notification-stream.js';
import { recipientsOf, settledBound } from './notification.service.js';
import { type NotificationInput, notify } from './notify.js';

const t = await createTestApp();
const extraApps: FastifyInstance[] = [];
afterAll(async () => {
  for (const app of extraApps) await app.close();
  await t.close();
});

const police = await unitId(t.ctx);
const [station] = await t.ctx.db
  .insert(department)
  .values({ code: '370400-police-shizhong', name: '市中分局', kind: 'subUnit', parentId: police, divisionCode: '370402000000' })
  .returning();
const c = await makeCase(t.ctx);
const note = (to: NotificationInput['to'], kind: NotificationInput['kind'] = 'caseDispatched'): NotificationInput => ({
  kind,
  caseId: c.id,
  caseNumber: c.number,
  title: c.title,
  to,
});
const list = (as: string, query = '') => t.request({ method: 'GET', url: `/api/notifications${query}`, as });
const maxSeq = async () => (await t.ctx.db.select({ m: sql<number>`coalesce(max(${notification.seq}), 0)`.mapWith(Number) }).from(notification))[0]?.m ?? 0;

describe('whose notifications', () => {
  it('a unit reads its own and its sub-units’, a centre its own, a user theirs; nobody another’s', async () => {
    await notify(t.ctx.db, [
      note({ unitId: police }),
      note({ unitId: station?.id ?? '' }, 'deadlineYellow'),
      note({ centreCode: TOWN }, 'deadlineRed'),
      note({ centreCode: DISTRICT }, 'caseEscalated'),
      note({ userId: await t.userId('worker') }, 'verifyTask'),
      note({ unitId: await unitId(t.ctx, '370400-health') }),
    ]);
    const kinds = async (as: string) => ((await list(as)).json().items as { kind: string }[]).map((n) => n.kind);
    expect(await kinds('police')).toEqual(['caseDispatched', 'deadlineYellow']);
    expect(await kinds('zhongxinjie')).toEqual(['deadlineRed']);
    expect(await kinds('shizhong')).toEqual(['caseEscalated']);
    expect(await kinds('worker')).toEqual(['verifyTask']);
    expect(await kinds('city')).toEqual([]);
    const one = (await list('police')).json().items[0];
    expect(one).toMatchObject({ caseId: c.id, caseNumber: c.number, title: '路灯不亮', recipient: { unitId: police, centreCode: null, userId: null } });
  });

  it.each(['admin', 'auditor'])('%s has none to read: 403', async (as) => {
    expect((await list(as)).statusCode).toBe(403);
  });
});

describe('paging by seq', () => {
  it('after a cursor, at most limit, with next to continue from', async () => {
    const start = await maxSeq();
    await notify(
      t.ctx.db,
      Array.from({ length: 5 }, () => note({ centreCode: DISTRICT })),
    );
    const first = (await list('shizhong', `?after=${start}&limit=3`)).json();
    expect(first.items.map((n: { seq: number }) => n.seq)).toEqual([start + 1, start + 2, start + 3]);
    expect(first.next).toBe(start + 3);
    const second = (await list('shizhong', `?after=${first.next}&limit=3`)).json();
    expect(second.items.map((n: { seq: number }) => n.seq)).toEqual([start + 4, start + 5]);
    expect(second.next).toBe(start + 5);
    const none = (await list('shizhong', `?after=${second.next}`)).json();
    expect(none).toEqual({ items: [], next: start + 5 });
    // Without a cursor: the newest, oldest first.
    const newest = (await list('shizhong', '?limit=2')).json();
    expect(newest.items.map((n: { seq: number }) => n.seq)).toEqual([start + 4, start + 5]);
  });

  it('bad input: 400 naming the parameter', async () => {
    expect((await list('police', '?after=-1')).json()).toMatchObject({ code: 'validation_failed', field: 'query.after' });
    expect((await list('police', '?limit=500')).json()).toMatchObject({ field: 'query.limit' });
  });
});

describe('commit order', () => {
  it('the settled bound stops at a young gap and passes an old one', () => {
    const rows = (xs: [number, number][]) => xs.map(([seq, ageMs]) => ({ seq, ageMs }));
    expect(settledBound(10, rows([]))).toBe(10);
    expect(
      settledBound(
        10,
        rows([
          [11, 0],
          [12, 0],
          [13, 0],
        ]),
      ),
    ).toBe(13);
    expect(
      settledBound(
        10,
        rows([
          [11, 0],
          [13, 0],
          [14, 0],
        ]),
      ),
    ).toBe(11);
    expect(
      settledBound(
        10,
        rows([
          [11, 0],
          [13, 20_000],
          [14, 0],
        ]),
      ),
    ).toBe(14);
    expect(settledBound(10, rows([[12, 500]]))).toBe(10);
  });

  it('a seq taken by a rolled-back insert holds readers back until the grace has passed', async () => {
    const start = await maxSeq();
    await t.ctx.db
      .transaction(async (tx) => {
        await notify(tx, [note({ centreCode: DISTRICT })]);
        tx.rollback();
      })
      .catch(() => undefined);
    await notify(t.ctx.db, [note({ centreCode: DISTRICT }, 'requestPending')]);
    expect((await list('shizhong', `?after=${start}`)).json()).toEqual({ items: [], next: start });
    await t.ctx.db.execute(sql`UPDATE notification SET created_at = now() - interval '20 seconds' WHERE seq = ${start + 2}`);
    const later = (await list('shizhong', `?after=${start}`)).json();
    expect(later.items.map((n: { seq: number; kind: string }) => [n.seq, n.kind])).toEqual([[start + 2, 'requestPending']]);
    expect(later.next).toBe(start + 2);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('on PostgreSQL: a row committed after a later seq is not skipped', async () => {
    const start = await maxSeq();
    const other = new pg.Client({ connectionString: t.ctx.config.databaseUrl });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`INSERT INTO notification (kind, case_id, title, recipient_centre_code) VALUES ('requestPending', $1, 'slow', $2)`, [c.id, DISTRICT]);
      await notify(t.ctx.db, [note({ centreCode: DISTRICT }, 'requestDecided')]);
      // seq start+1 is taken but not committed; start+2 is visible: nothing is settled yet.
      expect((await list('shizhong', `?after=${start}`)).json()).toEqual({ items: [], next: start });
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
    const after = (await list('shizhong', `?after=${start}`)).json();
    expect(after.items.map((n: { kind: string }) => n.kind)).toEqual(['requestPending', 'requestDecided']);
  });
});

// ---- The live stream ----------------------------------------------------------------------------

interface Stream {
  status: number;
  contentType: string | null;
  /** The next event with an id (skipping comments), or undefined when the stream ended first. */
  next(timeoutMs?: number): Promise<{ id: number; event: string; data: Record<string, unknown> } | undefined>;
  close(): void;
}

async function openStream(port: number, as: string, headers: Record<string, string> = {}, query = ''): Promise<Stream> {
  const cookie = (await t.login(as)).cookie ?? '';
  const ac = new AbortController();
  const res = await fetch(`http://127.0.0.1:${port}/api/notifications/stream${query}`, { headers: { cookie, ...headers }, signal: ac.signal });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    close: () => ac.abort(),
    next: async (timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(block.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
          if (fields.id) return { id: Number(fields.id), event: fields.event ?? 'message', data: JSON.parse(fields.data ?? '{}') };
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('no event in time');
        const chunk = await Promise.race([reader.read(), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), left))]);
        if (chunk === 'timeout') throw new Error('no event in time');
        if (chunk.done) return undefined;
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
  };
}

async function listening(): Promise<{ app: FastifyInstance; port: number }> {
  const app = await buildApp(t.ctx, { logger: false });
  extraApps.push(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { app, port: address.port };
}

describe('the live stream', () => {
  it('delivers a notification written after the stream opened, and only the reader’s', async () => {
    const { port } = await listening();
    const stream = await openStream(port, 'police');
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    await notify(t.ctx.db, [note({ centreCode: TOWN }, 'deadlineRed'), note({ unitId: station?.id ?? '' }, 'deadlineYellow')]);
    const seq = await maxSeq();
    const event = await stream.next();
    expect(event).toMatchObject({ id: seq, event: 'notification', data: { seq, kind: 'deadlineYellow', caseId: c.id, recipient: { unitId: station?.id } } });
    stream.close();
  });

  it('resumes after Last-Event-ID (or ?after=) with what the reader missed', async () => {
    const { port } = await listening();
    const before = await maxSeq();
    await notify(t.ctx.db, [note({ unitId: police }, 'requestDecided'), note({ centreCode: TOWN }), note({ unitId: police }, 'caseSupervised')]);
    const resumed = await openStream(port, 'police', { 'last-event-id': String(before) });
    expect((await resumed.next())?.data).toMatchObject({ seq: before + 1, kind: 'requestDecided' });
    expect((await resumed.next())?.data).toMatchObject({ seq: before + 3, kind: 'caseSupervised' });
    resumed.close();
    const byQuery = await openStream(port, 'police', {}, `?after=${before + 1}`);
    expect((await byQuery.next())?.id).toBe(before + 3);
    byQuery.close();
  });

  it('refuses a reader without the permission before streaming anything', async () => {
    const { port } = await listening();
    const cookie = (await t.login('admin')).cookie ?? '';
    const res = await fetch(`http://127.0.0.1:${port}/api/notifications/stream`, { headers: { cookie } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'forbidden' });
    const anonymous = await fetch(`http://127.0.0.1:${port}/api/notifications/stream`);
    expect(anonymous.status).toBe(401);
  });

  it('ends open streams when the app closes, and the close does not wait for them', async () => {
    const { app, port } = await listening();
    const a = await openStream(port, 'police');
    const b = await openStream(port, 'zhongxinjie');
    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await a.next()).toBeUndefined();
    expect(await b.next()).toBeUndefined();
  });

  it('leaves nothing running when the last reader goes', async () => {
    const { port } = await listening();
    const s = await openStream(port, 'police');
    s.close();
    await new Promise((r) => setTimeout(r, 200));
    // A fresh stream afterwards still works (the poller starts again from the newest rows).
    const again = await openStream(port, 'police');
    await notify(t.ctx.db, [note({ unitId: police }, 'verifyTask')]);
    expect((await again.next())?.data).toMatchObject({ kind: 'verifyTask' });
    again.close();
  });
});

describe('the hub', () => {
  /** Enough of a ServerResponse for the hub: what it writes, and close when ended. */
  class FakeResponse extends EventEmitter {
    chunks: string[] = [];
    writableEnded = false;
    destroyed = false;
    write(s: string) {
      this.chunks.push(s);
      return true;
    }
    end() {
      this.writableEnded = true;
      this.emit('close');
    }
  }

  it('sends a heartbeat comment, ends a stream at the end of its lifetime and then stops polling', async () => {
    const hub = new NotificationHub(t.ctx, (err) => expect.unreachable(String(err)), { pollMs: 20, heartbeatMs: 30, lifetimeMs: 150 });
    const res = new FakeResponse();
    const r = await recipientsOf(t.ctx.db, { userId: await t.userId('worker'), role: 'gridWorker', departmentId: null, divisionCode: '370402001013' } as never);
    await hub.subscribe(res as never, r, undefined);
    expect(hub.size).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(res.chunks).toContain(': heartbeat\n\n');
    expect(res.writableEnded).toBe(true);
    expect(hub.size).toBe(0);
    await hub.close();
  });
});
