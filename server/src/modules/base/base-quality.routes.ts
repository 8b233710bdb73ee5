import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { pageParams, standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { DuplicatesQuery, DuplicatesSchema, QualityQuery, QualitySchema, RegriddedQuery, RegriddedSchema } from './base-quality.schemas.js';
import { baseDuplicates, baseQuality, baseRegridded } from './base-quality.service.js';

export function baseQualityRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['base information'];
  const config = { permission: 'base.quality' as const };
  r.get('/api/base-quality', {
    config,
    schema: {
      tags,
      summary: 'Data quality in your jurisdiction: complete households per grid (a page of grids), duplicates and re-gridded records in numbers',
      querystring: QualityQuery,
      response: { 200: QualitySchema, ...standardErrors },
    },
    handler: (req) => baseQuality(ctx, actorOf(req), req.query, pageParams(req.query)),
  });
  r.get('/api/base-quality/duplicates', {
    config,
    schema: {
      tags,
      summary: 'Persons in two or more households, or sharing a name and birth date in a community where one has no ID number: groups of masked persons',
      querystring: DuplicatesQuery,
      response: { 200: DuplicatesSchema, ...standardErrors },
    },
    handler: (req) => baseDuplicates(ctx, actorOf(req), req.query, pageParams(req.query)),
  });
  r.get('/api/base-quality/regridded', {
    config,
    schema: {
      tags,
      summary: 'Base records an approved grid change moved to another grid, and those it left for manual assignment',
      querystring: RegriddedQuery,
      response: { 200: RegriddedSchema, ...standardErrors },
    },
    handler: (req) => baseRegridded(ctx, actorOf(req), req.query, pageParams(req.query)),
  });
}
