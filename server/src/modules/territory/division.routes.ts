import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { Division, DivisionChildren, DivisionCodeParam, OutlineCollection } from './division.schemas.js';
import { getChildren, getDivision, getOutlines } from './division.service.js';

export function divisionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['territory'];
  const config = { permission: 'division.read' as const };

  r.get('/api/divisions/:code', {
    config,
    schema: { tags, summary: 'One division with its path and what lies beneath it', params: DivisionCodeParam, response: { 200: Division, ...standardErrors } },
    handler: (req) => getDivision(ctx, actorOf(req), req.params.code),
  });

  r.get('/api/divisions/:code/children', {
    config,
    schema: {
      tags,
      summary: 'The children of a division you may see, with counts beneath each',
      params: DivisionCodeParam,
      response: { 200: DivisionChildren, ...standardErrors },
    },
    handler: (req) => getChildren(ctx, actorOf(req), req.params.code),
  });

  r.get('/api/divisions/:code/outlines', {
    config,
    schema: {
      tags,
      summary: 'Outlines inside a division, as GeoJSON for the map',
      params: DivisionCodeParam,
      response: { 200: OutlineCollection, ...standardErrors },
    },
    handler: (req) => getOutlines(ctx, actorOf(req), req.params.code),
  });
}
