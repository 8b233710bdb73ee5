// Hazards (隐患) found in the grid and their rectification: found on a day not after today, a kind and
// a level, where (a point, a grid, or the organisation it was found at), a deadline, and the status
// open → rectifying → rectified; a rectified hazard says when, not after today and not before it was found.
import { and, count, desc, eq, like, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import { type PageParams, escapeLike } from '../../lib/http.js';
import { type Actor, requirePermission } from '../access/access.js';
import type { AuditContext } from '../audit/audit.js';
import { visibleBaseWhere } from './base-access.js';
import { diffShown, historyOf } from './base-history.js';
import { type PlaceInput, type Placement, locatePoint, placeRecord, writableGrid } from './base-place.js';
import { checkDay, checkMove, findRecord, recordBaseWrite, refuseStale, requireText, shownFields } from './base-records.js';
import { hazard, organisation } from './base.tables.js';
import { today } from './person.service.js';

export const hazardKinds = ['fire', 'building', 'gas', 'electrical', 'traffic', 'flood', 'foodSafety', 'other'] as const;
/** 一般隐患 / 重大隐患. */
export const hazardLevels = ['general', 'major'] as const;
export const hazardStatuses = ['open', 'rectifying', 'rectified'] as const;
type Status = (typeof hazardStatuses)[number];

/** A rectified hazard stays rectified: a hazard found again is a new record. */
const statusMoves: Record<Status, readonly Status[]> = {
  open: ['rectifying', 'rectified'],
  rectifying: ['open', 'rectified'],
  rectified: [],
};

type HazardRow = typeof hazard.$inferSelect;

export interface HazardBody {
  foundOn: string;
  kind: (typeof hazardKinds)[number];
  level: (typeof hazardLevels)[number];
  description: string;
  organisationId?: string | null;
  rectifyBy?: string | null;
  status?: Status;
  rectifiedOn?: string | null;
  gridCode?: string | null;
  lng?: number | null;
  lat?: number | null;
}
export type HazardUpdate = Partial<HazardBody> & { version: number };

function checkValues(v: HazardBody, day: string) {
  const foundOn = checkDay('foundOn', v.foundOn, { notAfter: day });
  const sinceFound = { day: foundOn, what: 'the day it was found', whatZh: '发现日期' };
  const rectifyBy = v.rectifyBy ? checkDay('rectifyBy', v.rectifyBy, { notBefore: sinceFound }) : null;
  const status = v.status ?? 'open';
  let rectifiedOn: string | null = null;
  if (status === 'rectified') {
    if (!v.rectifiedOn) throw errors.validation('body.rectifiedOn', 'A rectified hazard needs the day it was rectified.', '已整改的隐患须填写整改完成日期。');
    rectifiedOn = checkDay('rectifiedOn', v.rectifiedOn, { notAfter: day, notBefore: sinceFound });
  } else if (v.rectifiedOn) {
    throw errors.validation('body.rectifiedOn', 'Only a rectified hazard has a rectification day.', '隐患尚未整改完成，不能填写整改完成日期。');
  }
  return { foundOn, kind: v.kind, level: v.level, description: requireText('description', v.description), rectifyBy, status, rectifiedOn };
}

/** The organisation the hazard was found at: one the writer finds, else a 400 naming the field. */
async function visibleOrganisation(db: Executor, ctx: AppContext, actor: Actor, id: string) {
  const [row] = await db
    .select({ id: organisation.id, gridCode: organisation.gridCode })
    .from(organisation)
    .where(and(eq(organisation.id, id), visibleBaseWhere(actor, 'organisation', organisation, ctx.now())))
    .limit(1);
  if (!row) throw errors.validation('body.organisationId', 'No such organisation in your jurisdiction.', '该单位不存在或不在您的管辖范围内。');
  return row;
}

/** A point or a grid first; else the grid of the organisation it was found at. */
async function placeHazard(
  ctx: AppContext,
  db: Executor,
  actor: Actor,
  b: HazardBody,
  org: { gridCode: string } | null,
  located: PlaceInput['located'],
): Promise<Placement> {
  if (b.gridCode || (b.lng != null && b.lat != null) || !org) return placeRecord(ctx, db, actor, { gridCode: b.gridCode, lng: b.lng, lat: b.lat, located });
  return writableGrid(db, actor, org.gridCode, 'organisationId');
}

export function presentHazard(r: HazardRow) {
  return {
    id: r.id,
    foundOn: r.foundOn,
    kind: r.kind,
    level: r.level,
    description: r.description,
    lng: r.lng,
    lat: r.lat,
    organisationId: r.organisationId,
    rectifyBy: r.rectifyBy,
    status: r.status,
    rectifiedOn: r.rectifiedOn,
    divisionCode: r.divisionCode,
    gridCode: r.gridCode,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function createHazard(ctx: AppContext, audit: AuditContext, actor: Actor, body: HazardBody) {
  requirePermission(actor, 'base.write');
  const values = checkValues(body, today(ctx));
  // The point is located before the transaction: the grid index reads through ctx.db (PGlite has one connection).
  const located = await locatePoint(ctx, body);
  const row = await ctx.db.transaction(async (tx) => {
    const org = body.organisationId ? await visibleOrganisation(tx, ctx, actor, body.organisationId) : null;
    const place = await placeHazard(ctx, tx, actor, body, org, located);
    const [created] = await tx
      .insert(hazard)
      .values({
        ...values,
        organisationId: org?.id ?? null,
        lng: body.lng ?? null,
        lat: body.lat ?? null,
        gridCode: place.gridCode,
        divisionCode: place.divisionCode,
      })
      .returning();
    const r = created as HazardRow;
    await recordBaseWrite(tx, audit, actor, {
      entity: 'hazard',
      entityId: r.id,
      divisionCode: r.divisionCode,
      action: 'create',
      changes: diffShown({}, shownFields(r)),
      audit: 'base.hazard.create',
    });
    return r;
  });
  return presentHazard(row);
}

export async function updateHazard(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, body: HazardUpdate) {
  requirePermission(actor, 'base.write');
  const day = today(ctx);
  // The point is located before the transaction: the grid index reads through ctx.db (PGlite has one connection).
  const located = await locatePoint(ctx, body);
  const row = await ctx.db.transaction(async (tx) => {
    const before = await findRecord(tx, ctx, actor, hazard, id, 'hazard', 'write');
    refuseStale(before.version, body.version);
    const { version: _v, gridCode, lng, lat, ...changes } = body;
    const merged: HazardBody = {
      foundOn: before.foundOn,
      kind: before.kind as HazardBody['kind'],
      level: before.level as HazardBody['level'],
      description: before.description,
      organisationId: before.organisationId,
      rectifyBy: before.rectifyBy,
      status: before.status as Status,
      rectifiedOn: before.rectifiedOn,
      ...changes,
    };
    checkMove('status', statusMoves, before.status as Status, merged.status ?? 'open');
    const values = checkValues(merged, day);
    const org =
      changes.organisationId === undefined || changes.organisationId === null ? null : await visibleOrganisation(tx, ctx, actor, changes.organisationId);
    const moved = gridCode !== undefined || lng !== undefined || lat !== undefined;
    const place = moved ? await placeRecord(ctx, tx, actor, { gridCode, lng, lat, located }) : null;
    const [after] = await tx
      .update(hazard)
      .set({
        ...values,
        organisationId: changes.organisationId === undefined ? before.organisationId : (org?.id ?? null),
        ...(place ? { gridCode: place.gridCode, divisionCode: place.divisionCode, lng: lng ?? null, lat: lat ?? null } : {}),
        version: before.version + 1,
        updatedAt: ctx.now(),
      })
      .where(eq(hazard.id, id))
      .returning();
    const r = after as HazardRow;
    await recordBaseWrite(tx, audit, actor, {
      entity: 'hazard',
      entityId: id,
      divisionCode: r.divisionCode,
      action: 'update',
      changes: diffShown(shownFields(before), shownFields(r)),
      audit: 'base.hazard.update',
    });
    return r;
  });
  return presentHazard(row);
}

export interface HazardQuery {
  kind?: string;
  level?: string;
  status?: string;
  divisionCode?: string;
  gridCode?: string;
  organisationId?: string;
}

export function hazardListWhere(ctx: AppContext, actor: Actor, query: HazardQuery): SQL | undefined {
  return and(
    visibleBaseWhere(actor, 'hazard', hazard, ctx.now()),
    query.kind ? eq(hazard.kind, query.kind) : undefined,
    query.level ? eq(hazard.level, query.level) : undefined,
    query.status ? eq(hazard.status, query.status) : undefined,
    query.organisationId ? eq(hazard.organisationId, query.organisationId) : undefined,
    query.divisionCode ? like(hazard.divisionCode, `${escapeLike(query.divisionCode.replace(/0+$/, ''))}%`) : undefined,
    query.gridCode ? like(hazard.gridCode, `${escapeLike(query.gridCode)}%`) : undefined,
  );
}

export async function listHazards(ctx: AppContext, actor: Actor, query: HazardQuery, page: PageParams) {
  requirePermission(actor, 'base.read');
  const where = hazardListWhere(ctx, actor, query);
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(hazard).where(where).orderBy(desc(hazard.foundOn), desc(hazard.id)).limit(page.pageSize).offset(page.offset),
    ctx.db.select({ n: count() }).from(hazard).where(where),
  ]);
  return { items: rows.map(presentHazard), total: total?.n ?? 0, page: page.page, pageSize: page.pageSize };
}

export async function getHazard(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'base.read');
  const r = await findRecord(ctx.db, ctx, actor, hazard, id, 'hazard');
  const [org, history] = await Promise.all([
    r.organisationId
      ? ctx.db
          .select({ name: organisation.name })
          .from(organisation)
          .where(and(eq(organisation.id, r.organisationId), visibleBaseWhere(actor, 'organisation', organisation, ctx.now())))
      : Promise.resolve([]),
    historyOf(ctx.db, 'hazard', id),
  ]);
  return { ...presentHazard(r), organisationName: org[0]?.name ?? null, history };
}
