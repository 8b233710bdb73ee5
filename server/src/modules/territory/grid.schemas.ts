import { Type } from 'typebox';
import { Page, Strict, pageQuery, sortQuery } from '../../lib/http.js';

export const GridKindSchema = Type.Enum(['basic', 'dedicated', 'micro'], { description: 'basic 基础网格, dedicated 专属网格, micro 微网格' });
const LngLat = Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[longitude, latitude], WGS-84' });
const DivisionCodeText = Type.String({ pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$' });
const Geometry = Type.Object({ type: Type.Enum(['Polygon', 'MultiPolygon']), coordinates: Type.Array(Type.Any()) }, { description: 'GeoJSON, WGS-84' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const GridCodeParam = Strict({ code: Type.String({ pattern: '^(\\d{16}|\\d{18})$', description: '16-digit grid code, 18 for a micro grid' }) });

export const GridListQuery = Strict({
  ...pageQuery,
  sort: sortQuery(['code', 'name']),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'start of the code, or part of the name or place' })),
  kind: Type.Optional(GridKindSchema),
  divisionCode: Type.Optional(DivisionCodeText),
});

export const GridSummary = Type.Object(
  {
    code: Type.String(),
    kind: GridKindSchema,
    name: Type.String(),
    community: Type.Object({ code: Type.String(), name: Type.String() }),
    parentCode: Nullable(Type.String()),
    placeName: Nullable(Type.String()),
    placeKind: Nullable(Type.String()),
    areaM2: Type.Integer(),
    label: LngLat,
    households: Type.Integer(),
    validFrom: Type.String({ format: 'date-time' }),
  },
  { title: 'GridSummary' },
);
export const GridPage = Page(GridSummary);

export const GridCard = Type.Object(
  {
    code: Type.String(),
    kind: GridKindSchema,
    name: Type.String(),
    status: Type.Enum(['current', 'retired']),
    path: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer() }), { description: 'city → community' }),
    parentCode: Nullable(Type.String()),
    placeName: Nullable(Type.String()),
    placeKind: Nullable(Type.String()),
    areaM2: Type.Integer(),
    label: LngLat,
    households: Type.Integer(),
    boundary: Geometry,
    microGrids: Type.Array(Type.String()),
    team: Type.Array(
      Type.Object({
        id: Type.String(),
        userId: Type.String(),
        role: Type.String(),
        displayName: Type.String(),
        validFrom: Type.String({ format: 'date-time' }),
      }),
    ),
    teamComplete: Type.Boolean({ description: 'Art. 8: a basic grid needs a leader, an instructor and a worker' }),
    history: Type.Array(
      Type.Object({
        id: Type.String(),
        validFrom: Type.String({ format: 'date-time' }),
        validTo: Nullable(Type.String({ format: 'date-time' })),
        name: Type.String(),
        areaM2: Type.Integer(),
        households: Type.Integer(),
        predecessorCodes: Type.Array(Type.String()),
        changeId: Nullable(Type.String()),
      }),
    ),
  },
  { title: 'GridCard' },
);

export const LocateQuery = Strict({
  lng: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  crs: Type.Optional(Type.Enum(['wgs84', 'gcj02'], { description: 'gcj02 for points from Chinese web maps (AMap, Tencent); converted, never stored' })),
  at: Type.Optional(Type.String({ format: 'date-time', description: 'answer for this moment instead of now' })),
});

const LocatedGrid = Type.Object({ code: Type.String(), kind: GridKindSchema, versionId: Type.String() });
const Named = Nullable(Type.Object({ code: Type.String(), name: Type.String() }));

export const LocateResult = Type.Object(
  {
    point: LngLat,
    at: Nullable(Type.String()),
    found: Type.Boolean({ description: 'false: the point lies in no grid you may see' }),
    micro: Nullable(LocatedGrid),
    basic: Nullable(LocatedGrid),
    dedicated: Type.Array(LocatedGrid),
    community: Named,
    town: Named,
    district: Named,
  },
  { title: 'LocateResult' },
);

export const ExportQuery = Strict({
  divisionCode: DivisionCodeText,
  kind: Type.Optional(GridKindSchema),
});

export const GridCollection = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(
      Type.Object({
        type: Type.Literal('Feature'),
        id: Type.String(),
        properties: Type.Object({
          code: Type.String(),
          kind: Type.String(),
          name: Type.String(),
          communityCode: Type.String(),
          parentCode: Nullable(Type.String()),
          placeName: Nullable(Type.String()),
          households: Type.Integer(),
          areaM2: Type.Integer(),
          validFrom: Type.String(),
        }),
        geometry: Geometry,
      }),
    ),
  },
  { title: 'GridCollection' },
);
