import { Type } from 'typebox';
import { Strict } from '../../lib/http.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

export const rentalPurposes = ['residential', 'business', 'storage', 'mixed', 'other'] as const;

const rentalFields = {
  landlordPersonId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'a registered landlord you find; their name is kept' }))),
  landlordName: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100, description: 'a landlord not registered as a person' }))),
  contractNo: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  startsOn: Day,
  endsOn: Type.Optional(Nullable(Day)),
  purpose: Type.Enum([...rentalPurposes]),
  policeCheckedOn: Type.Optional(Nullable(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '治安检查: not after today' }))),
  tenantIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 50, uniqueItems: true, description: 'persons you find' })),
};

export const RentalBody = Strict(rentalFields);
export const RentalUpdateBody = Strict({
  landlordPersonId: rentalFields.landlordPersonId,
  landlordName: rentalFields.landlordName,
  contractNo: rentalFields.contractNo,
  startsOn: Type.Optional(rentalFields.startsOn),
  endsOn: rentalFields.endsOn,
  purpose: Type.Optional(rentalFields.purpose),
  policeCheckedOn: rentalFields.policeCheckedOn,
  tenantIds: rentalFields.tenantIds,
  status: Type.Optional(Type.Enum(['active', 'ended'], { description: 'ended: the letting is over (ends today when no end date is given)' })),
  version: Type.Integer({ minimum: 1, description: 'the version read: a stale one gets 409' }),
});

export const RentalSchema = Type.Object(
  {
    id: Type.String(),
    dwellingId: Type.String(),
    landlordPersonId: Nullable(Type.String()),
    landlordName: Type.String(),
    contractNo: Nullable(Type.String()),
    startsOn: Type.String(),
    endsOn: Nullable(Type.String()),
    purpose: Type.String(),
    policeCheckedOn: Nullable(Type.String()),
    status: Type.String(),
    tenantIds: Type.Array(Type.String()),
    gridCode: Type.String(),
    divisionCode: Type.String(),
    version: Type.Integer(),
  },
  { title: 'Rental' },
);
