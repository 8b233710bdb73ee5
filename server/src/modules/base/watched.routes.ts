import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { ErrorSchema, pageParams, standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { auditContextOf } from '../audit/audit.js';
import { IdParam } from './base-schemas.js';
import { FollowUpBody, WatchedBody, WatchedDetailSchema, WatchedListQuery, WatchedPageSchema, WatchedSchema, WatchedUpdateBody } from './watched.schemas.js';
import { createWatched, followUpWatched, getWatched, listWatched, updateWatched } from './watched.service.js';

// Reads ask only for base.read at the door: a role not responsible for watched persons finds none
// (an empty list, 404 on a record) rather than a 403 that would say such records exist.
export function watchedRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['base information'];
  const writeErrors = { ...standardErrors, 409: ErrorSchema };

  r.get('/api/watched-persons', {
    config: { permission: 'base.read' },
    schema: {
      tags,
      summary: 'Watched persons you are responsible for (empty for every other role); the read is audited',
      querystring: WatchedListQuery,
      response: { 200: WatchedPageSchema, ...standardErrors },
    },
    handler: (req) => listWatched(ctx, auditContextOf(req), actorOf(req), req.query, pageParams(req.query)),
  });
  r.post('/api/watched-persons', {
    config: { permission: 'watched.manage' },
    schema: {
      tags,
      summary: 'Register a person you find as a watched person (grid and community copied from the person); 409 when registered under that kind',
      body: WatchedBody,
      response: { 201: WatchedSchema, ...writeErrors },
    },
    handler: async (req, reply) => reply.code(201).send(await createWatched(ctx, auditContextOf(req), actorOf(req), req.body)),
  });
  r.get('/api/watched-persons/:id', {
    config: { permission: 'base.read' },
    schema: {
      tags,
      summary: 'A watched-person record with its note, follow-ups and history: the responsible roles only (404 for others); the read is audited',
      params: IdParam,
      response: { 200: WatchedDetailSchema, ...standardErrors },
    },
    handler: (req) => getWatched(ctx, auditContextOf(req), actorOf(req), req.params.id),
  });
  r.patch('/api/watched-persons/:id', {
    config: { permission: 'watched.manage' },
    schema: {
      tags,
      summary: 'Change a watched-person record; a stale version gets 409',
      params: IdParam,
      body: WatchedUpdateBody,
      response: { 200: WatchedSchema, ...writeErrors },
    },
    handler: (req) => updateWatched(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body),
  });
  r.post('/api/watched-persons/:id/follow-ups', {
    config: { permission: 'watched.manage' },
    schema: {
      tags,
      summary: 'Record a follow-up (走访): the day (not after today) and a note stored encrypted; moves the last follow-up on',
      params: IdParam,
      body: FollowUpBody,
      response: { 201: WatchedSchema, ...standardErrors },
    },
    handler: async (req, reply) => reply.code(201).send(await followUpWatched(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body)),
  });
}
