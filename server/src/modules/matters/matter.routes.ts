import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { ErrorSchema, standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { auditContextOf } from '../audit/audit.js';
import {
  CodeParam,
  CreateListBody,
  ListIdParam,
  ListMatterParam,
  MatterBody,
  MatterListSchema,
  MatterListsSchema,
  MatterUpdateBody,
  PublicMatterDetailSchema,
  PublicMatterListSchema,
} from './matter.schemas.js';
import { addMatter, createDraft, getList, listVersions, publicMatter, publicMatters, publishList, removeMatter, updateMatter } from './matter.service.js';

export function matterRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['matters'];
  const read = { permission: 'matter.read' as const };
  const manage = { permission: 'matter.manage' as const };
  const writeErrors = { ...standardErrors, 409: ErrorSchema };

  r.get('/api/matter-lists', {
    config: read,
    schema: { tags, summary: "The versions of your city's grid matter list (Art. 12), newest first", response: { 200: MatterListsSchema, ...standardErrors } },
    handler: (req) => listVersions(ctx, actorOf(req)),
  });
  r.get('/api/matter-lists/:id', {
    config: read,
    schema: { tags, summary: 'One version of the matter list with its matters', params: ListIdParam, response: { 200: MatterListSchema, ...standardErrors } },
    handler: (req) => getList(ctx, actorOf(req), req.params.id),
  });
  r.post('/api/matter-lists', {
    config: manage,
    schema: {
      tags,
      summary: 'Draft the next version (city centre): a copy of the published list; 409 when a draft exists',
      body: CreateListBody,
      response: { 200: MatterListSchema, ...writeErrors },
    },
    handler: (req) => createDraft(ctx, auditContextOf(req), actorOf(req), req.body.note),
  });
  r.post('/api/matter-lists/:id/matters', {
    config: manage,
    schema: {
      tags,
      summary: 'Add a matter to a draft; licensing, penalty and enforcement matters are refused (Art. 12); a published list is frozen (409)',
      params: ListIdParam,
      body: MatterBody,
      response: { 200: MatterListSchema, ...writeErrors },
    },
    handler: (req) => addMatter(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body),
  });
  r.put('/api/matter-lists/:id/matters/:code', {
    config: manage,
    schema: {
      tags,
      summary: "Change a draft's matter (its code stays); a published list is frozen (409)",
      params: ListMatterParam,
      body: MatterUpdateBody,
      response: { 200: MatterListSchema, ...writeErrors },
    },
    handler: (req) => updateMatter(ctx, auditContextOf(req), actorOf(req), req.params.id, req.params.code, req.body),
  });
  r.delete('/api/matter-lists/:id/matters/:code', {
    config: manage,
    schema: {
      tags,
      summary: 'Remove a matter from a draft; a published list is frozen (409)',
      params: ListMatterParam,
      response: { 204: Type.Null(), ...writeErrors },
    },
    handler: async (req, reply) => {
      await removeMatter(ctx, auditContextOf(req), actorOf(req), req.params.id, req.params.code);
      return reply.code(204).send(null);
    },
  });
  r.post('/api/matter-lists/:id/publish', {
    config: manage,
    schema: {
      tags,
      summary: 'Publish a draft: the version published before is superseded; 409 when empty or not a draft',
      params: ListIdParam,
      response: { 200: MatterListSchema, ...writeErrors },
    },
    handler: (req) => publishList(ctx, auditContextOf(req), actorOf(req), req.params.id),
  });

  // Public, no sign-in: the list is published to society (Art. 12 向社会公布).
  r.get('/api/public/matters', {
    config: { public: true },
    schema: {
      tags,
      summary: "The city's published grid matter list (no sign-in)",
      response: { 200: PublicMatterListSchema, 400: ErrorSchema, 404: ErrorSchema },
    },
    handler: () => publicMatters(ctx),
  });
  r.get('/api/public/matters/:code', {
    config: { public: true },
    schema: {
      tags,
      summary: 'One matter of the published list (no sign-in)',
      params: CodeParam,
      response: { 200: PublicMatterDetailSchema, 400: ErrorSchema, 404: ErrorSchema },
    },
    handler: (req) => publicMatter(ctx, req.params.code),
  });
}
