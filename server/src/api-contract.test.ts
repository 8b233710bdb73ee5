// Bad input to every endpoint: wrong types, missing fields, malformed JSON, a 10 MB body, unknown
// query parameters and garbage path parameters are refused with 400 (413, 415) naming the problem,
// in English and Chinese, and never with a 5xx. Generic over the OpenAPI document, so a route added
// later is covered without editing this file. Access (401/403/404) is in api-access.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from './test/harness.js';
import { type FormPart, TINY_PDF, multipartBody } from './test/multipart.js';
import { type Operation, PUBLIC, type Schema, apiUnderTest, expectError, jsonAjv, textAjv } from './test/openapi-operations.js';

// Accounts tried in turn for a route; the first one not refused with 403 calls it.
const CALLERS = ['city', 'admin', 'auditor', 'shizhong', 'zhongxinjie', 'police', 'leader', 'instructor', 'worker'];
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const t = await createTestApp();
afterAll(() => t.close());
const { operations, deref, sample, urlOf, send, probe, run, expectCleanRun } = await apiUnderTest(t);
const bodyOps = operations.filter((op) => op.body);
// Uploads take multipart/form-data: they have their own tests below, and refuse JSON with 415.
const formOps = operations.filter((op) => op.form);
const bodylessWriteOps = operations.filter((op) => !op.body && !op.form && BODY_METHODS.has(op.method));
const writeOps = operations.filter((op) => BODY_METHODS.has(op.method) && !op.form);

// ---- Values derived from schemas that the schema refuses -------------------------------------

const fits = (s: Schema, v: unknown) => jsonAjv.validate(s, v) as boolean;

const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
/** The JSON types a schema accepts (integer included in number). */
function typesOf(raw: Schema): Set<string> {
  const s = deref(raw);
  const out = new Set<string>();
  if (s.type) out.add(s.type);
  if (s.nullable) out.add('null');
  for (const e of s.enum ?? []) out.add(jsonType(e));
  for (const alt of s.anyOf ?? s.oneOf ?? []) for (const type of typesOf(alt)) out.add(type);
  if (out.has('number')) out.add('integer');
  return out;
}
const WRONG_TYPE: unknown[] = [12345, 1.5, '12', 'true', true, { a: 1 }, ['x'], null];
/** Values of another JSON type than the schema's: string↔number↔boolean↔object↔array↔null. */
const wrongTypes = (s: Schema) => {
  const accepted = typesOf(s);
  return accepted.size === 0 ? [] : WRONG_TYPE.filter((v) => !accepted.has(jsonType(v)));
};

/** Values of the right type that break a constraint: pattern, format, length, range, enum, items. */
function outOfRange(raw: Schema): unknown[] {
  const s = deref(raw);
  const out: unknown[] = ['!! not valid !!', '', `${'x'.repeat(s.maxLength ?? 0)}x`, 'zzNotAllowed'];
  if (s.minimum !== undefined) out.push(s.minimum - 1);
  if (s.maximum !== undefined) out.push(s.maximum + 1);
  if (s.type === 'array' && s.items) {
    const item = sample(s.items);
    out.push([wrongTypes(s.items)[0]], [item, item]);
    if (s.maxItems !== undefined) out.push(Array.from({ length: s.maxItems + 1 }, () => item));
  }
  return out.filter((v) => typeof v === typeof sample(s) && Array.isArray(v) === Array.isArray(sample(s)) && !fits(s, v));
}

/** Query-string values (text) the parameter's schema refuses. */
const badQueryValues = (s: Schema) =>
  ['abc', '1.5', '-1', '999999999', 'maybe', '!! not valid !!', '', 'x'.repeat((s.maxLength ?? 0) + 1)].filter((v): boolean => !textAjv.validate(s, v));

// ---- Who calls each route --------------------------------------------------------------------

