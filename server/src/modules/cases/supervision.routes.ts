import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { ErrorSchema, standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { auditContextOf } from '../audit/audit.js';
import { CaseSupervisionsSchema, SuperviseBody, SupervisionCaseParam } from './supervision.schemas.js';
import { caseSupervisions, supervise } from './supervision.service.js';

export function supervisionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['cases'];
  const config = { permission: 'case.supervise' as const };

  r.get('/api/cases/:id/supervisions', {
    config: { permission: 'case.read' },
    schema: {
      tags,
      summary: "A case's supervisions (督办), oldest first, and the level it shows",
      params: SupervisionCaseParam,
      response: { 200: CaseSupervisionsSchema, ...standardErrors },
    },
    handler: (req) => caseSupervisions(ctx, actorOf(req), req.params.id),
  });
  r.post('/api/cases/:id/supervisions', {
    config,
    schema: {
      tags,
      summary: 'Supervise a case in your jurisdiction (centres): normal, yellow or red, with an opinion; the lead unit is told. 409 for a finished case',
      params: SupervisionCaseParam,
      body: SuperviseBody,
      response: { 200: CaseSupervisionsSchema, ...standardErrors, 409: ErrorSchema },
    },
    handler: (req) => supervise(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body),
  });
}
