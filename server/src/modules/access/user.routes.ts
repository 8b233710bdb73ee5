import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { pageParams, standardErrors } from '../../lib/http.js';
import { ErrorSchema } from '../../lib/http.js';
import { auditContextOf } from '../audit/audit.js';
import { actorOf } from './authenticate.js';
import { CreateUserBody, ResetPasswordBody, UpdateUserBody, UserDetail, UserListQuery, UserPage, UuidParam } from './user.schemas.js';
import { createUser, getUser, listVisibleUsers, resetPassword, unlockUser, updateUser } from './user.service.js';

export function userRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['access'];
  const read = { permission: 'user.read' as const };
  const manage = { permission: 'user.manage' as const };
  const errorsWithConflict = { ...standardErrors, 409: ErrorSchema };

  r.get('/api/users', {
    config: read,
    schema: { tags, summary: 'Accounts in your jurisdiction (phones masked)', querystring: UserListQuery, response: { 200: UserPage, ...standardErrors } },
    handler: (req) => listVisibleUsers(ctx, actorOf(req), req.query, pageParams(req.query)),
  });

  r.get('/api/users/:id', {
    config: read,
    schema: { tags, summary: 'One account in full; reading the phone is audited', params: UuidParam, response: { 200: UserDetail, ...standardErrors } },
    handler: (req) => getUser(ctx, auditContextOf(req), actorOf(req), req.params.id),
  });

  r.post('/api/users', {
    config: manage,
    schema: {
      tags,
      summary: 'Create an account in your jurisdiction, at or below your level',
      body: CreateUserBody,
      response: { 201: UserDetail, ...errorsWithConflict },
    },
    handler: async (req, reply) => reply.code(201).send(await createUser(ctx, auditContextOf(req), actorOf(req), req.body)),
  });

  r.patch('/api/users/:id', {
    config: manage,
    schema: {
      tags,
      summary: 'Change an account: name, phone, grids, disabled',
      params: UuidParam,
      body: UpdateUserBody,
      response: { 200: UserDetail, ...standardErrors },
    },
    handler: (req) => updateUser(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body),
  });

  r.post('/api/users/:id/unlock', {
    config: manage,
    schema: { tags, summary: 'Lift a lockout after failed logins', params: UuidParam, response: { 204: Type.Null(), ...standardErrors } },
    handler: async (req, reply) => {
      await unlockUser(ctx, auditContextOf(req), actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });

  r.post('/api/users/:id/password', {
    config: manage,
    schema: {
      tags,
      summary: 'Set a temporary password; the user must change it at next sign-in',
      params: UuidParam,
      body: ResetPasswordBody,
      response: { 204: Type.Null(), ...standardErrors },
    },
    handler: async (req, reply) => {
      await resetPassword(ctx, auditContextOf(req), actorOf(req), req.params.id, req.body.password);
      return reply.code(204).send(null);
    },
  });
}
