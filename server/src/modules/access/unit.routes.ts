import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { ErrorSchema, standardErrors } from '../../lib/http.js';
import { auditContextOf } from '../audit/audit.js';
import { actorOf } from './authenticate.js';
import { CreateUnitBody, UnitIdParam, UnitListQuery, UnitListSchema, UnitSchema, UpdateUnitBody } from './unit.schemas.js';
import { createUnit, listUnits, updateUnit } from './unit.service.js';

export function unitRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['access'];
  const manage = { permission: 'unit.manage' as const };
  const writeErrors = { ...standardErrors, 409: ErrorSchema };

  r.get('/api/units', {
    config: { permission: 'unit.read' },
    schema: {
      tags,
      summary: 'Handling units you may see: those of your jurisdiction and the divisions above it; a unit sees itself and its sub-units',
      querystring: UnitListQuery,
      response: { 200: UnitListSchema, ...standardErrors },
    },
    handler: (req) => listUnits(ctx, actorOf(req), req.query),
  });
  r.post('/api/units', {
    config: manage,
    schema: {
      tags,
      summary:
        'Register a handling unit in your jurisdiction: department (city, district), subUnit (under a parent), centre (one per city, district or town), townOffice (town), socialOrganisation (Art. 6)',
      body: CreateUnitBody,
      response: { 201: UnitSchema, ...writeErrors },
    },
    handler: async (req, reply) => reply.code(201).send(await createUnit(ctx, auditContextOf(req), actorOf(req), req.body)),
  });
  r.put('/api/units/:id', {
    config: manage,
    schema: {
      tags,
      summary: 'Rename, disable or enable a unit of your jurisdiction, or move a sub-unit under another parent; a unit above your division is 403',
      params: UnitIdParam,
      body: UpdateUnitBody,
      response: { 200: UnitSchema, ...standardErrors },
    },
    handler: (req) => updateUnit(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body),
  });
}
