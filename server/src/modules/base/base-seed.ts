// Demo mode: a small, believable piece of base information in the demo grid worker's grid
// (3704020010131001, 铁西居委会), for the console and the browser tests: two buildings of 2 units ×
// 3 floors × 2 rooms, 20 persons with valid generated ID numbers and phones (sealed by the same
// function the persons API uses), six households with their members, and two rentals, one of them
// to floating tenants. Written once: a second run finds the first building and adds nothing.
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { checkCharacter } from '../../lib/id-number.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { grid } from '../territory/grid.tables.js';
import { building, dwelling, household, householdMember, person, rental, rentalTenant } from './base.tables.js';
import type { relations } from './household.schemas.js';
import { checkPerson, type PersonInput } from './person-input.js';
import { personColumns, today } from './person.service.js';

const SYSTEM: AuditContext = { actorId: null, actorRole: 'system', ip: null, divisionCode: null };
export const DEMO_BASE_GRID = '3704020010131001';
const COMMUNITY = '370402001013';
/** Community + compound 001 (铁西小区) + building number. */
const buildingCode = (n: number) => `${COMMUNITY}001${String(n).padStart(4, '0')}`;

/** A valid 公民身份号码 of 市中区 for a birth date; the sequence's last digit is odd for men, even for women. */
export function demoIdNumber(birthDate: string, sex: 'male' | 'female', serial: number): string {
  const seq = `${String(serial % 100).padStart(2, '0')}${sex === 'male' ? 1 + 2 * (serial % 5) : 2 * (serial % 5)}`;
  const body = `370402${birthDate.replace(/-/g, '')}${seq}`;
  return body + checkCharacter(body);
}

type Rel = (typeof relations)[number];
interface DemoResident {
  name: string;
  sex: 'male' | 'female';
  born: string;
  relation: Rel;
  occupation?: string;
}
interface DemoHousehold {
  no: string;
  building: 1 | 2;
  unit: number;
  room: string;
  members: DemoResident[];
}

// biome-ignore format: one household per row
const HOUSEHOLDS: DemoHousehold[] = [
  { no: 'TX0001', building: 1, unit: 1, room: '101', members: [
    { name: '张建国', sex: 'male', born: '1962-04-18', relation: 'head', occupation: '退休职工' },
    { name: '李秀英', sex: 'female', born: '1964-09-02', relation: 'spouse' },
    { name: '张伟', sex: 'male', born: '1988-12-11', relation: 'child', occupation: '教师' },
    { name: '张子涵', sex: 'female', born: '2015-06-30', relation: 'grandchild' },
  ] },
  { no: 'TX0002', building: 1, unit: 1, room: '201', members: [
    { name: '王强', sex: 'male', born: '1975-03-08', relation: 'head', occupation: '个体经营' },
    { name: '刘芳', sex: 'female', born: '1978-07-21', relation: 'spouse' },
    { name: '王浩', sex: 'male', born: '2003-10-05', relation: 'child', occupation: '学生' },
  ] },
  { no: 'TX0003', building: 1, unit: 2, room: '101', members: [
    { name: '赵德明', sex: 'male', born: '1950-01-27', relation: 'head', occupation: '退休职工' },
    { name: '孙桂兰', sex: 'female', born: '1952-11-13', relation: 'spouse' },
  ] },
  { no: 'TX0004', building: 1, unit: 2, room: '301', members: [
    { name: '陈磊', sex: 'male', born: '1985-05-16', relation: 'head', occupation: '工程师' },
    { name: '周静', sex: 'female', born: '1987-08-09', relation: 'spouse', occupation: '护士' },
    { name: '陈一诺', sex: 'female', born: '2012-02-14', relation: 'child', occupation: '学生' },
  ] },
  { no: 'TX0005', building: 2, unit: 1, room: '202', members: [
    { name: '杨军', sex: 'male', born: '1970-06-01', relation: 'head', occupation: '司机' },
    { name: '吴敏', sex: 'female', born: '1972-12-24', relation: 'spouse' },
    { name: '杨帆', sex: 'male', born: '1996-04-04', relation: 'child', occupation: '销售' },
  ] },
  { no: 'TX0006', building: 2, unit: 2, room: '302', members: [
    { name: '黄丽', sex: 'female', born: '1980-03-19', relation: 'head', occupation: '会计' },
    { name: '黄子轩', sex: 'male', born: '2008-09-28', relation: 'child', occupation: '学生' },
  ] },
];

/** Tenants of the two rentals: floating population from other provinces, and one local. */
// biome-ignore format: one rental per row
const RENTALS = [
  { building: 1, unit: 1, room: '302', landlord: 'TX0001', contractNo: 'ZL-2025-0101', startsOn: '2025-03-01', endsOn: 'nextFebruary', policeCheckedOn: '2025-06-12', tenants: [
    { name: '马超', sex: 'male', born: '1992-07-07', floating: { originCode: '410102', moveInReason: '务工', movedInOn: '2025-03-01', registeredOn: '2025-03-04', registeredAddress: '河南省郑州市中原区建设路8号' } },
  ] },
  { building: 2, unit: 2, room: '101', landlord: 'TX0005', contractNo: 'ZL-2025-0207', startsOn: '2025-07-15', endsOn: null, policeCheckedOn: null, tenants: [
    { name: '郭婷婷', sex: 'female', born: '1998-02-20', floating: { originCode: '320102', moveInReason: '经商', movedInOn: '2025-07-15', registeredOn: '2025-07-20', registeredAddress: '江苏省南京市玄武区中山路21号' } },
    { name: '何勇', sex: 'male', born: '1995-10-30', floating: null },
  ] },
] as const;

