// The auditor's window on the trail: read events, verify the chain. Nobody can change it.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { Strict, standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { auditActions } from './audit-actions.js';
import { auditContextOf, recordAudit, verifyChain } from './audit.js';
import { listAuditEvents } from './audit.service.js';

const AuditEventSchema = Type.Object(
  {
    seq: Type.Integer(),
    at: Type.String({ format: 'date-time' }),
    actorId: Type.Union([Type.String(), Type.Null()]),
    actorUsername: Type.Union([Type.String(), Type.Null()]),
    actorRole: Type.Union([Type.String(), Type.Null()]),
    ip: Type.Union([Type.String(), Type.Null()]),
    action: Type.String(),
    outcome: Type.String(),
    targetType: Type.Union([Type.String(), Type.Null()]),
    targetId: Type.Union([Type.String(), Type.Null()]),
    divisionCode: Type.Union([Type.String(), Type.Null()]),
    fields: Type.Array(Type.String()),
    detail: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'AuditEvent' },
);

const AuditQuery = Strict({
  after: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'cursor: the seq of the last event already seen (the `next` of the previous page)',
    }),
  ),
  order: Type.Optional(Type.Enum(['asc', 'desc'], { description: 'asc (default): oldest first; desc: newest first' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  action: Type.Optional(Type.Enum(Object.keys(auditActions))),
  actorId: Type.Optional(Type.String({ format: 'uuid' })),
  targetType: Type.Optional(Type.String({ maxLength: 40 })),
  targetId: Type.Optional(Type.String({ maxLength: 80 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
});

const ChainReportSchema = Type.Object(
  {
    ok: Type.Boolean(),
    checked: Type.Integer(),
    lastSeq: Type.Integer(),
    firstBroken: Type.Optional(
      Type.Object({
        seq: Type.Integer({ description: 'the first audit row that does not fit the chain' }),
        reason: Type.Union([Type.Literal('hash_mismatch'), Type.Literal('prev_hash_mismatch'), Type.Literal('missing_rows')]),
      }),
    ),
  },
  { title: 'ChainReport' },
);

export function auditRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['audit'];
  const config = { permission: 'audit.read' as const };

  r.get('/api/audit/events', {
    config,
    schema: {
      tags,
      summary: 'Audit events in your jurisdiction, oldest or newest first, paged by cursor',
      querystring: AuditQuery,
      response: { 200: Type.Object({ items: Type.Array(AuditEventSchema), next: Type.Union([Type.Integer(), Type.Null()]) }), ...standardErrors },
    },
    handler: (req) => listAuditEvents(ctx, actorOf(req), req.query),
  });

  r.get('/api/audit/verify', {
    config,
    schema: { tags, summary: 'Verify the hash chain; names the first broken row', response: { 200: ChainReportSchema, ...standardErrors } },
    handler: async (req) => {
      const report = await verifyChain(ctx.db);
      await ctx.db.transaction((tx) =>
        recordAudit(tx, auditContextOf(req), {
          action: 'audit.verify',
          outcome: report.ok ? 'ok' : 'failed',
          detail: report.firstBroken ? `first broken seq ${report.firstBroken.seq}` : undefined,
        }),
      );
      return report;
    },
  });
}