const callers = new Map<string, string | undefined>();
/** The first account not refused with 403 (anonymous for public routes). Sends nothing that reaches a handler. */
async function callerFor(op: Operation): Promise<string | undefined> {
  if (PUBLIC.has(op.label)) return undefined;
  if (callers.has(op.label)) return callers.get(op.label);
  for (const as of CALLERS) {
    const res = await probe(op, as);
    if (res.statusCode !== 403) {
      expect(res.statusCode, `${as} on ${op.label}: the probe should fail validation, not ${res.body}`).toBe(400);
      callers.set(op.label, as);
      return as;
    }
  }
  throw new Error(`${op.label}: every account in CALLERS got 403`);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** body.x, or something inside it such as body.x.0 */
const fieldAt = (prefix: string) => new RegExp(`^${escapeRegExp(prefix)}(\\.|$)`);
const json = { 'content-type': 'application/json' };

// ---- The tests ------------------------------------------------------------------------------

describe('the OpenAPI document', () => {
  it('lists the operations this test walks through', () => {
    const labels = operations.map((op) => op.label);
    expect(labels.length).toBeGreaterThan(15);
    expect(labels).toEqual(
      expect.arrayContaining(['POST /api/auth/login', 'GET /api/divisions/{code}/children', 'GET /api/users', 'POST /api/users', 'GET /api/audit/events']),
    );
    expect(bodyOps.length).toBeGreaterThan(4);
    for (const p of PUBLIC) expect(labels).toContain(p);
  });

  it.each(bodyOps.map((op) => [op.label, op] as const))('has a valid sample body to vary for %s', (_, op) => {
    expect(fits(op.body ?? {}, sample(op.body ?? {})), JSON.stringify(sample(op.body ?? {}))).toBe(true);
  });
});

describe.each(operations.map((op) => [op.label, op] as const))('%s', (_, op) => {
  const body = op.body ? sample(op.body) : undefined;

  it('can be called by one of the demo accounts', async () => {
    await callerFor(op);
  });

  it('refuses an unknown query parameter, naming it', async () => {
    const res = await send({ method: op.method as 'GET', url: urlOf(op, {}, '?zzUnknown=1'), as: await callerFor(op), payload: body as object });
    expectError(res, op.label, { status: 400, code: 'validation_failed', field: 'query.zzUnknown' });
  });

  it.each(op.queryParams.map((p) => [p.name, p] as const))('refuses bad values of ?%s, naming it', async (name, p) => {
    const values = badQueryValues(p.schema);
    expect(values.length, 'at least one bad value derived from the schema').toBeGreaterThan(0);
    for (const v of values) {
      const res = await send({ method: op.method as 'GET', url: urlOf(op, {}, `?${name}=${encodeURIComponent(v)}`), as: await callerFor(op) });
      expectError(res, `${op.label} ?${name}=${v.slice(0, 20)}`, { status: 400, code: 'validation_failed', field: `query.${name}` });
    }
  });

  const GARBAGE = ['!!', 'x'.repeat(200), encodeURIComponent('../../etc'), encodeURIComponent("1' OR '1'='1"), '%', '%E4', '%00', encodeURIComponent('中文')];
  const garbageCases = op.pathParams.flatMap((p) =>
    GARBAGE.map((raw) => [p.name, raw.length > 30 ? `${raw.slice(0, 10)}…(${raw.length} chars)` : raw, raw, p] as const),
  );
  it.each(garbageCases)('refuses garbage in {%s}: %s', async (name, _shown, raw, p) => {
    const res = await send({ method: op.method as 'GET', url: urlOf(op, { [name]: raw }), as: await callerFor(op), payload: body as object });
    const where = `${op.label} {${name}}=${raw.slice(0, 20)}`;
    let decoded: string | undefined;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      decoded = undefined;
    }
    // A value the schema refuses is a 400 naming the parameter; one it accepts is at worst not found.
    if (decoded === undefined || !textAjv.validate(p.schema, decoded)) expectError(res, where, { status: 400, field: fieldAt('params') });
    else expect(res.statusCode, where).toBeLessThan(500);
  });
});

describe.each(writeOps.map((op) => [op.label, op] as const))('%s, body framing', (_, op) => {
  const send$ = async (payload: string | object | undefined, headers: Record<string, string> = json) =>
    send({ method: op.method as 'POST', url: urlOf(op), as: await callerFor(op), headers, payload: payload as string });

  it.each([
    ['malformed JSON', '{"a":', 'malformed_json'],
    ['a truncated string', '{"a":"', 'malformed_json'],
    ['a prototype-poisoning key', '{"__proto__":{"admin":true}}', undefined],
    ['a constructor-poisoning key', '{"constructor":{"prototype":{"admin":true}}}', undefined],
  ])('refuses %s with 400', async (name, payload, code) => {
    expectError(await send$(payload), `${op.label} ${name}`, { status: 400, field: 'body', ...(code ? { code } : {}) });
  });

  it('refuses a 10 MB body with 413', async () => {
    const res = await send$(JSON.stringify({ x: 'a'.repeat(10 * 1024 * 1024) }));
    expectError(res, op.label, { status: 413, code: 'payload_too_large' });
  });

  it('refuses a deeply nested body with 400', async () => {
    const res = await send$(`${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`);
    expectError(res, op.label, { status: 400, field: fieldAt('body') });
  });

  it.each([
    ['text/plain', 'hello'],
    ['application/xml', '<a/>'],
    ['application/x-www-form-urlencoded', 'a=1'],
  ])('refuses a body sent as %s with 415 or 400', async (type, payload) => {
    const res = await send$(payload, { 'content-type': type });
    expectError(res, `${op.label} as ${type}`, { status: [400, 415] });
  });
});