/** Writes the demo base information once; answers how many persons it registered (0 when already there). */
export async function ensureDemoBase(ctx: AppContext): Promise<number> {
  const [done] = await ctx.db
    .select({ id: building.id })
    .from(building)
    .where(eq(building.addressCode, buildingCode(1)))
    .limit(1);
  if (done) return 0;
  const [g] = await ctx.db
    .select({ lng: grid.labelLng, lat: grid.labelLat })
    .from(grid)
    .where(and(eq(grid.code, DEMO_BASE_GRID), isNull(grid.validTo)))
    .limit(1);
  if (!g) return 0; // no demo grids (the seed runs after them)
  const todayIs = today(ctx);
  const place = { gridCode: DEMO_BASE_GRID, divisionCode: COMMUNITY };
  let serial = 0;
  let phone = 0;
  const sealed = (input: PersonInput) => {
    const checked = checkPerson(input, todayIs);
    if (!checked.values) throw new Error(`demo person ${input.name}: ${checked.problems.map((p) => p.field).join(', ')}`);
    return personColumns(ctx, checked.values);
  };
  const newPerson = (r: { name: string; sex: 'male' | 'female'; born: string; occupation?: string }, extra: Partial<PersonInput> = {}) =>
    sealed({
      name: r.name,
      idKind: 'idCard',
      idNumber: demoIdNumber(r.born, r.sex, ++serial),
      phone: `1380632${String(++phone).padStart(4, '0')}`,
      residency: 'registered',
      occupation: r.occupation ?? null,
      ...extra,
    });

  return ctx.db.transaction(async (tx) => {
    const rooms = new Map<string, string>();
    for (const n of [1, 2] as const) {
      const code = buildingCode(n);
      const [b] = await tx
        .insert(building)
        .values({
          ...place,
          addressCode: code,
          name: `铁西小区${n}号楼`,
          address: `市中区铁西路${10 + n}号铁西小区${n}号楼`,
          kind: 'residential',
          floors: 3,
          // Side by side about 40 m apart around the grid's label point.
          lng: g.lng + (n === 1 ? -0.0002 : 0.0002),
          lat: g.lat,
        })
        .returning();
      const rows = [];
      for (const unit of [1, 2])
        for (const floor of [1, 2, 3])
          for (const room of [1, 2]) {
            const roomNo = `${floor}0${room}`;
            rows.push({
              ...place,
              buildingId: b?.id as string,
              addressCode: `${code}${String(unit).padStart(2, '0')}${roomNo.padStart(4, '0')}`,
              unitLabel: `${unit}单元`,
              floor,
              roomNo,
              use: 'residential',
            });
          }
      for (const d of await tx.insert(dwelling).values(rows).returning({ id: dwelling.id, unitLabel: dwelling.unitLabel, roomNo: dwelling.roomNo }))
        rooms.set(`${n}-${d.unitLabel}-${d.roomNo}`, d.id);
    }
    const roomOf = (b: number, unit: number, room: string) => rooms.get(`${b}-${unit}单元-${room}`) as string;

    const heads = new Map<string, { id: string; name: string }>();
    let persons = 0;
    for (const h of HOUSEHOLDS) {
      const dwellingId = roomOf(h.building, h.unit, h.room);
      const members = await tx
        .insert(person)
        .values(h.members.map((m) => ({ ...newPerson(m), ...place, dwellingId, addressCoincides: true })))
        .returning({ id: person.id, name: person.name });
      persons += members.length;
      const head = members[0] as { id: string; name: string };
      heads.set(h.no, head);
      const [hh] = await tx
        .insert(household)
        .values({ ...place, householdNo: h.no, dwellingId, headPersonId: head.id })
        .returning({ id: household.id });
      await tx
        .insert(householdMember)
        .values(members.map((m, i) => ({ householdId: hh?.id as string, personId: m.id, relation: h.members[i]?.relation as Rel })));
    }

    for (const r of RENTALS) {
      const dwellingId = roomOf(r.building, r.unit, r.room);
      const tenants = await tx
        .insert(person)
        .values(
          r.tenants.map((t) => ({
            ...newPerson(t, t.floating ? { residency: 'floating', ...t.floating } : {}),
            ...place,
            dwellingId,
          })),
        )
        .returning({ id: person.id });
      persons += tenants.length;
      const landlord = heads.get(r.landlord) as { id: string; name: string };
      const [let_] = await tx
        .insert(rental)
        .values({
          ...place,
          dwellingId,
          landlordPersonId: landlord.id,
          landlordName: landlord.name,
          contractNo: r.contractNo,
          startsOn: r.startsOn,
          // A one-year lease that is still running whenever the demo starts.
          endsOn: r.endsOn === 'nextFebruary' ? `${Number(todayIs.slice(0, 4)) + 1}-02-28` : r.endsOn,
          policeCheckedOn: r.policeCheckedOn,
          purpose: 'residential',
        })
        .returning({ id: rental.id });
      await tx.insert(rentalTenant).values(tenants.map((t) => ({ rentalId: let_?.id as string, personId: t.id })));
      await tx.update(dwelling).set({ rental: true }).where(eq(dwelling.id, dwellingId));
    }
    await recordAudit(tx, SYSTEM, { action: 'base.seed', divisionCode: COMMUNITY, detail: `2 buildings, ${persons} persons` });
    return persons;
  });
}
