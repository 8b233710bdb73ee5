// Organisations (单位/组织), key units (重点单位) and key places (重点场所): register, change, find,
// link people, reveal a contact phone. The credit code (GB 32100) is public and unique; the legal
// representative's and the security contact's phones are personal: sealed, hashed, masked, and shown
// in full only through the audited reveal.
import { type SQL, and, asc, count, eq, isNotNull, isNull, like, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { parseCreditCode } from '../../lib/credit-code.js';
import { errors } from '../../lib/errors.js';
import { type PageParams, escapeLike } from '../../lib/http.js';
import { parsePhone } from '../../lib/phone.js';
import { nameInitials } from '../../lib/pinyin.js';
import { type Actor, requirePermission } from '../access/access.js';
import type { AuditContext } from '../audit/audit.js';
import { visibleBaseWhere } from './base-access.js';
import { diffShown, historyOf } from './base-history.js';
import { locatePoint, placeRecord } from './base-place.js';
import { findRecord, findablePerson, recordBaseWrite, refuseStale, requireText, shownFields } from './base-records.js';
import { organisation, person, personOrganisation } from './base.tables.js';
import { recordReveal, revealReason } from './person.service.js';
import { sealPersonal } from './personal-fields.js';

export const organisationKinds = [
  'enterprise',
  'individualBusiness',
  'socialOrganisation',
  'publicInstitution',
  'school',
  'hospital',
  'government',
  'other',
] as const;
export const placeKinds = ['publicPlace', 'entertainment', 'specialTrade', 'internetCafe', 'hotel', 'school', 'hospital', 'market', 'other'] as const;
export const organisationStatuses = ['active', 'closed'] as const;
export const memberRoles = ['employee', 'legalRepresentative', 'securityContact', 'manager'] as const;

type OrganisationRow = typeof organisation.$inferSelect;

export interface OrganisationBody {
  name: string;
  creditCode?: string | null;
  kind: (typeof organisationKinds)[number];
  legalRepName?: string | null;
  legalRepPhone?: string | null;
  address: string;
  lng?: number | null;
  lat?: number | null;
  gridCode?: string | null;
  employees?: number | null;
  keyUnit?: boolean;
  placeKind?: (typeof placeKinds)[number] | null;
  securityContactName?: string | null;
  securityContactPhone?: string | null;
  status?: (typeof organisationStatuses)[number];
}

export interface OrganisationUpdate extends Partial<OrganisationBody> {
  version: number;
}

export const creditCodeProblems = {
  format: ['Must be 18 characters: digits and capitals without I, O, Z, S, V.', '须为 18 位数字或大写字母（不含 I、O、Z、S、V）。'],
  checkDigit: ['The check character does not fit (GB 32100): check for a typing slip.', '校验码不符（GB 32100），请核对是否录入有误。'],
  orgCodeCheckDigit: ['The organisation code inside it has a wrong check character (GB 11714).', '其中的组织机构代码校验码不符（GB 11714）。'],
} as const;

function checkCreditCode(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const parsed = parseCreditCode(value);
  if (!parsed.ok) {
    const [en, zh] = creditCodeProblems[parsed.problem];
    throw errors.validation('body.creditCode', en, zh);
  }
  return parsed.info.value;
}

/** A phone checked and sealed, or null; a bad one is a 400 naming the field, never echoing it. */
function sealedPhone(ctx: AppContext, field: string, value: string | null | undefined) {
  if (value === null || value === undefined || value.trim() === '') return null;
  const parsed = parsePhone(value);
  if (!parsed.ok) throw errors.validation(`body.${field}`, 'Must be a mainland mobile or a landline with its area code.', '须为手机号码或带区号的固定电话。');
  return sealPersonal(ctx.cipher, 'phone', parsed.value);
}

/** The columns a body's values are stored as, personal ones sealed. `before` keeps the sealed phones a change does not touch. */
function organisationColumns(ctx: AppContext, b: OrganisationBody, before?: OrganisationRow) {
  const phone = (field: 'legalRepPhone' | 'securityContactPhone', column: 'legalRepPhone' | 'securityContactPhone') => {
    if (b[field] === undefined && before) return { sealed: before[`${column}Sealed`], hash: before[`${column}Hash`], masked: before[`${column}Masked`] };
    const s = sealedPhone(ctx, field, b[field]);
    return { sealed: s?.sealed ?? null, hash: s?.hash ?? null, masked: s?.masked ?? null };
  };
  const rep = phone('legalRepPhone', 'legalRepPhone');
  const security = phone('securityContactPhone', 'securityContactPhone');
  const name = requireText('name', b.name);
  return {
    name,
    nameInitials: nameInitials(name),
    creditCode: checkCreditCode(b.creditCode),
    kind: b.kind,
    legalRepName: b.legalRepName?.trim() || null,
    legalRepPhoneSealed: rep.sealed,
    legalRepPhoneHash: rep.hash,
    legalRepPhoneMasked: rep.masked,
    address: requireText('address', b.address),
    employees: b.employees ?? null,
    keyUnit: b.keyUnit ?? false,
    placeKind: b.placeKind ?? null,
    securityContactName: b.securityContactName?.trim() || null,
    securityContactPhoneSealed: security.sealed,
    securityContactPhoneHash: security.hash,
    securityContactPhoneMasked: security.masked,
    status: b.status ?? 'active',
  };
}

/** One credit code, one organisation, city-wide; the answer does not say where the other lies. */
async function refuseTakenCode(db: Executor, code: string | null, exceptId?: string): Promise<void> {
  if (code === null) return;
  const [taken] = await db
    .select({ id: organisation.id })
    .from(organisation)
    .where(and(eq(organisation.creditCode, code), exceptId ? sql`${organisation.id} <> ${exceptId}` : undefined))
    .limit(1);
  if (taken) throw errors.conflict('body.creditCode', 'An organisation with this credit code is already registered.', '该统一社会信用代码已登记。');
}

export function presentOrganisation(r: OrganisationRow) {
  return {
    id: r.id,
    name: r.name,
    creditCode: r.creditCode,
    kind: r.kind,
    legalRepName: r.legalRepName,
    legalRepPhoneMasked: r.legalRepPhoneMasked,
    address: r.address,
    lng: r.lng,
    lat: r.lat,
    employees: r.employees,
    keyUnit: r.keyUnit,
    placeKind: r.placeKind,
    securityContactName: r.securityContactName,
    securityContactPhoneMasked: r.securityContactPhoneMasked,
    status: r.status,
    divisionCode: r.divisionCode,
    gridCode: r.gridCode,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function createOrganisation(ctx: AppContext, audit: AuditContext, actor: Actor, body: OrganisationBody) {
  requirePermission(actor, 'base.write');
  const columns = organisationColumns(ctx, body);
  // The point is located before the transaction: the grid index reads through ctx.db (PGlite has one connection).
  const located = await locatePoint(ctx, body);
  const row = await ctx.db.transaction(async (tx) => {
    const place = await placeRecord(ctx, tx, actor, { gridCode: body.gridCode, lng: body.lng, lat: body.lat, located });
    await refuseTakenCode(tx, columns.creditCode);
    const [created] = await tx
      .insert(organisation)
      .values({ ...columns, lng: body.lng ?? null, lat: body.lat ?? null, gridCode: place.gridCode, divisionCode: place.divisionCode })
      .returning();
    const r = created as OrganisationRow;
    await recordBaseWrite(tx, audit, actor, {
      entity: 'organisation',
      entityId: r.id,
      divisionCode: r.divisionCode,
      action: 'create',
      changes: diffShown({}, shownFields(r)),
      audit: 'base.organisation.create',
    });
    return r;
  });
  return presentOrganisation(row);
}

export async function updateOrganisation(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, body: OrganisationUpdate) {
  requirePermission(actor, 'base.write');
  // The point is located before the transaction: the grid index reads through ctx.db (PGlite has one connection).
  const located = await locatePoint(ctx, body);
  const row = await ctx.db.transaction(async (tx) => {
    const before = await findRecord(tx, ctx, actor, organisation, id, 'organisation', 'write');
    refuseStale(before.version, body.version);
    const { version: _v, gridCode, lng, lat, ...changes } = body;
    const merged: OrganisationBody = {
      name: before.name,
      creditCode: before.creditCode,
      kind: before.kind as OrganisationBody['kind'],
      legalRepName: before.legalRepName,
      address: before.address,
      employees: before.employees,
      keyUnit: before.keyUnit,
      placeKind: before.placeKind as OrganisationBody['placeKind'],
      securityContactName: before.securityContactName,
      status: before.status as OrganisationBody['status'],
      ...changes,
    };
    const columns = organisationColumns(ctx, merged, before);
    const moved = gridCode !== undefined || lng !== undefined || lat !== undefined;
    const place = moved ? await placeRecord(ctx, tx, actor, { gridCode, lng, lat, located }) : null;
    await refuseTakenCode(tx, columns.creditCode, id);
    const [after] = await tx
      .update(organisation)
      .set({
        ...columns,
        ...(place ? { gridCode: place.gridCode, divisionCode: place.divisionCode, lng: lng ?? null, lat: lat ?? null } : {}),
        version: before.version + 1,
        updatedAt: ctx.now(),
      })
      .where(eq(organisation.id, id))
      .returning();
    const r = after as OrganisationRow;
    await recordBaseWrite(tx, audit, actor, {
      entity: 'organisation',
      entityId: id,
      divisionCode: r.divisionCode,
      action: 'update',
      changes: diffShown(shownFields(before), shownFields(r)),
      audit: 'base.organisation.update',
    });
    return r;
  });
  return presentOrganisation(row);
}

export interface OrganisationQuery {
  q?: string;
  divisionCode?: string;
  gridCode?: string;
  kind?: string;
  keyUnit?: boolean;
  keyPlace?: boolean;
  placeKind?: string;
}

/** A name's beginning, or (letters only) the beginning of its pinyin initials. */
function nameWhere(raw: string): SQL {
  const q = raw.normalize('NFKC').trim();
  const byName = like(organisation.name, `${escapeLike(q)}%`);
  return /^[A-Za-z]+$/.test(q) ? (or(like(organisation.nameInitials, `${escapeLike(q.toLowerCase())}%`), byName) as SQL) : byName;
}

/** The organisations a list (or an export) with these filters shows: the gate first, then the filters. */
export function organisationListWhere(ctx: AppContext, actor: Actor, query: OrganisationQuery): SQL | undefined {
  return and(
    visibleBaseWhere(actor, 'organisation', organisation, ctx.now()),
    query.q ? nameWhere(query.q) : undefined,
    query.divisionCode ? like(organisation.divisionCode, `${escapeLike(query.divisionCode.replace(/0+$/, ''))}%`) : undefined,
    query.gridCode ? like(organisation.gridCode, `${escapeLike(query.gridCode)}%`) : undefined,
    query.kind ? eq(organisation.kind, query.kind) : undefined,
    query.keyUnit === undefined ? undefined : eq(organisation.keyUnit, query.keyUnit),
    query.keyPlace === undefined ? undefined : query.keyPlace ? isNotNull(organisation.placeKind) : isNull(organisation.placeKind),
    query.placeKind ? eq(organisation.placeKind, query.placeKind) : undefined,
  );
}

export async function listOrganisations(ctx: AppContext, actor: Actor, query: OrganisationQuery, page: PageParams) {
  requirePermission(actor, 'base.read');
  const where = organisationListWhere(ctx, actor, query);
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(organisation).where(where).orderBy(asc(organisation.name), asc(organisation.id)).limit(page.pageSize).offset(page.offset),
    ctx.db.select({ n: count() }).from(organisation).where(where),
  ]);
  return { items: rows.map(presentOrganisation), total: total?.n ?? 0, page: page.page, pageSize: page.pageSize };
}

async function peopleOf(db: Executor, organisationId: string) {
  return db
    .select({
      personId: person.id,
      name: person.name,
      idNumberMasked: person.idNumberMasked,
      role: personOrganisation.role,
      since: personOrganisation.since,
    })
    .from(personOrganisation)
    .innerJoin(person, eq(person.id, personOrganisation.personId))
    .where(eq(personOrganisation.organisationId, organisationId))
    .orderBy(asc(person.name), asc(personOrganisation.role));
}

export async function getOrganisation(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'base.read');
  const r = await findRecord(ctx.db, ctx, actor, organisation, id, 'organisation');
  const [people, history] = await Promise.all([peopleOf(ctx.db, id), historyOf(ctx.db, 'organisation', id)]);
  return { ...presentOrganisation(r), people, history };
}

