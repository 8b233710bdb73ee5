import { Type } from 'typebox';
import { Strict } from '../../lib/http.js';

export const DivisionCodeParam = Strict({
  code: Type.String({ pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$', description: 'division code: 12 digits, or its 2/4/6/9-digit short form' }),
});

const DivisionRef = Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer() });
const Counts = Type.Object({ districts: Type.Integer(), towns: Type.Integer(), communities: Type.Integer() });
const Kind = Type.String({
  description: 'city, district, countyCity, county, subdistrict (街道), town (镇), township (乡), zone (开发区), residents (居委会), villagers (村委会)',
});

export const Division = Type.Object(
  {
    ...DivisionRef.properties,
    kind: Kind,
    parentCode: Type.Union([Type.String(), Type.Null()]),
    path: Type.Array(DivisionRef, { description: 'ancestors, top first' }),
    counts: Counts,
  },
  { title: 'Division' },
);

export const DivisionChildren = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        ...DivisionRef.properties,
        kind: Kind,
        parentCode: Type.Union([Type.String(), Type.Null()]),
        counts: Counts,
        hasChildren: Type.Boolean(),
      }),
    ),
  },
  { title: 'DivisionChildren' },
);

export const OutlineCollection = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(
      Type.Object({
        type: Type.Literal('Feature'),
        id: Type.String(),
        properties: DivisionRef,
        geometry: Type.Object({ type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]), coordinates: Type.Array(Type.Any()) }),
      }),
    ),
  },
  { title: 'OutlineCollection', description: 'GeoJSON, WGS-84' },
);
