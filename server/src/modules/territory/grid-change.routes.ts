import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { ErrorSchema, pageParams, standardErrors } from '../../lib/http.js';
import { actorOf } from '../access/authenticate.js';
import { auditContextOf } from '../audit/audit.js';
import {
  ApproveBody,
  ApproveResult,
  ChangeIdParam,
  ChangeListQuery,
  DecisionBody,
  GridChangeDetail,
  GridChangePage,
  GridChangeSchema,
  ProposeBody,
  ReviseBody,
} from './grid-change.schemas.js';
import { approveChange, getChange, listChanges, proposeChange, rejectChange, reviseChange, submitChange, withdrawChange } from './grid-change.service.js';

const invalid = () =>
  new AppError(409, 'grid_change_invalid', 'The change has validation problems; see its validation report.', '该变更未通过校验，请查看校验结果。', 'items');

export function gridChangeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['grids'];
  const propose = { permission: 'grid.propose' as const };
  const approve = { permission: 'grid.approve' as const };
  const errs = { ...standardErrors, 409: ErrorSchema };

  r.get('/api/grid-changes', {
    config: { permission: 'grid.read' },
    schema: {
      tags,
      summary: 'Grid changes in your jurisdiction, newest first',
      querystring: ChangeListQuery,
      response: { 200: GridChangePage, ...standardErrors },
    },
    handler: (req) => listChanges(ctx, actorOf(req), req.query, pageParams(req.query)),
  });
  r.get('/api/grid-changes/:id', {
    config: { permission: 'grid.read' },
    schema: {
      tags,
      summary: 'One change with its validation and the grids it replaces (before and after)',
      params: ChangeIdParam,
      response: { 200: GridChangeDetail, ...standardErrors },
    },
    handler: (req) => getChange(ctx, actorOf(req), req.params.id),
  });
  r.post('/api/grid-changes', {
    config: propose,
    schema: {
      tags,
      summary: 'Propose a change (district or town centre); it is validated and kept as a draft',
      body: ProposeBody,
      response: { 201: GridChangeSchema, ...errs },
    },
    handler: async (req, reply) => reply.code(201).send(await proposeChange(ctx, auditContextOf(req), actorOf(req), req.body)),
  });
  r.put('/api/grid-changes/:id', {
    config: propose,
    schema: {
      tags,
      summary: 'Replace a draft change; it is validated again',
      params: ChangeIdParam,
      body: ReviseBody,
      response: { 200: GridChangeSchema, ...errs },
    },
    handler: (req) => reviseChange(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body),
  });
  r.post('/api/grid-changes/:id/submit', {
    config: propose,
    schema: {
      tags,
      summary: 'Submit a draft for the city centre; refused (409) while validation finds problems',
      params: ChangeIdParam,
      response: { 200: GridChangeSchema, ...errs },
    },
    handler: async (req) => {
      const result = await submitChange(ctx, auditContextOf(req), actorOf(req), req.params.id);
      if (!result.ok) throw invalid();
      return result.change;
    },
  });
  r.post('/api/grid-changes/:id/withdraw', {
    config: propose,
    schema: { tags, summary: 'Withdraw a draft or submitted change', params: ChangeIdParam, response: { 200: GridChangeSchema, ...errs } },
    handler: (req) => withdrawChange(ctx, auditContextOf(req), actorOf(req), req.params.id),
  });
  r.post('/api/grid-changes/:id/approve', {
    config: approve,
    schema: {
      tags,
      summary: 'Approve (city centre): new versions take effect, new codes are issued, old ones retired',
      params: ChangeIdParam,
      body: ApproveBody,
      response: { 200: ApproveResult, ...errs },
    },
    handler: async (req) => {
      const result = await approveChange(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body.reason);
      if (!result.ok) throw invalid();
      return { change: result.change, issued: result.issued, retired: result.retired };
    },
  });
  r.post('/api/grid-changes/:id/reject', {
    config: approve,
    schema: { tags, summary: 'Reject (city centre), with a reason', params: ChangeIdParam, body: DecisionBody, response: { 200: GridChangeSchema, ...errs } },
    handler: (req) => rejectChange(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body.reason),
  });
}
