// The history of base records (base_change): what changed, field by field, with personal values
// masked. Written in the transaction of the change.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { pgArrayLiteral } from '../../db/pg-array.js';
import { appUser } from '../access/access.tables.js';
import { baseChange } from './base.tables.js';

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

/**
 * The JSON text of a create's changes, `diffShown({}, row)` over `keys` (values that are not
 * objects), built directly: an import makes a million of them.
 */
export function createChangesJson(row: Record<string, unknown>, keys: readonly string[]): string {
  let out = '';
  for (const k of keys) {
    const v = row[k];
    if (v === null || v === undefined) continue;
    out += `${out ? ',' : '{'}${JSON.stringify(k)}:{"from":null,"to":${JSON.stringify(v)}}`;
  }
  return out ? `${out}}` : '{}';
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
