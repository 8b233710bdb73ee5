import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { ErrorSchema, pageParams, standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { auditContextOf } from '../audit/audit.js';
import { IdParam } from './base-schemas.js';
import {
  MemberBody,
  OrganisationBody,
  OrganisationDetailSchema,
  OrganisationListQuery,
  OrganisationPageSchema,
  OrganisationPeopleSchema,
  OrganisationRevealBody,
  OrganisationSchema,
  OrganisationUpdateBody,
} from './organisation.schemas.js';
import {
  addOrganisationPerson,
  createOrganisation,
  getOrganisation,
  listOrganisations,
  revealOrganisation,
  updateOrganisation,
} from './organisation.service.js';
import { RevealSchema } from './person.schemas.js';

export function organisationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['base information'];
  const writeErrors = { ...standardErrors, 409: ErrorSchema };

  r.get('/api/organisations', {
    config: { permission: 'base.read' },
    schema: {
      tags,
      summary: 'Organisations, key units and key places in your jurisdiction; contact phones masked',
      querystring: OrganisationListQuery,
      response: { 200: OrganisationPageSchema, ...standardErrors },
    },
    handler: (req) => listOrganisations(ctx, actorOf(req), req.query, pageParams(req.query)),
  });
  r.post('/api/organisations', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Register an organisation: credit code checked (GB 32100) and unique (409), phones encrypted, placed by point or grid',
      body: OrganisationBody,
      response: { 201: OrganisationSchema, ...writeErrors },
    },
    handler: async (req, reply) => reply.code(201).send(await createOrganisation(ctx, auditContextOf(req), actorOf(req), req.body)),
  });
  r.get('/api/organisations/:id', {
    config: { permission: 'base.read' },
    schema: {
      tags,
      summary: 'An organisation with its people (masked) and its history',
      params: IdParam,
      response: { 200: OrganisationDetailSchema, ...standardErrors },
    },
    handler: (req) => getOrganisation(ctx, actorOf(req), req.params.id),
  });
  r.patch('/api/organisations/:id', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Change an organisation; a stale version gets 409; the change is kept in its history',
      params: IdParam,
      body: OrganisationUpdateBody,
      response: { 200: OrganisationSchema, ...writeErrors },
    },
    handler: (req) => updateOrganisation(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body),
  });
  r.post('/api/organisations/:id/people', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Link a person you find to the organisation (employee, legal representative …); linking twice changes nothing',
      params: IdParam,
      body: MemberBody,
      response: { 200: OrganisationPeopleSchema, ...standardErrors },
    },
    handler: (req) => addOrganisationPerson(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body),
  });
  r.post('/api/organisations/:id/reveal', {
    config: { permission: 'base.reveal' },
    schema: {
      tags,
      summary: 'Show a contact phone in full (Art. 10): needs the permission and a reason, and leaves an audit row',
      params: IdParam,
      body: OrganisationRevealBody,
      response: { 200: RevealSchema, ...standardErrors },
    },
    handler: (req) => revealOrganisation(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body.field, req.body.reason),
  });
}
