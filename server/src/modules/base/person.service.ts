// Persons (实有人口): register, change, find, profile, reveal. Personal values are sealed on the way
// in and shown masked on the way out; a full value leaves only through `revealPersonal`, with a
// stated reason and an audit row. Every read goes through the base gate (base-access.ts).
import { type SQL, and, asc, count, desc, eq, getTableColumns, inArray, like, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor, Tx } from '../../db/client.js';
import { todayIn } from '../../lib/dates.js';
import { errors } from '../../lib/errors.js';
import { type PageParams, escapeLike } from '../../lib/http.js';
import { nameInitials } from '../../lib/pinyin.js';
import { type Actor, requirePermission } from '../access/access.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { visibleBaseWhere, visibleWatchedWhere } from './base-access.js';
import { type ChangeSource, diffShown, historyOf, recordChanges, withImpliedCreate } from './base-history.js';
import { placeRecord } from './base-place.js';
import { shownFields } from './base-records.js';
import {
  building,
  carePerson,
  dwelling,
  household,
  householdMember,
  organisation,
  person,
  personOrganisation,
  personalReveal,
  watchedPerson,
} from './base.tables.js';
import { type PersonInput, type PersonValues, type Problem, checkPerson } from './person-input.js';
import { type PersonalKind, searchHashes, sealPersonal } from './personal-fields.js';

type PersonRow = typeof person.$inferSelect;

export interface PersonBody extends PersonInput {
  gridCode?: string | null;
  dwellingId?: string | null;
}

export interface PersonUpdate extends Partial<PersonBody> {
  version: number;
}

export function problemError(p: Problem) {
  return errors.validation(`body.${p.field}`, p.message, p.messageZh);
}

/** The kind of keyed hash an ID or document number is stored under. */
export function idKindOf(values: Pick<PersonValues, 'idKind'>): PersonalKind {
  return values.idKind === 'idCard' ? 'idNumber' : 'document';
}

/** The columns a person's checked values are stored as: personal ones sealed, hashed and masked. */
export function personColumns(ctx: AppContext, v: PersonValues, initials = nameInitials(v.name), idNumberHash?: string) {
  const sealed = (kind: PersonalKind, value: string | null, hash?: string) => (value === null ? null : sealPersonal(ctx.cipher, kind, value, hash));
  const id = sealed(idKindOf(v), v.idNumber, idNumberHash);
  const phone = sealed('phone', v.phone);
  const registered = sealed('address', v.registeredAddress ?? null);
  const current = sealed('address', v.currentAddress ?? null);
  const permit = sealed('document', v.residencePermit ?? null);
  return {
    name: v.name,
    nameInitials: initials,
    formerName: v.formerName ?? null,
    sex: v.sex,
    birthDate: v.birthDate,
    ethnicity: v.ethnicity ?? null,
    idKind: v.idKind,
    idNumberSealed: id?.sealed ?? null,
    idNumberHash: id?.hash ?? null,
    idNumberMasked: id?.masked ?? null,
    phoneSealed: phone?.sealed ?? null,
    phoneHash: phone?.hash ?? null,
    phoneMasked: phone?.masked ?? null,
    nativePlace: v.nativePlace ?? null,
    maritalStatus: v.maritalStatus ?? null,
    politicalStatus: v.politicalStatus ?? null,
    education: v.education ?? null,
    religion: v.religion ?? null,
    occupation: v.occupation ?? null,
    registeredAddressSealed: registered?.sealed ?? null,
    registeredAddressHash: registered?.hash ?? null,
    registeredAddressMasked: registered?.masked ?? null,
    currentAddressSealed: current?.sealed ?? null,
    currentAddressHash: current?.hash ?? null,
    currentAddressMasked: current?.masked ?? null,
    addressCoincides: registered && current ? registered.hash === current.hash : null,
    residency: v.residency,
    moveInReason: v.moveInReason ?? null,
    movedInOn: v.movedInOn ?? null,
    registeredOn: v.registeredOn ?? null,
    expectedLeaveOn: v.expectedLeaveOn ?? null,
    originCode: v.originCode ?? null,
    residencePermitSealed: permit?.sealed ?? null,
    residencePermitMasked: permit?.masked ?? null,
    nationality: v.nationality ?? null,
  };
}

