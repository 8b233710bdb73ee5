// Care persons (关爱对象): left-behind children, elderly living alone, women in difficulty, the
// disabled, low-income households. A care record lies where its person does and is read through the
// base gate (registry 'carePerson'); lists show the person masked, and each list read is audited
// (DOMAIN.md §3 counts these among the most sensitive records).
import { and, asc, count, eq, like, type SQL } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { errors } from '../../lib/errors.js';
import { type PageParams, escapeLike } from '../../lib/http.js';
import { type Actor, requirePermission } from '../access/access.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { canWriteAt, visibleBaseWhere } from './base-access.js';
import { diffShown, historyOf } from './base-history.js';
import { checkDay, findRecord, findablePerson, recordBaseWrite, refuseStale, shownFields } from './base-records.js';
import { carePerson, person } from './base.tables.js';
import { today } from './person.service.js';

export const careKinds = ['leftBehindChild', 'elderlyAlone', 'emptyNestElderly', 'womanInDifficulty', 'disabled', 'lowIncome'] as const;
export const careStatuses = ['active', 'closed'] as const;

type CareRow = typeof carePerson.$inferSelect;

export interface CareBody {
  personId: string;
  kind: (typeof careKinds)[number];
  needs?: string;
  helper?: string;
  lastVisitOn?: string | null;
  status?: (typeof careStatuses)[number];
}
export type CareUpdate = Partial<Omit<CareBody, 'personId'>> & { version: number };

const columns = {
  r: carePerson,
  personName: person.name,
  sex: person.sex,
  birthDate: person.birthDate,
  idNumberMasked: person.idNumberMasked,
  phoneMasked: person.phoneMasked,
};
interface Joined {
  r: CareRow;
  personName: string;
  sex: string;
  birthDate: string | null;
  idNumberMasked: string | null;
  phoneMasked: string | null;
}

function present(j: Joined) {
  return {
    id: j.r.id,
    personId: j.r.personId,
    personName: j.personName,
    sex: j.sex,
    birthYear: j.birthDate ? Number(j.birthDate.slice(0, 4)) : null,
    idNumberMasked: j.idNumberMasked,
    phoneMasked: j.phoneMasked,
    kind: j.r.kind,
    needs: j.r.needs,
    helper: j.r.helper,
    lastVisitOn: j.r.lastVisitOn,
    status: j.r.status,
    divisionCode: j.r.divisionCode,
    gridCode: j.r.gridCode,
    version: j.r.version,
    updatedAt: j.r.updatedAt.toISOString(),
  };
}

const duplicate = () => errors.conflict('body.kind', 'This person is already registered under this kind.', '该人员已登记为此类关爱对象。');

async function findVisible(db: Executor, ctx: AppContext, actor: Actor, id: string): Promise<Joined> {
  const [row] = await db
    .select(columns)
    .from(carePerson)
    .innerJoin(person, eq(person.id, carePerson.personId))
    .where(and(eq(carePerson.id, id), visibleBaseWhere(actor, 'carePerson', carePerson, ctx.now())))
    .limit(1);
  if (!row) throw errors.notFound('care person');
  return row;
}

export async function createCare(ctx: AppContext, audit: AuditContext, actor: Actor, body: CareBody) {
  requirePermission(actor, 'base.write');
  const last = body.lastVisitOn ? checkDay('lastVisitOn', body.lastVisitOn, { notAfter: today(ctx) }) : null;
  const id = await ctx.db.transaction(async (tx) => {
    const p = await findablePerson(tx, ctx, actor, body.personId);
    if (!canWriteAt(actor, p.gridCode, p.divisionCode)) throw errors.forbidden();
    const [created] = await tx
      .insert(carePerson)
      .values({
        personId: p.id,
        divisionCode: p.divisionCode,
        gridCode: p.gridCode,
        kind: body.kind,
        needs: body.needs?.trim() ?? '',
        helper: body.helper?.trim() ?? '',
        lastVisitOn: last,
        status: body.status ?? 'active',
      })
      .onConflictDoNothing()
      .returning();
    if (!created) throw duplicate();
    await recordBaseWrite(tx, audit, actor, {
      entity: 'carePerson',
      entityId: created.id,
      divisionCode: created.divisionCode,
      action: 'create',
      changes: diffShown({}, shownFields(created)),
      audit: 'base.care.create',
    });
    return created.id;
  });
  return present(await findVisible(ctx.db, ctx, actor, id));
}

