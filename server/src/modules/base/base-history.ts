// The history of base records (base_change): what changed, field by field, with personal values
// masked. Written in the transaction of the change.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { pgArrayLiteral } from '../../db/pg-array.js';
import { appUser } from '../access/access.tables.js';
import { shownFields } from './base-records.js';
import { baseChange } from './base.tables.js';
import { baseImport } from './import.tables.js';

export type BaseEntity = 'person' | 'household' | 'building' | 'dwelling' | 'rental' | 'organisation' | 'watchedPerson' | 'carePerson' | 'dispute' | 'hazard';
export type ChangeSource = 'api' | 'import' | 'gridChange';
export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/** The fields whose shown value differs between two records (already masked where personal). */
export function diffShown(before: Record<string, unknown>, after: Record<string, unknown>): FieldChanges {
  const changes: FieldChanges = {};
  for (const key of Object.keys(after)) {
    const from = before[key] ?? null;
    const to = after[key] ?? null;
    if (!sameShown(from, to)) changes[key] = { from, to };
  }
  return changes;
}

/** Equal as stored in a change: primitives by value (no JSON text made for them), objects by their JSON. */
function sameShown(from: unknown, to: unknown): boolean {
  if (from === to) return true;
  if (typeof from !== 'object' || typeof to !== 'object' || from === null || to === null) return false;
  return JSON.stringify(from) === JSON.stringify(to);
}

export interface ChangeRow {
  entity: BaseEntity;
  entityId: string;
  divisionCode: string;
  action: 'create' | 'update' | 'delete';
  source: ChangeSource;
  changes: FieldChanges;
  actorId: string | null;
  importId?: string | null;
}

export async function recordChanges(db: Executor, rows: readonly ChangeRow[]): Promise<void> {
  if (rows.length === 0) return;
  if (rows.length === 1) {
    await db.insert(baseChange).values(rows.map((r) => ({ ...r, importId: r.importId ?? null })));
    return;
  }
  // A batch (an import's thousand rows) as one statement with one parameter per column.
  const col = <K extends keyof ChangeRow>(k: K) => pgArrayLiteral(rows.map((r) => (r[k] ?? null) as string | null));
  await db.execute(sql`INSERT INTO ${baseChange} (entity, entity_id, division_code, action, source, changes, actor_id, import_id)
    SELECT e, i, d, a, s, c::jsonb, u, m FROM unnest(${col('entity')}::text[], ${col('entityId')}::uuid[], ${col('divisionCode')}::text[],
      ${col('action')}::text[], ${col('source')}::text[], ${pgArrayLiteral(rows.map((r) => JSON.stringify(r.changes)))}::text[],
      ${col('actorId')}::uuid[], ${col('importId')}::uuid[]) AS x(e, i, d, a, s, c, u, m)`);
}

export async function historyOf(db: Executor, entity: BaseEntity, entityId: string, limit = 50) {
  const rows = await db
    .select({
      id: baseChange.id,
      action: baseChange.action,
      source: baseChange.source,
      changes: baseChange.changes,
      at: baseChange.at,
      actorName: appUser.displayName,
    })
    .from(baseChange)
    .leftJoin(appUser, eq(appUser.id, baseChange.actorId))
    .where(and(eq(baseChange.entity, entity), eq(baseChange.entityId, entityId)))
    .orderBy(desc(baseChange.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, at: r.at.toISOString(), changes: r.changes as FieldChanges }));
}

type HistoryEntry = Awaited<ReturnType<typeof historyOf>>[number];

/**
 * A record created by a staged import (persons) has no create row of its own: a million of them
 * would cost the import a quarter of its time. Its create is implied — by the job (who, from which
 * file) and by the record itself: its values now, each later change undone by its `from` values, are
 * the values it was created with. Added to a history read by `historyOf` when the record names its
 * job and the history holds no create (nor was cut at `limit` before reaching it).
 */
export async function withImpliedCreate(
  db: Executor,
  history: HistoryEntry[],
  record: Record<string, unknown> & { createdImportId: string | null; createdAt: Date },
  limit = 50,
): Promise<HistoryEntry[]> {
  if (!record.createdImportId || history.length >= limit || history.some((h) => h.action === 'create')) return history;
  const values = shownFields(record);
  for (const h of history) for (const [key, { from }] of Object.entries(h.changes)) values[key] = from;
  const [job] = await db
    .select({ actorName: appUser.displayName })
    .from(baseImport)
    .leftJoin(appUser, eq(appUser.id, baseImport.uploadedBy))
    .where(eq(baseImport.id, record.createdImportId));
  return [
    ...history,
    { id: 0, action: 'create', source: 'import', changes: diffShown({}, values), at: record.createdAt.toISOString(), actorName: job?.actorName ?? null },
  ];
}
