import { Type } from 'typebox';
import { Page, Strict, pageQuery } from '../../lib/http.js';
import { pointOrGrid, UpdateOf } from './base-schemas.js';
import { disputeKinds, disputeOutcomes, mediationMethods } from './dispute.service.js';
import { Change, Day, Nullable, Text, Uuid } from './person.schemas.js';

const disputeFields = {
  occurredOn: Day,
  place: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Type.Enum([...disputeKinds]),
  partyCount: Type.Integer({ minimum: 1, maximum: 100_000, description: 'how many parties (a group dispute has many)' }),
  partyPersonIds: Type.Optional(Type.Array(Uuid, { maxItems: 200, description: 'registered persons among the parties: each one you find' })),
  summary: Type.String({ minLength: 1, maxLength: 2000 }),
  mediatingUnitId: Type.Optional(Nullable(Uuid)),
  method: Type.Optional(Nullable(Type.Enum([...mediationMethods], { description: 'required once mediated' }))),
  outcome: Type.Optional(Type.Enum([...disputeOutcomes], { description: 'pending → mediating → mediated | failed | referred; failed may be mediated again' })),
  agreement: Type.Optional(Text(2000)),
  followUpOn: Type.Optional(Nullable(Day)),
};

export const DisputeBody = Strict({ ...disputeFields, ...pointOrGrid });
export const DisputeUpdateBody = UpdateOf({ ...disputeFields, ...pointOrGrid });

export const DisputeListQuery = Strict({
  ...pageQuery,
  kind: Type.Optional(Type.Enum([...disputeKinds])),
  outcome: Type.Optional(Type.Enum([...disputeOutcomes])),
  divisionCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
  gridCode: Type.Optional(Type.String({ maxLength: 40 })),
});

const disputeRow = {
  id: Type.String(),
  occurredOn: Type.String(),
  place: Type.String(),
  kind: Type.String(),
  partyCount: Type.Integer(),
  partyPersonIds: Type.Array(Type.String()),
  summary: Type.String(),
  mediatingUnitId: Nullable(Type.String()),
  method: Nullable(Type.String()),
  outcome: Type.String(),
  agreement: Nullable(Type.String()),
  followUpOn: Nullable(Type.String()),
  divisionCode: Type.String(),
  gridCode: Type.String(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
};
export const DisputeSchema = Type.Object(disputeRow, { title: 'Dispute' });
export const DisputePageSchema = Page(DisputeSchema);
export const DisputeDetailSchema = Type.Object(
  {
    ...disputeRow,
    parties: Type.Array(Type.Object({ personId: Type.String(), name: Type.String(), idNumberMasked: Nullable(Type.String()) })),
    mediatingUnitName: Nullable(Type.String()),
    history: Type.Array(Change),
  },
  { title: 'DisputeDetail' },
);