/** What a person looks like in a list: masked, the birth year only (the full date is half the ID number). */
export function presentPersonRow(r: PersonRow) {
  return {
    id: r.id,
    name: r.name,
    sex: r.sex,
    birthYear: r.birthDate ? Number(r.birthDate.slice(0, 4)) : null,
    idKind: r.idKind,
    idNumberMasked: r.idNumberMasked,
    phoneMasked: r.phoneMasked,
    residency: r.residency,
    status: r.status,
    divisionCode: r.divisionCode,
    gridCode: r.gridCode,
    dwellingId: r.dwellingId,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The stored person back as input (personal values opened): an update is checked as a whole record. */
function asInput(ctx: AppContext, r: PersonRow): PersonInput {
  const open = (s: string | null) => (s === null ? null : ctx.cipher.decrypt(s));
  return {
    name: r.name,
    formerName: r.formerName,
    sex: r.sex as PersonInput['sex'],
    birthDate: r.birthDate,
    ethnicity: r.ethnicity,
    idKind: r.idKind as PersonInput['idKind'],
    idNumber: open(r.idNumberSealed),
    phone: open(r.phoneSealed),
    nativePlace: r.nativePlace,
    maritalStatus: r.maritalStatus,
    politicalStatus: r.politicalStatus,
    education: r.education,
    religion: r.religion,
    occupation: r.occupation,
    registeredAddress: open(r.registeredAddressSealed),
    currentAddress: open(r.currentAddressSealed),
    residency: r.residency as PersonInput['residency'],
    moveInReason: r.moveInReason,
    movedInOn: r.movedInOn,
    registeredOn: r.registeredOn,
    expectedLeaveOn: r.expectedLeaveOn,
    originCode: r.originCode,
    residencePermit: open(r.residencePermitSealed),
    nationality: r.nationality,
  };
}

export function today(ctx: AppContext): string {
  return todayIn('Asia/Shanghai', ctx.now());
}

/** Refuses an ID number already registered (under any key of the ring): one person, one record, city-wide. */
async function refuseTakenId(db: Executor, ctx: AppContext, v: PersonValues, exceptId?: string): Promise<void> {
  if (v.idNumber === null) return;
  const hashes = searchHashes(ctx.cipher, idKindOf(v), v.idNumber);
  const [taken] = await db
    .select({ id: person.id })
    .from(person)
    .where(and(inArray(person.idNumberHash, hashes), exceptId ? sql`${person.id} <> ${exceptId}` : undefined))
    .limit(1);
  // The answer does not say where: the record may lie outside the writer's jurisdiction.
  if (taken) throw errors.conflict('body.idNumber', 'A person with this ID number is already registered.', '该公民身份号码已登记。');
}

function personAudit(action: 'base.person.create' | 'base.person.update' | 'base.person.read', r: Pick<PersonRow, 'id' | 'divisionCode'>, fields?: string[]) {
  return { action, targetType: 'person', targetId: r.id, divisionCode: r.divisionCode, ...(fields ? { fields } : {}) } as const;
}

export async function createPerson(ctx: AppContext, audit: AuditContext, actor: Actor, body: PersonBody, source: ChangeSource = 'api') {
  requirePermission(actor, 'base.write');
  const checked = checkPerson(body, today(ctx));
  if (!checked.values) throw problemError(checked.problems[0] as Problem);
  const values = checked.values;
  const row = await ctx.db.transaction(async (tx) => {
    const place = await placeRecord(ctx, tx, actor, body);
    await refuseTakenId(tx, ctx, values);
    const [created] = await tx
      .insert(person)
      .values({ ...personColumns(ctx, values), gridCode: place.gridCode, divisionCode: place.divisionCode, dwellingId: place.dwellingId })
      .returning();
    const r = created as PersonRow;
    await recordChanges(tx, [
      {
        entity: 'person',
        entityId: r.id,
        divisionCode: r.divisionCode,
        action: 'create',
        source,
        changes: diffShown({}, shownFields(r)),
        actorId: actor.userId,
      },
    ]);
    await recordAudit(tx, audit, personAudit('base.person.create', r));
    return r;
  });
  return presentPersonRow(row);
}

async function findVisible(db: Executor, ctx: AppContext, actor: Actor, id: string, lock = false): Promise<PersonRow> {
  const q = db
    .select()
    .from(person)
    .where(and(eq(person.id, id), visibleBaseWhere(actor, 'person', person, ctx.now())))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw errors.notFound('person');
  return row;
}

export async function updatePerson(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, body: PersonUpdate) {
  requirePermission(actor, 'base.write');
  const row = await ctx.db.transaction(async (tx) => {
    const before = await findVisible(tx, ctx, actor, id, true);
    if (before.version !== body.version)
      throw errors.conflict('body.version', 'The person was changed meanwhile: reload and try again.', '该人员信息已被他人修改，请刷新后重试。');
    const { version: _v, gridCode, dwellingId, ...changes } = body;
    const merged: PersonInput = { ...asInput(ctx, before), ...changes };
    const checked = checkPerson(merged, today(ctx));
    if (!checked.values) throw problemError(checked.problems[0] as Problem);
    const moved = gridCode !== undefined || dwellingId !== undefined;
    const place = moved ? await placeRecord(ctx, tx, actor, { gridCode, dwellingId }) : null;
    await refuseTakenId(tx, ctx, checked.values, id);
    const [after] = await tx
      .update(person)
      .set({
        ...personColumns(ctx, checked.values),
        ...(place ? { gridCode: place.gridCode, divisionCode: place.divisionCode, dwellingId: place.dwellingId } : {}),
        version: before.version + 1,
        updatedAt: ctx.now(),
      })
      .where(eq(person.id, id))
      .returning();
    const r = after as PersonRow;
    const changed = diffShown(shownFields(before), shownFields(r));
    await recordChanges(tx, [
      { entity: 'person', entityId: id, divisionCode: r.divisionCode, action: 'update', source: 'api', changes: changed, actorId: actor.userId },
    ]);
    await recordAudit(tx, audit, personAudit('base.person.update', r, Object.keys(changed)));
    return r;
  });
  return presentPersonRow(row);
}

export interface PersonQuery {
  q?: string;
  divisionCode?: string;
  gridCode?: string;
  residency?: string;
  status?: string;
  sort?: 'name' | 'updatedAt' | '-name' | '-updatedAt';
}

/**
 * What a search text means: an ID number, a phone, pinyin initials, a name, or an address. Exact
 * personal values are found by their keyed hash; names and initials by prefix.
 */
export function searchWhere(ctx: AppContext, raw: string): SQL {
  const q = raw.normalize('NFKC').trim();
  if (/^\d{17}[\dXx]$/.test(q)) return inArray(person.idNumberHash, searchHashes(ctx.cipher, 'idNumber', q));
  const digits = q.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  if (/^1\d{10}$/.test(digits) || /^0\d{9,11}$/.test(digits)) {
    const phone = /^0/.test(digits) ? `${digits.slice(0, digits.length > 11 ? 4 : 3)}-${digits.slice(digits.length > 11 ? 4 : 3)}` : digits;
    const variants = new Set([phone, digits, `${digits.slice(0, 4)}-${digits.slice(4)}`]);
    return inArray(
      person.phoneHash,
      [...variants].flatMap((v) => searchHashes(ctx.cipher, 'phone', v)),
    );
  }
  if (/^[A-Za-z]+$/.test(q)) return like(person.nameInitials, `${escapeLike(q.toLowerCase())}%`);
  if (/^[\p{Script=Han}·]+$/u.test(q) && q.length <= 8) return like(person.name, `${escapeLike(q)}%`);
  // An address: the exact registered or current address, or anyone living in a building whose address holds the text.
  const hashes = searchHashes(ctx.cipher, 'address', q);
  return or(
    inArray(person.registeredAddressHash, hashes),
    inArray(person.currentAddressHash, hashes),
    sql`${person.dwellingId} in (select ${dwelling.id} from ${dwelling} join ${building} on ${building.id} = ${dwelling.buildingId} where ${building.address} like ${`%${escapeLike(q)}%`} or ${building.name} like ${`%${escapeLike(q)}%`})`,
  ) as SQL;
}

/** The persons a list (or an export) with these filters shows: the gate first, then the filters. */
export function personListWhere(ctx: AppContext, actor: Actor, query: PersonQuery): SQL | undefined {
  return and(
    visibleBaseWhere(actor, 'person', person, ctx.now()),
    query.q ? searchWhere(ctx, query.q) : undefined,
    query.divisionCode ? like(person.divisionCode, `${escapeLike(query.divisionCode.replace(/0+$/, ''))}%`) : undefined,
    query.gridCode ? like(person.gridCode, `${escapeLike(query.gridCode)}%`) : undefined,
    query.residency ? eq(person.residency, query.residency) : undefined,
    eq(person.status, query.status ?? 'active'),
  );
}

/** A persons list counts its matches up to this many (the base summary gives a jurisdiction's exact counts). */
export const PERSON_COUNT_CAP = 10_000;

export async function listPersons(ctx: AppContext, actor: Actor, query: PersonQuery, page: PageParams) {
  requirePermission(actor, 'base.read');
  const where = personListWhere(ctx, actor, query);
  const sort = query.sort ?? 'name';
  const order =
    sort === 'name'
      ? [asc(person.name), asc(person.id)]
      : sort === '-name'
        ? [desc(person.name), desc(person.id)]
        : sort === 'updatedAt'
          ? [asc(person.updatedAt)]
          : [desc(person.updatedAt)];
  // The page's ids first (ordered and cut from an index where one serves), then its rows by id.
  const ids = ctx.db
    .select({ id: person.id })
    .from(person)
    .where(where)
    .orderBy(...order)
    .limit(page.pageSize)
    .offset(page.offset)
    .as('page');
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select(getTableColumns(person))
      .from(ids)
      .innerJoin(person, eq(person.id, ids.id))
      .orderBy(...order),
    // Counted up to the cap: a district's or the city's exact total would cost a scan of all its persons per page.
    ctx.db.select({ n: count() }).from(
      ctx.db
        .select({ one: sql`1`.as('one') })
        .from(person)
        .where(where)
        .limit(PERSON_COUNT_CAP + 1)
        .as('counted'),
    ),
  ]);
  const n = total?.n ?? 0;
  return {
    items: rows.map(presentPersonRow),
    total: Math.min(n, PERSON_COUNT_CAP),
    totalCapped: n > PERSON_COUNT_CAP,
    page: page.page,
    pageSize: page.pageSize,
  };
}

