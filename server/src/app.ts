// Builds the Fastify app: plugins, the authentication gate, every module's routes, the error
// handler and the console. A request runs: authenticate (401/403) → validate (400) → handler →
// service (jurisdiction: 404; transaction with its audit row) → presenter → response schema.
import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { AppContext } from './context.js';
import { serverRoot } from './db/client.js';
import { AppError, errors } from './lib/errors.js';
import { Strict } from './lib/http.js';
import { loggableError } from './lib/loggable-error.js';
import { validationError } from './lib/validation-error.js';
import { authRoutes } from './modules/access/auth.routes.js';
import { attachmentRoutes } from './modules/attachments/attachment.routes.js';
import { registerAuthentication, SESSION_COOKIE } from './modules/access/authenticate.js';
import { unitRoutes } from './modules/access/unit.routes.js';
import { userRoutes } from './modules/access/user.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { calendarRoutes } from './modules/calendar/calendar.routes.js';
import { caseRoutes } from './modules/cases/case.routes.js';
import { notificationRoutes } from './modules/cases/notification.routes.js';
import { supervisionRoutes } from './modules/cases/supervision.routes.js';
import { routingRoutes } from './modules/cases/routing.routes.js';
import { exportRoutes, importRoutes } from './modules/base/import.routes.js';

import { buildingRoutes } from './modules/base/building.routes.js';
import { householdRoutes } from './modules/base/household.routes.js';
import { personRoutes } from './modules/base/person.routes.js';
import { baseQualityRoutes } from './modules/base/base-quality.routes.js';
import { baseSummaryRoutes } from './modules/base/base-summary.routes.js';

import { organisationRoutes } from './modules/base/organisation.routes.js';
import { watchedRoutes } from './modules/base/watched.routes.js';
import { careRoutes } from './modules/base/care.routes.js';
import { disputeRoutes } from './modules/base/dispute.routes.js';
import { hazardRoutes } from './modules/base/hazard.routes.js';
import { grantRoutes } from './modules/base/grant.routes.js';
import { matterRoutes } from './modules/matters/matter.routes.js';
import { OPEN311_PREFIX, formatOfUrl, open311Routes, sendErrors } from './modules/open311/open311.routes.js';
import { open311Errors } from './modules/open311/open311.presenter.js';
import { systemRoutes } from './modules/system/system.routes.js';
import { divisionRoutes } from './modules/territory/division.routes.js';
import { gridChangeRoutes } from './modules/territory/grid-change.routes.js';
import { gridImportRoutes } from './modules/territory/grid-import.js';
import { gridTeamRoutes } from './modules/territory/grid-team.js';
import { gridRoutes } from './modules/territory/grid.routes.js';

export interface BuildOptions {
  /** pino logger options, or false for none (tests). */
  logger?: boolean | Record<string, unknown>;
}

const NO_QUERY = Strict({}, { description: 'this endpoint takes no query parameters' });

