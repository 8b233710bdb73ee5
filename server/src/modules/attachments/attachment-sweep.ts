// The orphan sweep: blobs no attachment row names. An upload stores its blobs before the transaction
// that writes its row (a row never names a missing file), so a transaction that fails leaves blobs
// behind, unreachable through the API. Keys are content addresses that several rows may share, so the
// upload cannot delete them itself; the sweep removes a blob once it is a day old and no row names it.
//
// Against an upload of the same bytes at the same moment, the two hold one advisory lock: an upload's
// transaction holds it shared from checking its blobs (and storing again any that are gone) to its
// commit; the sweep holds it exclusively while it reads which keys rows name and deletes the others.
// So either the upload's row is committed before the sweep reads the rows (and the blob is kept), or
// the upload checks its blobs after the sweep has deleted (and stores them again).
import { inArray, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { advisoryLocks } from '../../db/advisory-locks.js';
import type { Tx } from '../../db/client.js';
import { type JobRunner, startJobRunner } from '../../lib/job-runner.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import type { SweepLog } from '../cases/case-sweep.js';
import { attachment } from './attachment.tables.js';

const SYSTEM: AuditContext = { actorId: null, actorRole: 'system', ip: null, divisionCode: null };
const DAY_MS = 24 * 3600_000;
/** Keys decided and deleted per transaction, under the exclusive lock uploads wait for. */
const BATCH = 500;

/** An upload's hold on its blobs, to its transaction's end. */
export async function lockBlobsShared(tx: Tx): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock_shared(${advisoryLocks.blobSweep})`);
}

export interface BlobSweepCounts {
  /** Blobs old enough to be looked at. */
  checked: number;
  /** Of them, those no row named, removed. */
  removed: number;
}

/**
 * Removes the blobs written over a day ago that no attachment row names, BATCH keys to a transaction.
 * Safe beside running servers and uploads.
 */
export async function sweepOrphanBlobs(ctx: AppContext): Promise<BlobSweepCounts> {
  const counts: BlobSweepCounts = { checked: 0, removed: 0 };
  let batch: string[] = [];
  for await (const key of ctx.blobs.list(new Date(ctx.now().getTime() - DAY_MS))) {
    batch.push(key);
    if (batch.length >= BATCH) {
      await sweepBatch(ctx, batch, counts);
      batch = [];
    }
  }
  if (batch.length > 0) await sweepBatch(ctx, batch, counts);
  return counts;
}

async function sweepBatch(ctx: AppContext, keys: string[], counts: BlobSweepCounts): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${advisoryLocks.blobSweep})`);
    const rows = await tx
      .select({ original: attachment.originalKey, public: attachment.publicKey, thumbnail: attachment.thumbnailKey })
      .from(attachment)
      .where(or(inArray(attachment.originalKey, keys), inArray(attachment.publicKey, keys), inArray(attachment.thumbnailKey, keys)));
    const named = new Set(rows.flatMap((r) => [r.original, r.public, r.thumbnail]));
    const orphans = keys.filter((k) => !named.has(k));
    for (const key of orphans) await ctx.blobs.delete(key);
    counts.checked += keys.length;
    counts.removed += orphans.length;
    if (orphans.length > 0) {
      await recordAudit(tx, SYSTEM, {
        action: 'attachment.blobs.sweep',
        targetType: 'blob',
        detail: `checked=${keys.length} removed=${orphans.length}`,
      });
    }
  });
}

/**
 * The daily orphan sweep of this instance, the first a minute after start (none when timer sweeps are
 * off, WANGGE_SWEEP_INTERVAL_SECONDS=0: then `wangge sweep-blobs` from cron). Instances may each run it.
 */
export function startBlobSweeps(ctx: AppContext, log: SweepLog, describeError: (err: Error) => object): JobRunner | undefined {
  if (ctx.config.sweepIntervalSeconds === 0) return undefined;
  const runner = startJobRunner({
    intervalMs: DAY_MS,
    job: async () => {
      const counts = await sweepOrphanBlobs(ctx);
      log.debug(counts, 'attachment blob sweep');
    },
    onError: (err) => log.error({ err: err instanceof Error ? describeError(err) : { message: String(err) } }, 'attachment blob sweep failed'),
  });
  setTimeout(() => void runner.runNow(), 60_000).unref();
  return runner;
}
