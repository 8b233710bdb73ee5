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

/** A dwelling (room) as the dwellings list gives it: GET /api/dwellings. */
export interface DwellingListItem {
  id: string;
  buildingId: string;
  buildingName: string;
  addressCode: string;
  unitLabel: string;
  floor: number | null;
  roomNo: string;
  use: string;
  areaM2: number | null;
  rental: boolean;
  gridCode: string;
  divisionCode: string;
  version: number;
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

// ---- The other registries: households, organisations, watched and care persons, disputes, hazards --

/** The filters every registry list shares (GET /api/households, /api/organisations …). */
export interface RegistryQuery {
  page: number;
  pageSize: number;
  q?: string;
  divisionCode?: string;
  gridCode?: string;
  kind?: string;
}

export interface HouseholdRow {
  id: string;
  householdNo: string;
  kind: string;
  divisionCode: string;
  gridCode: string;
  dwellingId: string | null;
  headPersonId: string | null;
  headName: string | null;
  /** How many members. */
  members: number;
  version: number;
  updatedAt: string;
}

export interface HouseholdMemberRow {
  personId: string;
  name: string;
  relation: string;
  sex: string;
  birthYear: number | null;
  residency: string;
  idNumberMasked: string | null;
}

export interface HouseholdDetail extends HouseholdRow {
  dwelling: { id: string; addressCode: string; unitLabel: string; roomNo: string; buildingId: string; buildingName: string } | null;
  /** The members the reader finds, the head first. */
  memberList: HouseholdMemberRow[];
  history: BaseChange[];
}

export interface HouseholdBody {
  householdNo: string;
  kind?: string;
  dwellingId?: string | null;
  gridCode?: string | null;
  headPersonId: string;
  move?: boolean;
}

export interface OrganisationListQuery extends RegistryQuery {
  keyUnit?: boolean;
  keyPlace?: boolean;
  placeKind?: string;
}

export interface Organisation {
  id: string;
  name: string;
  creditCode: string | null;
  kind: string;
  legalRepName: string | null;
  legalRepPhoneMasked: string | null;
  address: string;
  lng: number | null;
  lat: number | null;
  employees: number | null;
  /** 重点单位. */
  keyUnit: boolean;
  /** 重点场所: the kind of key place, or null. */
  placeKind: string | null;
  securityContactName: string | null;
  securityContactPhoneMasked: string | null;
  status: string;
  divisionCode: string;
  gridCode: string;
  version: number;
  updatedAt: string;
}

export interface OrganisationDetail extends Organisation {
  people: { personId: string; name: string; idNumberMasked: string | null; role: string; since: string | null }[];
  history: BaseChange[];
}

export interface WatchedListQuery extends RegistryQuery {
  riskLevel?: string;
  status?: string;
  overdue?: boolean;
}

export interface WatchedPerson {
  id: string;
  personId: string;
  personName: string;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  kind: string;
  riskLevel: string;
  responsibleUnitId: string | null;
  responsibleUnitName: string | null;
  helpers: string;
  followUpDays: number;
  lastFollowUpOn: string | null;
  nextFollowUpBy: string | null;
  overdue: boolean;
  status: string;
  divisionCode: string;
  gridCode: string;
  version: number;
  updatedAt: string;
}

export interface WatchedDetail extends WatchedPerson {
  note: string | null;
  followUps: { on: string; note: string | null; actorName: string | null; at: string }[];
  history: BaseChange[];
}

export interface CarePerson {
  id: string;
  personId: string;
  personName: string;
  sex: string;
  birthYear: number | null;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  kind: string;
  needs: string;
  helper: string;
  lastVisitOn: string | null;
  status: string;
  divisionCode: string;
  gridCode: string;
  version: number;
  updatedAt: string;
}

export interface CarePersonDetail extends CarePerson {
  history: BaseChange[];
}

export interface DisputeListQuery extends RegistryQuery {
  outcome?: string;
}

export interface Dispute {
  id: string;
  occurredOn: string;
  place: string;
  kind: string;
  partyCount: number;
  partyPersonIds: string[];
  summary: string;
  mediatingUnitId: string | null;
  method: string | null;
  outcome: string;
  agreement: string | null;
  followUpOn: string | null;
  divisionCode: string;
  gridCode: string;
  version: number;
  updatedAt: string;
}

export interface DisputeDetail extends Dispute {
  parties: { personId: string; name: string; idNumberMasked: string | null }[];
  mediatingUnitName: string | null;
  history: BaseChange[];
}

export interface HazardListQuery extends RegistryQuery {
  level?: string;
  status?: string;
}

export interface Hazard {
  id: string;
  foundOn: string;
  kind: string;
  level: string;
  description: string;
  lng: number | null;
  lat: number | null;
  organisationId: string | null;
  rectifyBy: string | null;
  status: string;
  rectifiedOn: string | null;
  divisionCode: string;
  gridCode: string;
  version: number;
  updatedAt: string;
}

export interface HazardDetail extends Hazard {
  organisationName: string | null;
  history: BaseChange[];
}

// ---- Grants, data quality, imports ------------------------------------------------------------

/** The registries a grant opens to a department (base-access.ts). */
export const grantRegistries = ['person', 'building', 'organisation', 'carePerson', 'dispute', 'hazard'] as const;
export type GrantRegistry = (typeof grantRegistries)[number];

export interface BaseGrant {
  id: string;
  unitId: string;
  unitName: string;
  registry: string;
  divisionCode: string;
  divisionName: string;
  reason: string;
  grantedByName: string;
  grantedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  active: boolean;
}

export interface GrantBody {
  unitId: string;
  registry: GrantRegistry;
  divisionCode: string;
  reason: string;
  expiresAt?: string | null;
}

export interface GrantListQuery {
  page: number;
  pageSize: number;
  unitId?: string;
  registry?: GrantRegistry;
  active?: boolean;
}

interface QualityTally {
  households: number;
  complete: number;
  /** complete / households; null without households. */
  share: number | null;
  /** Per requirement key: households that lack it. */
  missing: Record<string, number>;
}

export interface QualityGrid extends QualityTally {
  gridCode: string;
  name: string;
  kind: string;
  communityCode: string;
}

export interface BaseQuality {
  requirements: { key: string; en: string; zh: string }[];
  totals: QualityTally;
  grids: { items: QualityGrid[]; total: number; page: number; pageSize: number };
  duplicates: { severalHouseholds: number; sameNameAndBirth: number };
  regridded: { moved: number; manual: number };
}

export interface QualityQuery {
  page: number;
  pageSize: number;
  divisionCode?: string;
  gridCode?: string;
}

export type DuplicateKind = 'severalHouseholds' | 'sameNameAndBirth';

export interface DuplicatePerson extends PersonRow {
  hasIdNumber: boolean;
  households: { id: string; householdNo: string; gridCode: string; relation: string }[];
  householdCount: number;
}

export interface DuplicateGroup {
  kind: string;
  persons: DuplicatePerson[];
}

export interface RegriddedRecord {
  id: number;
  changeId: string;
  entity: string;
  entityId: string;
  label: string;
  divisionCode: string;
  fromGrid: string;
  toGrid: string | null;
  state: 'moved' | 'manual';
  /** manual: noPoint or outsideGrids. */
  reason: string | null;
  currentGrid: string | null;
  open: boolean;
  at: string;
}

export const importRegistries = ['person', 'building', 'dwelling', 'organisation'] as const;
export type ImportRegistry = (typeof importRegistries)[number];
/** The registries with an export (GET /api/{persons,buildings,…}/export; watched persons to the roles responsible only). */
export const exportRegistries = ['person', 'building', 'dwelling', 'organisation', 'household', 'carePerson', 'watchedPerson', 'dispute', 'hazard'] as const;
export type ExportRegistry = (typeof exportRegistries)[number];
/** An organisation's contact phones, the fields its reveal opens. */
export type OrganisationRevealableField = 'legalRepPhone' | 'securityContactPhone';
export type ImportMode = 'all' | 'validOnly';
export type ImportFormat = 'csv' | 'xlsx';
export type ImportStatus = 'queued' | 'validating' | 'invalid' | 'importing' | 'done' | 'failed';

export interface BaseImport {
  id: string;
  registry: string;
  mode: string;
  format: string;
  fileName: string;
  fileBytes: number;
  status: ImportStatus;
  rowsRead: number;
  rowsValid: number;
  rowsInvalid: number;
  rowsCreated: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  rowsDone: number;
  /** Share of the rows imported; null while the first pass is still counting them. */
  progress: number | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface ImportProblem {
  /** The row as the user sees it in the file (1 is the header). */
  row: number;
  /** The column title, or empty for the file or row as a whole. */
  column: string;
  field: string;
  message: string;
  messageZh: string;
}
