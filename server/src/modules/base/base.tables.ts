// Base information (基础信息, Arts. 10–11, DOMAIN.md §3): the registries of people, places and
// organisations a grid worker keeps. Every record lies in one community (`division_code`, 12 digits)
// and one grid (`grid_code`); both decide who may read it (base-access.ts) and carry the Citus
// distribution key. Personal values (ID numbers, phones, exact addresses) are stored three ways:
// sealed (AES-256-GCM, lib/crypto.ts), as a keyed hash for exact search, and masked for lists.
// Nothing in these tables holds them in plain text.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { appUser, department } from '../access/access.tables.js';
import { division } from '../territory/territory.tables.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const communityCode = () =>
  text('division_code')
    .notNull()
    .references(() => division.code);

/** A building (建筑): the top of 以房管人, building → unit → room. */
export const building = pgTable(
  'building',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    divisionCode: communityCode(),
    gridCode: text('grid_code').notNull(),
    /** GB/T 39609-style address code: the community's 12 digits, then compound and building. Unique: imports upsert by it. */
    addressCode: text('address_code').notNull(),
    name: text('name').notNull(),
    /** The street address of the building (a place, not a person's data). */
    address: text('address').notNull(),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    kind: text('kind').notNull(),
    floors: integer('floors'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('building_address_code_idx').on(t.addressCode),
    index('building_division_idx').on(t.divisionCode.op('text_pattern_ops')),
    index('building_grid_idx').on(t.gridCode),
  ],
);

/** A dwelling (房屋): one room of a building, with its use, its owner and whether it is let. */
export const dwelling = pgTable(
  'dwelling',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    buildingId: uuid('building_id')
      .notNull()
      .references(() => building.id),
    divisionCode: communityCode(),
    gridCode: text('grid_code').notNull(),
    /** The building's address code, then unit and room. */
    addressCode: text('address_code').notNull(),
    unitLabel: text('unit_label').notNull().default(''),
    floor: integer('floor'),
    roomNo: text('room_no').notNull(),
    use: text('use').notNull(),
    areaM2: doublePrecision('area_m2'),
    ownerPersonId: uuid('owner_person_id'),
    ownerName: text('owner_name'),
    /** 出租房屋: a dwelling let to tenants; its rental records say to whom. */
    rental: boolean('rental').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('dwelling_address_code_idx').on(t.addressCode),
    index('dwelling_building_idx').on(t.buildingId),
    index('dwelling_division_idx').on(t.divisionCode.op('text_pattern_ops')),
    index('dwelling_grid_idx').on(t.gridCode),
  ],
);

/**
 * A person actually living in the grid (实有人口). The ID number is unique across the city by its
 * keyed hash (imports upsert by it); residency registered / floating / foreign, with the floating
 * population's fields.
 */
