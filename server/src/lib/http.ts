// API conventions shared by every route: strict objects, the error body, pagination and sorting.
//
// Lists take ?page=1&pageSize=20 (pageSize at most 200) and ?sort=field or ?sort=-field (descending),
// where field is one the route names; filters are named query parameters. Unknown query parameters
// and unknown body fields are refused with 400. A list answers { items, total, page, pageSize }.
// Append-only streams (the audit trail) page by key instead: ?after=<seq>&limit=N, answering
// { items, next } where next is the cursor for the following page or null.
import { type TObject, type TProperties, type TSchema, Type } from 'typebox';

/** An object that refuses properties it does not name. */
export function Strict<T extends TProperties>(properties: T, options: { description?: string; title?: string; minProperties?: number } = {}): TObject<T> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/** Search text made literal inside a LIKE pattern: its %, _ and \\ escaped. */
export function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export const ErrorSchema = Type.Object(
  {
    code: Type.String({ description: 'stable machine-readable code, e.g. validation_failed' }),
    message: Type.String({ description: 'English message' }),
    messageZh: Type.String({ description: '中文提示' }),
    field: Type.Optional(Type.String({ description: 'the input at fault: body.x, query.x, params.x' })),
  },
  { title: 'Error' },
);

export const pageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

/** ?sort=name or ?sort=-name, limited to the given fields. */
export function sortQuery<const F extends string>(fields: readonly F[]) {
  return Type.Optional(
    Type.Enum(
      fields.flatMap((f) => [f, `-${f}`]),
      { description: `one of ${fields.join(', ')}; prefix - for descending` },
    ),
  );
}

export function Page<T extends TSchema, E extends TProperties = Record<never, never>>(item: T, extra?: E) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    ...(extra as E),
  });
}

export interface PageParams {
  page: number;
  pageSize: number;
  offset: number;
}

export function pageParams(q: { page?: number; pageSize?: number }): PageParams {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

export function parseSort<F extends string>(sort: string | undefined, fallback: F): { field: F; desc: boolean } {
  if (!sort) return { field: fallback, desc: false };
  return sort.startsWith('-') ? { field: sort.slice(1) as F, desc: true } : { field: sort as F, desc: false };
}

/** Error responses every authenticated route may give, for the OpenAPI document. */
export const standardErrors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  413: ErrorSchema,
  415: ErrorSchema,
};

/** Whether an If-None-Match header (a list, possibly weak, or *) names the ETag. */
export function namesEtag(header: string, etag: string): boolean {
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}
