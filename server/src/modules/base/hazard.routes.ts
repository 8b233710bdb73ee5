import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { ErrorSchema, pageParams, standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { auditContextOf } from '../audit/audit.js';
import { IdParam } from './base-schemas.js';
import { HazardBody, HazardDetailSchema, HazardListQuery, HazardPageSchema, HazardSchema, HazardUpdateBody } from './hazard.schemas.js';
import { createHazard, getHazard, listHazards, updateHazard } from './hazard.service.js';

export function hazardRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['base information'];
  const writeErrors = { ...standardErrors, 409: ErrorSchema };

  r.get('/api/hazards', {
    config: { permission: 'base.read' },
    schema: {
      tags,
      summary: 'Hazards (隐患) in your jurisdiction, newest first',
      querystring: HazardListQuery,
      response: { 200: HazardPageSchema, ...standardErrors },
    },
    handler: (req) => listHazards(ctx, actorOf(req), req.query, pageParams(req.query)),
  });
  r.post('/api/hazards', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Record a hazard: found not after today, placed by point, grid or the organisation it was found at; a rectified one says when',
      body: HazardBody,
      response: { 201: HazardSchema, ...writeErrors },
    },
    handler: async (req, reply) => reply.code(201).send(await createHazard(ctx, auditContextOf(req), actorOf(req), req.body)),
  });
  r.get('/api/hazards/:id', {
    config: { permission: 'base.read' },
    schema: { tags, summary: 'A hazard with its organisation and history', params: IdParam, response: { 200: HazardDetailSchema, ...standardErrors } },
    handler: (req) => getHazard(ctx, actorOf(req), req.params.id),
  });
  r.patch('/api/hazards/:id', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Change a hazard: the status moves open → rectifying → rectified (with the day, not after today); a stale version gets 409',
      params: IdParam,
      body: HazardUpdateBody,
      response: { 200: HazardSchema, ...writeErrors },
    },
    handler: (req) => updateHazard(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body),
  });
}
