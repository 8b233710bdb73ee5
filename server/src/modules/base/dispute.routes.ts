import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { ErrorSchema, pageParams, standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { auditContextOf } from '../audit/audit.js';
import { IdParam } from './base-schemas.js';
import { DisputeBody, DisputeDetailSchema, DisputeListQuery, DisputePageSchema, DisputeSchema, DisputeUpdateBody } from './dispute.schemas.js';
import { createDispute, getDispute, listDisputes, updateDispute } from './dispute.service.js';

export function disputeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['base information'];
  const writeErrors = { ...standardErrors, 409: ErrorSchema };

  r.get('/api/disputes', {
    config: { permission: 'base.read' },
    schema: {
      tags,
      summary: 'Disputes (矛盾纠纷) in your jurisdiction, newest first',
      querystring: DisputeListQuery,
      response: { 200: DisputePageSchema, ...standardErrors },
    },
    handler: (req) => listDisputes(ctx, actorOf(req), req.query, pageParams(req.query)),
  });
  r.post('/api/disputes', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Record a dispute: occurred not after today, placed by point or grid, parties you find; a mediated one names its method',
      body: DisputeBody,
      response: { 201: DisputeSchema, ...writeErrors },
    },
    handler: async (req, reply) => reply.code(201).send(await createDispute(ctx, auditContextOf(req), actorOf(req), req.body)),
  });
  r.get('/api/disputes/:id', {
    config: { permission: 'base.read' },
    schema: {
      tags,
      summary: 'A dispute with its parties, mediating unit and history',
      params: IdParam,
      response: { 200: DisputeDetailSchema, ...standardErrors },
    },
    handler: (req) => getDispute(ctx, actorOf(req), req.params.id),
  });
  r.patch('/api/disputes/:id', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Change a dispute: the outcome moves only along its table; a stale version gets 409',
      params: IdParam,
      body: DisputeUpdateBody,
      response: { 200: DisputeSchema, ...writeErrors },
    },
    handler: (req) => updateDispute(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body),
  });
}
