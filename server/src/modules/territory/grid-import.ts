// Import of grid boundaries (Art. 7, §6 of issue 3): GeoJSON or a zipped Shapefile whose attribute
// columns are mapped to community codes, names and kinds. An import never overwrites anything: it
// becomes one draft change per community and kind of action, each with its own validation report,
// for the proposer to submit and the city centre to decide. Features that cannot be placed are
// listed back with the reason.
/// <reference path="./shpjs.d.ts" />
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import shp from 'shpjs';
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { errors } from '../../lib/errors.js';
import type { PolygonGeometry } from '../../lib/geometry/index.js';
import { ErrorSchema, Strict, standardErrors } from '../../lib/http.js';
import type { Actor } from '../access/access.js';
import { actorOf } from '../access/authenticate.js';
import { type AuditContext, auditContextOf } from '../audit/audit.js';
import { normalizeDivisionCode } from './division-code.js';
import { type GridKind, gridKindOfCode } from './grid-code.js';
import { GridChangeSchema } from './grid-change.schemas.js';
import { proposeChange } from './grid-change.service.js';
import type { ChangeItem } from './grid-change.validate.js';

const Column = Type.String({ minLength: 1, maxLength: 40, description: 'name of the attribute (feature property) holding it' });

export const ImportBody = Strict({
  reason: Type.String({ minLength: 2, maxLength: 500 }),
  mapping: Strict({
    community: Column,
    name: Type.Optional(Column),
    kind: Type.Optional(Column),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'attribute holding an existing grid code: the feature redraws that grid' })),
    parent: Type.Optional(Column),
    place: Type.Optional(Column),
    households: Type.Optional(Column),
  }),
  defaultKind: Type.Optional(Type.Enum(['basic', 'dedicated', 'micro'])),
  shapefile: Type.Optional(
    Type.String({
      minLength: 4,
      // Below the route's body limit, so an over-long value is a 400 naming it, not a 413.
      maxLength: 7_800_000,
      pattern: '^[A-Za-z0-9+/=\\s]+$',
      description: 'a zipped Shapefile (.shp, .dbf, .prj, .cpg), base64-encoded; instead of features',
    }),
  ),
  features: Type.Optional(
    Strict({
      type: Type.Literal('FeatureCollection'),
      features: Type.Array(
        Type.Object({
          type: Type.Literal('Feature'),
          properties: Type.Union([Type.Record(Type.String(), Type.Any()), Type.Null()]),
          geometry: Type.Object({ type: Type.Enum(['Polygon', 'MultiPolygon']), coordinates: Type.Array(Type.Any()) }),
        }),
        { minItems: 1, maxItems: 5000 },
      ),
    }),
  ),
});

const ImportResult = Type.Object(
  {
    changes: Type.Array(GridChangeSchema),
    skipped: Type.Array(Type.Object({ feature: Type.Integer(), message: Type.String(), messageZh: Type.String() })),
    report: Type.Array(
      Type.Object({
        feature: Type.Integer(),
        changeId: Type.String(),
        severity: Type.Enum(['problem', 'warning']),
        message: Type.String(),
        messageZh: Type.String(),
      }),
      { description: "each validation finding about a feature, named by the feature's number in the delivery (from 0)" },
    ),
  },
  { title: 'GridImportResult' },
);

const KIND_WORDS: Record<string, GridKind> = {
  basic: 'basic',
  dedicated: 'dedicated',
  micro: 'micro',
  基础网格: 'basic',
  专属网格: 'dedicated',
  微网格: 'micro',
  基础: 'basic',
  专属: 'dedicated',
  微: 'micro',
};

type Body = Static<typeof ImportBody>;

interface InputFeature {
  properties: Record<string, unknown> | null;
  geometry: { type: string; coordinates: unknown[] } | null;
}

/** The features of the delivery: GeoJSON as given, or read from the zipped Shapefile (.prj reprojects, .cpg decodes). */
async function deliveredFeatures(body: Body): Promise<InputFeature[]> {
  if ((body.features === undefined) === (body.shapefile === undefined)) {
    throw errors.validation(
      'body.features',
      'Send either features (GeoJSON) or shapefile (a zipped Shapefile), not both or neither.',
      '请提供 features（GeoJSON）或 shapefile（Shapefile 压缩包）之一。',
    );
  }
  if (body.features) return body.features.features;
  let parsed: unknown;
  try {
    parsed = await shp(Buffer.from(body.shapefile as string, 'base64'));
  } catch {
    throw errors.validation(
      'body.shapefile',
      'The shapefile could not be read: send a .zip holding .shp, .dbf (and .prj, .cpg).',
      '无法读取 Shapefile：请上传包含 .shp、.dbf（及 .prj、.cpg）的 zip 压缩包。',
    );
  }
  const collections = (Array.isArray(parsed) ? parsed : [parsed]) as { features?: InputFeature[] }[];
  return collections.flatMap((c) => c.features ?? []);
}

