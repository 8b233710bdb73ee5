// Art. 7: grid changes. A district or town centre proposes (with the new boundaries and a reason),
// validation runs, the proposer submits, and the city centre approves or rejects with a reason.
// Only approval makes the new versions take effect: old versions close, new codes are issued in
// numbering order, retired codes are never issued again, and the spatial index moves on.
import { and, count, desc, eq, inArray, isNull, like, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import { type PolygonGeometry, areaM2, geometryBBox, labelPoint } from '../../lib/geometry/index.js';
import type { PageParams } from '../../lib/http.js';
import { type Actor, visibleDivisionsWhere, withinDivision } from '../access/access.js';
import { appUser } from '../access/access.tables.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { regridBase, touchedGrids } from '../base/base-regrid.js';
import { ancestorCodes, divisionLevel, divisionPrefix, normalizeDivisionCode } from './division-code.js';
import { findDivision, outlinesOf } from './division.store.js';
import { type ChangeItem, type ChangeKind, type CurrentGrid, type Issue, validateChange } from './grid-change.validate.js';
import { numberingOrder, wanggeGridCodes } from './grid-code.js';
import { GridIndex } from './grid-index.js';
import { handOverTeams } from './grid-team.js';
import { currentGrids, insertGridVersions, registerCodes, reserveSequence } from './grid.store.js';
import { grid, gridChange, gridCode } from './grid.tables.js';

type ChangeRow = typeof gridChange.$inferSelect;

export interface ChangeBody {
  kind: ChangeKind;
  communityCode: string;
  reason: string;
  items: ChangeItem[];
}

const visibleChanges = (actor: Actor) => (actor.scopeKind === 'division' ? withinDivision(actor, gridChange.communityCode) : sql`false`);

/** The display names of the staff who proposed and decided the changes: one query for any number. */
async function staffNames(db: Executor, rows: ChangeRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((r) => [r.proposedBy, r.decidedBy]).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const users = await db.select({ id: appUser.id, name: appUser.displayName }).from(appUser).where(inArray(appUser.id, ids));
  return new Map(users.map((u) => [u.id, u.name]));
}

async function present(db: Executor, row: ChangeRow) {
  const [one] = await presentAll(db, [row]);
  return one as ReturnType<typeof presentRow>;
}

async function presentAll(db: Executor, rows: ChangeRow[]) {
  const names = await staffNames(db, rows);
  return rows.map((row) => presentRow(row, names));
}

function presentRow(row: ChangeRow, names: Map<string, string>) {
  const validation = (row.validation ?? []) as Issue[];
  return {
    id: row.id,
    kind: row.kind as ChangeKind,
    status: row.status as 'draft' | 'submitted' | 'approved' | 'rejected' | 'withdrawn',
    communityCode: row.communityCode,
    reason: row.reason,
    items: row.items as ChangeItem[],
    validation,
    valid: !validation.some((i) => i.severity === 'problem'),
    proposedBy: row.proposedBy,
    proposedByName: names.get(row.proposedBy) ?? '',
    submittedAt: row.submittedAt?.toISOString() ?? null,
    decidedBy: row.decidedBy,
    decidedByName: row.decidedBy ? (names.get(row.decidedBy) ?? '') : null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionReason: row.decisionReason,
    createdAt: row.createdAt.toISOString(),
  };
}

async function communityGrids(db: Executor, communityCode: string): Promise<CurrentGrid[]> {
  const rows = await currentGrids(db, eq(grid.communityCode, communityCode));
  return rows.map((r) => ({
    code: r.code,
    kind: r.kind,
    parentCode: r.parentCode,
    boundary: r.boundary as PolygonGeometry,
    predecessorCodes: r.predecessorCodes,
  }));
}

async function validate(ctx: AppContext, body: { kind: ChangeKind; communityCode: string; items: ChangeItem[] }, db: Executor = ctx.db): Promise<Issue[]> {
  const district = ancestorCodes(body.communityCode).find((c) => divisionLevel(c) === 2);
  const [outline] = district ? await outlinesOf(db, [district]) : [];
  return validateChange(body, {
    current: await communityGrids(db, body.communityCode),
    districtOutline: outline?.geometry as PolygonGeometry | undefined,
    toleranceM2: ctx.config.gridToleranceM2,
  });
}

/** Only district and town centres propose (the permission), and only for communities under them. */
async function requireCommunity(ctx: AppContext, actor: Actor, communityCode: string): Promise<void> {
  const d = communityCode.startsWith(actor.divisionPrefix) ? await findDivision(ctx.db, visibleDivisionsWhere(actor), communityCode) : undefined;
  if (d?.level !== 4) throw errors.notFound('community');
}

async function visibleChange(ctx: AppContext, actor: Actor, id: string, db: Executor = ctx.db, forUpdate = false): Promise<ChangeRow> {
  const q = db
    .select()
    .from(gridChange)
    .where(and(eq(gridChange.id, id), visibleChanges(actor)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw errors.notFound('grid change');
  return row;
}

/** The change's status moved on between reading it and writing it (another decision came first). */
function statusMoved() {
  return errors.conflict('status', 'This change was decided or changed meanwhile; reload it.', '该变更已被他人处理或修改，请刷新后查看。');
}

function requireStatus(row: ChangeRow, ...allowed: string[]): void {
  if (!allowed.includes(row.status)) {
    throw errors.conflict('status', `This change is ${row.status}; that is not possible now.`, `该变更当前状态为 ${row.status}，不能执行此操作。`);
  }
}

export async function proposeChange(ctx: AppContext, audit: AuditContext, actor: Actor, body: ChangeBody) {
  await requireCommunity(ctx, actor, body.communityCode);
  const validation = await validate(ctx, body);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(gridChange)
      .values({
        kind: body.kind,
        status: 'draft',
        communityCode: body.communityCode,
        reason: body.reason,
        items: body.items,
        validation,
        proposedBy: actor.userId,
      })
      .returning();
    if (!row) throw errors.internal();
    await recordAudit(tx, audit, {
      action: 'grid.change.propose',
      targetType: 'gridChange',
      targetId: row.id,
      divisionCode: body.communityCode,
      fields: ['kind', 'items', 'reason'],
    });
    return present(tx, row);
  });
}

export async function reviseChange(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, body: Omit<ChangeBody, 'communityCode'>) {
  const current = await visibleChange(ctx, actor, id);
  requireStatus(current, 'draft');
  const validation = await validate(ctx, { ...body, communityCode: current.communityCode });
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(gridChange)
      .set({ kind: body.kind, reason: body.reason, items: body.items, validation, updatedAt: ctx.now() })
      .where(and(eq(gridChange.id, id), eq(gridChange.status, 'draft')))
      .returning();
    if (!row) throw statusMoved();
    await recordAudit(tx, audit, {
      action: 'grid.change.revise',
      targetType: 'gridChange',
      targetId: id,
      divisionCode: row.communityCode,
      fields: ['kind', 'items', 'reason'],
    });
    return present(tx, row);
  });
}

