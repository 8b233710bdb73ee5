// Base records for tests, written straight into the registries' tables with personal values sealed
// by the persons service's own column mapping (the persons API has its own tests). Each call makes one record.
import type { AppContext } from '../context.js';
import { checkCharacter } from '../lib/id-number.js';
import { building, dwelling, household, householdMember, person } from '../modules/base/base.tables.js';
import { personColumns } from '../modules/base/person.service.js';

/** A valid 公民身份号码 from its first 17 digits. */
export function idNumber(first17: string): string {
  return first17 + checkCharacter(first17);
}

export interface Place {
  divisionCode: string;
  gridCode: string;
}

export async function makeBuilding(ctx: AppContext, place: Place, over: Partial<typeof building.$inferInsert> = {}) {
  const [row] = await ctx.db
    .insert(building)
    .values({
      ...place,
      addressCode: `${place.gridCode}${Math.random().toString().slice(2, 8)}`,
      name: '测试楼',
      address: '测试路1号',
      kind: 'residential',
      ...over,
    })
    .returning();
  return row as typeof building.$inferSelect;
}

export async function makeDwelling(ctx: AppContext, b: typeof building.$inferSelect, roomNo = '101', over: Partial<typeof dwelling.$inferInsert> = {}) {
  const [row] = await ctx.db
    .insert(dwelling)
    .values({
      divisionCode: b.divisionCode,
      gridCode: b.gridCode,
      buildingId: b.id,
      addressCode: `${b.addressCode}${roomNo}`,
      roomNo,
      use: 'residential',
      ...over,
    })
    .returning();
  return row as typeof dwelling.$inferSelect;
}

export interface PersonFixture {
  name: string;
  id?: string | null;
  document?: string;
  phone?: string | null;
  birthDate?: string | null;
  residency?: 'registered' | 'floating' | 'foreign';
  dwellingId?: string | null;
  status?: 'active' | 'movedOut' | 'deceased';
}

export async function makePerson(ctx: AppContext, place: Place, p: PersonFixture) {
  const birthDate = p.birthDate !== undefined ? p.birthDate : p.id ? `${p.id.slice(6, 10)}-${p.id.slice(10, 12)}-${p.id.slice(12, 14)}` : null;
  const columns = personColumns(ctx, {
    name: p.name,
    sex: 'unknown',
    birthDate,
    idKind: p.id ? 'idCard' : p.document ? 'passport' : 'other',
    idNumber: p.id ?? p.document ?? null,
    phone: p.phone ?? null,
    residency: p.residency ?? 'registered',
  });
  const [row] = await ctx.db
    .insert(person)
    .values({ ...place, ...columns, dwellingId: p.dwellingId ?? null, status: p.status ?? 'active' })
    .returning();
  return row as typeof person.$inferSelect;
}

/** A household with its members (the first is the head unless `head` says otherwise). */
export async function makeHousehold(
  ctx: AppContext,
  place: Place,
  householdNo: string,
  members: { id: string }[],
  over: { dwellingId?: string | null; head?: string | null } = {},
) {
  const head = over.head !== undefined ? over.head : (members[0]?.id ?? null);
  const [row] = await ctx.db
    .insert(household)
    .values({ ...place, householdNo, dwellingId: over.dwellingId ?? null, headPersonId: head })
    .returning();
  const h = row as typeof household.$inferSelect;
  if (members.length > 0)
    await ctx.db.insert(householdMember).values(members.map((m) => ({ householdId: h.id, personId: m.id, relation: m.id === head ? 'head' : 'member' })));
  return h;
}
