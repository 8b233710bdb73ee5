import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { ErrorSchema, pageParams, standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { auditContextOf } from '../audit/audit.js';
import { IdParam } from './base-schemas.js';
import { CareBody, CareDetailSchema, CareListQuery, CarePageSchema, CareSchema, CareUpdateBody, VisitBody } from './care.schemas.js';
import { createCare, getCare, listCare, updateCare, visitCare } from './care.service.js';

export function careRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['base information'];
  const writeErrors = { ...standardErrors, 409: ErrorSchema };

  r.get('/api/care-persons', {
    config: { permission: 'base.read' },
    schema: {
      tags,
      summary: 'Care persons in your jurisdiction, the person masked; the read is audited',
      querystring: CareListQuery,
      response: { 200: CarePageSchema, ...standardErrors },
    },
    handler: (req) => listCare(ctx, auditContextOf(req), actorOf(req), req.query, pageParams(req.query)),
  });
  r.post('/api/care-persons', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Register a person you find as a care person of a kind; 409 when registered under that kind',
      body: CareBody,
      response: { 201: CareSchema, ...writeErrors },
    },
    handler: async (req, reply) => reply.code(201).send(await createCare(ctx, auditContextOf(req), actorOf(req), req.body)),
  });
  r.get('/api/care-persons/:id', {
    config: { permission: 'base.read' },
    schema: {
      tags,
      summary: 'A care record with its person (masked) and its history; the read is audited',
      params: IdParam,
      response: { 200: CareDetailSchema, ...standardErrors },
    },
    handler: (req) => getCare(ctx, auditContextOf(req), actorOf(req), req.params.id),
  });
  r.patch('/api/care-persons/:id', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Change a care record; a stale version gets 409',
      params: IdParam,
      body: CareUpdateBody,
      response: { 200: CareSchema, ...writeErrors },
    },
    handler: (req) => updateCare(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body),
  });
  r.post('/api/care-persons/:id/visits', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Record a visit (探访) on a day not after today',
      params: IdParam,
      body: VisitBody,
      response: { 201: CareSchema, ...standardErrors },
    },
    handler: async (req, reply) => reply.code(201).send(await visitCare(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body.on)),
  });
}