export async function importGrids(ctx: AppContext, audit: AuditContext, actor: Actor, body: Body) {
  const m = body.mapping;
  const features = await deliveredFeatures(body);
  const skipped: { feature: number; message: string; messageZh: string }[] = [];
  const groups = new Map<string, { communityCode: string; kind: 'create' | 'redraw'; items: ChangeItem[]; features: number[] }>();
  features.forEach((f, i) => {
    const p = f.properties ?? {};
    if (f.geometry?.type !== 'Polygon' && f.geometry?.type !== 'MultiPolygon') {
      skipped.push({ feature: i, message: `Feature ${i + 1}: not a polygon.`, messageZh: `第 ${i + 1} 个要素：不是面要素。` });
      return;
    }
    const community = normalizeDivisionCode(String(p[m.community] ?? '').trim());
    if (!community || community.slice(9) === '000') {
      skipped.push({
        feature: i,
        message: `Feature ${i + 1}: "${m.community}" is not a 12-digit community code.`,
        messageZh: `第 ${i + 1} 个要素：字段“${m.community}”不是 12 位村（社区）代码。`,
      });
      return;
    }
    const existing = m.code ? String(p[m.code] ?? '').trim() : '';
    const kindWord = m.kind ? String(p[m.kind] ?? '').trim() : '';
    const kind = KIND_WORDS[kindWord] ?? (existing ? gridKindOfCode(existing) : undefined) ?? body.defaultKind;
    if (!kind) {
      skipped.push({
        feature: i,
        message: `Feature ${i + 1}: no grid kind (map a kind column or give defaultKind).`,
        messageZh: `第 ${i + 1} 个要素：缺少网格类型（请映射类型字段或指定默认类型）。`,
      });
      return;
    }
    const boundary = f.geometry as PolygonGeometry;
    const name = m.name ? String(p[m.name] ?? '').trim() || undefined : undefined;
    const households = m.households ? Number(p[m.households]) : undefined;
    const item: ChangeItem = existing
      ? { action: 'redraw', code: existing, boundary, ...(name ? { name } : {}) }
      : {
          action: 'create',
          kind,
          name: name ?? `${kind === 'basic' ? '基础网格' : kind === 'micro' ? '微网格' : '专属网格'}（导入第 ${i + 1} 个）`,
          boundary,
          ...(m.parent && p[m.parent] ? { parentCode: String(p[m.parent]).trim() } : {}),
          ...(m.place && p[m.place] ? { placeName: String(p[m.place]).trim() } : {}),
        };
    if (households !== undefined && Number.isInteger(households) && households >= 0) item.households = households;
    const action = existing ? 'redraw' : 'create';
    const key = `${community}|${action}`;
    const group = groups.get(key) ?? { communityCode: community, kind: action, items: [], features: [] };
    group.items.push(item);
    group.features.push(i);
    groups.set(key, group);
  });
  if (groups.size === 0)
    throw errors.validation('features', 'No feature could be placed in a community; see the mapping.', '没有要素能对应到村（社区），请检查字段映射。');
  const changes = [];
  const report: { feature: number; changeId: string; severity: 'problem' | 'warning'; message: string; messageZh: string }[] = [];
  for (const g of groups.values()) {
    try {
      const change = await proposeChange(ctx, audit, actor, { kind: g.kind, communityCode: g.communityCode, reason: body.reason, items: g.items });
      changes.push(change);
      // The change's findings about one item are about one feature of the delivery: name it.
      for (const issue of change.validation) {
        const feature = issue.item === undefined ? undefined : g.features[issue.item];
        if (feature === undefined) continue;
        report.push({
          feature,
          changeId: change.id,
          severity: issue.severity,
          message: `Feature ${feature + 1}: ${issue.message}`,
          messageZh: `第 ${feature + 1} 个要素：${issue.messageZh}`,
        });
      }
    } catch (err) {
      // A community outside the proposer's jurisdiction is reported, not silently dropped.
      if ((err as { status?: number }).status !== 404) throw err;
      skipped.push({
        feature: -1,
        message: `Community ${g.communityCode} is not in your jurisdiction: ${g.items.length} feature(s) skipped.`,
        messageZh: `村（社区）${g.communityCode} 不在您的管辖范围内，跳过 ${g.items.length} 个要素。`,
      });
    }
  }
  return { changes, skipped, report };
}

export function gridImportRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post('/api/grid-changes/import', {
    config: { permission: 'grid.propose' },
    // Survey deliveries are large: a district of 1,000 grids is about 4 MB of GeoJSON. Larger
    // deliveries are imported town by town.
    bodyLimit: 8 * 1024 * 1024,
    schema: {
      tags: ['grids'],
      summary: 'Import grid boundaries (GeoJSON or zipped Shapefile): one draft change per community, each with its validation report',
      body: ImportBody,
      response: { 201: ImportResult, ...standardErrors, 409: ErrorSchema },
    },
    handler: async (req, reply) => reply.code(201).send(await importGrids(ctx, auditContextOf(req), actorOf(req), req.body)),
  });
}
