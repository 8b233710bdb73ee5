import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { appUser, department } from '../access/access.tables.js';
import type { CaseAttribute } from '../matters/matter-attributes.js';
import { matter, matterList } from '../matters/matter.tables.js';
import { division } from '../territory/territory.tables.js';
import { routingRule, type StepLimits } from './routing.tables.js';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const inList = (column: AnyPgColumn, values: readonly string[]) => sql.raw(`${column.name} in (${values.map((v) => `'${v}'`).join(', ')})`);

export const caseStatuses = [
  'reported',
  'accepted',
  'registered',
  'dispatched',
  'handling',
  'suspended',
  'verifying',
  'closed',
  'archived',
  'cancelled',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export const caseSources = ['gridWorker', 'hotline', 'walkIn', 'department', 'public'] as const;
export type CaseSource = (typeof caseSources)[number];
export const supervisionLevels = ['none', 'normal', 'yellow', 'red'] as const;
export type SupervisionLevel = (typeof supervisionLevels)[number];

/**
 * A case (事件): one reported issue and its whole life (DOMAIN.md §2). `divisionCode` is the
 * community it lies in (every large table carries its division code); `centreCode` the centre that
 * holds it now (the town's at first; escalation moves it up). The matter it is filed under is
 * (matterListId, matterCode): the list version in force when it was registered. `limits` is the
 * routing rule's time limits copied at dispatch, so a later edit of the rule never moves a running
 * clock. `dueAt` is the current step's due time; `handleDueAt` the resolution deadline.
 */
export const caseRecord = pgTable(
  'case_record',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** SJ + local date + `serial`: the running number comes from the column's own sequence, so two instances never collide and a restore moves it past the restored rows. */
    number: text('number').notNull().unique(),
    serial: bigserial('serial', { mode: 'number' }).notNull().unique(),
    cityCode: text('city_code')
      .notNull()
      .references(() => division.code),
    divisionCode: text('division_code')
      .notNull()
      .references(() => division.code),
    gridCode: text('grid_code'),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    address: text('address').notNull().default(''),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    source: text('source').notNull(),
    reporterId: uuid('reporter_id').references(() => appUser.id),
    /** A member of the public's name, phone and e-mail: personal data, encrypted, with a masked copy. */
    reporterContactEncrypted: text('reporter_contact_encrypted'),
    reporterContactMasked: text('reporter_contact_masked'),
    matterListId: uuid('matter_list_id').references(() => matterList.id),
    matterCode: text('matter_code'),
    urgent: boolean('urgent').notNull().default(false),
    /** The report's answers to its matter's attributes, each with the question as it was asked. */
    attributes: jsonb('attributes').$type<CaseAttribute[]>().notNull().default([]),
    status: text('status').notNull(),
    centreCode: text('centre_code')
      .notNull()
      .references(() => division.code),
    routingRuleId: uuid('routing_rule_id').references(() => routingRule.id, { onDelete: 'set null' }),
    leadUnitId: uuid('lead_unit_id').references(() => department.id),
    limits: jsonb('limits').$type<StepLimits>(),
    stepStartedAt: ts('step_started_at').notNull(),
    dueAt: ts('due_at'),
    dueProvisional: boolean('due_provisional').notNull().default(false),
    handleStartedAt: ts('handle_started_at'),
    handleDueAt: ts('handle_due_at'),
    /** Marked by the timer sweep when the current step passes its due time; cleared by the next step. */
    overdue: boolean('overdue').notNull().default(false),
    supervision: text('supervision').notNull().default('none'),
    duplicateOf: uuid('duplicate_of').references((): AnyPgColumn => caseRecord.id),
    reworkCount: integer('rework_count').notNull().default(0),
    /** Open311 token handed to a public reporter before the request has its id. */
    publicToken: text('public_token').unique(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
    /** Bumped by every transition: a stale decision (two people acting at once) is refused with 409. */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('case_division_idx').on(t.divisionCode.op('text_pattern_ops')),
    index('case_centre_status_idx').on(t.centreCode, t.status),
    index('case_lead_unit_idx').on(t.leadUnitId),
    index('case_grid_idx').on(t.gridCode),
    index('case_matter_open_idx').on(t.matterCode, t.status).where(sql`${t.status} not in ('closed', 'archived', 'cancelled')`),
    index('case_duplicate_of_idx').on(t.duplicateOf),
    index('case_created_idx').on(t.createdAt),
    foreignKey({ columns: [t.matterListId, t.matterCode], foreignColumns: [matter.listId, matter.code], name: 'case_matter_fk' }),
    check('case_status', inList(t.status, caseStatuses)),
    check('case_source', inList(t.source, caseSources)),
    check('case_supervision', inList(t.supervision, supervisionLevels)),
  ],
);

/**
 * A unit's share of a case: the lead unit and any assisting units handle in parallel. A unit sees
 * and acts on a case only through a row here. `status`: dispatched → claimed → fedBack; returned
 * (the unit said "not ours" and the centre agreed) or recalled (re-dispatched elsewhere) end it.
 */
export const caseAssignment = pgTable(
  'case_assignment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => caseRecord.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => department.id),
    role: text('role').notNull(),
    status: text('status').notNull(),
    dispatchedAt: ts('dispatched_at').notNull(),
    claimedAt: ts('claimed_at'),
    fedBackAt: ts('fed_back_at'),
    endedAt: ts('ended_at'),
  },
  (t) => [
    index('case_assignment_case_idx').on(t.caseId),
    index('case_assignment_unit_idx').on(t.unitId, t.status),
    uniqueIndex('case_assignment_active').on(t.caseId, t.unitId).where(sql`${t.status} in ('dispatched', 'claimed', 'fedBack')`),
    check('case_assignment_role', sql`${t.role} in ('lead', 'assist')`),
    check('case_assignment_status', sql`${t.status} in ('dispatched', 'claimed', 'fedBack', 'returned', 'recalled')`),
  ],
);

