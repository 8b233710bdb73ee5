import { Type } from 'typebox';
import { Page, Strict, pageQuery } from '../../lib/http.js';
import { GridKindSchema } from './grid.schemas.js';

const Geometry = Strict(
  { type: Type.Enum(['Polygon', 'MultiPolygon']), coordinates: Type.Array(Type.Any(), { minItems: 1 }) },
  { description: 'GeoJSON, WGS-84' },
);
const GridCodeText = Type.String({ pattern: '^(\\d{16}|\\d{18})$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ChangeItemSchema = Strict({
  action: Type.Enum(['create', 'redraw', 'retire']),
  code: Type.Optional(GridCodeText),
  kind: Type.Optional(GridKindSchema),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  parentCode: Type.Optional(Type.String({ pattern: '^\\d{16}$' })),
  placeName: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  placeKind: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
  boundary: Type.Optional(Geometry),
  households: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
});

const ChangeFields = {
  kind: Type.Enum(['create', 'redraw', 'split', 'merge', 'retire'], { description: 'create, redraw, split, merge or retire' }),
  reason: Type.String({ minLength: 2, maxLength: 500 }),
  items: Type.Array(ChangeItemSchema, { minItems: 1, maxItems: 200 }),
};

export const ProposeBody = Strict({ ...ChangeFields, communityCode: Type.String({ pattern: '^\\d{12}$', description: 'the community whose grids change' }) });
export const ReviseBody = Strict(ChangeFields);
export const DecisionBody = Strict({ reason: Type.String({ minLength: 2, maxLength: 500 }) });
export const ApproveBody = Strict({ reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) });
export const ChangeIdParam = Strict({ id: Type.String({ format: 'uuid' }) });
export const ChangeListQuery = Strict({
  ...pageQuery,
  status: Type.Optional(Type.Enum(['draft', 'submitted', 'approved', 'rejected', 'withdrawn'])),
  communityCode: Type.Optional(Type.String({ pattern: '^(\\d{4}|\\d{6}|\\d{9}|\\d{12})$' })),
});

const IssueSchema = Type.Object({
  severity: Type.Enum(['problem', 'warning']),
  kind: Type.String(),
  item: Type.Optional(Type.Integer()),
  codes: Type.Optional(Type.Array(Type.String())),
  at: Type.Optional(Type.Array(Type.Number())),
  geometry: Type.Optional(Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Type.Any()) })),
  areaM2: Type.Optional(Type.Number()),
  message: Type.String(),
  messageZh: Type.String(),
});

export const GridChangeSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.Enum(['create', 'redraw', 'split', 'merge', 'retire']),
    status: Type.Enum(['draft', 'submitted', 'approved', 'rejected', 'withdrawn']),
    communityCode: Type.String(),
    reason: Type.String(),
    items: Type.Array(Type.Any()),
    validation: Type.Array(IssueSchema, { description: 'problems block submission and approval; warnings (gaps) inform the reviewer' }),
    valid: Type.Boolean(),
    proposedBy: Type.String(),
    proposedByName: Type.String({ description: "the proposer's display name" }),
    submittedAt: Nullable(Type.String()),
    decidedBy: Nullable(Type.String()),
    decidedByName: Nullable(Type.String()),
    decidedAt: Nullable(Type.String()),
    decisionReason: Nullable(Type.String()),
    createdAt: Type.String(),
  },
  { title: 'GridChange' },
);

export const GridChangeDetail = Type.Object(
  {
    ...GridChangeSchema.properties,
    before: Type.Array(Type.Object({ code: Type.String(), kind: Type.String(), name: Type.String(), boundary: Type.Any() }), {
      description: "the community's current grids, for the side-by-side review",
    }),
  },
  { title: 'GridChangeDetail' },
);

export const GridChangePage = Page(GridChangeSchema);
export const ApproveResult = Type.Object({ change: GridChangeSchema, issued: Type.Array(Type.String()), retired: Type.Array(Type.String()) });
