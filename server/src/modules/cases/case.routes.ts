// HTTP for cases: intake, the lists, the case page, and one route per workflow action. Each handler
// is one service call; the gate, the guards and the transaction are the service's.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { ErrorSchema, standardErrors } from '../../lib/http.js';
import type { Actor } from '../access/access.js';
import { actorOf } from '../access/authenticate.js';
import type { Permission } from '../access/roles.js';
import { type AuditContext, auditContextOf } from '../audit/audit.js';
import {
  CaseDetail,
  CaseIdParam,
  CaseList,
  CaseRequestParam,
  CaseUnits,
  DecisionBody,
  DispatchBody,
  ExtensionBody,
  FeedbackBody,
  ListCasesQuery,
  MergeBody,
  OpinionBody,
  ReasonBody,
  ReassignBody,
  ReassignResult,
  ReclassifyBody,
  RegisterBody,
  ReportBody,
  ReporterContact,
  ReturnBody,
  SelfResolveBody,
  SimilarCases,
  SimilarQuery,
  SuspensionBody,
  VerifyBody,
} from './case.schemas.js';
import type { CaseRow } from './case.store.js';
import * as actions from './case-actions.js';
import { reportCase, similarCases } from './case-intake.js';
import { caseUnits, getCase, listCases, presentCase, reporterContact } from './case-query.js';
import * as requests from './case-requests.js';

const writeErrors = { ...standardErrors, 409: ErrorSchema };

