import { Type } from 'typebox';
import { Page, Strict, pageQuery } from '../../lib/http.js';
import { pointOrGrid, RevealBodyOf, UpdateOf } from './base-schemas.js';
import { memberRoles, organisationKinds, organisationRevealable, organisationStatuses, placeKinds } from './organisation.service.js';
import { Change, Day, Nullable, Text, Uuid } from './person.schemas.js';

const organisationFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  creditCode: Type.Optional(Text(18, '统一社会信用代码 (GB 32100, checked); unique; leave out for an unregistered place')),
  kind: Type.Enum([...organisationKinds]),
  legalRepName: Type.Optional(Text(50)),
  legalRepPhone: Type.Optional(Text(20, 'stored encrypted; shown masked')),
  address: Type.String({ minLength: 1, maxLength: 200 }),
  employees: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000 }))),
  keyUnit: Type.Optional(Type.Boolean({ description: '重点单位' })),
  placeKind: Type.Optional(Nullable(Type.Enum([...placeKinds], { description: '重点场所: the kind of key place; null when it is none' }))),
  securityContactName: Type.Optional(Text(50)),
  securityContactPhone: Type.Optional(Text(20, 'stored encrypted; shown masked')),
  status: Type.Optional(Type.Enum([...organisationStatuses])),
};

export const OrganisationBody = Strict({ ...organisationFields, ...pointOrGrid });
export const OrganisationUpdateBody = UpdateOf({ ...organisationFields, ...pointOrGrid });

export const OrganisationListQuery = Strict({
  ...pageQuery,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the beginning of the name, or of its pinyin initials' })),
  divisionCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
  gridCode: Type.Optional(Type.String({ maxLength: 40 })),
  kind: Type.Optional(Type.Enum([...organisationKinds])),
  keyUnit: Type.Optional(Type.Boolean()),
  keyPlace: Type.Optional(Type.Boolean({ description: 'true: key places only; false: none of them' })),
  placeKind: Type.Optional(Type.Enum([...placeKinds])),
});

const organisationRow = {
  id: Type.String(),
  name: Type.String(),
  creditCode: Nullable(Type.String()),
  kind: Type.String(),
  legalRepName: Nullable(Type.String()),
  legalRepPhoneMasked: Nullable(Type.String()),
  address: Type.String(),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  employees: Nullable(Type.Integer()),
  keyUnit: Type.Boolean(),
  placeKind: Nullable(Type.String()),
  securityContactName: Nullable(Type.String()),
  securityContactPhoneMasked: Nullable(Type.String()),
  status: Type.String(),
  divisionCode: Type.String(),
  gridCode: Type.String(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
};
export const OrganisationSchema = Type.Object(organisationRow, { title: 'Organisation' });
export const OrganisationPageSchema = Page(OrganisationSchema);

const OrganisationPerson = Type.Object({
  personId: Type.String(),
  name: Type.String(),
  idNumberMasked: Nullable(Type.String()),
  role: Type.String(),
  since: Nullable(Type.String()),
});
export const OrganisationPeopleSchema = Type.Object({ people: Type.Array(OrganisationPerson) }, { title: 'OrganisationPeople' });
export const OrganisationDetailSchema = Type.Object(
  { ...organisationRow, people: Type.Array(OrganisationPerson), history: Type.Array(Change) },
  { title: 'OrganisationDetail' },
);

export const MemberBody = Strict({
  personId: Uuid,
  role: Type.Enum([...memberRoles]),
  since: Type.Optional(Nullable(Day)),
});

export const OrganisationRevealBody = RevealBodyOf(Object.keys(organisationRevealable) as (keyof typeof organisationRevealable)[]);
