import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { ErrorSchema, pageParams, standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { auditContextOf } from '../audit/audit.js';
import {
  PersonBody,
  PersonIdParam,
  PersonListQuery,
  PersonPageSchema,
  PersonProfileSchema,
  PersonRowSchema,
  PersonUpdateBody,
  RevealBody,
  RevealSchema,
} from './person.schemas.js';
import { createPerson, getPerson, listPersons, revealPerson, updatePerson } from './person.service.js';

export function personRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['base information'];
  const writeErrors = { ...standardErrors, 409: ErrorSchema };

  r.get('/api/persons', {
    config: { permission: 'base.read' },
    schema: {
      tags,
      summary: 'Persons in your jurisdiction, masked; q finds a name (or its pinyin initials), an ID number, a phone or an address',
      querystring: PersonListQuery,
      response: { 200: PersonPageSchema, ...standardErrors },
    },
    handler: (req) => listPersons(ctx, actorOf(req), req.query, pageParams(req.query)),
  });
  r.post('/api/persons', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Register a person: ID number checked (GB 11643), birth date and sex derived, personal values encrypted; 409 when the ID number is registered',
      body: PersonBody,
      response: { 201: PersonRowSchema, ...writeErrors },
    },
    handler: async (req, reply) => reply.code(201).send(await createPerson(ctx, auditContextOf(req), actorOf(req), req.body)),
  });
  r.get('/api/persons/:id', {
    config: { permission: 'base.read' },
    schema: {
      tags,
      summary: "A person's profile: household, dwelling, organisations, care and (for the responsible roles) watch records, history; the read is audited",
      params: PersonIdParam,
      response: { 200: PersonProfileSchema, ...standardErrors },
    },
    handler: (req) => getPerson(ctx, auditContextOf(req), actorOf(req), req.params.id),
  });
  r.patch('/api/persons/:id', {
    config: { permission: 'base.write' },
    schema: {
      tags,
      summary: 'Change a person: the whole record is checked again; the change is kept in its history',
      params: PersonIdParam,
      body: PersonUpdateBody,
      response: { 200: PersonRowSchema, ...writeErrors },
    },
    handler: (req) => updatePerson(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body),
  });
  r.post('/api/persons/:id/reveal', {
    config: { permission: 'base.reveal' },
    schema: {
      tags,
      summary: 'Show one full personal value (Art. 10): needs the permission and a reason, and leaves an audit row',
      params: PersonIdParam,
      body: RevealBody,
      response: { 200: RevealSchema, ...standardErrors },
    },
    handler: (req) => revealPerson(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body.field, req.body.reason),
  });
}