describe.each(bodylessWriteOps.map((op) => [op.label, op] as const))('%s, which takes no body', (_, op) => {
  it('refuses {"x":1}, naming the body', async () => {
    const res = await send({ method: op.method as 'POST', url: urlOf(op), as: await callerFor(op), payload: { x: 1 } });
    expectError(res, op.label, { status: 400, code: 'validation_failed', field: 'body' });
  });
});

describe.each(bodyOps.map((op) => [op.label, op] as const))('%s, body contents', (_, op) => {
  const schema = op.body ?? {};
  const valid = sample(schema) as Record<string, unknown>;
  const post = async (payload: unknown, headers: Record<string, string> = json) =>
    send({ method: op.method as 'POST', url: urlOf(op), as: await callerFor(op), headers, payload: payload === undefined ? '' : JSON.stringify(payload) });

  it('refuses an empty body, with and without a content type', async () => {
    expectError(await post(undefined), `${op.label} empty JSON`, { status: 400, field: 'body' });
    const bare = await send({ method: op.method as 'POST', url: urlOf(op), as: await callerFor(op) });
    expectError(bare, `${op.label} no body`, { status: 400, field: 'body' });
  });

  it.each([
    ['an array', [valid]],
    ['a string', 'hello'],
    ['a number', 42],
    ['null', null],
  ])('refuses %s where an object belongs', async (name, payload) => {
    expectError(await post(payload), `${op.label} ${name}`, { status: 400, code: 'validation_failed', field: 'body' });
  });

  it('refuses an extra property, naming it', async () => {
    expectError(await post({ ...valid, zzExtra: 1 }), op.label, { status: 400, code: 'validation_failed', field: 'body.zzExtra' });
  });

  it.each((schema.required ?? []).map((p) => [p]))('refuses a body without %s, naming it', async (prop) => {
    const { [prop]: _, ...rest } = valid;
    expectError(await post(rest), `${op.label} without ${prop}`, { status: 400, code: 'validation_failed', field: `body.${prop}` });
  });

  const props = Object.entries(schema.properties ?? {});
  it.each(props)('refuses a wrong type for %s, naming it', async (prop, propSchema) => {
    const values = wrongTypes(propSchema);
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) {
      expectError(await post({ ...valid, [prop]: v }), `${op.label} ${prop}=${JSON.stringify(v)}`, {
        status: 400,
        code: 'validation_failed',
        field: fieldAt(`body.${prop}`),
      });
    }
  });

  it.each(props.filter(([, s]) => outOfRange(s).length > 0))('refuses an out-of-range value for %s, naming it', async (prop, propSchema) => {
    for (const v of outOfRange(propSchema)) {
      const where = `${op.label} ${prop}=${JSON.stringify(v).slice(0, 40)}`;
      expectError(await post({ ...valid, [prop]: v }), where, { status: 400, code: 'validation_failed', field: fieldAt(`body.${prop}`) });
    }
  });
});