export const person = pgTable(
  'person',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    divisionCode: communityCode(),
    gridCode: text('grid_code').notNull(),
    name: text('name').notNull(),
    /** Pinyin initials of the name (张三 → zs), for search by initials. */
    nameInitials: text('name_initials').notNull(),
    formerName: text('former_name'),
    sex: text('sex').notNull(),
    birthDate: date('birth_date', { mode: 'string' }),
    ethnicity: text('ethnicity'),
    /** idCard (公民身份号码, GB 11643), passport, or another document for foreigners. */
    idKind: text('id_kind').notNull(),
    idNumberSealed: text('id_number_sealed'),
    idNumberHash: text('id_number_hash'),
    idNumberMasked: text('id_number_masked'),
    phoneSealed: text('phone_sealed'),
    phoneHash: text('phone_hash'),
    phoneMasked: text('phone_masked'),
    nativePlace: text('native_place'),
    maritalStatus: text('marital_status'),
    politicalStatus: text('political_status'),
    education: text('education'),
    religion: text('religion'),
    occupation: text('occupation'),
    /** 户籍地址: the household-registration address. */
    registeredAddressSealed: text('registered_address_sealed'),
    registeredAddressHash: text('registered_address_hash'),
    registeredAddressMasked: text('registered_address_masked'),
    /** 现住址 when it is not a registered dwelling. */
    currentAddressSealed: text('current_address_sealed'),
    currentAddressHash: text('current_address_hash'),
    currentAddressMasked: text('current_address_masked'),
    /** The dwelling they live in (以房管人). */
    dwellingId: uuid('dwelling_id').references(() => dwelling.id),
    /** 人户一致: the registered address is where they live. */
    addressCoincides: boolean('address_coincides'),
    residency: text('residency').notNull(),
    // Floating population (流动人口).
    moveInReason: text('move_in_reason'),
    movedInOn: date('moved_in_on', { mode: 'string' }),
    registeredOn: date('registered_on', { mode: 'string' }),
    expectedLeaveOn: date('expected_leave_on', { mode: 'string' }),
    /** Where they came from: a 6-digit division code (province, city or county). */
    originCode: text('origin_code'),
    residencePermitSealed: text('residence_permit_sealed'),
    residencePermitMasked: text('residence_permit_masked'),
    // Foreigners (境外人员).
    nationality: text('nationality'),
    status: text('status').notNull().default('active'),
    version: integer('version').notNull().default(1),
    /**
     * The import job that created the person, when a staged import did: its create is that job's, not a
     * history row of its own (`withImpliedCreate` in base-history.ts rebuilds it).
     */
    createdImportId: uuid('created_import_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('person_id_number_hash_idx').on(t.idNumberHash),
    index('person_phone_hash_idx').on(t.phoneHash),
    index('person_registered_address_hash_idx').on(t.registeredAddressHash),
    // Most persons live where they are registered and are placed by grid rather than by room: these two
    // are mostly empty, and an index of the non-empty ones spares every other insert (an import's million).
    index('person_current_address_hash_idx').on(t.currentAddressHash).where(sql`${t.currentAddressHash} IS NOT NULL`),
    // Name and initials first, then the division: "张伟 inside this town" is one index range per prefix.
    index('person_name_idx').on(t.name.op('text_pattern_ops'), t.divisionCode.op('text_pattern_ops')),
    index('person_initials_idx').on(t.nameInitials.op('text_pattern_ops'), t.divisionCode.op('text_pattern_ops')),
    // A list page of a jurisdiction: its ids in name order and its total, from this index alone (an
    // index-only scan; status in it so the active filter needs no row), the page's rows fetched by id.
    index('person_division_idx').on(t.divisionCode.op('text_pattern_ops'), t.status, t.name, t.id),
    // The same page for a large jurisdiction (a district, the city): read in name order, the division
    // tested in the index, stopping after the page — sorting its hundreds of thousands would not.
    index('person_list_idx').on(t.status, t.name, t.id, t.divisionCode),
    index('person_grid_idx').on(t.gridCode, t.name),
    index('person_dwelling_idx').on(t.dwellingId).where(sql`${t.dwellingId} IS NOT NULL`),
    check('person_residency', sql`${t.residency} in ('registered', 'floating', 'foreign')`),
    check('person_sex', sql`${t.sex} in ('male', 'female', 'unknown')`),
    check('person_status', sql`${t.status} in ('active', 'movedOut', 'deceased')`),
  ],
);

/** A household (户): the dwelling it lives in and its head. */
export const household = pgTable(
  'household',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    divisionCode: communityCode(),
    gridCode: text('grid_code').notNull(),
    /** 户号: the registration number; unique, imports upsert by it. */
    householdNo: text('household_no').notNull(),
    kind: text('kind').notNull().default('family'),
    dwellingId: uuid('dwelling_id').references(() => dwelling.id),
    headPersonId: uuid('head_person_id').references(() => person.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('household_no_idx').on(t.householdNo),
    index('household_division_idx').on(t.divisionCode.op('text_pattern_ops')),
    index('household_grid_idx').on(t.gridCode),
    index('household_dwelling_idx').on(t.dwellingId),
  ],
);

/** A member of a household, with their relation to its head. A person in two households is a data-quality finding. */
export const householdMember = pgTable(
  'household_member',
  {
    householdId: uuid('household_id')
      .notNull()
      .references(() => household.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    relation: text('relation').notNull(),
    joinedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.householdId, t.personId] }), index('household_member_person_idx').on(t.personId)],
);