/**
 * Every step of a case is a row: who, which unit, what, the opinion, attachments, when the step's
 * clock started, its due time, when it finished and whether it was late. Append-only in practice.
 */
export const caseStep = pgTable(
  'case_step',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => caseRecord.id, { onDelete: 'cascade' }),
    divisionCode: text('division_code').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorId: uuid('actor_id').references(() => appUser.id),
    unitId: uuid('unit_id').references(() => department.id),
    opinion: text('opinion').notNull().default(''),
    /** The opinion may be shown to the public (Open311 status_notes). */
    publicNote: boolean('public_note').notNull().default(false),
    attachmentIds: uuid('attachment_ids').array().notNull().default(sql`'{}'::uuid[]`),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    startedAt: ts('started_at').notNull(),
    dueAt: ts('due_at'),
    finishedAt: ts('finished_at').notNull(),
    overdue: boolean('overdue').notNull().default(false),
  },
  (t) => [index('case_step_case_idx').on(t.caseId, t.finishedAt)],
);

export const caseRequestKinds = ['return', 'extension', 'suspension'] as const;
export type CaseRequestKind = (typeof caseRequestKinds)[number];
export const suspensionReasons = ['seasonal', 'engineering', 'conditionsLacking'] as const;

/**
 * A handling unit's request that a centre decides: return (names the unit responsible), extension
 * (a new due time) or suspension (挂账: the clock stops until resumed). One pending request of each
 * kind per case.
 */
