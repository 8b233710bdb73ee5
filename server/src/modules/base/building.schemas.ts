import { Type } from 'typebox';
import { Page, Strict, pageQuery } from '../../lib/http.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });

export const buildingKinds = ['residential', 'commercial', 'office', 'mixed', 'industrial', 'public', 'bungalow', 'other'] as const;
export const dwellingUses = ['residential', 'commercial', 'office', 'storage', 'vacant', 'other'] as const;

export const IdParam = Strict({ id: Uuid });

const buildingFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  address: Type.String({ minLength: 1, maxLength: 200, description: 'the street address of the building (a place, not personal data)' }),
  addressCode: Type.String({
    pattern: '^\\d{19}$',
    description: 'GB/T 39609-style address code, 19 digits: the community of its placement (12), the compound or street (3), the building (4); unique',
  }),
  kind: Type.Enum([...buildingKinds]),
  floors: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 200 }))),
  lng: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180, description: 'with lat: the point locates the grid' }))),
  lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
  gridCode: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'the grid, when no point is given (or the grid the point must lie in)' }))),
};

export const BuildingBody = Strict(buildingFields);
export const BuildingUpdateBody = Strict({
  name: Type.Optional(buildingFields.name),
  address: Type.Optional(buildingFields.address),
  addressCode: Type.Optional(buildingFields.addressCode),
  kind: Type.Optional(buildingFields.kind),
  floors: buildingFields.floors,
  lng: buildingFields.lng,
  lat: buildingFields.lat,
  gridCode: buildingFields.gridCode,
  version: Type.Integer({ minimum: 1, description: 'the version read: a stale one gets 409' }),
});

export const BuildingListQuery = Strict({
  ...pageQuery,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'text the name or the address contains' })),
  divisionCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
  gridCode: Type.Optional(Type.String({ maxLength: 40 })),
  kind: Type.Optional(Type.Enum([...buildingKinds])),
});

const buildingRow = {
  id: Type.String(),
  name: Type.String(),
  address: Type.String(),
  addressCode: Type.String(),
  gridCode: Type.String(),
  divisionCode: Type.String(),
  kind: Type.String(),
  floors: Nullable(Type.Integer()),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  version: Type.Integer(),
};
export const BuildingRowSchema = Type.Object(
  { ...buildingRow, dwellings: Type.Integer(), updatedAt: Type.String({ format: 'date-time' }) },
  { title: 'BuildingRow' },
);
export const BuildingPageSchema = Page(BuildingRowSchema);

export const Change = Type.Object({
  id: Type.Integer(),
  action: Type.String(),
  source: Type.String(),
  changes: Type.Record(Type.String(), Type.Object({ from: Type.Unknown(), to: Type.Unknown() })),
  at: Type.String({ format: 'date-time' }),
  actorName: Nullable(Type.String()),
});

export const BuildingDetailSchema = Type.Object({ ...BuildingRowSchema.properties, history: Type.Array(Change) }, { title: 'BuildingDetail' });

const dwellingFields = {
  unitNo: Type.Integer({ minimum: 0, maximum: 99, description: 'the unit (单元) number; 0 when the building has no units' }),
  roomNo: Type.String({ pattern: '^\\d{1,4}$', description: 'the room number, e.g. 301' }),
  floor: Type.Optional(Nullable(Type.Integer({ minimum: -5, maximum: 200, description: 'derived from a room number of 3 or 4 digits when not given' }))),
  use: Type.Enum([...dwellingUses]),
  areaM2: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }))),
  ownerPersonId: Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'a person you find; their name becomes the owner name' }))),
  ownerName: Type.Optional(
    Nullable(Type.String({ minLength: 1, maxLength: 100, description: 'an owner not registered as a person (a company, a non-resident)' })),
  ),
  rental: Type.Optional(Type.Boolean({ description: 'let to tenants; set by an active rental record, and cannot be cleared while one is active' })),
};
export const DwellingBody = Strict(dwellingFields);
export const DwellingUpdateBody = Strict({
  unitNo: Type.Optional(dwellingFields.unitNo),
  roomNo: Type.Optional(dwellingFields.roomNo),
  floor: dwellingFields.floor,
  use: Type.Optional(dwellingFields.use),
  areaM2: dwellingFields.areaM2,
  ownerPersonId: dwellingFields.ownerPersonId,
  ownerName: dwellingFields.ownerName,
  rental: dwellingFields.rental,
  version: Type.Integer({ minimum: 1, description: 'the version read: a stale one gets 409' }),
});

export const DwellingSchema = Type.Object(
  {
    id: Type.String(),
    buildingId: Type.String(),
    addressCode: Type.String(),
    unitLabel: Type.String(),
    floor: Nullable(Type.Integer()),
    roomNo: Type.String(),
    use: Type.String(),
    areaM2: Nullable(Type.Number()),
    ownerPersonId: Nullable(Type.String()),
    ownerName: Nullable(Type.String()),
    rental: Type.Boolean(),
    gridCode: Type.String(),
    divisionCode: Type.String(),
    version: Type.Integer(),
  },
  { title: 'Dwelling' },
);

export const DwellingListQuery = Strict({
  ...pageQuery,
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description:
        'an address code (its beginning, 12 digits or more), or words: each in the building’s name or address or the unit label, the last one the room number when there are several',
    }),
  ),
  buildingId: Type.Optional(Type.String({ format: 'uuid' })),
  divisionCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
  gridCode: Type.Optional(Type.String({ maxLength: 40 })),
  rental: Type.Optional(Type.Boolean({ description: 'true: let to tenants (出租房屋)' })),
});
const { ownerPersonId: _ownerId, ownerName: _ownerName, ...dwellingListed } = DwellingSchema.properties;
/** A room in the dwellings list: without its owner (see listDwellings). */
export const DwellingPageSchema = Page(Type.Object({ ...dwellingListed, buildingName: Type.String() }, { title: 'DwellingListItem' }));

const Resident = Type.Object({
  personId: Type.String(),
  name: Type.String(),
  sex: Type.String(),
  birthYear: Nullable(Type.Integer()),
  residency: Type.String(),
  idNumberMasked: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
});
const ViewRental = Type.Object({
  id: Type.String(),
  landlordName: Type.String(),
  contractNo: Nullable(Type.String()),
  startsOn: Type.String(),
  endsOn: Nullable(Type.String()),
  status: Type.String(),
  policeCheckedOn: Nullable(Type.String()),
  tenants: Type.Array(Type.Object({ personId: Type.String(), name: Type.String() })),
});

export const BuildingViewSchema = Type.Object(
  {
    building: Type.Object(buildingRow),
    units: Type.Array(
      Type.Object({
        unitLabel: Type.String(),
        rooms: Type.Array(
          Type.Object({
            dwellingId: Type.String(),
            roomNo: Type.String(),
            floor: Nullable(Type.Integer()),
            use: Type.String(),
            rental: Type.Boolean(),
            addressCode: Type.String(),
            residents: Type.Array(Resident),
            households: Type.Array(Type.Object({ id: Type.String(), householdNo: Type.String(), headName: Nullable(Type.String()) })),
            rentals: Type.Array(ViewRental, { description: 'every rental record of the room, the latest first' }),
          }),
        ),
      }),
      { description: 'units by label, rooms by floor then room number' },
    ),
    totals: Type.Object({
      dwellings: Type.Integer(),
      residents: Type.Integer({ description: 'the residents the reader finds through the person gate' }),
      rentals: Type.Integer({ description: 'active rentals' }),
      households: Type.Integer(),
    }),
  },
  { title: 'BuildingView', description: '以房管人: building → units → rooms → who lives there; personal values masked' },
);