export async function submitChange(ctx: AppContext, audit: AuditContext, actor: Actor, id: string) {
  const current = await visibleChange(ctx, actor, id);
  requireStatus(current, 'draft');
  // Validated again: the community may have changed since the draft was saved.
  const validation = await validate(ctx, { kind: current.kind as ChangeKind, communityCode: current.communityCode, items: current.items as ChangeItem[] });
  const blocking = validation.filter((i) => i.severity === 'problem');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(gridChange)
      .set({ validation, ...(blocking.length === 0 ? { status: 'submitted', submittedAt: ctx.now() } : {}), updatedAt: ctx.now() })
      .where(and(eq(gridChange.id, id), eq(gridChange.status, 'draft')))
      .returning();
    if (!row) throw statusMoved();
    if (blocking.length > 0) return { ok: false as const, change: await present(tx, row) };
    await recordAudit(tx, audit, { action: 'grid.change.submit', targetType: 'gridChange', targetId: id, divisionCode: row.communityCode });
    return { ok: true as const, change: await present(tx, row) };
  });
}

export async function withdrawChange(ctx: AppContext, audit: AuditContext, actor: Actor, id: string) {
  const current = await visibleChange(ctx, actor, id);
  requireStatus(current, 'draft', 'submitted');
  return decide(ctx, audit, id, ['draft', 'submitted'], 'withdrawn', 'grid.change.withdraw', actor, null);
}