/** One write of a care record: the new values, history and audit, version moved on. */
async function changeCare(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  id: string,
  change: (before: CareRow) => Promise<Partial<CareRow>> | Partial<CareRow>,
) {
  await ctx.db.transaction(async (tx) => {
    const before = await findRecord(tx, ctx, actor, carePerson, id, 'care person', 'write');
    const values = await change(before);
    if (values.kind && values.kind !== before.kind) {
      const [other] = await tx
        .select({ id: carePerson.id })
        .from(carePerson)
        .where(and(eq(carePerson.personId, before.personId), eq(carePerson.kind, values.kind)))
        .limit(1);
      if (other) throw duplicate();
    }
    const [after] = await tx
      .update(carePerson)
      .set({ ...values, version: before.version + 1, updatedAt: ctx.now() })
      .where(eq(carePerson.id, id))
      .returning();
    await recordBaseWrite(tx, audit, actor, {
      entity: 'carePerson',
      entityId: id,
      divisionCode: before.divisionCode,
      action: 'update',
      changes: diffShown(shownFields(before), shownFields(after as CareRow)),
      audit: 'base.care.update',
    });
  });
  return present(await findVisible(ctx.db, ctx, actor, id));
}

export async function updateCare(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, body: CareUpdate) {
  requirePermission(actor, 'base.write');
  const day = today(ctx);
  return changeCare(ctx, audit, actor, id, (before) => {
    refuseStale(before.version, body.version);
    return {
      kind: body.kind ?? before.kind,
      needs: body.needs === undefined ? before.needs : body.needs.trim(),
      helper: body.helper === undefined ? before.helper : body.helper.trim(),
      lastVisitOn: body.lastVisitOn === undefined ? before.lastVisitOn : body.lastVisitOn && checkDay('lastVisitOn', body.lastVisitOn, { notAfter: day }),
      status: body.status ?? before.status,
    };
  });
}

/** A visit (探访) on a day not after today; the last visit moves on only forwards. */
export async function visitCare(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, on: string) {
  requirePermission(actor, 'base.write');
  const day = checkDay('on', on, { notAfter: today(ctx) });
  return changeCare(ctx, audit, actor, id, (before) => ({
    lastVisitOn: before.lastVisitOn !== null && before.lastVisitOn > day ? before.lastVisitOn : day,
  }));
}

/** One care record with its person (masked) and its history; the read is audited as a list read is. */
export async function getCare(ctx: AppContext, audit: AuditContext, actor: Actor, id: string) {
  requirePermission(actor, 'base.read');
  return ctx.db.transaction(async (tx) => {
    const j = await findVisible(tx, ctx, actor, id);
    const history = await historyOf(tx, 'carePerson', id);
    await recordAudit(tx, audit, { action: 'base.care.read', targetType: 'carePerson', targetId: id, divisionCode: j.r.divisionCode, fields: [j.r.kind] });
    return { ...present(j), history };
  });
}

export interface CareQuery {
  kind?: string;
  status?: string;
  divisionCode?: string;
  gridCode?: string;
  q?: string;
}

/** The care persons a list with these filters shows the actor (joined to their person, for the name). */
export function careListWhere(ctx: AppContext, actor: Actor, query: CareQuery): SQL | undefined {
  return and(
    visibleBaseWhere(actor, 'carePerson', carePerson, ctx.now()),
    query.kind ? eq(carePerson.kind, query.kind) : undefined,
    query.status ? eq(carePerson.status, query.status) : undefined,
    query.divisionCode ? like(carePerson.divisionCode, `${escapeLike(query.divisionCode.replace(/0+$/, ''))}%`) : undefined,
    query.gridCode ? like(carePerson.gridCode, `${escapeLike(query.gridCode)}%`) : undefined,
    query.q ? like(person.name, `${escapeLike(query.q.trim())}%`) : undefined,
  );
}

export async function listCare(ctx: AppContext, audit: AuditContext, actor: Actor, query: CareQuery, page: PageParams) {
  requirePermission(actor, 'base.read');
  const where = careListWhere(ctx, actor, query);
  return ctx.db.transaction(async (tx) => {
    const [rows, [total]] = await Promise.all([
      tx
        .select(columns)
        .from(carePerson)
        .innerJoin(person, eq(person.id, carePerson.personId))
        .where(where)
        .orderBy(asc(person.name), asc(carePerson.id))
        .limit(page.pageSize)
        .offset(page.offset),
      tx.select({ n: count() }).from(carePerson).innerJoin(person, eq(person.id, carePerson.personId)).where(where),
    ]);
    await recordAudit(tx, audit, { action: 'base.care.read', targetType: 'carePerson', fields: [...new Set(rows.map((j) => j.r.kind))].sort() });
    return { items: rows.map(present), total: total?.n ?? 0, page: page.page, pageSize: page.pageSize };
  });
}
