// The API as the generic tests walk it: every operation of the app's OpenAPI document, sample values
// its schemas accept, and a `send` that records every 5xx and every error answer without the error
// body, whatever the test itself expects. Shared by api-access.test.ts (401/403/404) and
// api-contract.test.ts (bad input).
import { randomUUID } from 'node:crypto';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from './harness.js';

export interface Schema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  $ref?: string;
}

export interface Param {
  name: string;
  in: string;
  required?: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  path: string;
  /** "GET /api/users/{id}" */
  label: string;
  pathParams: Param[];
  queryParams: Param[];
  body?: Schema;
  /** A multipart/form-data form (an upload): its fields, files among them as `format: binary`. */
  form?: Schema;
}

type OpenApi = {
  paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
};

/** Routes anyone may call; every other route needs a session (the server's default). */
export const PUBLIC = new Set(['GET /api/health', 'GET /api/meta', 'POST /api/auth/login', 'GET /api/public/matters', 'GET /api/public/matters/{code}']);

export const CJK = /[\u3400-\u9fff]/;

// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext (as in app.ts).
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;
/** Validates JSON as sent (a body). */
export const jsonAjv = addFormats(new Ajv({ strict: false }));
/** Validates text coerced to the schema's types, as the server does for query strings and path parameters. */
export const textAjv = addFormats(new Ajv({ strict: false, coerceTypes: 'array' }));

const STRING_CANDIDATES = [
  'zzsample',
  '370400000000',
  '370402',
  '3704020010130001',
  '3704020010130010001',
  '301',
  '13800000000',
  '2025-01-01T00:00:00.000Z',
  '2025-01-01',
  '08:30',
  'someone@example.com',
  randomUUID(),
  'a',
];

export interface ExpectedError {
  status: number | number[];
  code?: string;
  field?: string | RegExp;
}

/** Whatever the test expects, an error answer is { code, message, messageZh (Chinese), field? }, and a 400 names its field. */
function errorBodyProblem(res: LightMyRequestResponse): string | undefined {
  let body: Record<string, unknown>;
  try {
    body = res.json();
  } catch {
    return 'not JSON';
  }
  if (typeof body.code !== 'string' || typeof body.message !== 'string') return 'no code or message';
  if (typeof body.messageZh !== 'string' || !CJK.test(body.messageZh)) return 'no Chinese messageZh';
  if (res.statusCode === 400 && typeof body.field !== 'string') return 'a 400 without field';
  return undefined;
}

/** The answer is an error body { code, message, messageZh, field? } with the expected status, code and field. */
export function expectError(res: LightMyRequestResponse, where: string, want: ExpectedError): void {
  const statuses = Array.isArray(want.status) ? want.status : [want.status];
  expect(statuses, `${where} answered ${res.statusCode} ${res.body.slice(0, 300)}`).toContain(res.statusCode);
  expect(res.headers['content-type'], where).toMatch(/^application\/json/);
  const body = res.json();
  expect(body, where).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String), messageZh: expect.stringMatching(CJK) }));
  if (res.statusCode === 400) expect(body.field, `${where}: a 400 names the field`).toEqual(expect.any(String));
  if (want.code) expect(body.code, where).toBe(want.code);
  if (typeof want.field === 'string') expect(body.field, where).toBe(want.field);
  if (want.field instanceof RegExp) expect(body.field, where).toMatch(want.field);
}

