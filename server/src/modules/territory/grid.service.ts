// Grids as the API shows them: search, the grid card with its history, where-is-this-point, export.
import { and, eq, isNull, like } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { errors } from '../../lib/errors.js';
import { type LngLat, type PolygonGeometry, gcj02ToWgs84, pointInGeometry } from '../../lib/geometry/index.js';
import { type PageParams, parseSort } from '../../lib/http.js';
import { type Actor, canSeeGrid, visibleDivisionsWhere, visibleGridsWhere } from '../access/access.js';
import { appUser } from '../access/access.tables.js';
import { ancestorCodes, divisionPrefix, normalizeDivisionCode } from './division-code.js';
import { findDivision, findDivisions } from './division.store.js';
import type { GridKind } from './grid-code.js';
import { grid, gridMember } from './grid.tables.js';
import { type GridRow, currentGrids, gridVersions, listGrids, versionsAtPoint } from './grid.store.js';

const visible = (actor: Actor) => visibleGridsWhere(actor, grid.code, grid.communityCode);

export interface GridListParams {
  q?: string;
  kind?: string;
  divisionCode?: string;
  sort?: string;
}

export async function searchGrids(ctx: AppContext, actor: Actor, params: GridListParams, page: PageParams) {
  const division = params.divisionCode ? normalizeDivisionCode(params.divisionCode) : undefined;
  const { rows, total } = await listGrids(
    ctx.db,
    visible(actor),
    { q: params.q, kind: params.kind, divisionPrefix: division ? divisionPrefix(division) : undefined },
    parseSort<'code' | 'name'>(params.sort, 'code'),
    page,
  );
  return {
    items: rows.map((r) => ({
      code: r.code,
      kind: r.kind as GridKind,
      name: r.name,
      community: { code: r.communityCode, name: r.communityName },
      parentCode: r.parentCode,
      placeName: r.placeName,
      placeKind: r.placeKind,
      areaM2: Math.round(r.areaM2),
      label: [r.labelLng, r.labelLat] as LngLat,
      households: r.households,
      validFrom: r.validFrom.toISOString(),
    })),
    total,
    page: page.page,
    pageSize: page.pageSize,
  };
}

function presentVersion(v: GridRow) {
  return {
    id: v.id,
    validFrom: v.validFrom.toISOString(),
    validTo: v.validTo?.toISOString() ?? null,
    name: v.name,
    areaM2: Math.round(v.areaM2),
    households: v.households,
    predecessorCodes: v.predecessorCodes,
    changeId: v.changeId,
  };
}

/** The grid card: the current (or last) version, its place in the tree, its team, and its history. */
export async function gridCard(ctx: AppContext, actor: Actor, code: string) {
  const versions = await gridVersions(ctx.db, visible(actor), code);
  const latest = versions[0];
  if (!latest) throw errors.notFound('grid');
  const path = await findDivisions(ctx.db, [...ancestorCodes(latest.communityCode), latest.communityCode]);
  const team = await ctx.db
    .select({ id: gridMember.id, userId: gridMember.userId, role: gridMember.role, displayName: appUser.displayName, validFrom: gridMember.validFrom })
    .from(gridMember)
    .innerJoin(appUser, eq(appUser.id, gridMember.userId))
    .where(and(eq(gridMember.gridCode, code), isNull(gridMember.validTo)));
  const micro = latest.kind === 'basic' ? await currentGrids(ctx.db, and(like(grid.code, `${code}%`), eq(grid.kind, 'micro'))) : [];
  return {
    code: latest.code,
    kind: latest.kind as GridKind,
    name: latest.name,
    status: latest.validTo === null ? ('current' as const) : ('retired' as const),
    path: path.map((d) => ({ code: d.code, name: d.name, level: d.level })),
    parentCode: latest.parentCode,
    placeName: latest.placeName,
    placeKind: latest.placeKind,
    areaM2: Math.round(latest.areaM2),
    label: [latest.labelLng, latest.labelLat] as LngLat,
    households: latest.households,
    boundary: latest.boundary as PolygonGeometry,
    microGrids: micro.map((m) => m.code),
    team: team.map((m) => ({ ...m, validFrom: m.validFrom.toISOString() })),
    // Art. 8: a basic grid lacking its leader, instructor or a worker is incomplete.
    teamComplete: latest.kind !== 'basic' || ['gridLeader', 'gridInstructor', 'gridWorker'].every((r) => team.some((m) => m.role === r)),
    history: versions.map(presentVersion),
  };
}

