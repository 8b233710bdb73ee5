// Reading a city's division tree (the JSON shape of data/zaozhuang-divisions.json) and district
// outlines (a GeoJSON FeatureCollection whose feature ids or properties.adcode are division codes).
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { type DivisionLevel, divisionKind, divisionLevel, divisionPrefix, normalizeDivisionCode } from './division-code.js';

const Named = { code: Type.String({ pattern: '^\\d+$' }), name: Type.String({ minLength: 1 }) };
const DivisionFile = Type.Object({
  city: Type.Object(Named),
  districts: Type.Array(
    Type.Object({
      ...Named,
      towns: Type.Array(Type.Object({ ...Named, villages: Type.Array(Type.Object(Named)) })),
    }),
    { minItems: 1 },
  ),
});

export interface DivisionRecord {
  code: string;
  parentCode: string | null;
  level: DivisionLevel;
  name: string;
  kind: string;
  prefix: string;
}

export class TerritoryFileError extends Error {}

/** Flattens the tree into rows, checking that every code sits under its parent. */
export function parseDivisionFile(json: unknown): DivisionRecord[] {
  if (!Value.Check(DivisionFile, json)) {
    const first = Value.Errors(DivisionFile, json)[0];
    throw new TerritoryFileError(`divisions file: ${first ? `${first.instancePath || '/'} ${first.message}` : 'unexpected shape'}`);
  }
  const out: DivisionRecord[] = [];
  const seen = new Set<string>();
  const add = (rawCode: string, name: string, parent: DivisionRecord | null, expectedLevel: DivisionLevel) => {
    const code = normalizeDivisionCode(rawCode);
    if (!code) throw new TerritoryFileError(`divisions file: ${rawCode} (${name}) is not a 6-, 9- or 12-digit code`);
    const level = divisionLevel(code);
    if (level !== expectedLevel) throw new TerritoryFileError(`divisions file: ${rawCode} (${name}) is not a level-${expectedLevel} code`);
    if (parent && !code.startsWith(parent.prefix)) throw new TerritoryFileError(`divisions file: ${rawCode} (${name}) does not lie under ${parent.code}`);
    if (seen.has(code)) throw new TerritoryFileError(`divisions file: ${rawCode} appears twice`);
    seen.add(code);
    const rec: DivisionRecord = {
      code,
      parentCode: parent?.code ?? null,
      level,
      name: name.trim(),
      kind: divisionKind(code, name),
      prefix: divisionPrefix(code, level),
    };
    out.push(rec);
    return rec;
  };
  const city = add(json.city.code, json.city.name, null, 1);
  for (const d of json.districts) {
    const district = add(d.code, d.name, city, 2);
    for (const t of d.towns) {
      const town = add(t.code, t.name, district, 3);
      for (const v of t.villages) add(v.code, v.name, town, 4);
    }
  }
  return out;
}

export interface OutlineRecord {
  divisionCode: string;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

const Outlines = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      id: Type.Optional(Type.Union([Type.String(), Type.Number()])),
      properties: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
      geometry: Type.Object({ type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]), coordinates: Type.Array(Type.Unknown()) }),
    }),
  ),
});

export function parseOutlineFile(json: unknown): OutlineRecord[] {
  if (!Value.Check(Outlines, json)) {
    const first = Value.Errors(Outlines, json)[0];
    throw new TerritoryFileError(`outlines file: ${first ? `${first.instancePath || '/'} ${first.message}` : 'unexpected shape'}`);
  }
  return json.features.map((f, i) => {
    const raw = String(f.properties?.adcode ?? f.properties?.code ?? f.id ?? '');
    const code = normalizeDivisionCode(raw);
    if (!code) throw new TerritoryFileError(`outlines file: feature ${i} has no division code (id or properties.adcode)`);
    return { divisionCode: code, geometry: f.geometry as OutlineRecord['geometry'] };
  });
}
