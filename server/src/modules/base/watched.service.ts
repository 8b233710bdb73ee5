// Watched persons (重点人员, GB/T 31000 special groups): the most sensitive records of the platform.
// Only the roles responsible for a record find it (visibleWatchedWhere: the town centre of its town,
// the grid leader of its grid, the staff of the unit named on it and its sub-units); to everyone else
// it does not exist: 404 on the record, absent from lists, never a 403 that would hint at it. Every
// read, of a list or a record, leaves an audit row naming the kinds read (DOMAIN.md §3).
import { type SQL, and, asc, count, desc, eq, isNull, like, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import { type PageParams, escapeLike } from '../../lib/http.js';
import { type Actor, requirePermission } from '../access/access.js';
import { appUser, department } from '../access/access.tables.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { can } from '../access/roles.js';
import { canWriteAt, visibleWatchedWhere } from './base-access.js';
import { diffShown, historyOf } from './base-history.js';
import { activeUnit, checkDay, findablePerson, recordBaseWrite, refuseStale, shownFields } from './base-records.js';
import { person, watchedFollowUp, watchedPerson } from './base.tables.js';
import { today } from './person.service.js';

export const watchedKinds = ['releasedPrisoner', 'communityCorrection', 'severeMentalDisorder', 'drugUser', 'other'] as const;
export const riskLevels = ['low', 'medium', 'high'] as const;
export const watchedStatuses = ['active', 'closed'] as const;

type WatchedRow = typeof watchedPerson.$inferSelect;

export interface WatchedBody {
  personId: string;
  kind: (typeof watchedKinds)[number];
  riskLevel: (typeof riskLevels)[number];
  responsibleUnitId?: string | null;
  helpers?: string;
  followUpDays: number;
  lastFollowUpOn?: string | null;
  note?: string | null;
  status?: (typeof watchedStatuses)[number];
}

export type WatchedUpdate = Partial<Omit<WatchedBody, 'personId'>> & { version: number };

/** The records an actor finds: the responsible roles only, and only with the permission to read them. */
function watchedWhere(actor: Actor): SQL {
  return can(actor.role, 'watched.read') ? visibleWatchedWhere(actor) : sql`false`;
}

/** The day a follow-up is due: the last one plus the frequency; never followed up is due at once. */
export function nextFollowUpBy(last: string | null, days: number): string | null {
  if (last === null) return null;
  return new Date(Date.parse(`${last}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function overdueOn(r: Pick<WatchedRow, 'lastFollowUpOn' | 'followUpDays' | 'status'>, day: string): boolean {
  if (r.status !== 'active') return false;
  const due = nextFollowUpBy(r.lastFollowUpOn, r.followUpDays);
  return due === null || due < day;
}

const duplicate = () => errors.conflict('body.kind', 'This person is already registered under this kind.', '该人员已登记为此类重点人员。');

const rowColumns = {
  r: watchedPerson,
  personName: person.name,
  idNumberMasked: person.idNumberMasked,
  phoneMasked: person.phoneMasked,
  unitName: department.name,
};

interface Joined {
  r: WatchedRow;
  personName: string;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  unitName: string | null;
}

function present(j: Joined, day: string) {
  const r = j.r;
  return {
    id: r.id,
    personId: r.personId,
    personName: j.personName,
    idNumberMasked: j.idNumberMasked,
    phoneMasked: j.phoneMasked,
    kind: r.kind,
    riskLevel: r.riskLevel,
    responsibleUnitId: r.responsibleUnitId,
    responsibleUnitName: j.unitName,
    helpers: r.helpers,
    followUpDays: r.followUpDays,
    lastFollowUpOn: r.lastFollowUpOn,
    nextFollowUpBy: nextFollowUpBy(r.lastFollowUpOn, r.followUpDays),
    overdue: overdueOn(r, day),
    status: r.status,
    divisionCode: r.divisionCode,
    gridCode: r.gridCode,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
  };
}

async function findVisible(db: Executor, actor: Actor, id: string, lock = false): Promise<Joined> {
  const q = db
    .select(rowColumns)
    .from(watchedPerson)
    .innerJoin(person, eq(person.id, watchedPerson.personId))
    .leftJoin(department, eq(department.id, watchedPerson.responsibleUnitId))
    .where(and(eq(watchedPerson.id, id), watchedWhere(actor)))
    .limit(1);
  const [row] = lock ? await q.for('update', { of: watchedPerson }) : await q;
  if (!row) throw errors.notFound('watched person');
  return row;
}

/** History compares the shown fields; the sealed note shows only that it changed. */
function shown(r: WatchedRow): Record<string, unknown> {
  return { ...shownFields(r), note: r.noteSealed === null ? null : '******' };
}

export async function createWatched(ctx: AppContext, audit: AuditContext, actor: Actor, body: WatchedBody) {
  requirePermission(actor, 'watched.manage');
  const day = today(ctx);
  const last = body.lastFollowUpOn ? checkDay('lastFollowUpOn', body.lastFollowUpOn, { notAfter: day }) : null;
  const id = await ctx.db.transaction(async (tx) => {
    const p = await findablePerson(tx, ctx, actor, body.personId);
    // The record lies where the person does; the writer must hold that grid.
    if (!canWriteAt(actor, p.gridCode, p.divisionCode)) throw errors.forbidden();
    const unitId = await activeUnit(tx, body.responsibleUnitId, 'responsibleUnitId');
    const [created] = await tx
      .insert(watchedPerson)
      .values({
        personId: p.id,
        divisionCode: p.divisionCode,
        gridCode: p.gridCode,
        kind: body.kind,
        riskLevel: body.riskLevel,
        responsibleUnitId: unitId,
        helpers: body.helpers?.trim() ?? '',
        followUpDays: body.followUpDays,
        lastFollowUpOn: last,
        noteSealed: body.note?.trim() ? ctx.cipher.encrypt(body.note.trim()) : null,
        status: body.status ?? 'active',
      })
      .onConflictDoNothing()
      .returning();
    if (!created) throw duplicate();
    await recordBaseWrite(tx, audit, actor, {
      entity: 'watchedPerson',
      entityId: created.id,
      divisionCode: created.divisionCode,
      action: 'create',
      changes: diffShown({}, shown(created)),
      audit: 'base.watched.create',
    });
    return created.id;
  });
  return getWatchedRow(ctx, actor, id);
}

/** The record as the writer now sees it (no read audit: the write's audit row covers it). */
async function getWatchedRow(ctx: AppContext, actor: Actor, id: string) {
  return present(await findVisible(ctx.db, actor, id), today(ctx));
}

export async function updateWatched(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, body: WatchedUpdate) {
  requirePermission(actor, 'watched.manage');
  const day = today(ctx);
  await ctx.db.transaction(async (tx) => {
    const { r: before } = await findVisible(tx, actor, id, true);
    if (!canWriteAt(actor, before.gridCode, before.divisionCode)) throw errors.forbidden();
    refuseStale(before.version, body.version);
    const last =
      body.lastFollowUpOn === undefined ? before.lastFollowUpOn : body.lastFollowUpOn && checkDay('lastFollowUpOn', body.lastFollowUpOn, { notAfter: day });
    const unitId = body.responsibleUnitId === undefined ? before.responsibleUnitId : await activeUnit(tx, body.responsibleUnitId, 'responsibleUnitId');
    const note = body.note === undefined ? before.noteSealed : body.note?.trim() ? ctx.cipher.encrypt(body.note.trim()) : null;
    if (body.kind && body.kind !== before.kind) {
      const [other] = await tx
        .select({ id: watchedPerson.id })
        .from(watchedPerson)
        .where(and(eq(watchedPerson.personId, before.personId), eq(watchedPerson.kind, body.kind)))
        .limit(1);
      if (other) throw duplicate();
    }
    const [after] = await tx
      .update(watchedPerson)
      .set({
        kind: body.kind ?? before.kind,
        riskLevel: body.riskLevel ?? before.riskLevel,
        responsibleUnitId: unitId,
        helpers: body.helpers === undefined ? before.helpers : body.helpers.trim(),
        followUpDays: body.followUpDays ?? before.followUpDays,
        lastFollowUpOn: last ?? null,
        noteSealed: note,
        status: body.status ?? before.status,
        version: before.version + 1,
        updatedAt: ctx.now(),
      })
      .where(eq(watchedPerson.id, id))
      .returning();
    const r = after as WatchedRow;
    const changes = diffShown(shown(before), shown(r));
    if (body.note !== undefined && note !== before.noteSealed && !changes.note) changes.note = { from: '******', to: '******' };
    await recordBaseWrite(tx, audit, actor, {
      entity: 'watchedPerson',
      entityId: id,
      divisionCode: r.divisionCode,
      action: 'update',
      changes,
      audit: 'base.watched.update',
    });
  });
  return getWatchedRow(ctx, actor, id);
}

/** A follow-up (走访) by anyone responsible for the record: a department's staff included (they follow up, they do not re-register). */
export async function followUpWatched(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, body: { on: string; note?: string | null }) {
  requirePermission(actor, 'watched.manage');
  const day = today(ctx);
  const on = checkDay('on', body.on, { notAfter: day });
  await ctx.db.transaction(async (tx) => {
    const { r: before } = await findVisible(tx, actor, id, true);
    const last = before.lastFollowUpOn !== null && before.lastFollowUpOn > on ? before.lastFollowUpOn : on;
    await tx.insert(watchedFollowUp).values({
      watchedPersonId: id,
      on,
      noteSealed: body.note?.trim() ? ctx.cipher.encrypt(body.note.trim()) : null,
      actorId: actor.userId,
    });
    await tx
      .update(watchedPerson)
      .set({ lastFollowUpOn: last, version: before.version + 1, updatedAt: ctx.now() })
      .where(eq(watchedPerson.id, id));
    await recordBaseWrite(tx, audit, actor, {
      entity: 'watchedPerson',
      entityId: id,
      divisionCode: before.divisionCode,
      action: 'update',
      changes: { followUp: { from: null, to: on }, ...(last !== before.lastFollowUpOn ? { lastFollowUpOn: { from: before.lastFollowUpOn, to: last } } : {}) },
      audit: 'base.watched.followUp',
    });
  });
  return getWatchedRow(ctx, actor, id);
}

/** High risk first, then the longest without a follow-up. */
const riskFirst = sql`case ${watchedPerson.riskLevel} when 'high' then 0 when 'medium' then 1 else 2 end`;

export interface WatchedQuery {
  kind?: string;
  riskLevel?: string;
  status?: string;
  divisionCode?: string;
  gridCode?: string;
  overdue?: boolean;
  q?: string;
}

/** The watched persons a list with these filters shows the actor: those of the roles responsible only (joined to their person). */
export function watchedListWhere(ctx: AppContext, actor: Actor, query: WatchedQuery): SQL | undefined {
  const day = today(ctx);
  // Overdue: an active record never followed up, or whose last follow-up plus the frequency lies before today.
  const overdue = and(
    eq(watchedPerson.status, 'active'),
    or(isNull(watchedPerson.lastFollowUpOn), sql`${watchedPerson.lastFollowUpOn} + ${watchedPerson.followUpDays} < ${day}::date`),
  );
  return and(
    watchedWhere(actor),
    query.kind ? eq(watchedPerson.kind, query.kind) : undefined,
    query.riskLevel ? eq(watchedPerson.riskLevel, query.riskLevel) : undefined,
    query.status ? eq(watchedPerson.status, query.status) : undefined,
    query.divisionCode ? like(watchedPerson.divisionCode, `${escapeLike(query.divisionCode.replace(/0+$/, ''))}%`) : undefined,
    query.gridCode ? like(watchedPerson.gridCode, `${escapeLike(query.gridCode)}%`) : undefined,
    query.overdue === undefined ? undefined : query.overdue ? overdue : sql`not (${overdue})`,
    query.q ? like(person.name, `${escapeLike(query.q.trim())}%`) : undefined,
  );
}

export async function listWatched(ctx: AppContext, audit: AuditContext, actor: Actor, query: WatchedQuery, page: PageParams) {
  requirePermission(actor, 'base.read');
  const day = today(ctx);
  const where = watchedListWhere(ctx, actor, query);
  return ctx.db.transaction(async (tx) => {
    const [rows, [total]] = await Promise.all([
      tx
        .select(rowColumns)
        .from(watchedPerson)
        .innerJoin(person, eq(person.id, watchedPerson.personId))
        .leftJoin(department, eq(department.id, watchedPerson.responsibleUnitId))
        .where(where)
        .orderBy(riskFirst, sql`${watchedPerson.lastFollowUpOn} asc nulls first`, asc(watchedPerson.id))
        .limit(page.pageSize)
        .offset(page.offset),
      tx.select({ n: count() }).from(watchedPerson).innerJoin(person, eq(person.id, watchedPerson.personId)).where(where),
    ]);
    // DOMAIN.md §3: every read of these records is logged, an empty one too (who looked, for which kinds).
    await recordAudit(tx, audit, { action: 'base.watched.read', targetType: 'watchedPerson', fields: [...new Set(rows.map((j) => j.r.kind))].sort() });
    return { items: rows.map((j) => present(j, day)), total: total?.n ?? 0, page: page.page, pageSize: page.pageSize };
  });
}

export async function getWatched(ctx: AppContext, audit: AuditContext, actor: Actor, id: string) {
  requirePermission(actor, 'base.read');
  const day = today(ctx);
  return ctx.db.transaction(async (tx) => {
    const j = await findVisible(tx, actor, id);
    const [followUps, history] = await Promise.all([
      tx
        .select({ on: watchedFollowUp.on, noteSealed: watchedFollowUp.noteSealed, actorName: appUser.displayName, at: watchedFollowUp.at })
        .from(watchedFollowUp)
        .leftJoin(appUser, eq(appUser.id, watchedFollowUp.actorId))
        .where(eq(watchedFollowUp.watchedPersonId, id))
        .orderBy(desc(watchedFollowUp.on), desc(watchedFollowUp.at))
        .limit(50),
      historyOf(tx, 'watchedPerson', id),
    ]);
    await recordAudit(tx, audit, {
      action: 'base.watched.read',
      targetType: 'watchedPerson',
      targetId: id,
      divisionCode: j.r.divisionCode,
      fields: [j.r.kind, ...(j.r.noteSealed ? ['note'] : [])],
    });
    const open = (s: string | null) => (s === null ? null : ctx.cipher.decrypt(s));
    return {
      ...present(j, day),
      note: open(j.r.noteSealed),
      followUps: followUps.map((f) => ({ on: f.on, note: open(f.noteSealed), actorName: f.actorName, at: f.at.toISOString() })),
      history,
    };
  });
}
