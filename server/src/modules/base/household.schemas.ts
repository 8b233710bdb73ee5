import { Type } from 'typebox';
import { Page, Strict, pageQuery } from '../../lib/http.js';
import { Change } from './building.schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });

export const householdKinds = ['family', 'collective'] as const;
/** A member's relation to the head of the household. */
export const relations = ['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'otherRelative', 'other'] as const;

const move = Type.Optional(
  Type.Boolean({ description: 'the person belongs to another household: leave it and join this one (both changes kept in history); without it, 409' }),
);
const placeFields = {
  dwellingId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'the dwelling the household lives in; its grid is the household’s' }))),
  gridCode: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'the grid, when no dwelling is given' }))),
};
const householdNo = Type.String({ pattern: '^[0-9A-Za-z-]{1,30}$', description: '户号: unique; imports upsert by it' });

export const HouseholdBody = Strict({
  householdNo,
  kind: Type.Optional(Type.Enum([...householdKinds])),
  ...placeFields,
  headPersonId: Type.String({ format: 'uuid', description: 'the head, who joins as its first member' }),
  move,
});
export const HouseholdUpdateBody = Strict({
  householdNo: Type.Optional(householdNo),
  kind: Type.Optional(Type.Enum([...householdKinds])),
  ...placeFields,
  headPersonId: Type.Optional(Type.String({ format: 'uuid', description: 'a member; the former head’s relation becomes other' })),
  version: Type.Integer({ minimum: 1, description: 'the version read: a stale one gets 409' }),
});
export const MemberBody = Strict({
  personId: Uuid,
  relation: Type.Enum([...relations], { description: 'relation to the head; head only through headPersonId' }),
  move,
});
export const HouseholdIdParam = Strict({ id: Uuid });
export const MemberParam = Strict({ id: Uuid, personId: Uuid });

export const HouseholdListQuery = Strict({
  ...pageQuery,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'the start of the household number or of the head’s name' })),
  divisionCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
  gridCode: Type.Optional(Type.String({ maxLength: 40 })),
  dwellingId: Type.Optional(Uuid),
});

const householdRow = {
  id: Type.String(),
  householdNo: Type.String(),
  kind: Type.String(),
  divisionCode: Type.String(),
  gridCode: Type.String(),
  dwellingId: Nullable(Type.String()),
  headPersonId: Nullable(Type.String()),
  headName: Nullable(Type.String()),
  members: Type.Integer(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
};
export const HouseholdRowSchema = Type.Object(householdRow, { title: 'HouseholdRow' });
export const HouseholdPageSchema = Page(HouseholdRowSchema);

export const HouseholdDetailSchema = Type.Object(
  {
    ...householdRow,
    dwelling: Nullable(
      Type.Object({
        id: Type.String(),
        addressCode: Type.String(),
        unitLabel: Type.String(),
        roomNo: Type.String(),
        buildingId: Type.String(),
        buildingName: Type.String(),
      }),
    ),
    memberList: Type.Array(
      Type.Object({
        personId: Type.String(),
        name: Type.String(),
        relation: Type.String(),
        sex: Type.String(),
        birthYear: Nullable(Type.Integer()),
        residency: Type.String(),
        idNumberMasked: Nullable(Type.String()),
      }),
      { description: 'the members you find through the person gate, the head first' },
    ),
    history: Type.Array(Change),
  },
  { title: 'HouseholdDetail' },
);
