// Request and response schemas of the Open311 GeoReport v2 endpoint, named as the specification names
// its fields. Unlike /api, unknown parameters are let through: GeoReport clients send extras (their
// own tracking fields) and the specification expects them to be ignored. A service's attribute[…]
// fields are read and checked by open311-intake.ts.
import { type TSchema, Type } from 'typebox';
import { formats } from './open311.presenter.js';

const Text = (maxLength: number, description?: string) => Type.String({ maxLength, ...(description ? { description } : {}) });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Format = Type.Enum([...formats], { description: 'json or xml: the path ends in .json or .xml' });
const Loose = { additionalProperties: true } as const;
/** Several values: repeated (status=open&status=closed) or comma-delimited (status=open,closed). */
const List = (description: string) => Type.Array(Text(20_000), { maxItems: 100, description });

export const FormatParam = Type.Object({ format: Format });
export const ServiceParam = Type.Object({ service_code: Type.String({ minLength: 1, maxLength: 40 }), format: Format });
export const RequestParam = Type.Object({ service_request_id: Type.String({ minLength: 1, maxLength: 40 }), format: Format });
export const TokenParam = Type.Object({ token: Type.String({ minLength: 1, maxLength: 64 }), format: Format });

const jurisdiction_id = Type.Optional(Text(64, 'optional: this endpoint serves one city; given, its code (370400)'));
export const JurisdictionQuery = Type.Object({ jurisdiction_id }, Loose);
export const RequestsQuery = Type.Object(
  {
    jurisdiction_id,
    service_request_id: Type.Optional(List('case numbers, comma-delimited (at most 1,000); overrides every other filter')),
    service_code: Type.Optional(List('service codes, comma-delimited')),
    start_date: Type.Optional(Text(40, 'W3C date-time, e.g. 2026-09-01T00:00:00+08:00')),
    end_date: Type.Optional(Text(40, 'W3C date-time; at most 90 days after start_date')),
    status: Type.Optional(List('open and/or closed')),
  },
  Loose,
);

const Coordinate = (description: string) => Type.Union([Text(40), Type.Number()], { description });
export const PostRequestBody = Type.Object(
  {
    api_key: Type.Optional(Text(200, 'required (here or in the query string): 403 without a valid key')),
    jurisdiction_id,
    service_code: Type.Optional(Text(40, 'required: from GET services')),
    lat: Type.Optional(Coordinate('WGS-84 latitude; lat and long are required')),
    long: Type.Optional(Coordinate('WGS-84 longitude')),
    address_string: Type.Optional(Text(200, 'kept as the address; cannot replace lat/long')),
    address_id: Type.Optional(Text(100, 'not supported: send lat/long')),
    email: Type.Optional(Text(254, 'personal data: stored encrypted, never answered')),
    device_id: Type.Optional(Text(200, 'accepted, not stored')),
    account_id: Type.Optional(Text(200, 'accepted, not stored')),
    first_name: Type.Optional(Text(50, 'personal data: stored encrypted, never answered')),
    last_name: Type.Optional(Text(50, 'personal data: stored encrypted, never answered')),
    phone: Type.Optional(Text(32, 'personal data: stored encrypted, never answered')),
    description: Type.Optional(Text(4000)),
    media_url: Type.Optional(Text(2048, 'an http(s) URL')),
  },
  {
    ...Loose,
    description:
      "application/x-www-form-urlencoded as GeoReport v2 specifies (JSON also accepted); the service's attributes as attribute[CODE]=value, a multivaluelist's as attribute[CODE][]=key repeated",
  },
);
export const PostRequestQuery = Type.Object({ api_key: Type.Optional(Text(200)) }, Loose);

// ---- Responses (JSON; the XML is the same under the specification's element names) -----------------

const Discovery = Type.Object({
  changeset: Type.String(),
  contact: Type.String(),
  key_service: Type.String(),
  endpoints: Type.Array(
    Type.Object({ specification: Type.String(), url: Type.String(), changeset: Type.String(), type: Type.String(), formats: Type.Array(Type.String()) }),
  ),
});
const Services = Type.Array(
  Type.Object({
    service_code: Type.String(),
    service_name: Type.String(),
    description: Type.String(),
    metadata: Type.Boolean(),
    type: Type.String(),
    keywords: Type.String(),
    group: Type.String(),
  }),
);
const Definition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(
    Type.Object({
      variable: Type.Boolean(),
      code: Type.String(),
      datatype: Type.String(),
      required: Type.Boolean(),
      datatype_description: Nullable(Type.String()),
      order: Type.Integer(),
      description: Type.String(),
      values: Type.Optional(Type.Array(Type.Object({ key: Type.String(), name: Type.String() }), { description: 'singlevaluelist and multivaluelist only' })),
    }),
  ),
});
const Created = Type.Array(Type.Object({ service_request_id: Type.String(), token: Type.String(), service_notice: Type.String() }));
const TokenAnswer = Type.Array(Type.Object({ service_request_id: Type.String(), token: Type.String() }));
const Requests = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    status: Type.Enum(['open', 'closed']),
    status_notes: Nullable(Type.String()),
    service_name: Nullable(Type.String()),
    service_code: Nullable(Type.String()),
    description: Type.String(),
    agency_responsible: Nullable(Type.String()),
    service_notice: Type.String(),
    requested_datetime: Nullable(Type.String()),
    updated_datetime: Nullable(Type.String()),
    expected_datetime: Nullable(Type.String()),
    address: Type.String(),
    address_id: Nullable(Type.String()),
    zipcode: Nullable(Type.String()),
    lat: Nullable(Type.Number()),
    long: Nullable(Type.Number()),
    media_url: Nullable(Type.String()),
  }),
);
const Errors = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }), {
  description: 'GeoReport v2 errors: 404 not found, 403 missing or wrong api_key, 400 anything else',
});

/** A response in both formats: the JSON schema, and the XML as text. */
function both(schema: TSchema, description: string) {
  return {
    description,
    content: {
      'application/json': { schema },
      'text/xml': { schema: Type.String({ description: 'the same as XML, elements named as in GeoReport v2' }) },
    },
  };
}

const errorResponses = {
  400: both(Errors, 'bad request'),
  404: both(Errors, 'not found: an unknown service, request, token or jurisdiction_id'),
};

export const responses = {
  discovery: { 200: both(Discovery, 'the discovery document'), ...errorResponses },
  services: { 200: both(Services, 'the services: matters open to public reporting'), ...errorResponses },
  definition: { 200: both(Definition, 'the service definition'), ...errorResponses },
  created: { 200: both(Created, 'the request created'), 403: both(Errors, 'missing or wrong api_key'), ...errorResponses },
  token: { 200: both(TokenAnswer, 'the request a token stands for'), ...errorResponses },
  requests: { 200: both(Requests, 'service requests, newest first'), ...errorResponses },
};
