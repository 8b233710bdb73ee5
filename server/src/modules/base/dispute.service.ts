// Disputes (矛盾纠纷) screened in the grid and their mediation (DOMAIN.md §3): when and where, the
// kind, how many parties and which registered persons among them, the mediating unit, the method,
// the outcome and agreement, the follow-up visit. The outcome moves along a fixed table; a mediated
// dispute names its method.
import { and, count, desc, eq, inArray, like, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import { type PageParams, escapeLike } from '../../lib/http.js';
import { type Actor, requirePermission } from '../access/access.js';
import { department } from '../access/access.tables.js';
import type { AuditContext } from '../audit/audit.js';
import { visibleBaseWhere } from './base-access.js';
import { diffShown, historyOf } from './base-history.js';
import { locatePoint, placeRecord } from './base-place.js';
import { activeUnit, checkDay, checkMove, findRecord, recordBaseWrite, refuseStale, requireText, shownFields } from './base-records.js';
import { dispute, person } from './base.tables.js';
import { today } from './person.service.js';

export const disputeKinds = ['family', 'neighbours', 'land', 'labour', 'propertyManagement', 'marriage', 'debt', 'other'] as const;
export const disputeOutcomes = ['pending', 'mediating', 'mediated', 'failed', 'referred'] as const;
export const mediationMethods = ['peoplesMediation', 'administrativeMediation', 'judicialMediation', 'jointMediation', 'other'] as const;
type Outcome = (typeof disputeOutcomes)[number];

/** Where an outcome may go: a mediated or referred dispute is closed; a failed mediation may be tried again or referred. */
const outcomeMoves: Record<Outcome, readonly Outcome[]> = {
  pending: ['mediating', 'mediated', 'failed', 'referred'],
  mediating: ['mediated', 'failed', 'referred'],
  failed: ['mediating', 'referred'],
  mediated: [],
  referred: [],
};

type DisputeRow = typeof dispute.$inferSelect;

export interface DisputeBody {
  occurredOn: string;
  place: string;
  kind: (typeof disputeKinds)[number];
  partyCount: number;
  partyPersonIds?: string[];
  summary: string;
  mediatingUnitId?: string | null;
  method?: (typeof mediationMethods)[number] | null;
  outcome?: Outcome;
  agreement?: string | null;
  followUpOn?: string | null;
  gridCode?: string | null;
  lng?: number | null;
  lat?: number | null;
}
export type DisputeUpdate = Partial<DisputeBody> & { version: number };

/** The registered persons among the parties: each one the writer finds, else a 400 naming the field. */
async function checkParties(db: Executor, ctx: AppContext, actor: Actor, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = await db
    .select({ id: person.id })
    .from(person)
    .where(and(inArray(person.id, unique), visibleBaseWhere(actor, 'person', person, ctx.now())));
  if (found.length !== unique.length)
    throw errors.validation('body.partyPersonIds', 'A party is no person in your jurisdiction.', '当事人中有人员不存在或不在您的管辖范围内。');
  return unique;
}

/** The values of a whole dispute checked together: dates, party count, outcome and method. */
function checkValues(v: DisputeBody, day: string) {
  const occurredOn = checkDay('occurredOn', v.occurredOn, { notAfter: day });
  const parties = v.partyPersonIds ?? [];
  if (v.partyCount < Math.max(1, new Set(parties).size))
    throw errors.validation('body.partyCount', 'Must count at least every party named.', '当事人数不能少于已列明的当事人。');
  const outcome = v.outcome ?? 'pending';
  // A mediated dispute says how it was mediated.
  if (outcome === 'mediated' && !v.method) throw errors.validation('body.method', 'A mediated dispute needs its method.', '调解成功的纠纷须注明调解方式。');
  const followUpOn = v.followUpOn
    ? checkDay('followUpOn', v.followUpOn, { notBefore: { day: occurredOn, what: 'the day it occurred', whatZh: '纠纷发生日期' } })
    : null;
  return {
    occurredOn,
    place: requireText('place', v.place),
    kind: v.kind,
    partyCount: v.partyCount,
    summary: requireText('summary', v.summary),
    method: v.method ?? null,
    outcome,
    agreement: v.agreement?.trim() || null,
    followUpOn,
  };
}

export function presentDispute(r: DisputeRow & { mediatingUnitName?: string | null }) {
  return {
    id: r.id,
    occurredOn: r.occurredOn,
    place: r.place,
    kind: r.kind,
    partyCount: r.partyCount,
    partyPersonIds: r.partyPersonIds,
    summary: r.summary,
    mediatingUnitId: r.mediatingUnitId,
    method: r.method,
    outcome: r.outcome,
    agreement: r.agreement,
    followUpOn: r.followUpOn,
    divisionCode: r.divisionCode,
    gridCode: r.gridCode,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function createDispute(ctx: AppContext, audit: AuditContext, actor: Actor, body: DisputeBody) {
  requirePermission(actor, 'base.write');
  const values = checkValues(body, today(ctx));
  // The point is located before the transaction: the grid index reads through ctx.db (PGlite has one connection).
  const located = await locatePoint(ctx, body);
  const row = await ctx.db.transaction(async (tx) => {
    const place = await placeRecord(ctx, tx, actor, { gridCode: body.gridCode, lng: body.lng, lat: body.lat, located });
    const parties = await checkParties(tx, ctx, actor, body.partyPersonIds ?? []);
    const unitId = await activeUnit(tx, body.mediatingUnitId, 'mediatingUnitId');
    const [created] = await tx
      .insert(dispute)
      .values({ ...values, partyPersonIds: parties, mediatingUnitId: unitId, gridCode: place.gridCode, divisionCode: place.divisionCode })
      .returning();
    const r = created as DisputeRow;
    await recordBaseWrite(tx, audit, actor, {
      entity: 'dispute',
      entityId: r.id,
      divisionCode: r.divisionCode,
      action: 'create',
      changes: diffShown({}, shownFields(r)),
      audit: 'base.dispute.create',
    });
    return r;
  });
  return presentDispute(row);
}

export async function updateDispute(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, body: DisputeUpdate) {
  requirePermission(actor, 'base.write');
  const day = today(ctx);
  // The point is located before the transaction: the grid index reads through ctx.db (PGlite has one connection).
  const located = await locatePoint(ctx, body);
  const row = await ctx.db.transaction(async (tx) => {
    const before = await findRecord(tx, ctx, actor, dispute, id, 'dispute', 'write');
    refuseStale(before.version, body.version);
    const { version: _v, gridCode, lng, lat, ...changes } = body;
    const merged: DisputeBody = {
      occurredOn: before.occurredOn,
      place: before.place,
      kind: before.kind as DisputeBody['kind'],
      partyCount: before.partyCount,
      partyPersonIds: before.partyPersonIds,
      summary: before.summary,
      mediatingUnitId: before.mediatingUnitId,
      method: before.method as DisputeBody['method'],
      outcome: before.outcome as Outcome,
      agreement: before.agreement,
      followUpOn: before.followUpOn,
      ...changes,
    };
    checkMove('outcome', outcomeMoves, before.outcome as Outcome, merged.outcome ?? 'pending');
    const values = checkValues(merged, day);
    // Parties already on the record stay; new ones must be persons the writer finds.
    const added = (merged.partyPersonIds ?? []).filter((p) => !before.partyPersonIds.includes(p));
    await checkParties(tx, ctx, actor, added);
    const unitId = changes.mediatingUnitId === undefined ? before.mediatingUnitId : await activeUnit(tx, changes.mediatingUnitId, 'mediatingUnitId');
    const moved = gridCode !== undefined || lng !== undefined || lat !== undefined;
    const place = moved ? await placeRecord(ctx, tx, actor, { gridCode, lng, lat, located }) : null;
    const [after] = await tx
      .update(dispute)
      .set({
        ...values,
        partyPersonIds: [...new Set(merged.partyPersonIds ?? [])],
        mediatingUnitId: unitId,
        ...(place ? { gridCode: place.gridCode, divisionCode: place.divisionCode } : {}),
        version: before.version + 1,
        updatedAt: ctx.now(),
      })
      .where(eq(dispute.id, id))
      .returning();
    const r = after as DisputeRow;
    await recordBaseWrite(tx, audit, actor, {
      entity: 'dispute',
      entityId: id,
      divisionCode: r.divisionCode,
      action: 'update',
      changes: diffShown(shownFields(before), shownFields(r)),
      audit: 'base.dispute.update',
    });
    return r;
  });
  return presentDispute(row);
}

export interface DisputeQuery {
  kind?: string;
  outcome?: string;
  divisionCode?: string;
  gridCode?: string;
}

export function disputeListWhere(ctx: AppContext, actor: Actor, query: DisputeQuery): SQL | undefined {
  return and(
    visibleBaseWhere(actor, 'dispute', dispute, ctx.now()),
    query.kind ? eq(dispute.kind, query.kind) : undefined,
    query.outcome ? eq(dispute.outcome, query.outcome) : undefined,
    query.divisionCode ? like(dispute.divisionCode, `${escapeLike(query.divisionCode.replace(/0+$/, ''))}%`) : undefined,
    query.gridCode ? like(dispute.gridCode, `${escapeLike(query.gridCode)}%`) : undefined,
  );
}

export async function listDisputes(ctx: AppContext, actor: Actor, query: DisputeQuery, page: PageParams) {
  requirePermission(actor, 'base.read');
  const where = disputeListWhere(ctx, actor, query);
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(dispute).where(where).orderBy(desc(dispute.occurredOn), desc(dispute.id)).limit(page.pageSize).offset(page.offset),
    ctx.db.select({ n: count() }).from(dispute).where(where),
  ]);
  return { items: rows.map(presentDispute), total: total?.n ?? 0, page: page.page, pageSize: page.pageSize };
}

/** A dispute with the parties the reader finds (names and masked ID numbers), its mediating unit and its history. */
export async function getDispute(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'base.read');
  const r = await findRecord(ctx.db, ctx, actor, dispute, id, 'dispute');
  const [parties, unit, history] = await Promise.all([
    r.partyPersonIds.length === 0
      ? Promise.resolve([])
      : ctx.db
          .select({ personId: person.id, name: person.name, idNumberMasked: person.idNumberMasked })
          .from(person)
          // Only the parties the reader finds: one may live outside the reader's grids.
          .where(and(inArray(person.id, r.partyPersonIds), visibleBaseWhere(actor, 'person', person, ctx.now()))),
    r.mediatingUnitId ? ctx.db.select({ name: department.name }).from(department).where(eq(department.id, r.mediatingUnitId)) : Promise.resolve([]),
    historyOf(ctx.db, 'dispute', id),
  ]);
  return { ...presentDispute(r), parties, mediatingUnitName: unit[0]?.name ?? null, history };
}
