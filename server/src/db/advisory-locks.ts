// The keys of the transaction- and session-level advisory locks Wangge takes on PostgreSQL, in one
// place so that two uses never share a key by accident (the import writer once took the audit chain's,
// and every audited request waited for a whole import). Any fixed numbers will do; they only have to
// be the same for every instance. Keys made from text (`hashtext('matter_list:…')`) are per record.
export const advisoryLocks = {
  /** Migrations at start, one instance at a time (session level, db/client.ts). */
  migration: 7_304_001,
  /** The audit chain's head: each audited transaction appends in turn (audit/audit.ts). */
  auditChain: 7_304_002,
  /** The staged person import's writer: one at a time across instances (base/import.service.ts). */
  importWriter: 7_304_003,
  /**
   * Attachment blobs: an upload's transaction holds it shared from checking its blobs to its commit,
   * the orphan sweep exclusively while it decides and deletes (attachments/attachment-sweep.ts).
   */
  blobSweep: 7_304_004,
} as const;
