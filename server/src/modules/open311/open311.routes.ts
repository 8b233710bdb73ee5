// HTTP for Open311 GeoReport v2 at /open311/v2/: every resource as .json or .xml, POST requests as
// application/x-www-form-urlencoded (JSON too), errors in the specification's own shape. An
// encapsulated plugin: its form parser, error handler and not-found handler apply to these routes only,
// and /api keeps its own conventions (strict parameters, { code, message, messageZh } errors).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { loggableError } from '../../lib/loggable-error.js';
import { validationError } from '../../lib/validation-error.js';
import type { AuditContext } from '../audit/audit.js';
import { type Fields, fieldOf, postRequest } from './open311-intake.js';
import { clientForKey } from './open311-clients.js';
import { filtersOf, findRequest, findRequests, findToken } from './open311-requests.js';
import { CONTENT_TYPE, errorBody, type Format, Open311Error, open311Errors, render } from './open311.presenter.js';
import {
  FormatParam,
  JurisdictionQuery,
  PostRequestBody,
  PostRequestQuery,
  RequestParam,
  RequestsQuery,
  ServiceParam,
  TokenParam,
  responses,
} from './open311.schemas.js';
import { discovery, jurisdictionOf, serviceDefinition, serviceList } from './open311.service.js';

export const OPEN311_PREFIX = '/open311/v2';
/** A report is at most 4,000 characters of description and a few short fields: 64 KiB is plenty. */
const POST_LIMIT = 64 * 1024;

/** The format a request asked for: its path's suffix; JSON when it names none we know. */
export function formatOfUrl(url: string): Format {
  return /\.xml(\?|$)/i.test(url) ? 'xml' : 'json';
}

function formatOf(req: FastifyRequest): Format {
  const asked = (req.params as { format?: unknown } | undefined)?.format;
  return asked === 'xml' || asked === 'json' ? asked : formatOfUrl(req.url);
}

export function sendErrors(reply: FastifyReply, format: Format, list: Open311Error[]) {
  const status = list[0]?.status ?? 400;
  return reply
    .code(status)
    .type(CONTENT_TYPE[format])
    .send(render(format, 'errors', errorBody(list)));
}

