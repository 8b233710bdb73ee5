import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { ErrorSchema, standardErrors } from '../../lib/http.js';
import { auditContextOf } from '../audit/audit.js';
import { SESSION_COOKIE, actorOf } from './authenticate.js';
import { ApiToken, ApiTokenBody, LoginBody, LoginResponse, Me, NewApiToken, PasswordChangeBody } from './auth.schemas.js';
import { changePassword, createApiToken, login, logout, myApiTokens, revokeApiToken } from './auth.service.js';
import { presentMe } from './me.js';
import { UuidParam } from './user.schemas.js';

export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['access'];

  r.post('/api/auth/login', {
    config: { public: true },
    schema: {
      tags,
      summary: 'Sign in with username and password; sets the session cookie',
      body: LoginBody,
      response: { 200: LoginResponse, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema, 423: ErrorSchema },
    },
    handler: async (req, reply) => {
      const result = await login(ctx, auditContextOf(req), req.body.username, req.body.password, req.headers['user-agent'] ?? null);
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.config.cookieSecure,
        signed: true,
        // The browser may keep it for the longest a session can live; the server enforces the idle limit.
        maxAge: ctx.config.sessionMaxHours * 3600,
      });
      return { me: await presentMe(ctx.db, result.userId) };
    },
  });

  r.post('/api/auth/logout', {
    config: { beforePasswordChange: true },
    schema: { tags, summary: 'End this session', response: { 204: Type.Null(), ...standardErrors } },
    handler: async (req, reply) => {
      await logout(ctx, auditContextOf(req), actorOf(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  });

  r.get('/api/me', {
    config: { beforePasswordChange: true },
    schema: { tags, summary: 'Who am I: role, permissions, jurisdiction', response: { 200: Me, ...standardErrors } },
    handler: (req) => presentMe(ctx.db, actorOf(req).userId),
  });

  r.post('/api/me/password', {
    config: { beforePasswordChange: true },
    schema: { tags, summary: 'Change my password; signs out my other sessions', body: PasswordChangeBody, response: { 204: Type.Null(), ...standardErrors } },
    handler: async (req, reply) => {
      await changePassword(ctx, auditContextOf(req), actorOf(req), req.body.currentPassword, req.body.newPassword);
      return reply.code(204).send(null);
    },
  });

  r.get('/api/me/tokens', {
    schema: { tags, summary: 'My API tokens (for machine clients)', response: { 200: Type.Object({ items: Type.Array(ApiToken) }), ...standardErrors } },
    handler: async (req) => ({ items: (await myApiTokens(ctx, actorOf(req))).map(isoDates) }),
  });

  r.post('/api/me/tokens', {
    schema: {
      tags,
      summary: 'Issue an API token; the secret is shown only in this answer',
      body: ApiTokenBody,
      response: { 201: NewApiToken, ...standardErrors },
    },
    handler: async (req, reply) => {
      const created = await createApiToken(ctx, auditContextOf(req), actorOf(req), req.body.name, req.body.expiresInDays);
      return reply.code(201).send(isoDates(created));
    },
  });

  r.delete('/api/me/tokens/:id', {
    schema: { tags, summary: 'Revoke one of my API tokens', params: UuidParam, response: { 204: Type.Null(), ...standardErrors } },
    handler: async (req, reply) => {
      await revokeApiToken(ctx, auditContextOf(req), actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });
}

function isoDates<T extends Record<string, unknown>>(o: T): { [K in keyof T]: T[K] extends Date ? string : T[K] } {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])) as never;
}
