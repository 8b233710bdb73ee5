// The building view (以房管人): a building, its units and rooms, who lives in each room, the
// households registered there and the rentals, in six queries whatever the building's size. The
// building and its rooms and rentals pass the 'building' gate; residents, households and tenants
// pass the 'person' gate as well, so a department granted buildings only sees empty rooms. Personal
// values appear masked only.
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Actor, requirePermission } from '../access/access.js';
import { visibleBaseWhere } from './base-access.js';
import { dwelling, household, person, rental, rentalTenant } from './base.tables.js';
import { findBuilding, presentBuilding } from './building.service.js';

const natural = new Intl.Collator('zh-CN', { numeric: true });

export async function buildingView(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'base.read');
  const now = ctx.now();
  const b = await findBuilding(ctx.db, ctx, actor, id);
  const rooms = await ctx.db
    .select({
      id: dwelling.id,
      unitLabel: dwelling.unitLabel,
      roomNo: dwelling.roomNo,
      floor: dwelling.floor,
      use: dwelling.use,
      rental: dwelling.rental,
      addressCode: dwelling.addressCode,
    })
    .from(dwelling)
    .where(and(eq(dwelling.buildingId, id), visibleBaseWhere(actor, 'building', dwelling, now)));
  const ids = rooms.map((r) => r.id);
  const personGate = visibleBaseWhere(actor, 'person', person, now);
  const [residents, households, rentals, tenants] =
    ids.length === 0
      ? [[], [], [], []]
      : await Promise.all([
          ctx.db
            .select({
              dwellingId: person.dwellingId,
              personId: person.id,
              name: person.name,
              sex: person.sex,
              birthDate: person.birthDate,
              residency: person.residency,
              idNumberMasked: person.idNumberMasked,
              phoneMasked: person.phoneMasked,
            })
            .from(person)
            .where(and(inArray(person.dwellingId, ids), eq(person.status, 'active'), personGate))
            .orderBy(person.birthDate, person.name),
          ctx.db
            .select({ dwellingId: household.dwellingId, id: household.id, householdNo: household.householdNo, headName: person.name })
            .from(household)
            .leftJoin(person, and(eq(person.id, household.headPersonId), personGate))
            .where(and(inArray(household.dwellingId, ids), visibleBaseWhere(actor, 'person', household, now)))
            .orderBy(household.householdNo),
          ctx.db
            .select({
              dwellingId: rental.dwellingId,
              id: rental.id,
              landlordName: rental.landlordName,
              contractNo: rental.contractNo,
              startsOn: rental.startsOn,
              endsOn: rental.endsOn,
              status: rental.status,
              policeCheckedOn: rental.policeCheckedOn,
            })
            .from(rental)
            .where(and(inArray(rental.dwellingId, ids), visibleBaseWhere(actor, 'building', rental, now)))
            .orderBy(desc(rental.startsOn)),
          ctx.db
            .select({ rentalId: rentalTenant.rentalId, personId: person.id, name: person.name })
            .from(rentalTenant)
            .innerJoin(rental, eq(rental.id, rentalTenant.rentalId))
            .innerJoin(person, eq(person.id, rentalTenant.personId))
            .where(and(inArray(rental.dwellingId, ids), personGate))
            .orderBy(person.name),
        ]);

  const byKey = <T, K>(items: readonly T[], key: (t: T) => K) => {
    const map = new Map<K, T[]>();
    for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
    return map;
  };
  const residentsOf = byKey(residents, (r) => r.dwellingId);
  const householdsOf = byKey(households, (h) => h.dwellingId);
  const rentalsOf = byKey(rentals, (r) => r.dwellingId);
  const tenantsOf = byKey(tenants, (t) => t.rentalId);

  rooms.sort((a, b) => (a.floor ?? Number.MIN_SAFE_INTEGER) - (b.floor ?? Number.MIN_SAFE_INTEGER) || natural.compare(a.roomNo, b.roomNo));
  const units = new Map<string, typeof rooms>();
  for (const room of rooms) units.set(room.unitLabel, [...(units.get(room.unitLabel) ?? []), room]);

  return {
    building: presentBuilding(b),
    units: [...units.keys()].sort(natural.compare).map((unitLabel) => ({
      unitLabel,
      rooms: (units.get(unitLabel) ?? []).map((room) => ({
        dwellingId: room.id,
        roomNo: room.roomNo,
        floor: room.floor,
        use: room.use,
        rental: room.rental,
        addressCode: room.addressCode,
        // Each row spread last (ARCHITECTURE, "Spread last"): a building can have hundreds.
        residents: (residentsOf.get(room.id) ?? []).map(({ dwellingId: _d, birthDate, ...r }) => ({
          birthYear: birthDate ? Number(birthDate.slice(0, 4)) : null,
          ...r,
        })),
        households: (householdsOf.get(room.id) ?? []).map(({ dwellingId: _d, ...h }) => h),
        rentals: (rentalsOf.get(room.id) ?? []).map(({ dwellingId: _d, ...r }) => ({
          tenants: (tenantsOf.get(r.id) ?? []).map(({ rentalId: _r, ...t }) => t),
          ...r,
        })),
      })),
    })),
    totals: {
      dwellings: rooms.length,
      residents: residents.length,
      rentals: rentals.filter((r) => r.status === 'active').length,
      households: households.length,
    },
  };
}