// Multipart forms (uploads): any other kind of body is 415; broken framing, a missing or extra field and
// a field value its schema refuses are 400 naming the form field; never a 5xx. Files in a sample form
// are a tiny PDF, which every upload route accepts.
const isFile = (s: Schema) => deref(s).format === 'binary';
describe.each(formOps.map((op) => [op.label, op] as const))('%s, a multipart form', (_, op) => {
  const schema = op.form ?? {};
  const props = Object.entries(schema.properties ?? {});
  const sampleParts = (): FormPart[] =>
    props.map(([name, s]) => (isFile(s) ? { name, data: TINY_PDF, fileName: 'sample.pdf', type: 'application/pdf' } : { name, data: String(sample(s)) }));
  const postForm = async (parts: FormPart[]) => send({ method: op.method as 'POST', url: urlOf(op), as: await callerFor(op), ...multipartBody(parts) });
  const postRaw = async (payload: string | Buffer | undefined, headers: Record<string, string>) =>
    send({ method: op.method as 'POST', url: urlOf(op), as: await callerFor(op), headers, ...(payload === undefined ? {} : { payload }) });

  it('names its fields and at least one file', () => {
    expect(
      props.some(([, s]) => isFile(s)),
      JSON.stringify(schema),
    ).toBe(true);
  });

  it.each([
    ['a JSON object', '{}', 'application/json'],
    ['malformed JSON', '{"a":', 'application/json'],
    ['text', 'hello', 'text/plain'],
    ['a URL-encoded form', 'a=1', 'application/x-www-form-urlencoded'],
    ['no body at all', undefined, undefined],
  ])('refuses %s with 415, naming the content type', async (name, payload, type) => {
    const res = await postRaw(payload, type ? { 'content-type': type } : {});
    expectError(res, `${op.label} ${name}`, { status: 415, code: 'unsupported_media_type', field: 'content-type' });
  });

  it('refuses multipart framing it cannot read with 400', async () => {
    const good = multipartBody(sampleParts());
    const cases: [string, string | Buffer, string][] = [
      ['no boundary', 'whatever', 'multipart/form-data'],
      ['another boundary', good.payload, 'multipart/form-data; boundary=zz-not-it'],
      ['cut short', good.payload.subarray(0, Math.floor(good.payload.length / 2)), good.headers['content-type'] as string],
      ['garbage', Buffer.alloc(4096, 0xab), 'multipart/form-data; boundary=zz'],
    ];
    for (const [name, payload, type] of cases) {
      expectError(await postRaw(payload, { 'content-type': type }), `${op.label} ${name}`, { status: 400 });
    }
    const proto = multipartBody([{ name: '__proto__', data: 'x' }]);
    expectError(await postRaw(proto.payload, proto.headers), `${op.label} __proto__`, { status: 400 });
  });

  it.each((schema.required ?? []).map((p) => [p]))('refuses a form without %s, naming it', async (prop) => {
    expectError(await postForm(sampleParts().filter((p) => p.name !== prop)), `${op.label} without ${prop}`, { status: 400, field: prop });
  });

  it('refuses an extra field and a field given twice, naming them', async () => {
    expectError(await postForm([{ name: 'zzExtra', data: '1' }, ...sampleParts()]), `${op.label} zzExtra`, { status: 400, field: 'zzExtra' });
    const first = sampleParts()[0] as FormPart;
    expectError(await postForm([first, ...sampleParts()]), `${op.label} ${first.name} twice`, { status: 400, field: first.name });
  });

  const textProps = props.filter(([, s]) => !isFile(s));
  it.each(textProps)('refuses values of %s its schema refuses, naming it', async (prop, propSchema) => {
    const values = ['!! not valid !!', 'zzNotAllowed', 'a\u0000', 'x'.repeat(2000)].filter((v): boolean => !textAjv.validate(propSchema, v));
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) {
      const parts = sampleParts().map((p) => (p.name === prop ? { name: prop, data: v } : p));
      expectError(await postForm(parts), `${op.label} ${prop}=${v.slice(0, 20)}`, { status: 400, field: prop });
    }
  });
});

// PostgreSQL text cannot hold U+0000. A string the schema lets through with a NUL in it must not
// become a 5xx in the database. Where the schema-derived sample would stop at a business rule before
// any string is stored, a sample that passes those rules is used, so the NUL reaches the database.
const NUL = '\u0000';
const DEEP_SAMPLES: Record<string, Record<string, unknown>> = {
  'POST /api/users': { username: 'zzsample', displayName: 'zzsample', password: 'Zz-sample-pass-1', role: 'districtCentre', divisionCode: '370402000000' },
};
// A real account for {id}: tengzhou, whom no other test in this file signs in as.
const DEEP_PARAMS: Record<string, string> = { id: await t.userId('tengzhou') };
const nulCases = [
  ...bodyOps.flatMap((op) => {
    const base = DEEP_SAMPLES[op.label] ?? (sample(op.body ?? {}) as Record<string, unknown>);
    return Object.entries(op.body?.properties ?? {})
      .filter(([prop, s]) => prop in base && fits(s, `${String(base[prop])}${NUL}`))
      .map(([prop]) => [`${op.label} body.${prop}`, op, { body: { ...base, [prop]: `${String(base[prop])}${NUL}` } }, `body.${prop}`] as const);
  }),
  ...operations.flatMap((op) =>
    op.queryParams
      .filter((p) => textAjv.validate(p.schema, `a${NUL}`))
      .map((p) => [`${op.label} ?${p.name}`, op, { query: `?${p.name}=a%00` }, `query.${p.name}`] as const),
  ),
];
describe('NUL characters', () => {
  it('has cases to run', () => {
    expect(nulCases.length).toBeGreaterThan(5);
  });
  it.each(nulCases)('%s: a NUL character is refused with 400 naming the field', async (where, op, input, field) => {
    const url = urlOf(op, DEEP_PARAMS, 'query' in input ? input.query : '');
    const res = await send({ method: op.method as 'POST', url, as: await callerFor(op), ...('body' in input ? { payload: input.body } : {}) });
    expectError(res, where, { status: 400, code: 'validation_failed', field });
  });
});

// Runs last in this file: nothing above may have been answered with a 5xx.
describe('the whole run', () => {
  it('got no 5xx answer, and every error answer had the error body', () => {
    console.info(`api-contract: ${operations.length} operations (${bodyOps.length} with a body), ${run.requests} requests`);
    expectCleanRun();
    expect(run.requests).toBeGreaterThan(operations.length * 3);
  });
});
