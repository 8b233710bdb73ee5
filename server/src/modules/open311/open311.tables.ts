import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { caseRecord } from '../cases/case.tables.js';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * An Open311 client: an application allowed to POST service requests (GeoReport v2 requires an API
 * key for that and nothing else). Only the SHA-256 of the key is stored; the key is shown once when
 * it is made. A revoked key is refused with 403.
 */
export const open311Client = pgTable('open311_client', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  createdAt: ts('created_at').notNull().defaultNow(),
  revokedAt: ts('revoked_at'),
});

/**
 * What an Open311 POST brought beyond the case itself: the client that filed it (to trace or stop an
 * application that misbehaves) and the media URL the reporter gave. One row per case filed through
 * Open311; the reporter's contact lives encrypted on the case.
 */
export const open311Request = pgTable(
  'open311_request',
  {
    caseId: uuid('case_id')
      .primaryKey()
      .references(() => caseRecord.id, { onDelete: 'cascade' }),
    clientId: uuid('client_id')
      .notNull()
      .references(() => open311Client.id),
    mediaUrl: text('media_url'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('open311_request_client_idx').on(t.clientId)],
);