/** A letting of a dwelling (出租房屋登记): landlord, contract, period, police check; tenants in rental_tenant. */
export const rental = pgTable(
  'rental',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dwellingId: uuid('dwelling_id')
      .notNull()
      .references(() => dwelling.id),
    divisionCode: communityCode(),
    gridCode: text('grid_code').notNull(),
    landlordPersonId: uuid('landlord_person_id').references(() => person.id),
    landlordName: text('landlord_name').notNull(),
    contractNo: text('contract_no'),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    purpose: text('purpose').notNull().default('residential'),
    /** 治安检查: the last police check of the letting. */
    policeCheckedOn: date('police_checked_on', { mode: 'string' }),
    status: text('status').notNull().default('active'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('rental_dwelling_idx').on(t.dwellingId),
    index('rental_division_idx').on(t.divisionCode.op('text_pattern_ops')),
    check('rental_period', sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
  ],
);

export const rentalTenant = pgTable(
  'rental_tenant',
  {
    rentalId: uuid('rental_id')
      .notNull()
      .references(() => rental.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
  },
  (t) => [primaryKey({ columns: [t.rentalId, t.personId] }), index('rental_tenant_person_idx').on(t.personId)],
);

/**
 * An organisation (单位/组织): enterprises, individual businesses, social organisations, schools,
 * hospitals … Key units (重点单位) and key places (重点场所) are organisations flagged so; both are
 * visited every month.
 */
export const organisation = pgTable(
  'organisation',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    divisionCode: communityCode(),
    gridCode: text('grid_code').notNull(),
    /** 统一社会信用代码 (GB 32100): unique when present; imports upsert by it. */
    creditCode: text('credit_code'),
    name: text('name').notNull(),
    nameInitials: text('name_initials').notNull(),
    kind: text('kind').notNull(),
    legalRepName: text('legal_rep_name'),
    legalRepPhoneSealed: text('legal_rep_phone_sealed'),
    legalRepPhoneHash: text('legal_rep_phone_hash'),
    legalRepPhoneMasked: text('legal_rep_phone_masked'),
    address: text('address').notNull(),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    employees: integer('employees'),
    keyUnit: boolean('key_unit').notNull().default(false),
    /** A key place's type (public place, entertainment, special trade, internet café, hotel …); null when not a key place. */
    placeKind: text('place_kind'),
    securityContactName: text('security_contact_name'),
    securityContactPhoneSealed: text('security_contact_phone_sealed'),
    securityContactPhoneHash: text('security_contact_phone_hash'),
    securityContactPhoneMasked: text('security_contact_phone_masked'),
    status: text('status').notNull().default('active'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('organisation_credit_code_idx').on(t.creditCode),
    index('organisation_division_idx').on(t.divisionCode.op('text_pattern_ops')),
    index('organisation_grid_idx').on(t.gridCode),
    index('organisation_name_idx').on(t.name.op('text_pattern_ops')),
  ],
);

/** A person's tie to an organisation: works there, represents it, is its security contact. */
export const personOrganisation = pgTable(
  'person_organisation',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisation.id, { onDelete: 'cascade' }),
    role: text('role').notNull().default('employee'),
    since: date('since', { mode: 'string' }),
  },
  (t) => [primaryKey({ columns: [t.personId, t.organisationId, t.role] }), index('person_organisation_org_idx').on(t.organisationId)],
);

/**
 * A watched person (重点人员, GB/T 31000 special groups): the most sensitive record here. Only the
 * roles responsible for it find it (base-access.ts), and every read is audited.
 */
export const watchedPerson = pgTable(
  'watched_person',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    divisionCode: communityCode(),
    gridCode: text('grid_code').notNull(),
    kind: text('kind').notNull(),
    riskLevel: text('risk_level').notNull(),
    /** The unit responsible for it (司法所, 派出所, 卫生院 …): its staff read the record. */
    responsibleUnitId: uuid('responsible_unit_id').references(() => department.id),
    helpers: text('helpers').notNull().default(''),
    followUpDays: integer('follow_up_days').notNull(),
    lastFollowUpOn: date('last_follow_up_on', { mode: 'string' }),
    /** Free-text notes: sealed, they may name offences or diagnoses. */
    noteSealed: text('note_sealed'),
    status: text('status').notNull().default('active'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('watched_person_kind_idx').on(t.personId, t.kind),
    index('watched_person_division_idx').on(t.divisionCode.op('text_pattern_ops')),
    index('watched_person_grid_idx').on(t.gridCode),
    index('watched_person_unit_idx').on(t.responsibleUnitId),
  ],
);

/** A follow-up (走访) of a watched person: when, by whom, and a note sealed like the record's. */
export const watchedFollowUp = pgTable(
  'watched_follow_up',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    watchedPersonId: uuid('watched_person_id')
      .notNull()
      .references(() => watchedPerson.id, { onDelete: 'cascade' }),
    on: date('on', { mode: 'string' }).notNull(),
    noteSealed: text('note_sealed'),
    actorId: uuid('actor_id')
      .notNull()
      .references(() => appUser.id),
    at: createdAt(),
  },
  (t) => [index('watched_follow_up_record_idx').on(t.watchedPersonId, t.on)],
);