export interface LocateParams {
  lng: number;
  lat: number;
  crs?: 'wgs84' | 'gcj02';
  at?: string;
}

type Found = { code: string; kind: GridKind; name?: string; versionId: string };

/**
 * Which grids hold a point: now (the in-process index) or at a past moment (the versions valid then,
 * from the database). A point on a border shared by two grids resolves to the lower code, every time.
 */
export async function locate(ctx: AppContext, actor: Actor, params: LocateParams) {
  const point: LngLat = params.crs === 'gcj02' ? gcj02ToWgs84([params.lng, params.lat]) : [params.lng, params.lat];
  let hits: (Found & { communityCode: string })[];
  if (params.at) {
    const rows = await versionsAtPoint(ctx.db, visible(actor), point[0], point[1], new Date(params.at));
    hits = rows
      .filter((r) => pointInGeometry(point, r.boundary as PolygonGeometry) !== 'outside')
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((r) => ({ code: r.code, kind: r.kind as GridKind, name: r.name, versionId: r.id, communityCode: r.communityCode }));
  } else {
    hits = (await ctx.grids.locate(point))
      .filter((g) => canSeeGrid(actor, g.key, g.communityCode))
      .map((g) => ({ code: g.key, kind: g.kind as GridKind, versionId: g.id, communityCode: g.communityCode }));
  }
  const pick = (kind: string) => hits.find((h) => h.kind === kind) ?? null;
  const basic = pick('basic');
  const micro = hits.find((h) => h.kind === 'micro' && (!basic || h.code.startsWith(basic.code))) ?? null;
  const dedicated = hits.filter((h) => h.kind === 'dedicated');
  const communityCode = (basic ?? micro ?? dedicated[0])?.communityCode;
  const chain = communityCode ? await findDivisions(ctx.db, [...ancestorCodes(communityCode), communityCode]) : [];
  const level = (l: number) => {
    const d = chain.find((x) => x.level === l);
    return d ? { code: d.code, name: d.name } : null;
  };
  const strip = (h: (typeof hits)[number] | null) => (h ? { code: h.code, kind: h.kind, versionId: h.versionId } : null);
  return {
    point,
    at: params.at ?? null,
    found: hits.length > 0,
    micro: strip(micro),
    basic: strip(basic),
    dedicated: dedicated.map((d) => strip(d)!),
    community: level(4),
    town: level(3),
    district: level(2),
  };
}

/** Current grids under a division, as a GeoJSON FeatureCollection. */
export async function exportGrids(ctx: AppContext, actor: Actor, rawCode: string, kind?: string) {
  const code = normalizeDivisionCode(rawCode);
  const division = code ? await findDivision(ctx.db, visibleDivisionsWhere(actor), code) : undefined;
  if (!division) throw errors.notFound('division');
  const rows = await currentGrids(ctx.db, and(visible(actor), like(grid.communityCode, `${division.prefix}%`), kind ? eq(grid.kind, kind) : undefined));
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.code,
      properties: {
        code: r.code,
        kind: r.kind,
        name: r.name,
        communityCode: r.communityCode,
        parentCode: r.parentCode,
        placeName: r.placeName,
        households: r.households,
        areaM2: Math.round(r.areaM2),
        validFrom: r.validFrom.toISOString(),
      },
      geometry: r.boundary as PolygonGeometry,
    })),
  };
}
