import { Type } from 'typebox';
import { Page, Strict, pageQuery } from '../../lib/http.js';
import { PersonRowSchema } from './person.schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Count = Type.Integer({ minimum: 0 });

const scope = {
  divisionCode: Type.Optional(Type.String({ pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$', description: 'a division: its records only' })),
  gridCode: Type.Optional(Type.String({ pattern: '^(\\d{16}|\\d{18})$', description: 'a grid: its records (and its micro grids’) only' })),
};

export const QualityQuery = Strict({ ...pageQuery, ...scope });
export const DuplicatesQuery = Strict({
  ...pageQuery,
  ...scope,
  kind: Type.Optional(
    Type.Enum(['severalHouseholds', 'sameNameAndBirth'], {
      description:
        'severalHouseholds (default): a person in two or more households; sameNameAndBirth: one name and birth date in one community, one of them without an ID number',
    }),
  ),
});
export const RegriddedQuery = Strict({
  ...pageQuery,
  ...scope,
  state: Type.Optional(Type.Enum(['moved', 'manual'], { description: 'moved by a grid change, or waiting for someone to choose its grid' })),
  changeId: Type.Optional(Type.String({ format: 'uuid' })),
});

const Tally = {
  households: Count,
  complete: Count,
  share: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'complete / households; null without households' })),
  missing: Type.Record(Type.String(), Count, { description: 'per requirement key: households that lack it' }),
};

export const QualitySchema = Type.Object(
  {
    requirements: Type.Array(Type.Object({ key: Type.String(), en: Type.String(), zh: Type.String() }), {
      description: 'what a complete household has',
    }),
    totals: Type.Object(Tally),
    grids: Page(Type.Object({ gridCode: Type.String(), name: Type.String(), kind: Type.String(), communityCode: Type.String(), ...Tally })),
    duplicates: Type.Object({ severalHouseholds: Count, sameNameAndBirth: Count }),
    regridded: Type.Object({ moved: Count, manual: Count }),
  },
  { title: 'BaseQuality' },
);

const DuplicatePerson = Type.Object({
  ...PersonRowSchema.properties,
  hasIdNumber: Type.Boolean(),
  households: Type.Array(Type.Object({ id: Type.String(), householdNo: Type.String(), gridCode: Type.String(), relation: Type.String() }), {
    description: 'the households you find',
  }),
  householdCount: Type.Integer({ description: 'households the person belongs to in all' }),
});
export const DuplicatesSchema = Page(
  Type.Object({ kind: Type.String(), persons: Type.Array(DuplicatePerson, { description: 'masked, as in every list' }) }, { title: 'DuplicateGroup' }),
);

export const RegriddedSchema = Page(
  Type.Object(
    {
      id: Type.Integer(),
      changeId: Type.String(),
      entity: Type.String(),
      entityId: Type.String(),
      label: Type.String(),
      divisionCode: Type.String(),
      fromGrid: Type.String(),
      toGrid: Nullable(Type.String()),
      state: Type.Enum(['moved', 'manual']),
      reason: Nullable(Type.String({ description: 'manual: noPoint or outsideGrids' })),
      currentGrid: Nullable(Type.String()),
      open: Type.Boolean({ description: 'manual and still in the grid it was flagged in' }),
      at: Type.String({ format: 'date-time' }),
    },
    { title: 'RegriddedRecord' },
  ),
);
