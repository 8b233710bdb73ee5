import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { ErrorSchema, pageParams, standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { auditContextOf } from '../audit/audit.js';
import { IdParam } from './base-schemas.js';
import { GrantBody, GrantListQuery, GrantPageSchema, GrantSchema } from './grant.schemas.js';
import { createGrant, listGrants, revokeGrant } from './grant.service.js';

export function grantRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['base information'];

  r.get('/api/base-grants', {
    config: { permission: 'base.grant' },
    schema: {
      tags,
      summary: "Departments' grants on divisions inside your jurisdiction",
      querystring: GrantListQuery,
      response: { 200: GrantPageSchema, ...standardErrors },
    },
    handler: (req) => listGrants(ctx, actorOf(req), req.query, pageParams(req.query)),
  });
  r.post('/api/base-grants', {
    config: { permission: 'base.grant' },
    schema: {
      tags,
      summary: 'Open a registry of a division inside your jurisdiction to a unit (and the units below it), with a reason and an optional expiry; audited',
      body: GrantBody,
      response: { 201: GrantSchema, ...standardErrors },
    },
    handler: async (req, reply) => reply.code(201).send(await createGrant(ctx, auditContextOf(req), actorOf(req), req.body)),
  });
  r.delete('/api/base-grants/:id', {
    config: { permission: 'base.grant' },
    schema: {
      tags,
      summary: 'Revoke a grant: its unit finds nothing through it from now on; audited; 409 when already revoked',
      params: IdParam,
      response: { 200: GrantSchema, ...standardErrors, 409: ErrorSchema },
    },
    handler: (req) => revokeGrant(ctx, auditContextOf(req), actorOf(req), req.params.id),
  });
}
