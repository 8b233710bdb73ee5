import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { ErrorSchema, pageParams, standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { auditContextOf } from '../audit/audit.js';
import {
  HouseholdBody,
  HouseholdDetailSchema,
  HouseholdIdParam,
  HouseholdListQuery,
  HouseholdPageSchema,
  HouseholdRowSchema,
  HouseholdUpdateBody,
  MemberBody,
  MemberParam,
} from './household.schemas.js';
import { addMember, createHousehold, getHousehold, listHouseholds, removeMember, updateHousehold } from './household.service.js';

export function householdRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['base information'];
  const writeErrors = { ...standardErrors, 409: ErrorSchema };

  r.get('/api/households', {
    config: { permission: 'base.read' },
    schema: {
      tags,
      summary: 'Households in your jurisdiction, by number; q finds the start of a number or of the head’s name',
      querystring: HouseholdListQuery,
      response: { 200: HouseholdPageSchema, ...standardErrors },
    },
    handler: (req) => listHouseholds(ctx, actorOf(req), req.query, pageParams(req.query)),
  });
  r.post('/api/households', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Register a household with its head; 409 when the number is taken or the head is in another household (unless move)',
      body: HouseholdBody,
      response: { 201: HouseholdRowSchema, ...writeErrors },
    },
    handler: async (req, reply) => reply.code(201).send(await createHousehold(ctx, auditContextOf(req), actorOf(req), req.body)),
  });
  r.get('/api/households/:id', {
    config: { permission: 'base.read' },
    schema: {
      tags,
      summary: 'A household: dwelling, members (masked), history',
      params: HouseholdIdParam,
      response: { 200: HouseholdDetailSchema, ...standardErrors },
    },
    handler: (req) => getHousehold(ctx, actorOf(req), req.params.id),
  });
  r.patch('/api/households/:id', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Change a household: number, kind, dwelling or grid, head (a member)',
      params: HouseholdIdParam,
      body: HouseholdUpdateBody,
      response: { 200: HouseholdRowSchema, ...writeErrors },
    },
    handler: (req) => updateHousehold(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body),
  });
  r.post('/api/households/:id/members', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Add a member (or change their relation); a person in another household needs move, and leaves it',
      params: HouseholdIdParam,
      body: MemberBody,
      response: { 200: HouseholdDetailSchema, ...writeErrors },
    },
    handler: (req) => addMember(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body),
  });
  r.delete('/api/households/:id/members/:personId', {
    config: { permission: 'base.write' },
    schema: { tags, summary: 'Remove a member (not the head)', params: MemberParam, response: { 200: HouseholdDetailSchema, ...standardErrors } },
    handler: (req) => removeMember(ctx, auditContextOf(req), actorOf(req), req.params.id, req.params.personId),
  });
}