export async function rejectChange(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, reason: string) {
  const current = await visibleChange(ctx, actor, id);
  requireStatus(current, 'submitted');
  return decide(ctx, audit, id, ['submitted'], 'rejected', 'grid.change.reject', actor, reason);
}

async function decide(
  ctx: AppContext,
  audit: AuditContext,
  id: string,
  from: string[],
  status: string,
  action: 'grid.change.reject' | 'grid.change.withdraw',
  actor: Actor,
  reason: string | null,
) {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(gridChange)
      .set({ status, decidedBy: actor.userId, decidedAt: ctx.now(), decisionReason: reason, updatedAt: ctx.now() })
      .where(and(eq(gridChange.id, id), inArray(gridChange.status, from)))
      .returning();
    if (!row) throw statusMoved();
    await recordAudit(tx, audit, { action, targetType: 'gridChange', targetId: id, divisionCode: row.communityCode, fields: reason ? ['decisionReason'] : [] });
    return present(tx, row);
  });
}

/** The city centre's approval: everything the change does happens in this one transaction. */
export async function approveChange(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, reason: string | undefined) {
  const result = await ctx.db.transaction(async (tx) => {
    const change = await visibleChange(ctx, actor, id, tx, true);
    requireStatus(change, 'submitted');
    const items = change.items as ChangeItem[];
    const validation = await validate(ctx, { kind: change.kind as ChangeKind, communityCode: change.communityCode, items }, tx);
    if (validation.some((i) => i.severity === 'problem')) {
      await tx.update(gridChange).set({ validation, updatedAt: ctx.now() }).where(eq(gridChange.id, id));
      return { ok: false as const, validation };
    }
    const now = ctx.now();
    const current = new Map((await currentGrids(tx, eq(grid.communityCode, change.communityCode))).map((g) => [g.code, g]));
    const closing = items.filter((i) => i.action !== 'create').map((i) => i.code as string);
    // The grids a split or merge replaces: the retired ones, less the micro grids retired with their
    // basic grid (as validation counts them). New grids keep their codes as predecessors.
    const retired = items.filter((i) => i.action === 'retire').map((i) => i.code as string);
    const replaced = retired.filter((c) => {
      const g = current.get(c);
      return !(g?.kind === 'micro' && g.parentCode && retired.includes(g.parentCode));
    });
    const predecessors = [...new Set(replaced.flatMap((c) => [c, ...(current.get(c)?.predecessorCodes ?? [])]))];
    for (const code of closing)
      await tx
        .update(grid)
        .set({ validTo: now })
        .where(and(eq(grid.code, code), isNull(grid.validTo)));
    for (const code of retired) await tx.update(gridCode).set({ retiredAt: now }).where(eq(gridCode.code, code));

    const measure = (item: ChangeItem) => {
      const g = item.boundary as PolygonGeometry;
      const [minLng, minLat, maxLng, maxLat] = geometryBBox(g);
      const [labelLng, labelLat] = labelPoint(g);
      return { boundary: g, minLng, minLat, maxLng, maxLat, areaM2: areaM2(g), labelLng, labelLat };
    };
    const versions: (typeof grid.$inferInsert)[] = [];
    for (const item of items.filter((i) => i.action === 'redraw')) {
      const old = current.get(item.code as string);
      if (!old) continue;
      versions.push({
        ...old,
        id: undefined,
        createdAt: undefined,
        ...measure(item),
        name: item.name ?? old.name,
        households: item.households ?? old.households,
        validFrom: now,
        validTo: null,
        changeId: id,
      });
    }
    // New codes, per scope, in numbering order (north→south, west→east).
    const creates = items.filter((i) => i.action === 'create').map((item) => ({ item, m: measure(item) }));
    const scopes = new Map<string, typeof creates>();
    for (const c of creates) {
      const scope = wanggeGridCodes.scope(c.item.kind ?? 'basic', change.communityCode, c.item.parentCode);
      scopes.set(scope, [...(scopes.get(scope) ?? []), c]);
    }
    const issued: string[] = [];
    for (const [scope, list] of scopes) {
      const ordered = numberingOrder(list, (c) => [c.m.labelLng, c.m.labelLat]);
      const first = await reserveSequence(tx, scope, ordered.length);
      ordered.forEach(({ item, m }, i) => {
        const code = wanggeGridCodes.code(item.kind ?? 'basic', change.communityCode, first + i, item.parentCode);
        issued.push(code);
        versions.push({
          code,
          kind: item.kind ?? 'basic',
          name: item.name ?? code,
          communityCode: change.communityCode,
          parentCode: item.kind === 'micro' ? (item.parentCode ?? null) : null,
          placeName: item.placeName ?? null,
          placeKind: item.placeKind ?? null,
          households: item.households ?? 0,
          ...m,
          validFrom: now,
          predecessorCodes: change.kind === 'split' || change.kind === 'merge' ? predecessors : [],
          changeId: id,
        });
      });
    }
    await insertGridVersions(tx, versions);
    await registerCodes(
      tx,
      issued.map((code) => ({ code, kind: versions.find((v) => v.code === code)?.kind ?? 'basic', communityCode: change.communityCode, issuedAt: now })),
    );
    // Art. 8: the people of a split or merged grid serve what replaces it (the codes exist by now):
    // the new grids of the replaced grids' kind, or all new grids when the kind changed.
    const replacedKinds = new Set(replaced.map((c) => current.get(c)?.kind));
    const kindOf = (code: string) => versions.find((v) => v.code === code)?.kind;
    const sameKind = issued.filter((c) => replacedKinds.has(kindOf(c)));
    const successors = change.kind === 'split' || change.kind === 'merge' ? (sameKind.length > 0 ? sameKind : issued) : [];
    const handedOver = await handOverTeams(tx, audit, change.communityCode, retired, successors, now);
    // Base records of the touched grids go where the new grids put them (base-regrid.ts).
    const regridded = await regridBase(tx, {
      changeId: id,
      communityCode: change.communityCode,
      touched: touchedGrids(items, (code) => current.get(code)?.parentCode),
      retired,
      actorId: actor.userId,
      now,
    });
    const [row] = await tx
      .update(gridChange)
      .set({ status: 'approved', validation, decidedBy: actor.userId, decidedAt: now, decisionReason: reason ?? null, updatedAt: now })
      .where(eq(gridChange.id, id))
      .returning();
    await GridIndex.bump(tx);
    await recordAudit(tx, audit, {
      action: 'grid.change.approve',
      targetType: 'gridChange',
      targetId: id,
      divisionCode: change.communityCode,
      detail: `issued ${issued.join(' ') || 'none'}; retired ${retired.join(' ') || 'none'}; team assignments carried over ${handedOver}; base records re-gridded ${regridded.moved}, for manual assignment ${regridded.manual}`,
    });
    return { ok: true as const, change: await present(tx, row as ChangeRow), issued, retired };
  });
  if (result.ok) ctx.grids.invalidate();
  return result;
}

export async function getChange(ctx: AppContext, actor: Actor, id: string) {
  const row = await visibleChange(ctx, actor, id);
  const before = await currentGrids(ctx.db, eq(grid.communityCode, row.communityCode));
  return {
    ...(await present(ctx.db, row)),
    before: before.map((g) => ({ code: g.code, kind: g.kind, name: g.name, boundary: g.boundary as PolygonGeometry })),
  };
}

export async function listChanges(ctx: AppContext, actor: Actor, q: { status?: string; communityCode?: string }, page: PageParams) {
  const where = and(
    visibleChanges(actor),
    q.status ? eq(gridChange.status, q.status) : undefined,
    q.communityCode ? like(gridChange.communityCode, `${divisionPrefix(normalizeDivisionCode(q.communityCode) ?? q.communityCode)}%`) : undefined,
  );
  const rows = await ctx.db.select().from(gridChange).where(where).orderBy(desc(gridChange.createdAt)).limit(page.pageSize).offset(page.offset);
  const [total] = await ctx.db.select({ n: count() }).from(gridChange).where(where);
  return { items: await presentAll(ctx.db, rows), total: total?.n ?? 0, page: page.page, pageSize: page.pageSize };
}