/** A person's profile: the record (masked), household, dwelling and building, organisations, care and watch records the reader may see, history. */
export async function getPerson(ctx: AppContext, audit: AuditContext, actor: Actor, id: string) {
  requirePermission(actor, 'base.read');
  return ctx.db.transaction(async (tx) => {
    const r = await findVisible(tx, ctx, actor, id);
    const [households, home, organisations, care, watched, history] = await Promise.all([
      profileHouseholds(tx, id),
      r.dwellingId
        ? tx
            .select({
              dwellingId: dwelling.id,
              addressCode: dwelling.addressCode,
              unitLabel: dwelling.unitLabel,
              roomNo: dwelling.roomNo,
              rental: dwelling.rental,
              buildingId: building.id,
              buildingName: building.name,
              buildingAddress: building.address,
            })
            .from(dwelling)
            .innerJoin(building, eq(building.id, dwelling.buildingId))
            .where(eq(dwelling.id, r.dwellingId))
        : Promise.resolve([]),
      tx
        .select({ id: organisation.id, name: organisation.name, kind: organisation.kind, role: personOrganisation.role, since: personOrganisation.since })
        .from(personOrganisation)
        .innerJoin(organisation, eq(organisation.id, personOrganisation.organisationId))
        .where(eq(personOrganisation.personId, id))
        .orderBy(asc(organisation.name)),
      tx
        .select({
          id: carePerson.id,
          kind: carePerson.kind,
          needs: carePerson.needs,
          helper: carePerson.helper,
          lastVisitOn: carePerson.lastVisitOn,
          status: carePerson.status,
        })
        .from(carePerson)
        .where(eq(carePerson.personId, id)),
      tx
        .select({
          id: watchedPerson.id,
          kind: watchedPerson.kind,
          riskLevel: watchedPerson.riskLevel,
          lastFollowUpOn: watchedPerson.lastFollowUpOn,
          followUpDays: watchedPerson.followUpDays,
          status: watchedPerson.status,
        })
        .from(watchedPerson)
        .where(and(eq(watchedPerson.personId, id), visibleWatchedWhere(actor))),
      historyOf(tx, 'person', id).then((h) => withImpliedCreate(tx, h, r)),
    ]);
    // Art. 10: who read which personal record is kept; a watch record seen is named too.
    await recordAudit(tx, audit, personAudit('base.person.read', r, watched.length > 0 ? ['watchedPerson'] : []));
    return {
      ...presentPersonRow(r),
      version: r.version,
      birthDate: r.birthDate,
      formerName: r.formerName,
      ethnicity: r.ethnicity,
      nativePlace: r.nativePlace,
      maritalStatus: r.maritalStatus,
      politicalStatus: r.politicalStatus,
      education: r.education,
      religion: r.religion,
      occupation: r.occupation,
      registeredAddressMasked: r.registeredAddressMasked,
      currentAddressMasked: r.currentAddressMasked,
      addressCoincides: r.addressCoincides,
      moveInReason: r.moveInReason,
      movedInOn: r.movedInOn,
      registeredOn: r.registeredOn,
      expectedLeaveOn: r.expectedLeaveOn,
      originCode: r.originCode,
      residencePermitMasked: r.residencePermitMasked,
      nationality: r.nationality,
      households,
      dwelling: home[0] ?? null,
      organisations,
      care,
      watched,
      history,
    };
  });
}

