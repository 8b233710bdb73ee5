import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { division } from '../territory/territory.tables.js';

/** A functional department (职能部门) or another handling organisation, at city or district level. */
export const department = pgTable('department', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  divisionCode: text('division_code')
    .notNull()
    .references(() => division.code),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A person who signs in. `divisionCode` is the user's home division; with `scopeKind`:
 *  - division:   sees everything under divisionCode;
 *  - grids:      sees the grids in user_grid (all inside the home community);
 *  - department: sees what is dispatched to departmentId.
 * Phone is personal data: stored encrypted, with a masked copy for lists.
 */
export const appUser = pgTable(
  'app_user',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    scopeKind: text('scope_kind').notNull(),
    divisionCode: text('division_code')
      .notNull()
      .references(() => division.code),
    departmentId: uuid('department_id').references(() => department.id),
    phoneEncrypted: text('phone_encrypted'),
    phoneMasked: text('phone_masked'),
    disabled: boolean('disabled').notNull().default(false),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('app_user_division_idx').on(t.divisionCode.op('text_pattern_ops')), index('app_user_department_idx').on(t.departmentId)],
);

/** The grids a grid-scoped user (leader, instructor, worker) works in. */
export const userGrid = pgTable(
  'user_grid',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    gridCode: text('grid_code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.gridCode] })],
);

/**
 * A console session (cookie) or a bearer API token. Only the SHA-256 of the secret is stored,
 * so a copy of the database cannot be used to sign in.
 */
export const session = pgTable(
  'session',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull().unique(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    name: text('name'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('session_user_idx').on(t.userId)],
);
