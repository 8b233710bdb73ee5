import { bigint, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';

/**
 * The audit trail: append-only (a trigger refuses UPDATE and DELETE, see the migration) and
 * hash-chained: hash = SHA-256(prevHash + canonical row). `at` is kept as the ISO text that was
 * hashed, so verification never depends on how a database renders timestamps.
 * `fields` holds the names of changed fields, never their values.
 */
export const auditEvent = pgTable(
  'audit_event',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: text('at').notNull(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role'),
    ip: text('ip'),
    action: text('action').notNull(),
    outcome: text('outcome').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    divisionCode: text('division_code'),
    fields: text('fields').array().notNull(),
    detail: text('detail'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_event_actor_idx').on(t.actorId, t.seq),
    index('audit_event_target_idx').on(t.targetType, t.targetId),
    index('audit_event_action_idx').on(t.action, t.seq),
  ],
);