export interface MemberBody {
  personId: string;
  role: (typeof memberRoles)[number];
  since?: string | null;
}

/** Links a person the writer finds to the organisation (works there, represents it …); linking twice changes nothing. */
export async function addOrganisationPerson(ctx: AppContext, audit: AuditContext, actor: Actor, id: string, body: MemberBody) {
  requirePermission(actor, 'base.write');
  return ctx.db.transaction(async (tx) => {
    const org = await findRecord(tx, ctx, actor, organisation, id, 'organisation', 'write');
    const p = await findablePerson(tx, ctx, actor, body.personId);
    const inserted = await tx
      .insert(personOrganisation)
      .values({ personId: p.id, organisationId: org.id, role: body.role, since: body.since ?? null })
      .onConflictDoNothing()
      .returning({ personId: personOrganisation.personId });
    if (inserted.length > 0)
      await recordBaseWrite(tx, audit, actor, {
        entity: 'organisation',
        entityId: org.id,
        divisionCode: org.divisionCode,
        action: 'update',
        changes: { people: { from: null, to: { personId: p.id, name: p.name, role: body.role } } },
        audit: 'base.organisation.update',
      });
    return { people: await peopleOf(tx, org.id) };
  });
}

export const organisationRevealable = {
  legalRepPhone: 'legalRepPhoneSealed',
  securityContactPhone: 'securityContactPhoneSealed',
} as const;

/** A contact phone in full (Art. 10): the permission, a reason, a reveal row and an audit row. */
export async function revealOrganisation(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  id: string,
  field: keyof typeof organisationRevealable,
  reason: string,
) {
  requirePermission(actor, 'base.reveal');
  const why = revealReason(reason);
  return ctx.db.transaction(async (tx) => {
    const r = await findRecord(tx, ctx, actor, organisation, id, 'organisation');
    const sealed = r[organisationRevealable[field]];
    if (sealed === null) throw errors.notFound('value');
    await recordReveal(tx, audit, actor, 'organisation', r.id, r.divisionCode, field, why);
    return { field, value: ctx.cipher.decrypt(sealed) };
  });
}