export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: ctx.config.logLevel,
            // Personal data never reaches the log: no query strings, no credentials, no bodies.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            serializers: {
              req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, path: req.url.split('?')[0], ip: req.ip }),
            },
            ...(typeof options.logger === 'object' ? options.logger : {}),
          },
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: ctx.config.trustProxy,
    // Refused before routing (a malformed %-escape, an over-long path parameter): same error body as the rest.
    frameworkErrors: (err, req, reply) => {
      const known = toAppError(err, ctx.config.bodyLimitBytes);
      // Open311 clients expect GeoReport v2's error shape even here.
      if (req.url.startsWith(`${OPEN311_PREFIX}/`))
        return sendErrors(reply as FastifyReply, formatOfUrl(req.url), [open311Errors.bad(known.message, known.messageZh)]);
      (reply as FastifyReply).code(known.status).send(known.toBody());
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Two validators: query strings and path parameters arrive as text and are coerced to the
  // schema's types; a JSON body is taken as sent, so {"page": "1"} is a wrong type, not a number.
  // Unknown fields are refused rather than silently dropped; defaults are filled in.
  const strictAjv = (coerceTypes: false | 'array') => {
    const ajv = new Ajv({ removeAdditional: false, useDefaults: true, coerceTypes, allErrors: false, strict: false });
    // ajv-formats is CommonJS: its default export arrives wrapped under NodeNext.
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;
    addFormats(ajv);
    return ajv;
  };
  const bodyAjv = strictAjv(false);
  const textAjv = strictAjv('array');
  // PostgreSQL text cannot hold U+0000: refuse it here, naming the field, rather than fail in the database.
  const nulAt = (v: unknown, at = ''): string | undefined => {
    if (typeof v === 'string') return v.includes('\u0000') ? at : undefined;
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const found = nulAt(x, `${at}/${k}`);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const validate = (httpPart === 'body' ? bodyAjv : textAjv).compile(schema);
    return (data: unknown) => {
      if (!validate(data)) return { error: validate.errors ?? [] };
      const at = nulAt(data);
      return at === undefined
        ? true
        : { error: [{ instancePath: at, keyword: 'nul', params: {}, message: 'must not contain a NUL character', schemaPath: '' }] };
    };
  });

  // Every route refuses query parameters it does not name, and bodies it does not expect.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    route.schema ??= {};
    route.schema.querystring ??= NO_QUERY;
    // The OpenAPI document says which routes need no sign-in.
    if (route.config?.public) (route.schema as { security?: unknown[] }).security = [];
    // A multipart route reads its own body (lib/multipart.ts) and refuses any other kind with 415.
    if (!route.schema.body && !route.config?.multipart && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(String(route.method))) {
      const existing = route.preValidation;
      route.preValidation = [
        ...(Array.isArray(existing) ? existing : existing ? [existing] : []),
        async (req) => {
          const body = req.body as unknown;
          const empty = body === undefined || body === null || body === '' || (typeof body === 'object' && Object.keys(body).length === 0);
          if (!empty) throw errors.validation('body', 'This endpoint takes no request body.', '此接口不接受请求体。');
        },
      ];
    }
  });

  await app.register(cookie, { secret: ctx.sessionSecret, hook: 'onRequest' });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Wangge API',
        version: ctx.version,
        description:
          '枣庄市网格化服务管理信息平台 API. Sign in with POST /api/auth/login (session cookie) or send an API token as `Authorization: Bearer`. ' +
          'Errors are `{ code, message, messageZh, field? }`. Lists: ?page, ?pageSize (≤200), ?sort=field|-field; answers { items, total, page, pageSize }. ' +
          'Public reporting follows Open311 GeoReport v2 at /open311/v2 (tag open311), with that specification’s parameters and error format.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  registerAuthentication(app, ctx);

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const known = toAppError(
      err,
      req.routeOptions.bodyLimit ?? ctx.config.bodyLimitBytes,
      req.routeOptions.config?.multipart ? 'multipart/form-data' : undefined,
    );
    // A request that gave up waiting for a lock is the load's doing, not a fault: a warning.
    if (known.code === 'busy') req.log.warn('request gave up waiting for a lock (503 busy)');
    else if (known.status >= 500) req.log.error({ err: loggableError(err) }, 'request failed');
    return reply.code(known.status).send(known.toBody());
  });
  app.setNotFoundHandler((req, reply) => {
    const webDir = ctx.config.webDir ?? path.join(serverRoot, '..', 'web', 'dist');
    if (req.method === 'GET' && !req.url.startsWith('/api') && existsSync(path.join(webDir, 'index.html'))) {
      return reply.type('text/html').sendFile('index.html', webDir);
    }
    const e = errors.routeNotFound();
    return reply.code(e.status).send(e.toBody());
  });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  systemRoutes(app, ctx);
  authRoutes(app, ctx);
  userRoutes(app, ctx);
  unitRoutes(app, ctx);
  divisionRoutes(app, ctx);
  gridRoutes(app, ctx);
  gridChangeRoutes(app, ctx);
  gridTeamRoutes(app, ctx);
  gridImportRoutes(app, ctx);
  calendarRoutes(app, ctx);
  caseRoutes(app, ctx);
  matterRoutes(app, ctx);
  // Before personRoutes' /api/persons/:id only for the reader: the static path wins either way.
  exportRoutes(app, ctx);
  personRoutes(app, ctx);
  baseSummaryRoutes(app, ctx);
  baseQualityRoutes(app, ctx);

  organisationRoutes(app, ctx);
  watchedRoutes(app, ctx);
  careRoutes(app, ctx);
  disputeRoutes(app, ctx);
  hazardRoutes(app, ctx);
  grantRoutes(app, ctx);

  buildingRoutes(app, ctx);
  householdRoutes(app, ctx);
  // Multipart bodies only where a route reads them, and nothing else there: every other route still
  // answers multipart with 415, and the upload routes answer JSON (or any other body) with 415. The
  // limits are readForm's, per route (lib/multipart.ts); none here rises above them.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    await scope.register(multipart, { limits: { files: 1, parts: 10, fileSize: ctx.config.attachmentMaxBytes } });
    attachmentRoutes(scope, ctx);
  });
  // Registry imports stream their file to disk under their own (larger) limit.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    await scope.register(multipart, { limits: { files: 1, parts: 10, fileSize: ctx.config.importMaxBytes } });
    importRoutes(scope, ctx);
  });
  supervisionRoutes(app, ctx);
  notificationRoutes(app, ctx);
  routingRoutes(app, ctx);
  auditRoutes(app, ctx);
  // Public reporting (GeoReport v2): its own parser, errors and not-found answer, outside /api.
  await app.register(open311Routes, { prefix: OPEN311_PREFIX, ctx });

  const webDir = ctx.config.webDir ?? path.join(serverRoot, '..', 'web', 'dist');
  if (existsSync(webDir)) {
    const assets = `${path.sep}assets${path.sep}`;
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: ['index.html'],
      // Vite names each built asset by its content hash, so one name never changes: browsers keep them
      // without asking again (index.html itself is revalidated as before).
      setHeaders: (reply, file) => {
        if (file.includes(assets)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  return app;
}

function toAppError(err: FastifyError, bodyLimit: number, mediaType?: string): AppError {
  if (err instanceof AppError) return err;
  if (err.validation) return validationError(err.validation, err.validationContext ?? 'body');
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errors.payloadTooLarge(bodyLimit);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errors.unsupportedMediaType(mediaType);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errors.validation('body', 'The request body is empty; send a JSON object.', '请求体为空，请发送 JSON 对象。');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return errors.malformedJson();
    case 'FST_ERR_BAD_URL':
      return errors.validation('params', 'The address has a malformed %-escape.', '请求地址含有无效的 % 转义。');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return errors.validation('params', 'A path parameter is too long.', '路径参数过长。');
  }
  if (err instanceof SyntaxError || err.name === 'SyntaxError') return errors.malformedJson();
  // PostgreSQL's lock_not_available: the pool's lock_timeout ran out (db/client.ts). Drizzle wraps the
  // driver's error as its cause.
  for (let e: unknown = err; e instanceof Error; e = e.cause) if ((e as { code?: unknown }).code === '55P03') return errors.busy();
  if (err.statusCode === 413) return errors.payloadTooLarge(bodyLimit);
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new AppError(err.statusCode, 'bad_request', 'The request could not be understood.', '无法理解该请求。');
  }
  return errors.internal();
}
