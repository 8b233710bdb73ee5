import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { ErrorSchema, standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { auditContextOf } from '../audit/audit.js';
import { analyseRules } from './routing.analysis.js';
import {
  AnalysisSchema,
  CreateRuleBody,
  ResolveQuery,
  ResolveSchema,
  RuleIdParam,
  RuleListQuery,
  RuleListSchema,
  RuleSchema,
  UpdateRuleBody,
} from './routing.schemas.js';
import { createRule, deleteRule, listRules, resolveRule, updateRule } from './routing.service.js';

export function routingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['routing'];
  const read = { permission: 'routing.read' as const };
  const manage = { permission: 'routing.manage' as const };

  r.get('/api/routing-rules', {
    config: read,
    schema: {
      tags,
      summary: 'The linkage disposal list (Art. 14): the rules that apply in your area (its own, those inside it and those above it)',
      querystring: RuleListQuery,
      response: { 200: RuleListSchema, ...standardErrors },
    },
    handler: (req) => listRules(ctx, actorOf(req), req.query),
  });
  r.get('/api/routing-rules/analysis', {
    config: read,
    schema: {
      tags,
      summary: 'Gaps (a published matter with no owner in some area of yours) and conflicts (rules that cannot apply as written)',
      response: { 200: AnalysisSchema, ...standardErrors },
    },
    handler: (req) => analyseRules(ctx, actorOf(req)),
  });
  r.get('/api/routing-rules/resolve', {
    config: read,
    schema: {
      tags,
      summary: 'The rule that applies to a matter in a community (the most specific scope wins), and the due time of each step from now',
      querystring: ResolveQuery,
      response: { 200: ResolveSchema, ...standardErrors },
    },
    handler: (req) => resolveRule(ctx, actorOf(req), req.query),
  });
  r.post('/api/routing-rules', {
    config: manage,
    schema: {
      tags,
      summary: 'Write the rule for a matter in the city, a district or a town; 409 when that matter and scope has one',
      body: CreateRuleBody,
      response: { 201: RuleSchema, ...standardErrors, 409: ErrorSchema },
    },
    handler: async (req, reply) => reply.code(201).send(await createRule(ctx, auditContextOf(req), actorOf(req), req.body)),
  });
  r.put('/api/routing-rules/:id', {
    config: manage,
    schema: {
      tags,
      summary: 'Change a rule (units, post, limits, closing conditions, auto-dispatch); a rule above your area is 403',
      params: RuleIdParam,
      body: UpdateRuleBody,
      response: { 200: RuleSchema, ...standardErrors },
    },
    handler: (req) => updateRule(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body),
  });
  r.delete('/api/routing-rules/:id', {
    config: manage,
    schema: { tags, summary: 'Delete a rule; a rule above your area is 403', params: RuleIdParam, response: { 204: Type.Null(), ...standardErrors } },
    handler: async (req, reply) => {
      await deleteRule(ctx, auditContextOf(req), actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });
}