/** A care person (关爱对象): left-behind children, elderly living alone, women in difficulty, disabled, low-income. */
export const carePerson = pgTable(
  'care_person',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    divisionCode: communityCode(),
    gridCode: text('grid_code').notNull(),
    kind: text('kind').notNull(),
    needs: text('needs').notNull().default(''),
    helper: text('helper').notNull().default(''),
    lastVisitOn: date('last_visit_on', { mode: 'string' }),
    status: text('status').notNull().default('active'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('care_person_kind_idx').on(t.personId, t.kind),
    index('care_person_division_idx').on(t.divisionCode.op('text_pattern_ops')),
    index('care_person_grid_idx').on(t.gridCode),
  ],
);

/** A dispute (矛盾纠纷) screened in the grid, and its mediation. */
export const dispute = pgTable(
  'dispute',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    divisionCode: communityCode(),
    gridCode: text('grid_code').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    place: text('place').notNull(),
    kind: text('kind').notNull(),
    /** Number of parties involved (a group dispute has many). */
    partyCount: integer('party_count').notNull(),
    partyPersonIds: uuid('party_person_ids').array().notNull().default(sql`'{}'::uuid[]`),
    summary: text('summary').notNull(),
    mediatingUnitId: uuid('mediating_unit_id').references(() => department.id),
    method: text('method'),
    outcome: text('outcome').notNull().default('pending'),
    agreement: text('agreement'),
    followUpOn: date('follow_up_on', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('dispute_division_idx').on(t.divisionCode.op('text_pattern_ops')), index('dispute_grid_idx').on(t.gridCode, t.occurredOn)],
);

/** A hazard (隐患) found in the grid, and its rectification. */
export const hazard = pgTable(
  'hazard',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    divisionCode: communityCode(),
    gridCode: text('grid_code').notNull(),
    foundOn: date('found_on', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    level: text('level').notNull(),
    description: text('description').notNull(),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    organisationId: uuid('organisation_id').references(() => organisation.id),
    rectifyBy: date('rectify_by', { mode: 'string' }),
    status: text('status').notNull().default('open'),
    rectifiedOn: date('rectified_on', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('hazard_division_idx').on(t.divisionCode.op('text_pattern_ops')), index('hazard_grid_idx').on(t.gridCode, t.foundOn)],
);

/**
 * The history of every base record: one row per change, with the fields changed. Personal values
 * appear masked, never in full; `source` says whether a user, an import or a grid change made it.
 */
export const baseChange = pgTable(
  'base_change',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id').notNull(),
    divisionCode: text('division_code').notNull(),
    action: text('action').notNull(),
    source: text('source').notNull(),
    /** { field: { from, to } }: masked for personal fields. */
    changes: jsonb('changes').notNull(),
    actorId: uuid('actor_id').references(() => appUser.id),
    importId: uuid('import_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('base_change_entity_idx').on(t.entity, t.entityId, t.id), index('base_change_division_idx').on(t.divisionCode.op('text_pattern_ops'), t.at)],
);

/** A full personal value shown to a user (Art. 10): who, which record and field, and the reason they gave. */
export const personalReveal = pgTable(
  'personal_reveal',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actorId: uuid('actor_id')
      .notNull()
      .references(() => appUser.id),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id').notNull(),
    field: text('field').notNull(),
    reason: text('reason').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('personal_reveal_entity_idx').on(t.entity, t.entityId), index('personal_reveal_actor_idx').on(t.actorId, t.at)],
);

/**
 * A department's access to base information (none by default): a registry, inside a division, for a
 * unit and every unit below it, until it expires.
 */
export const baseGrant = pgTable(
  'base_grant',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => department.id),
    registry: text('registry').notNull(),
    divisionCode: text('division_code')
      .notNull()
      .references(() => division.code),
    /** The division's significant prefix: records whose code starts with it are covered. */
    divisionPrefix: text('division_prefix').notNull(),
    reason: text('reason').notNull(),
    grantedBy: uuid('granted_by')
      .notNull()
      .references(() => appUser.id),
    grantedAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('base_grant_unit_idx').on(t.unitId, t.registry)],
);