export interface ApiUnderTest {
  operations: Operation[];
  /** The operation with this label; throws if the document has none. */
  opNamed(label: string): Operation;
  /** A schema's $ref resolved against the document's components. */
  deref(schema: Schema): Schema;
  /** A value the schema accepts, to vary one part at a time. */
  sample(schema: Schema): unknown;
  /** The operation's path with its parameters filled: `raw` values as given (already %-encoded), the others sampled. */
  urlOf(op: Operation, raw?: Record<string, string>, query?: string): string;
  /** Sends a request (as a demo account, or nobody), recording 5xx answers and malformed error bodies. */
  send(opts: InjectOptions & { as?: string }): Promise<LightMyRequestResponse>;
  /** A request that passes authentication but not validation (an unknown query parameter): it never reaches a handler. */
  probe(op: Operation, as?: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Everything `send` has seen so far. */
  run: { requests: number; serverErrors: string[]; badErrorBodies: string[] };
  /** No answer so far was a 5xx, and every error answer had the error body. */
  expectCleanRun(): void;
}

/** Reads the app's OpenAPI document and returns the helpers that walk it. */
export async function apiUnderTest(t: TestApp): Promise<ApiUnderTest> {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApi;

  const deref = (s: Schema): Schema => (s.$ref ? deref(doc.components?.schemas?.[s.$ref.split('/').pop() ?? ''] ?? {}) : s);

  // The Wangge API under /api. Open311 (/open311/v2) speaks GeoReport v2 instead: its own error
  // shape, extra parameters ignored as that specification expects; open311.test.ts walks it.
  const operations: Operation[] = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, item]) =>
      Object.entries(item).map(([m, op]) => {
        const method = m.toUpperCase();
        const params = op.parameters ?? [];
        const body = op.requestBody?.content['application/json']?.schema;
        const form = op.requestBody?.content['multipart/form-data']?.schema;
        return {
          method,
          path,
          label: `${method} ${path}`,
          pathParams: params.filter((p) => p.in === 'path'),
          queryParams: params.filter((p) => p.in === 'query'),
          ...(body ? { body: deref(body) } : {}),
          ...(form ? { form: deref(form) } : {}),
        };
      }),
    );
  const byLabel = new Map(operations.map((op) => [op.label, op]));
  const opNamed = (label: string): Operation => {
    const op = byLabel.get(label);
    if (!op) throw new Error(`${label} is not in the OpenAPI document`);
    return op;
  };

  const sample = (raw: Schema): unknown => {
    const s = deref(raw);
    if (s.enum) return s.enum[0];
    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives?.[0]) return sample(alternatives[0]);
    switch (s.type) {
      case 'string': {
        const fit = STRING_CANDIDATES.find((c) => jsonAjv.validate(s, c));
        if (fit === undefined) throw new Error(`no sample string for ${JSON.stringify(s)}: add one to STRING_CANDIDATES`);
        return fit;
      }
      case 'integer':
      case 'number':
        return s.minimum ?? 1;
      case 'boolean':
        return false;
      case 'array':
        return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items ?? {}));
      case 'object':
        return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v)]));
      default:
        return 'zzsample';
    }
  };

  // Required query parameters the caller did not give get a valid sample, so that a request fails
  // only for the one thing it varies.
  const withRequired = (op: Operation, query: string) => {
    const given = new Set(
      query
        .replace(/^\?/, '')
        .split('&')
        .filter(Boolean)
        .map((kv) => kv.split('=')[0]),
    );
    const filled = op.queryParams.filter((p) => p.required && !given.has(p.name)).map((p) => `${p.name}=${encodeURIComponent(String(sample(p.schema)))}`);
    if (filled.length === 0) return query;
    return query ? `${query}&${filled.join('&')}` : `?${filled.join('&')}`;
  };
  const urlOf = (op: Operation, raw: Record<string, string> = {}, query = '') =>
    op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (raw[name] !== undefined) return raw[name];
      const param = op.pathParams.find((p) => p.name === name);
      if (!param) throw new Error(`${op.label}: {${name}} is not among its parameters`);
      return encodeURIComponent(String(sample(param.schema)));
    }) + withRequired(op, query);

  const run = { requests: 0, serverErrors: [] as string[], badErrorBodies: [] as string[] };
  const send = async (opts: InjectOptions & { as?: string }): Promise<LightMyRequestResponse> => {
    const res = await t.request(opts);
    run.requests++;
    const payload = opts.payload === undefined ? '' : ` ${(typeof opts.payload === 'string' ? opts.payload : JSON.stringify(opts.payload)).slice(0, 120)}`;
    const request = `${opts.method} ${String(opts.url).slice(0, 120)}${payload} as ${opts.as ?? 'nobody'}`;
    if (res.statusCode >= 500) run.serverErrors.push(`${request} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    const problem = res.statusCode >= 400 ? errorBodyProblem(res) : undefined;
    if (problem) run.badErrorBodies.push(`${request} → ${res.statusCode}, ${problem}: ${res.body.slice(0, 200)}`);
    return res;
  };

  const probe = (op: Operation, as?: string, headers?: Record<string, string>) =>
    send({ method: op.method as 'GET', url: urlOf(op, {}, '?zzUnknown=1'), ...(as ? { as } : {}), ...(headers ? { headers } : {}) });

  const expectCleanRun = () => {
    expect(run.serverErrors, run.serverErrors.join('\n')).toEqual([]);
    expect(run.badErrorBodies, run.badErrorBodies.join('\n')).toEqual([]);
  };

  return { operations, opNamed, deref, sample, urlOf, send, probe, run, expectCleanRun };
}
