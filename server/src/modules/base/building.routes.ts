import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { ErrorSchema, pageParams, standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { auditContextOf } from '../audit/audit.js';
import { buildingView } from './building-view.js';
import {
  BuildingBody,
  BuildingDetailSchema,
  BuildingListQuery,
  BuildingPageSchema,
  BuildingRowSchema,
  BuildingUpdateBody,
  BuildingViewSchema,
  DwellingBody,
  DwellingListQuery,
  DwellingPageSchema,
  DwellingSchema,
  DwellingUpdateBody,
  IdParam,
} from './building.schemas.js';
import { createBuilding, createDwelling, getBuilding, getDwelling, listBuildings, listDwellings, updateBuilding, updateDwelling } from './building.service.js';
import { RentalBody, RentalSchema, RentalUpdateBody } from './rental.schemas.js';
import { createRental, updateRental } from './rental.service.js';
import { Type } from 'typebox';

export function buildingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['base information'];
  const writeErrors = { ...standardErrors, 409: ErrorSchema };

  r.get('/api/buildings', {
    config: { permission: 'base.read' },
    schema: {
      tags,
      summary: 'Buildings in your jurisdiction, by address code; filtered by division, grid, kind and text in the name or address',
      querystring: BuildingListQuery,
      response: { 200: BuildingPageSchema, ...standardErrors },
    },
    handler: (req) => listBuildings(ctx, actorOf(req), req.query, pageParams(req.query)),
  });
  r.post('/api/buildings', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Register a building, placed by its point (located to its grid) or a grid; the address code starts with that community’s code; 409 when taken',
      body: BuildingBody,
      response: { 201: BuildingRowSchema, ...writeErrors },
    },
    handler: async (req, reply) => reply.code(201).send(await createBuilding(ctx, auditContextOf(req), actorOf(req), req.body)),
  });
  r.get('/api/buildings/:id', {
    config: { permission: 'base.read' },
    schema: { tags, summary: 'A building and its history', params: IdParam, response: { 200: BuildingDetailSchema, ...standardErrors } },
    handler: (req) => getBuilding(ctx, actorOf(req), req.params.id),
  });
  r.patch('/api/buildings/:id', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Change a building; moving it (a new point, or a grid) or renumbering it carries its dwellings and what lies in them along',
      params: IdParam,
      body: BuildingUpdateBody,
      response: { 200: BuildingRowSchema, ...writeErrors },
    },
    handler: (req) => updateBuilding(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body),
  });
  r.get('/api/buildings/:id/view', {
    config: { permission: 'base.read' },
    schema: {
      tags,
      summary: '以房管人: the building’s units and rooms, who lives in each (masked), its households and rentals',
      params: IdParam,
      response: { 200: BuildingViewSchema, ...standardErrors },
    },
    handler: (req) => buildingView(ctx, actorOf(req), req.params.id),
  });
  r.post('/api/buildings/:id/dwellings', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Add a room to a building: its address code is the building’s, then unit and room; 409 when the unit has the room already',
      params: IdParam,
      body: DwellingBody,
      response: { 201: DwellingSchema, ...writeErrors },
    },
    handler: async (req, reply) => reply.code(201).send(await createDwelling(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body)),
  });
  r.get('/api/dwellings', {
    config: { permission: 'base.read' },
    schema: {
      tags,
      summary:
        'Dwellings (rooms) in your jurisdiction, by address code, each with its building: found across buildings by address code, or by building name, unit and room number',
      querystring: DwellingListQuery,
      response: { 200: DwellingPageSchema, ...standardErrors },
    },
    handler: (req) => listDwellings(ctx, actorOf(req), req.query, pageParams(req.query)),
  });
  r.get('/api/dwellings/:id', {
    config: { permission: 'base.read' },
    schema: {
      tags,
      summary: 'A dwelling and its history',
      params: IdParam,
      response: {
        200: Type.Object({ ...DwellingSchema.properties, history: BuildingDetailSchema.properties.history }, { title: 'DwellingDetail' }),
        ...standardErrors,
      },
    },
    handler: (req) => getDwelling(ctx, actorOf(req), req.params.id),
  });
  r.patch('/api/dwellings/:id', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Change a dwelling: use, owner, unit and room, rental flag',
      params: IdParam,
      body: DwellingUpdateBody,
      response: { 200: DwellingSchema, ...writeErrors },
    },
    handler: (req) => updateDwelling(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body),
  });
  r.post('/api/dwellings/:id/rentals', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Register a rental of a dwelling (出租房屋): landlord, contract, period, police check, tenants; the dwelling becomes let',
      params: IdParam,
      body: RentalBody,
      response: { 201: RentalSchema, ...writeErrors },
    },
    handler: async (req, reply) => reply.code(201).send(await createRental(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body)),
  });
  r.patch('/api/rentals/:id', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Change a rental: end it, record a police check, change tenants; the end of the last active rental clears the dwelling’s flag',
      params: IdParam,
      body: RentalUpdateBody,
      response: { 200: RentalSchema, ...writeErrors },
    },
    handler: (req) => updateRental(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body),
  });
}