export const caseRequest = pgTable(
  'case_request',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => caseRecord.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => department.id),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => appUser.id),
    reason: text('reason').notNull(),
    responsibleUnitId: uuid('responsible_unit_id').references(() => department.id),
    suspensionReason: text('suspension_reason'),
    requestedDueAt: ts('requested_due_at'),
    status: text('status').notNull().default('pending'),
    decidedBy: uuid('decided_by').references(() => appUser.id),
    decidedAt: ts('decided_at'),
    decisionOpinion: text('decision_opinion'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('case_request_case_idx').on(t.caseId),
    uniqueIndex('case_request_one_pending').on(t.caseId, t.kind).where(sql`${t.status} = 'pending'`),
    check('case_request_kind', sql`${t.kind} in ('return', 'extension', 'suspension')`),
    check('case_request_status', sql`${t.status} in ('pending', 'approved', 'rejected')`),
    check('case_request_return_names_unit', sql`${t.kind} <> 'return' or ${t.responsibleUnitId} is not null`),
  ],
);

/** A suspension: the handling clock stands still from `from` to `to` (open while suspended). */
export const casePause = pgTable(
  'case_pause',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => caseRecord.id, { onDelete: 'cascade' }),
    from: ts('from').notNull(),
    to: ts('to'),
  },
  (t) => [index('case_pause_case_idx').on(t.caseId)],
);

export const timerKinds = ['remind', 'overdue', 'escalate'] as const;
export type TimerKind = (typeof timerKinds)[number];

/**
 * Timers are rows (STYLE.md): a reminder, overdue marking or escalation due at `fireAt` for one step
 * of a case (`stepKey`, e.g. "handle#3"). The sweep claims due rows with FOR UPDATE SKIP LOCKED and
 * stamps `firedAt` in the same transaction as what they do, so two server instances never fire one
 * twice. A step that ends deletes its unfired timers; a timer whose step key no longer matches the
 * case is stale and is stamped without acting.
 */
export const caseTimer = pgTable(
  'case_timer',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => caseRecord.id, { onDelete: 'cascade' }),
    divisionCode: text('division_code').notNull(),
    kind: text('kind').notNull(),
    stepKey: text('step_key').notNull(),
    fireAt: ts('fire_at').notNull(),
    firedAt: ts('fired_at'),
    firedBy: text('fired_by'),
  },
  (t) => [
    uniqueIndex('case_timer_once').on(t.caseId, t.kind, t.stepKey),
    index('case_timer_due_idx').on(t.fireAt).where(sql`${t.firedAt} is null`),
    check('case_timer_kind', sql`${t.kind} in ('remind', 'overdue', 'escalate')`),
  ],
);

/** Supervision (督办) by a centre: normal, yellow or red, kept for assessment. */
export const caseSupervision = pgTable(
  'case_supervision',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => caseRecord.id, { onDelete: 'cascade' }),
    divisionCode: text('division_code').notNull(),
    level: text('level').notNull(),
    centreCode: text('centre_code').notNull(),
    actorId: uuid('actor_id').references(() => appUser.id),
    opinion: text('opinion').notNull().default(''),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('case_supervision_case_idx').on(t.caseId), check('case_supervision_level', sql`${t.level} in ('normal', 'yellow', 'red')`)],
);

/**
 * What a unit or a user is told: a case dispatched to the unit, a deadline turning yellow or red, a
 * request awaiting a centre's decision. Rows, so every server instance can stream them (SSE) and
 * nothing is lost when a browser is closed.
 */
export const notification = pgTable(
  'notification',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Monotonic per database: the stream's cursor. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    recipientUnitId: uuid('recipient_unit_id').references(() => department.id),
    /** A centre, by its division code (town, district or city). */
    recipientCentreCode: text('recipient_centre_code'),
    recipientUserId: uuid('recipient_user_id').references(() => appUser.id),
    kind: text('kind').notNull(),
    caseId: uuid('case_id').references(() => caseRecord.id, { onDelete: 'cascade' }),
    caseNumber: text('case_number'),
    title: text('title').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('notification_seq_idx').on(t.seq),
    index('notification_unit_idx').on(t.recipientUnitId, t.seq),
    index('notification_centre_idx').on(t.recipientCentreCode, t.seq),
    index('notification_user_idx').on(t.recipientUserId, t.seq),
  ],
);
