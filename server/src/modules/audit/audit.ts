// The audit trail: one helper writes every row, inside the transaction of the change it records,
// and chains it to the row before. Rows are serialised by a transaction-scoped advisory lock, so
// the chain has one order even with several server instances on one PostgreSQL.
import { asc, gt, sql } from 'drizzle-orm';
import { advisoryLocks } from '../../db/advisory-locks.js';
import { type Executor, queryRows, type Tx } from '../../db/client.js';
import { insertRows } from '../../db/insert-rows.js';
import { sha256Hex } from '../../lib/crypto.js';
import type { AuditAction } from './audit-actions.js';
import { auditEvent } from './audit.tables.js';

export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_CHAIN_LOCK_KEY = advisoryLocks.auditChain;
/**
 * The chain's lock, then its last row, in one statement (the function audit_chain_head, migration 0017):
 * a constant statement, nothing to build for each audited change. bigint comes as text from pg.
 */
const CHAIN_HEAD = sql`select "seq", "hash" from audit_chain_head(${AUDIT_CHAIN_LOCK_KEY})`;

export interface AuditContext {
  actorId: string | null;
  actorRole: string | null;
  ip: string | null;
  /** The actor's home division, used when the event has no target division of its own. */
  divisionCode: string | null;
}

export interface AuditEntry {
  action: AuditAction;
  outcome?: 'ok' | 'denied' | 'failed';
  targetType?: string;
  targetId?: string;
  divisionCode?: string;
  /** Names of changed (or read) fields, never their values. */
  fields?: string[];
  /** A short code such as "bad_password"; never a personal value. */
  detail?: string;
}

type AuditRow = typeof auditEvent.$inferSelect;

function canonical(row: Omit<AuditRow, 'hash'>): string {
  return JSON.stringify([
    row.seq,
    row.at,
    row.actorId,
    row.actorRole,
    row.ip,
    row.action,
    row.outcome,
    row.targetType,
    row.targetId,
    row.divisionCode,
    row.fields,
    row.detail,
    row.prevHash,
  ]);
}

export function auditHash(row: Omit<AuditRow, 'hash'>): string {
  return sha256Hex(canonical(row));
}

/** An audit row to append: who (the context) and what (the entry). */
export interface PendingAudit {
  context: AuditContext;
  entry: AuditEntry;
}

/** Appends one audit row. Must run inside the transaction of the change it records. */
export async function recordAudit(tx: Tx, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  await recordAudits(tx, [{ context: ctx, entry }]);
}

/**
 * Appends rows in order, under one lock and one read of the chain's head, each chained to the one
 * before. Must run inside the transaction of the changes they record. The lock is held from here to
 * the commit, so a transaction that writes several rows does best to write them together, last.
 */
export async function recordAudits(tx: Tx, pending: readonly PendingAudit[]): Promise<void> {
  if (pending.length === 0) return;
  const [last] = await queryRows<{ seq: number | string; hash: string }>(tx, CHAIN_HEAD);
  let seq = Number(last?.seq ?? 0);
  let prevHash = last?.hash ?? GENESIS_HASH;
  const rows = pending.map(({ context, entry }) => {
    seq += 1;
    const row: Omit<AuditRow, 'hash'> = {
      seq,
      at: new Date().toISOString(),
      actorId: context.actorId,
      actorRole: context.actorRole,
      ip: context.ip,
      action: entry.action,
      outcome: entry.outcome ?? 'ok',
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      divisionCode: entry.divisionCode ?? context.divisionCode,
      fields: entry.fields ?? [],
      detail: entry.detail ?? null,
      prevHash,
    };
    prevHash = auditHash(row);
    return { hash: prevHash, ...row };
  });
  await insertRows(tx, auditEvent, rows);
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  lastSeq: number;
  firstBroken?: { seq: number; reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'missing_rows' };
}

/** Walks the whole chain in order and names the first row that does not fit. */
export async function verifyChain(db: Executor, batchSize = 5000): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvent)
      .where(gt(auditEvent.seq, expectedSeq - 1))
      .orderBy(asc(auditEvent.seq))
      .limit(batchSize);
    for (const row of rows) {
      if (row.seq !== expectedSeq) return { ok: false, checked, lastSeq: expectedSeq - 1, firstBroken: { seq: expectedSeq, reason: 'missing_rows' } };
      if (row.prevHash !== prevHash) return { ok: false, checked, lastSeq: row.seq, firstBroken: { seq: row.seq, reason: 'prev_hash_mismatch' } };
      const { hash, ...rest } = row;
      if (auditHash(rest) !== hash) return { ok: false, checked, lastSeq: row.seq, firstBroken: { seq: row.seq, reason: 'hash_mismatch' } };
      prevHash = hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < batchSize) return { ok: true, checked, lastSeq: expectedSeq - 1 };
  }
}

/** The audit context of a request: the signed-in actor (if any) and the client address. */
export function auditContextOf(req: { actor: { userId: string; role: string; divisionCode: string } | null; ip: string }): AuditContext {
  return {
    actorId: req.actor?.userId ?? null,
    actorRole: req.actor?.role ?? null,
    ip: req.ip,
    divisionCode: req.actor?.divisionCode ?? null,
  };
}
