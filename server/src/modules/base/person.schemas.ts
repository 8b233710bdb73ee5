import { Type } from 'typebox';
import { Page, Strict, pageQuery } from '../../lib/http.js';
import { idKinds, residencies, sexes } from './person-input.js';
import { PERSON_COUNT_CAP, revealableFields } from './person.service.js';

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const Uuid = Type.String({ format: 'uuid' });
export const Day = Type.String({ maxLength: 10, description: 'YYYY-MM-DD' });
export const Text = (maxLength: number, description?: string) => Nullable(Type.String({ maxLength, ...(description ? { description } : {}) }));

export const PersonIdParam = Strict({ id: Uuid });

const personFields = {
  name: Type.String({ minLength: 1, maxLength: 50 }),
  formerName: Type.Optional(Text(50)),
  sex: Type.Optional(Nullable(Type.Enum([...sexes], { description: 'derived from a resident ID number when not given' }))),
  birthDate: Type.Optional(Nullable(Day)),
  ethnicity: Type.Optional(Text(20)),
  idKind: Type.Enum([...idKinds], { description: 'idCard: 公民身份号码 (GB 11643, checked); passport or other for foreigners' }),
  idNumber: Type.Optional(Text(30, 'stored encrypted; shown masked')),
  phone: Type.Optional(Text(20, 'a mainland mobile or a landline with area code; stored encrypted')),
  nativePlace: Type.Optional(Text(50)),
  maritalStatus: Type.Optional(Text(20)),
  politicalStatus: Type.Optional(Text(20)),
  education: Type.Optional(Text(20)),
  religion: Type.Optional(Text(20)),
  occupation: Type.Optional(Text(50)),
  registeredAddress: Type.Optional(Text(200, '户籍地址; stored encrypted')),
  currentAddress: Type.Optional(Text(200, '现住址 when not a registered dwelling; stored encrypted')),
  residency: Type.Enum([...residencies]),
  moveInReason: Type.Optional(Text(50, 'floating population only')),
  movedInOn: Type.Optional(Nullable(Day)),
  registeredOn: Type.Optional(Nullable(Day)),
  expectedLeaveOn: Type.Optional(Nullable(Day)),
  originCode: Type.Optional(Text(6, 'where they came from: a 6-digit division code')),
  residencePermit: Type.Optional(Text(30)),
  nationality: Type.Optional(Text(50, 'foreigners')),
};
const placeFields = {
  gridCode: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'the grid, when no dwelling is given' }))),
  dwellingId: Type.Optional(Nullable(Uuid)),
};

export const PersonBody = Strict({ ...personFields, ...placeFields });
export const PersonUpdateBody = Strict({
  ...Object.fromEntries(Object.entries(personFields).map(([k, v]) => [k, Type.Optional(v)])),
  ...placeFields,
  version: Type.Integer({ minimum: 1, description: 'the version read: a stale one gets 409' }),
} as typeof personFields & typeof placeFields & { version: ReturnType<typeof Type.Integer> });

export const PersonListQuery = Strict({
  ...pageQuery,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'a name or its pinyin initials, an ID number, a phone, or an address' })),
  divisionCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
  gridCode: Type.Optional(Type.String({ maxLength: 40 })),
  residency: Type.Optional(Type.Enum([...residencies])),
  status: Type.Optional(Type.Enum(['active', 'movedOut', 'deceased'])),
  sort: Type.Optional(Type.Enum(['name', '-name', 'updatedAt', '-updatedAt'])),
});

const personRow = {
  id: Type.String(),
  name: Type.String(),
  sex: Type.String(),
  birthYear: Nullable(Type.Integer()),
  idKind: Type.String(),
  idNumberMasked: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
  residency: Type.String(),
  status: Type.String(),
  divisionCode: Type.String(),
  gridCode: Type.String(),
  dwellingId: Nullable(Type.String()),
  updatedAt: Type.String({ format: 'date-time' }),
};
export const PersonRowSchema = Type.Object(personRow, { title: 'PersonRow' });
export const PersonPageSchema = Page(PersonRowSchema, {
  totalCapped: Type.Boolean({
    description: `true when more than ${PERSON_COUNT_CAP.toLocaleString('en-US')} persons match: total is then that number, not the exact count`,
  }),
});

export const Change = Type.Object({
  id: Type.Integer(),
  action: Type.String(),
  source: Type.String(),
  changes: Type.Record(Type.String(), Type.Object({ from: Type.Unknown(), to: Type.Unknown() })),
  at: Type.String({ format: 'date-time' }),
  actorName: Nullable(Type.String()),
});

export const PersonProfileSchema = Type.Object(
  {
    ...personRow,
    version: Type.Integer(),
    birthDate: Nullable(Type.String()),
    formerName: Nullable(Type.String()),
    ethnicity: Nullable(Type.String()),
    nativePlace: Nullable(Type.String()),
    maritalStatus: Nullable(Type.String()),
    politicalStatus: Nullable(Type.String()),
    education: Nullable(Type.String()),
    religion: Nullable(Type.String()),
    occupation: Nullable(Type.String()),
    registeredAddressMasked: Nullable(Type.String()),
    currentAddressMasked: Nullable(Type.String()),
    addressCoincides: Nullable(Type.Boolean()),
    moveInReason: Nullable(Type.String()),
    movedInOn: Nullable(Type.String()),
    registeredOn: Nullable(Type.String()),
    expectedLeaveOn: Nullable(Type.String()),
    originCode: Nullable(Type.String()),
    residencePermitMasked: Nullable(Type.String()),
    nationality: Nullable(Type.String()),
    households: Type.Array(
      Type.Object({
        id: Type.String(),
        householdNo: Type.String(),
        kind: Type.String(),
        relation: Type.String(),
        members: Type.Array(
          Type.Object({ personId: Type.String(), name: Type.String(), relation: Type.String(), sex: Type.String(), birthYear: Nullable(Type.Integer()) }),
        ),
      }),
    ),
    dwelling: Nullable(
      Type.Object({
        dwellingId: Type.String(),
        addressCode: Type.String(),
        unitLabel: Type.String(),
        roomNo: Type.String(),
        rental: Type.Boolean(),
        buildingId: Type.String(),
        buildingName: Type.String(),
        buildingAddress: Type.String(),
      }),
    ),
    organisations: Type.Array(
      Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String(), role: Type.String(), since: Nullable(Type.String()) }),
    ),
    care: Type.Array(
      Type.Object({
        id: Type.String(),
        kind: Type.String(),
        needs: Type.String(),
        helper: Type.String(),
        lastVisitOn: Nullable(Type.String()),
        status: Type.String(),
      }),
    ),
    watched: Type.Array(
      Type.Object({
        id: Type.String(),
        kind: Type.String(),
        riskLevel: Type.String(),
        lastFollowUpOn: Nullable(Type.String()),
        followUpDays: Type.Integer(),
        status: Type.String(),
      }),
      { description: 'only the watch records the reader is responsible for (others are not shown, and not hinted at)' },
    ),
    history: Type.Array(Change),
  },
  { title: 'PersonProfile' },
);

export const RevealBody = Strict({
  field: Type.Enum(Object.keys(revealableFields) as (keyof typeof revealableFields)[]),
  reason: Type.String({ minLength: 1, maxLength: 200, description: 'why the full value is needed: kept with the audit row' }),
});
export const RevealSchema = Type.Object({ field: Type.String(), value: Type.String() }, { title: 'RevealedValue' });
