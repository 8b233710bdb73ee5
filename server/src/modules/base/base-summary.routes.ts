import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { GridCodeParam } from '../territory/grid.schemas.js';
import { GridBaseSummarySchema } from './base-summary.schemas.js';
import { gridBaseSummary } from './base-summary.service.js';

export function baseSummaryRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/api/grids/:code/base-summary', {
    config: { permission: 'base.read' },
    schema: {
      tags: ['base information'],
      summary:
        "A grid's base information in numbers: persons by residency, households, buildings, key units and places, care and (responsible roles) watched persons, open disputes and hazards",
      params: GridCodeParam,
      response: { 200: GridBaseSummarySchema, ...standardErrors },
    },
    handler: (req) => gridBaseSummary(ctx, actorOf(req), req.params.code),
  });
}
