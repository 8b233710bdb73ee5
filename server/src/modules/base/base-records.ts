// What every base registry's write shares (organisations, watched and care persons, disputes,
// hazards, buildings, dwellings, households, rentals): the date checks that name the field, the
// stale-version refusal, the person a record is about (found through the gate, or a 400), and the
// history row and audit row written together in the write's transaction.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor, Tx } from '../../db/client.js';
import { isIsoDate } from '../../lib/dates.js';
import { errors } from '../../lib/errors.js';
import type { Actor } from '../access/access.js';
import type { AuditAction } from '../audit/audit-actions.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { type BaseRegistry, canWriteAt, visibleBaseWhere } from './base-access.js';
import { type BaseEntity, type ChangeSource, type FieldChanges, recordChanges } from './base-history.js';
import { department } from '../access/access.tables.js';
import { carePerson, dispute, hazard, organisation, person } from './base.tables.js';

/** A real calendar date (YYYY-MM-DD), not after today when `notAfter` is given, not before `notBefore`. */
export function checkDay(field: string, value: string, bounds: { notAfter?: string; notBefore?: { day: string; what: string; whatZh: string } } = {}): string {
  if (!isIsoDate(value)) throw errors.validation(`body.${field}`, 'Must be a real date, YYYY-MM-DD.', '须为有效日期（YYYY-MM-DD）。');
  if (bounds.notAfter !== undefined && value > bounds.notAfter) throw errors.validation(`body.${field}`, 'Must not be after today.', '不能晚于今天。');
  const before = bounds.notBefore;
  if (before && value < before.day) throw errors.validation(`body.${field}`, `Must not be before ${before.what}.`, `不能早于${before.whatZh}。`);
  return value;
}

/** A version read before a change: a stale one means someone else changed the record meanwhile. */
export function refuseStale(found: number, sent: number): void {
  if (found !== sent) throw errors.conflict('body.version', 'The record was changed meanwhile: reload and try again.', '该记录已被他人修改，请刷新后重试。');
}

/** Text that must say something once trimmed. */
export function requireText(field: string, value: string): string {
  const v = value.trim();
  if (v === '') throw errors.validation(`body.${field}`, 'Must not be blank.', '不能为空。');
  return v;
}

/** The person a record is about, if the writer finds them (through the base gate): else a 400 naming the field. */
export async function findablePerson(db: Executor, ctx: AppContext, actor: Actor, id: string, field = 'personId') {
  const [row] = await db
    .select({
      id: person.id,
      name: person.name,
      gridCode: person.gridCode,
      divisionCode: person.divisionCode,
    })
    .from(person)
    .where(and(eq(person.id, id), visibleBaseWhere(actor, 'person', person, ctx.now())))
    .limit(1);
  if (!row) throw errors.validation(`body.${field}`, 'No such person in your jurisdiction.', '该人员不存在或不在您的管辖范围内。');
  return row;
}

/** A handling unit named on a record (responsible, mediating): it exists and is not disabled, else a 400 naming the field. */
export async function activeUnit(db: Executor, id: string | null | undefined, field: string): Promise<string | null> {
  if (id === null || id === undefined) return null;
  const [unit] = await db
    .select({ id: department.id })
    .from(department)
    .where(and(eq(department.id, id), eq(department.disabled, false)))
    .limit(1);
  if (!unit) throw errors.validation(`body.${field}`, 'No such handling unit, or it is disabled.', '该承办单位不存在或已停用。');
  return unit.id;
}

/** A status change allowed by the registry's table of moves (staying put is always allowed). */
export function checkMove<S extends string>(field: string, moves: Record<S, readonly S[]>, from: S, to: S): void {
  if (from !== to && !moves[from].includes(to)) throw errors.validation(`body.${field}`, `Cannot go from ${from} to ${to}.`, `不能从“${from}”改为“${to}”。`);
}

/** The shown fields of a record: the stored columns without sealed values, hashes and bookkeeping. */
export function shownFields(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.endsWith('Sealed') || key.endsWith('Hash') || ['id', 'version', 'createdAt', 'updatedAt', 'nameInitials', 'createdImportId'].includes(key))
      continue;
    out[key] = value;
  }
  return out;
}

export interface BaseWrite {
  entity: BaseEntity;
  entityId: string;
  divisionCode: string;
  action: 'create' | 'update';
  changes: FieldChanges;
  audit: AuditAction;
  /** The fields the audit row names: the changed ones unless given (a registry whose creates name none gives []). */
  auditFields?: string[];
}

/** One write of a record: a create's audit row names no fields (as buildings, dwellings, households and rentals have it), an update's the changed ones. */
export function writeOf(
  entity: BaseEntity,
  r: { id: string; divisionCode: string },
  action: BaseWrite['action'],
  changes: FieldChanges,
  audit: AuditAction,
): BaseWrite {
  return { entity, entityId: r.id, divisionCode: r.divisionCode, action, changes, audit, ...(action === 'create' ? { auditFields: [] } : {}) };
}

/**
 * The history row and the audit row of one write, in its transaction; the audit names the changed
 * fields, never their values. `source` says what made the write (an edit, or a record created on
 * the way by an import).
 */
export async function recordBaseWrite(tx: Tx, audit: AuditContext, actor: Actor, w: BaseWrite, source: ChangeSource = 'api'): Promise<void> {
  await recordChanges(tx, [
    { entity: w.entity, entityId: w.entityId, divisionCode: w.divisionCode, action: w.action, source, changes: w.changes, actorId: actor.userId },
  ]);
  await recordAudit(tx, audit, {
    action: w.audit,
    targetType: w.entity,
    targetId: w.entityId,
    divisionCode: w.divisionCode,
    fields: w.auditFields ?? Object.keys(w.changes),
  });
}

type Registered = typeof organisation | typeof dispute | typeof hazard | typeof carePerson;
const registryOf = new Map<Registered, BaseRegistry>([
  [organisation, 'organisation'],
  [dispute, 'dispute'],
  [hazard, 'hazard'],
  [carePerson, 'carePerson'],
]);

/**
 * One record of a registry through the gate (404 outside, the same answer as absent); with `write`,
 * locked for the change and lying where the actor may write (403: a department granted a registry
 * reads it, never writes).
 */
export async function findRecord<T extends Registered>(
  db: Executor,
  ctx: AppContext,
  actor: Actor,
  table: T,
  id: string,
  what: string,
  mode: 'read' | 'write' = 'read',
): Promise<T['$inferSelect']> {
  const t = table as typeof organisation;
  const q = db
    .select()
    .from(t)
    .where(and(eq(t.id, id), visibleBaseWhere(actor, registryOf.get(table) as BaseRegistry, t, ctx.now())))
    .limit(1);
  const [row] = mode === 'write' ? await q.for('update') : await q;
  if (!row) throw errors.notFound(what);
  if (mode === 'write' && !canWriteAt(actor, row.gridCode, row.divisionCode)) throw errors.forbidden();
  return row as T['$inferSelect'];
}