async function profileHouseholds(db: Executor, personId: string) {
  const mine = await db
    .select({ id: household.id, householdNo: household.householdNo, kind: household.kind, relation: householdMember.relation })
    .from(householdMember)
    .innerJoin(household, eq(household.id, householdMember.householdId))
    .where(eq(householdMember.personId, personId));
  if (mine.length === 0) return [];
  const members = await db
    .select({
      householdId: householdMember.householdId,
      personId: person.id,
      name: person.name,
      relation: householdMember.relation,
      sex: person.sex,
      birthDate: person.birthDate,
    })
    .from(householdMember)
    .innerJoin(person, eq(person.id, householdMember.personId))
    .where(
      inArray(
        householdMember.householdId,
        mine.map((h) => h.id),
      ),
    )
    .orderBy(asc(person.birthDate));
  return mine.map((h) => ({
    ...h,
    members: members
      .filter((m) => m.householdId === h.id)
      .map((m) => ({ personId: m.personId, name: m.name, relation: m.relation, sex: m.sex, birthYear: m.birthDate ? Number(m.birthDate.slice(0, 4)) : null })),
  }));
}

export const revealableFields = {
  idNumber: 'idNumberSealed',
  phone: 'phoneSealed',
  registeredAddress: 'registeredAddressSealed',
  currentAddress: 'currentAddressSealed',
  residencePermit: 'residencePermitSealed',
} as const;
export type RevealableField = keyof typeof revealableFields;

