import { Type } from 'typebox';
import { Page, Strict, pageQuery, sortQuery } from '../../lib/http.js';
import { NAMES_FROM_ZOOM, TILE_LAYER, TILE_MAX_ZOOM, TILE_MEDIA_TYPE } from './grid-tiles.js';

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

const tileIndex = (description: string) => Type.Integer({ minimum: 0, maximum: 2 ** TILE_MAX_ZOOM - 1, description });
export const TileParams = Strict({
  z: Type.Integer({ minimum: 0, maximum: TILE_MAX_ZOOM, description: `zoom, 0–${TILE_MAX_ZOOM}; the map overzooms beyond ${TILE_MAX_ZOOM}` }),
  x: tileIndex('column, below 2^z'),
  y: tileIndex('row, below 2^z (XYZ scheme: 0 is the north edge)'),
});

const tileHeaders = {
  ETag: { type: 'string', description: 'From the grid version and your jurisdiction: send it back as If-None-Match' },
  'Cache-Control': { type: 'string', description: 'private, no-cache: keep the tile, but revalidate it before use' },
} as const;

/** The tile route's answers besides errors: binary for the OpenAPI document, nothing to serialise. */
export const TileResponses = {
  200: {
    description: `A Mapbox Vector Tile (v2, extent 4096) with one layer \`${TILE_LAYER}\`: the current grids you may see, as polygons with code, kind and communityCode (name too from zoom ${NAMES_FROM_ZOOM}).`,
    headers: tileHeaders,
    content: { [TILE_MEDIA_TYPE]: { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
  },
  204: Type.Null({ description: 'An empty tile: no grid you may see lies in it.', headers: tileHeaders }),
  304: Type.Null({ description: 'Not modified: the tile named by If-None-Match is still current.', headers: tileHeaders }),
} as const;
