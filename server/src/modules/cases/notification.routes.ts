import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { NotificationHub } from './notification-stream.js';
import { NotificationListQuery, NotificationPageSchema, NotificationStreamQuery } from './notification.schemas.js';
import { listNotifications, recipientsOf } from './notification.service.js';

export function notificationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['notifications'];
  const config = { permission: 'notification.read' as const };
  // The error's kind and where it happened, never its message: a database message can quote values.
  const hub = new NotificationHub(ctx, (err) => {
    const e = err instanceof Error ? err : new Error(String(err));
    app.log.error(
      {
        err: {
          type: e.name,
          code: (e as { code?: string }).code,
          stack: e.stack
            ?.split('\n')
            .filter((l) => l.trimStart().startsWith('at '))
            .join('\n'),
        },
      },
      'notification stream failed',
    );
  });
  // Open streams would keep app.close() waiting: end them first.
  app.addHook('preClose', () => hub.close());

  r.get('/api/notifications', {
    config,
    schema: {
      tags,
      summary: 'Your notifications (your unit and the units under it, your centre, you): the newest, or those after ?after=',
      querystring: NotificationListQuery,
      response: { 200: NotificationPageSchema, ...standardErrors },
    },
    handler: (req) => listNotifications(ctx, actorOf(req), req.query),
  });

  r.get('/api/notifications/stream', {
    config,
    schema: {
      tags,
      summary: 'Your notifications live, as server-sent events (text/event-stream)',
      description:
        'Each event: `id: <seq>`, `event: notification`, `data: <Notification as JSON>`. A comment line every 15 s keeps the connection open. ' +
        'Reconnecting with the Last-Event-ID header (EventSource does so by itself) or ?after= first sends what came after it. ' +
        'The server ends a stream after 5 minutes; EventSource reconnects after the `retry:` interval.',
      querystring: NotificationStreamQuery,
      response: {
        200: { description: 'an event stream', content: { 'text/event-stream': { schema: Type.String() } } },
        ...standardErrors,
      },
    },
    handler: async (req, reply) => {
      const recipients = await recipientsOf(ctx.db, actorOf(req));
      const header = req.headers['last-event-id'];
      // A malformed header is ignored, as a browser never sends one.
      const fromHeader = typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : undefined;
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        // No buffering by a reverse proxy (nginx).
        'x-accel-buffering': 'no',
      });
      reply.raw.write('retry: 3000\n: connected\n\n');
      await hub.subscribe(reply.raw, recipients, fromHeader ?? req.query.after);
    },
  });
}
