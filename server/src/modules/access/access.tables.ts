import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { division } from '../territory/territory.tables.js';

/**
 * A handling unit (承办单位): whoever a case can be dispatched to, and whom users belong to. `kind`:
 *  - department:         a functional department (职能部门, Art. 5) of the city or a district;
 *  - subUnit:            a section, station or team under another unit (`parentId`), e.g. a police station;
 *  - centre:             a grid service management centre (city, district or town level);
 *  - townOffice:         an office of a town or subdistrict (综治办, 城管中队 …);
 *  - socialOrganisation: a trade union, youth league, women's federation, social organisation or
 *                        volunteer team taking part under Art. 6.
 * The table keeps its first name, `department`, from when it held functional departments only.
 */
export const department = pgTable(
  'department',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind').notNull().default('department'),
    parentId: uuid('parent_id').references((): AnyPgColumn => department.id),
    divisionCode: text('division_code')
      .notNull()
      .references(() => division.code),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('department_parent_idx').on(t.parentId),
    index('department_division_idx').on(t.divisionCode),
    check('department_kind', sql`${t.kind} in ('department', 'subUnit', 'centre', 'townOffice', 'socialOrganisation')`),
    check('department_sub_unit_parent', sql`(${t.kind} = 'subUnit') = (${t.parentId} is not null)`),
  ],
);

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
