// Types for the base-information API (issue 5), narrower than JSON Schema can say (residency, sex,
// revealable fields). contract-check.ts holds them to the generated schema.d.ts like the others.
// Personal values arrive masked (`…Masked`); the only full value is the answer of an audited reveal.

export type Residency = 'registered' | 'floating' | 'foreign';
export const residencies: readonly Residency[] = ['registered', 'floating', 'foreign'];
export type IdKind = 'idCard' | 'passport' | 'other';
export const idKinds: readonly IdKind[] = ['idCard', 'passport', 'other'];
export type Sex = 'male' | 'female' | 'unknown';
export type PersonStatus = 'active' | 'movedOut' | 'deceased';
export type PersonSort = 'name' | '-name' | 'updatedAt' | '-updatedAt';

/** A person in a list: masked, the birth year only. */
export interface PersonRow {
  id: string;
  name: string;
  sex: Sex | (string & {});
  birthYear: number | null;
  idKind: IdKind | (string & {});
  idNumberMasked: string | null;
  phoneMasked: string | null;
  residency: Residency | (string & {});
  status: PersonStatus | (string & {});
  divisionCode: string;
  gridCode: string;
  dwellingId: string | null;
  updatedAt: string;
}

export interface PersonListQuery {
  page: number;
  pageSize: number;
  /** A name or its pinyin initials, an ID number, a phone or an address: the server decides which. */
  q?: string;
  divisionCode?: string;
  gridCode?: string;
  residency?: Residency;
  status?: PersonStatus;
  sort?: PersonSort;
}

/** POST /api/persons. Personal values go in full and are sealed by the server. */
export interface PersonBody {
  name: string;
  formerName?: string | null;
  sex?: Sex | null;
  birthDate?: string | null;
  ethnicity?: string | null;
  idKind: IdKind;
  idNumber?: string | null;
  phone?: string | null;
  nativePlace?: string | null;
  maritalStatus?: string | null;
  politicalStatus?: string | null;
  education?: string | null;
  religion?: string | null;
  occupation?: string | null;
  registeredAddress?: string | null;
  currentAddress?: string | null;
  residency: Residency;
  moveInReason?: string | null;
  movedInOn?: string | null;
  registeredOn?: string | null;
  expectedLeaveOn?: string | null;
  originCode?: string | null;
  residencePermit?: string | null;
  nationality?: string | null;
  gridCode?: string | null;
  dwellingId?: string | null;
}

export interface PersonHouseholdMember {
  personId: string;
  name: string;
  relation: string;
  sex: string;
  birthYear: number | null;
}

export interface PersonHousehold {
  id: string;
  householdNo: string;
  kind: string;
  relation: string;
  members: PersonHouseholdMember[];
}

export interface PersonDwelling {
  dwellingId: string;
  addressCode: string;
  unitLabel: string;
  roomNo: string;
  rental: boolean;
  buildingId: string;
  buildingName: string;
  buildingAddress: string;
}

export interface PersonOrganisation {
  id: string;
  name: string;
  kind: string;
  role: string;
  since: string | null;
}

export interface PersonCare {
  id: string;
  kind: string;
  needs: string;
  helper: string;
  lastVisitOn: string | null;
  status: string;
}

export interface PersonWatch {
  id: string;
  kind: string;
  riskLevel: string;
  lastFollowUpOn: string | null;
  followUpDays: number;
  status: string;
}

/** One entry of a record's history: which fields went from what to what (personal values masked). */
export interface BaseChange {
  id: number;
  action: string;
  source: string;
  changes: Record<string, { from?: unknown; to?: unknown }>;
  at: string;
  actorName: string | null;
}

export interface PersonProfile extends PersonRow {
  version: number;
  birthDate: string | null;
  formerName: string | null;
  ethnicity: string | null;
  nativePlace: string | null;
  maritalStatus: string | null;
  politicalStatus: string | null;
  education: string | null;
  religion: string | null;
  occupation: string | null;
  registeredAddressMasked: string | null;
  currentAddressMasked: string | null;
  addressCoincides: boolean | null;
  moveInReason: string | null;
  movedInOn: string | null;
  registeredOn: string | null;
  expectedLeaveOn: string | null;
  originCode: string | null;
  residencePermitMasked: string | null;
  nationality: string | null;
  households: PersonHousehold[];
  dwelling: PersonDwelling | null;
  organisations: PersonOrganisation[];
  care: PersonCare[];
  /** Only the watch records the reader is responsible for; absent ones are not hinted at. */
  watched: PersonWatch[];
  history: BaseChange[];
}

/** The personal fields a reveal may open (POST /api/persons/:id/reveal). */
export type RevealableField = 'idNumber' | 'phone' | 'registeredAddress' | 'currentAddress' | 'residencePermit';

export interface RevealBody {
  field: RevealableField;
  reason: string;
}

export interface RevealedValue {
  field: string;
  value: string;
}

// ---- Buildings and the building view (以房管人) --------------------------------------------------

export interface BuildingRow {
  id: string;
  name: string;
  address: string;
  addressCode: string;
  gridCode: string;
  divisionCode: string;
  kind: string;
  floors: number | null;
  lng: number | null;
  lat: number | null;
  version: number;
  /** How many dwellings (rooms) it has. */
  dwellings: number;
  updatedAt: string;
}

export interface BuildingListQuery {
  page: number;
  pageSize: number;
  /** Text the name or the address contains. */
  q?: string;
  divisionCode?: string;
  gridCode?: string;
}

export interface BuildingResident {
  personId: string;
  name: string;
  sex: string;
  birthYear: number | null;
  residency: string;
  idNumberMasked: string | null;
  phoneMasked: string | null;
}

export interface BuildingRental {
  id: string;
  landlordName: string;
  contractNo: string | null;
  startsOn: string;
  endsOn: string | null;
  status: string;
  policeCheckedOn: string | null;
  tenants: { personId: string; name: string }[];
}

export interface BuildingRoom {
  dwellingId: string;
  roomNo: string;
  floor: number | null;
  use: string;
  rental: boolean;
  addressCode: string;
  residents: BuildingResident[];
  households: { id: string; householdNo: string; headName: string | null }[];
  /** Every rental record of the room, the latest first. */
  rentals: BuildingRental[];
}

export interface BuildingView {
  building: Omit<BuildingRow, 'dwellings' | 'updatedAt'>;
  /** Units by label, rooms by floor then room number. */
  units: { unitLabel: string; rooms: BuildingRoom[] }[];
  totals: { dwellings: number; residents: number; rentals: number; households: number };
}

// ---- A grid's base information in numbers -------------------------------------------------------

export interface GridBaseSummary {
  gridCode: string;
  /** Active persons by residency. */
  persons: { registered: number; floating: number; foreign: number; total: number };
  households: number;
  buildings: number;
  dwellings: number;
  rentals: { active: number };
  organisations: number;
  keyUnits: number;
  keyPlaces: number;
  /** Care persons by kind. */
  care: Record<string, number>;
  /** Null unless the reader reads watched persons; then only the records they are responsible for. */
  watched: Record<string, number> | null;
  disputes: { open: number };
  hazards: { open: number };
}