/** The one way a full personal value leaves the platform: the permission, a reason, an audit row. */
export async function revealPerson(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, field: RevealableField, reason: string) {
  requirePermission(actor, 'base.reveal');
  const why = revealReason(reason);
  return ctx.db.transaction(async (tx: Tx) => {
    const r = await findVisible(tx, ctx, actor, id);
    const sealed = r[revealableFields[field]];
    if (sealed === null) throw errors.notFound('value');
    await recordReveal(tx, audit, actor, 'person', r.id, r.divisionCode, field, why);
    return { field, value: ctx.cipher.decrypt(sealed) };
  });
}

/** The reason a reveal states, trimmed: at least 4 characters, else a 400 naming it. */
export function revealReason(reason: string): string {
  const why = reason.trim();
  if (why.length < 4)
    throw errors.validation('body.reason', 'State why you need the full value (at least 4 characters).', '请说明查看完整信息的事由（至少 4 个字）。');
  return why;
}

export async function recordReveal(
  tx: Tx,
  audit: AuditContext,
  actor: Actor,
  entity: string,
  entityId: string,
  divisionCode: string,
  field: string,
  reason: string,
) {
  await tx.insert(personalReveal).values({ actorId: actor.userId, entity, entityId, field, reason });
  await recordAudit(tx, audit, { action: 'base.personal.reveal', targetType: entity, targetId: entityId, divisionCode, fields: [field] });
}
