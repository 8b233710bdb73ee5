// Imports of registries from Excel and CSV files (issue 5 §4): one row per job, its state in the
// database so any instance answers "how far is it?", and the row-by-row report of what was wrong.
// The report names the row and the column, never the value.
import { bigserial, check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { appUser } from '../access/access.tables.js';

export const baseImport = pgTable(
  'base_import',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    registry: text('registry').notNull(),
    /** all: nothing is written while any row is wrong; validOnly: the valid rows are imported. */
    mode: text('mode').notNull(),
    format: text('format').notNull(),
    fileName: text('file_name').notNull(),
    fileBytes: integer('file_bytes').notNull(),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => appUser.id),
    /** queued → validating → invalid | importing → done; failed when the job itself broke. */
    status: text('status').notNull().default('queued'),
    rowsRead: integer('rows_read').notNull().default(0),
    rowsValid: integer('rows_valid').notNull().default(0),
    rowsInvalid: integer('rows_invalid').notNull().default(0),
    rowsCreated: integer('rows_created').notNull().default(0),
    rowsUpdated: integer('rows_updated').notNull().default(0),
    rowsUnchanged: integer('rows_unchanged').notNull().default(0),
    /** Rows done in the current pass, of `rowsRead` once the first pass has counted them. */
    rowsDone: integer('rows_done').notNull().default(0),
    /** Why a job failed, as a short code (never a value from the file). */
    failure: text('failure'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('base_import_uploader_idx').on(t.uploadedBy, t.createdAt),
    check('base_import_status', sql`${t.status} in ('queued', 'validating', 'invalid', 'importing', 'done', 'failed')`),
    check('base_import_mode', sql`${t.mode} in ('all', 'validOnly')`),
  ],
);

/** One problem of one row: the row number as the user sees it in the file, the column title. */
export const baseImportError = pgTable(
  'base_import_error',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    importId: uuid('import_id')
      .notNull()
      .references(() => baseImport.id, { onDelete: 'cascade' }),
    rowNo: integer('row_no').notNull(),
    /** The column title (as the template names it), or '' for the row as a whole. */
    column: text('column').notNull(),
    field: text('field').notNull(),
    message: text('message').notNull(),
    messageZh: text('message_zh').notNull(),
  },
  (t) => [index('base_import_error_row_idx').on(t.importId, t.rowNo, t.id)],
);

/**
 * The keys (keyed hashes) of the valid rows seen by the first pass: a second row with the same ID
 * number is found by the database, so memory does not grow with the file. Emptied when the job ends.
 * A scratch table: unlogged (migration 0013; a crash empties it, and a crash fails the job anyway)
 * and without a foreign key to its job, whose own end deletes its keys — a million keys need no
 * write-ahead log nor a trigger each.
 */
export const baseImportKey = pgTable(
  'base_import_key',
  {
    importId: uuid('import_id').notNull(),
    keyHash: text('key_hash').notNull(),
    rowNo: integer('row_no').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.keyHash] })],
);