export function caseRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['cases'];
  const detail = (actor: Actor, c: CaseRow) => getCase(ctx, actor, c.id);

  r.post('/api/cases', {
    config: { permission: 'case.report' },
    schema: {
      tags,
      summary: 'Report a case: a point located to its grid (or a community), the matter; routed by the routing list, dispatched at once when its rule says so',
      body: ReportBody,
      response: { 201: CaseDetail, ...writeErrors },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      // The page of a new case from what intake wrote: nothing is read back.
      const reported = await reportCase(ctx, auditContextOf(req), actor, req.body);
      return reply.code(201).send(await presentCase(ctx, actor, reported.page));
    },
  });
  r.get('/api/cases', {
    config: { permission: 'case.read' },
    schema: {
      tags,
      summary: 'Cases in your scope: the dispatch desk, your unit’s cases, the overdue board, verification tasks',
      querystring: ListCasesQuery,
      response: { 200: CaseList, ...standardErrors },
    },
    handler: (req) => listCases(ctx, actorOf(req), req.query),
  });
  r.get('/api/cases/similar', {
    config: { permission: 'case.read' },
    schema: {
      tags,
      summary: 'Open cases of the same matter nearby: possible duplicates, before a report is submitted',
      querystring: SimilarQuery,
      response: { 200: SimilarCases, ...standardErrors },
    },
    handler: (req) => similarCases(ctx, actorOf(req), req.query),
  });
  r.post('/api/cases/reassign', {
    config: { permission: 'case.dispatch' },
    schema: {
      tags,
      summary: 'Bulk reassignment (centres): every open case one unit holds to another unit, or every open case of one grid to another grid',
      body: ReassignBody,
      response: { 200: ReassignResult, ...writeErrors },
    },
    handler: (req) => requests.reassign(ctx, auditContextOf(req), actorOf(req), req.body),
  });
  r.get('/api/cases/:id', {
    config: { permission: 'case.read' },
    schema: {
      tags,
      summary: 'The case page: timeline, units, requests, pauses, supervision, the routing suggestion',
      params: CaseIdParam,
      response: { 200: CaseDetail, ...standardErrors },
    },
    handler: (req) => getCase(ctx, actorOf(req), req.params.id),
  });
  r.get('/api/cases/:id/units', {
    config: { permission: 'case.read' },
    schema: {
      tags,
      summary: 'Handling units that serve the case’s area: whom a centre may dispatch to, whom a unit may name in a return',
      params: CaseIdParam,
      response: { 200: CaseUnits, ...standardErrors },
    },
    handler: (req) => caseUnits(ctx, actorOf(req), req.params.id),
  });
  r.get('/api/cases/:id/reporter', {
    config: { permission: 'case.dispatch' },
    schema: {
      tags,
      summary: 'A public reporter’s contact in full (centres; the read is audited)',
      params: CaseIdParam,
      response: { 200: ReporterContact, ...standardErrors },
    },
    handler: (req) => reporterContact(ctx, auditContextOf(req), actorOf(req), req.params.id),
  });

  /** One POST route per action: the case locked through the gate, the action, the case page back. */
  function action<B>(
    path: string,
    permission: Permission,
    summary: string,
    body: unknown,
    run: (s: actions.ActionScope, body: B, params: { id: string; requestId?: string }) => Promise<CaseRow>,
    params: unknown = CaseIdParam,
  ) {
    r.post(`/api/cases/:id/${path}`, {
      config: { permission },
      schema: {
        tags,
        summary,
        params: params as typeof CaseIdParam,
        ...(body ? { body: body as typeof OpinionBody } : {}),
        response: { 200: CaseDetail, ...writeErrors },
      },
      handler: async (req) => {
        const actor = actorOf(req);
        const audit: AuditContext = auditContextOf(req);
        const p = req.params as { id: string; requestId?: string };
        const c = await actions.onCase(ctx, audit, actor, p.id, (s) => run(s, (req.body ?? {}) as B, p));
        return detail(actor, c);
      },
    });
  }

  action('accept', 'case.dispatch', 'Accept a report (centre)', OpinionBody, actions.accept);
  action('reject', 'case.dispatch', 'Refuse a report, with the reason (centre): it is cancelled', ReasonBody, actions.reject);
  action('register', 'case.dispatch', 'Register against the published matter list (centre)', RegisterBody, actions.register);
  action(
    'dispatch',
    'case.dispatch',
    'Dispatch to the units the routing list names, or to others with a reason (centre; grid staff 403)',
    DispatchBody,
    actions.dispatch,
  );
  action('claim', 'case.handle', 'Claim a case dispatched to your unit (the lead unit’s claim starts the handling clock)', null, (s) => actions.claim(s));
  action(
    'feedback',
    'case.handle',
    'Feed back the result with evidence; the lead unit’s feedback sends the case for verification',
    FeedbackBody,
    actions.feedback,
  );
  action('verify', 'case.verify', 'Verify the result on site: passed closes the case, failed sends it back as rework', VerifyBody, actions.verify);
  action('self-resolve', 'case.verify', 'Resolved on the spot by the grid worker, with photos before and after', SelfResolveBody, actions.selfResolve);
  action('return-requests', 'case.handle', 'Ask to return the case: must name the unit that is responsible', ReturnBody, requests.requestReturn);
  action('extension-requests', 'case.handle', 'Ask for a later due time (lead unit)', ExtensionBody, requests.requestExtension);
  action(
    'suspension-requests',
    'case.handle',
    'Ask to suspend (挂账) the case (lead unit): the clock stops once approved',
    SuspensionBody,
    requests.requestSuspension,
  );
  action(
    'requests/:requestId/decision',
    'case.dispatch',
    'Decide a return, extension or suspension request (centre)',
    DecisionBody,
    (s, body: { approve: boolean; opinion?: string; leadUnitId?: string }, p) => requests.decideRequest(s, p.requestId as string, body),
    CaseRequestParam,
  );
  action('resume', 'case.dispatch', 'End a suspension: the clock runs again, the paused time kept out', OpinionBody, requests.resume);
  action('escalate', 'case.dispatch', 'Escalate to the next centre up (town → district → city)', ReasonBody, actions.escalate);
  action('cancel', 'case.dispatch', 'Cancel an open case, with the reason (centre)', ReasonBody, actions.cancel);
  action(
    'reclassify',
    'case.dispatch',
    'Change the matter: the case is routed again, its clock recounted with the paused time kept',
    ReclassifyBody,
    actions.reclassify,
  );
  action('merge', 'case.dispatch', 'Merge this duplicate into another open case; its reporter follows that case', MergeBody, actions.merge);
  action('archive', 'case.dispatch', 'Archive a closed case', null, (s) => actions.archive(s));
}
