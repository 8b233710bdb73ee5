import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { pageParams, standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { TILE_MEDIA_TYPE, tileAddress } from './grid-tiles.js';
import {
  ExportQuery,
  GridCard,
  GridCodeParam,
  GridCollection,
  GridListQuery,
  GridPage,
  LocateQuery,
  LocateResult,
  TileParams,
  TileResponses,
} from './grid.schemas.js';
import { exportGrids, gridCard, locate, searchGrids } from './grid.service.js';

export function gridRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['grids'];
  const config = { permission: 'grid.read' as const };

  r.get('/api/grids', {
    config,
    schema: {
      tags,
      summary: 'Current grids you may see, searchable by code, name or place',
      querystring: GridListQuery,
      response: { 200: GridPage, ...standardErrors },
    },
    handler: (req) => searchGrids(ctx, actorOf(req), req.query, pageParams(req.query)),
  });

  r.get('/api/grids/locate', {
    config,
    schema: {
      tags,
      summary: 'Which micro, basic and dedicated grid, community, town and district hold a point (now, or at a past moment)',
      querystring: LocateQuery,
      response: { 200: LocateResult, ...standardErrors },
    },
    handler: (req) => locate(ctx, actorOf(req), req.query),
  });

  r.get('/api/grids/export', {
    config,
    schema: { tags, summary: 'Current grids under a division as GeoJSON', querystring: ExportQuery, response: { 200: GridCollection, ...standardErrors } },
    handler: (req) => exportGrids(ctx, actorOf(req), req.query.divisionCode, req.query.kind),
  });

  r.get('/api/grids/tiles/:z/:x/:y', {
    config,
    schema: {
      tags,
      summary: 'The current grids you may see as a vector tile, for the map (XYZ scheme, Web Mercator)',
      params: TileParams,
      response: { ...TileResponses, ...standardErrors },
    },
    handler: async (req, reply) => {
      const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
      const answer = await ctx.gridTiles.tile(actorOf(req), tileAddress(req.params), req.headers['if-none-match'], gzip);
      reply.header('cache-control', 'private, no-cache').header('etag', answer.etag).header('vary', 'accept-encoding');
      if (answer.status !== 200) return reply.code(answer.status).send(null);
      if (answer.gzip) reply.header('content-encoding', 'gzip');
      return reply.type(TILE_MEDIA_TYPE).send(answer.body);
    },
  });

  r.get('/api/grids/:code', {
    config,
    schema: {
      tags,
      summary: 'The grid card: place in the tree, team, boundary and history',
      params: GridCodeParam,
      response: { 200: GridCard, ...standardErrors },
    },
    handler: (req) => gridCard(ctx, actorOf(req), req.params.code),
  });
}
