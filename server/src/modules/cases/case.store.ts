// Queries of the case tables that several services share.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/client.js';
import type { Pause } from '../../lib/working-time.js';
import type { Actor } from '../access/access.js';
import { caseAssignment, casePause, caseRecord, type caseStep } from './case.tables.js';
import { withinCase } from './case-access.js';

export type CaseRow = typeof caseRecord.$inferSelect;
export type AssignmentRow = typeof caseAssignment.$inferSelect;
export type StepInsert = typeof caseStep.$inferInsert;
export type StepRow = typeof caseStep.$inferSelect;

export const activeAssignment = ['dispatched', 'claimed', 'fedBack'] as const;

/** The case, locked for this transaction, if the actor may see it. */
export async function lockCase(db: Executor, actor: Actor | null, id: string): Promise<CaseRow | undefined> {
  const where = actor ? withinCase(actor, id) : eq(caseRecord.id, id);
  const [row] = await db.select().from(caseRecord).where(where).for('update');
  return row;
}

export async function pausesOf(db: Executor, caseId: string): Promise<Pause[]> {
  const rows = await db.select().from(casePause).where(eq(casePause.caseId, caseId)).orderBy(asc(casePause.from));
  return rows.map((p) => ({ from: p.from.getTime(), to: p.to?.getTime() ?? null }));
}

export async function assignmentsOf(db: Executor, caseId: string): Promise<AssignmentRow[]> {
  return db.select().from(caseAssignment).where(eq(caseAssignment.caseId, caseId)).orderBy(asc(caseAssignment.dispatchedAt));
}

/** Active assignments of these units on the case. */
export async function activeAssignmentsFor(db: Executor, caseId: string, unitIds: readonly string[]): Promise<AssignmentRow[]> {
  if (unitIds.length === 0) return [];
  return db
    .select()
    .from(caseAssignment)
    .where(and(eq(caseAssignment.caseId, caseId), inArray(caseAssignment.unitId, [...unitIds]), inArray(caseAssignment.status, [...activeAssignment])));
}

/**
 * The next running number and the case number made of it: SJ + the local date + the number
 * (SJ20261204000123); and the transaction's start time, which a new row's `created_at` defaults to.
 */
// The next serial and the transaction's start (what created_at defaults to), in whole ms as the
// timestamp columns are read: one constant statement, nothing to build per report.
const NEXT_SERIAL = sql`select nextval(pg_get_serial_sequence('case_record', 'serial'))::float8 as n, floor(extract(epoch from now()) * 1000)::float8 as at`;

export async function nextCaseNumber(db: Executor, now: Date, offsetMinutes: number): Promise<{ serial: number; number: string; transactionStart: Date }> {
  const [row] = await queryRows<{ n: number; at: number }>(db, NEXT_SERIAL);
  if (!row) throw new Error('nextval returned nothing');
  const serial = Number(row.n);
  const local = new Date(now.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10).replaceAll('-', '');
  return { serial, number: `SJ${local}${String(serial).padStart(6, '0')}`, transactionStart: new Date(row.at) };
}