/** A form body: a repeated field becomes a list, and no key can reach an object's prototype. */
function parseForm(body: string): Fields {
  const fields: Fields = Object.create(null);
  for (const [k, v] of new URLSearchParams(body)) {
    const had = fields[k];
    fields[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return fields;
}

/** Any failure, in GeoReport v2's terms: 404, 403 or 400; only a fault of ours is a 500. */
function asOpen311(err: FastifyError): Open311Error | undefined {
  if (err instanceof Open311Error) return err;
  if (err.validation) {
    const e = validationError(err.validation, err.validationContext ?? 'body');
    if (e.field === 'params.format')
      return open311Errors.notFound('No such format: end the path in .json or .xml.', '不支持该格式：路径须以 .json 或 .xml 结尾。');
    // The specification's names: lat, service_code … rather than body.lat, query.service_code.
    const strip = (s: string) => s.replace(/\b(body|query|params)\./g, '');
    return open311Errors.bad(strip(e.message), strip(e.messageZh));
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return open311Errors.bad(`The request body is larger than ${POST_LIMIT} bytes.`, `请求体超过 ${POST_LIMIT} 字节上限。`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return open311Errors.bad('Send the request as application/x-www-form-urlencoded.', '请以 application/x-www-form-urlencoded 格式提交。');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return open311Errors.bad('The request body is not valid JSON.', '请求体不是有效的 JSON。');
  }
  if (err instanceof AppError && err.status < 500) {
    return err.status === 404 ? open311Errors.notFound(err.message, err.messageZh) : open311Errors.bad(err.message, err.messageZh);
  }
  if (err instanceof SyntaxError) return open311Errors.bad('The request body could not be read.', '无法读取请求体。');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return open311Errors.bad('The request could not be understood.', '无法理解该请求。');
  return undefined;
}

const clients = new WeakMap<FastifyRequest, string>();

export async function open311Routes(app: FastifyInstance, opts: { ctx: AppContext }): Promise<void> {
  const { ctx } = opts;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // No session: GeoReport v2 asks for nothing but an api_key, and only to POST requests.
  const tags = ['open311'];
  const security: [] = [];

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, parseForm(String(body))));

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const known = asOpen311(err);
    if (known) return sendErrors(reply, formatOf(req), [known]);
    req.log.error({ err: loggableError(err) }, 'open311 request failed');
    return reply
      .code(500)
      .type(CONTENT_TYPE[formatOf(req)])
      .send(
        render(formatOf(req), 'errors', [{ code: 500, description: 'Something went wrong on the server; it has been logged. / 服务器内部错误，已记录。' }]),
      );
  });
  app.setNotFoundHandler((req, reply) =>
    sendErrors(reply, formatOfUrl(req.url), [open311Errors.notFound('No such resource: see discovery.json.', '没有该资源，请参阅 discovery.json。')]),
  );

  const reply$ = <T>(reply: FastifyReply, format: Format, root: string, value: T) => reply.type(CONTENT_TYPE[format]).send(render(format, root, value));
  const jurisdiction = (req: FastifyRequest) => jurisdictionOf(ctx, fieldOf((req.query ?? {}) as Fields, 'jurisdiction_id'));

  r.get('/discovery.:format', {
    schema: {
      tags,
      security,
      summary: 'GeoReport v2 discovery: the endpoint, its formats and where to get a key',
      params: FormatParam,
      response: responses.discovery,
    },
    handler: async (req, reply) => {
      const j = await jurisdictionOf(ctx, undefined);
      return reply$(reply, req.params.format, 'discovery', discovery(ctx, j, `${req.protocol}://${req.host}${OPEN311_PREFIX}`));
    },
  });

  r.get('/services.:format', {
    schema: {
      tags,
      security,
      summary: 'The services: matters of the published list open to public reporting (Art. 12)',
      params: FormatParam,
      querystring: JurisdictionQuery,
      response: responses.services,
    },
    handler: async (req, reply) => {
      await jurisdiction(req);
      return reply$(reply, req.params.format, 'services', await serviceList(ctx));
    },
  });

  r.get('/services/:service_code.:format', {
    schema: {
      tags,
      security,
      summary: "A service definition: the matter's attributes, each with its datatype, order and, for the list types, its values",
      params: ServiceParam,
      querystring: JurisdictionQuery,
      response: responses.definition,
    },
    handler: async (req, reply) => {
      await jurisdiction(req);
      return reply$(reply, req.params.format, 'service_definition', await serviceDefinition(ctx, req.params.service_code));
    },
  });

  r.post('/requests.:format', {
    bodyLimit: POST_LIMIT,
    schema: {
      tags,
      security,
      summary: "Report (needs an api_key): the case waits on the town centre's dispatch desk; answers its number and a token",
      params: FormatParam,
      querystring: PostRequestQuery,
      consumes: ['application/x-www-form-urlencoded', 'application/json'],
      body: PostRequestBody,
      response: responses.created,
    },
    // GeoReport v2 checks the key first: a call without a valid one learns nothing else.
    preValidation: async (req) => {
      const body = req.body && typeof req.body === 'object' ? (req.body as Fields) : {};
      const query = (req.query ?? {}) as Fields;
      const key = fieldOf({ api_key: body.api_key ?? query.api_key }, 'api_key');
      if (!key) throw open311Errors.key('api_key is required to POST requests.', '提交诉求须提供 api_key。');
      const client = await clientForKey(ctx.db, key);
      if (!client) throw open311Errors.key('api_key is not valid (unknown or revoked).', 'api_key 无效（不存在或已停用）。');
      clients.set(req, client.id);
    },
    handler: async (req, reply) => {
      const fields = { ...(req.query as Fields), ...(req.body as Fields) };
      await jurisdictionOf(ctx, fieldOf(fields, 'jurisdiction_id'));
      const audit: AuditContext = { actorId: null, actorRole: 'open311', ip: req.ip, divisionCode: null };
      const created = await postRequest(ctx, audit, clients.get(req) as string, fields);
      return reply$(reply, req.params.format, 'service_requests', [created]);
    },
  });

  r.get('/tokens/:token.:format', {
    schema: { tags, security, summary: 'The request a token stands for', params: TokenParam, querystring: JurisdictionQuery, response: responses.token },
    handler: async (req, reply) => {
      const j = await jurisdiction(req);
      return reply$(reply, req.params.format, 'service_requests', [await findToken(ctx, j, req.params.token)]);
    },
  });

  r.get('/requests.:format', {
    schema: {
      tags,
      security,
      summary: 'Requests reported through Open311: by id, service, date (90 days at most, the last 90 by default) and status; 1,000 at most',
      params: FormatParam,
      querystring: RequestsQuery,
      response: responses.requests,
    },
    handler: async (req, reply) => {
      const j = await jurisdiction(req);
      const found = await findRequests(ctx, j, filtersOf(req.query as Record<string, unknown>, j.offsetMinutes));
      return reply$(reply, req.params.format, 'service_requests', found);
    },
  });

  r.get('/requests/:service_request_id.:format', {
    schema: {
      tags,
      security,
      summary: 'One request: its status from the workflow',
      params: RequestParam,
      querystring: JurisdictionQuery,
      response: responses.requests,
    },
    handler: async (req, reply) => {
      const j = await jurisdiction(req);
      return reply$(reply, req.params.format, 'service_requests', [await findRequest(ctx, j, req.params.service_request_id)]);
    },
  });
}
