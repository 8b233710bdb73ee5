// Types for the server's API, narrower than JSON Schema can say (levels, roles, kinds).
// contract-check.ts holds them to the generated schema.d.ts: a field added or removed on the
// server fails the web typecheck until it is added or removed here.
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';

export interface ApiErrorBody {
  code: string;
  message: string;
  messageZh: string;
  /** The input at fault, e.g. `body.newPassword`. */
  field?: string;
}

export interface Bilingual {
  zh: string;
  en: string;
}

export type Role = 'sysAdmin' | 'cityCentre' | 'districtCentre' | 'townCentre' | 'department' | 'gridLeader' | 'gridInstructor' | 'gridWorker' | 'auditor';

export type Permission =
  | 'division.read'
  | 'division.manage'
  | 'unit.read'
  | 'unit.manage'
  | 'user.read'
  | 'user.manage'
  | 'audit.read'
  | 'grid.read'
  | 'grid.propose'
  | 'grid.approve'
  | 'grid.team'
  | 'calendar.read'
  | 'calendar.manage'
  | 'matter.read'
  | 'matter.manage'
  | 'attachment.upload'
  | 'attachment.read'
  | 'routing.read'
  | 'routing.manage'
  | 'case.read'
  | 'case.report'
  | 'case.dispatch'
  | 'case.handle'
  | 'case.verify'
  | 'case.supervise'
  | 'notification.read'
  | (string & {});

/** One notification (GET /api/notifications, and each event of /api/notifications/stream). */
export interface AppNotification {
  seq: number;
  id: string;
  kind: string;
  caseId: string | null;
  caseNumber: string | null;
  title: string;
  createdAt: string;
  recipient: { unitId: string | null; centreCode: string | null; userId: string | null };
}

export interface DemoAccount {
  username: string;
  role: Role;
  roleName: Bilingual;
  description: Bilingual;
}

export interface Meta {
  version: string;
  demo: boolean;
  demoPassword: string | null;
  demoAccounts: DemoAccount[];
  basemap: { tiles: string | null; attribution: string | null };
}

/** 1 city, 2 district, 3 town, 4 community. */
export type DivisionLevel = 1 | 2 | 3 | 4;

export interface DivisionRef {
  code: string;
  name: string;
  level: DivisionLevel;
}

export type DivisionKind =
  | 'city'
  | 'district'
  | 'countyCity'
  | 'county'
  | 'subdistrict'
  | 'town'
  | 'township'
  | 'zone'
  | 'residents'
  | 'villagers'
  | (string & {});

export interface DivisionCounts {
  districts: number;
  towns: number;
  communities: number;
}

export interface Division extends DivisionRef {
  kind: DivisionKind;
  parentCode: string | null;
  /** Ancestors, top first. */
  path: DivisionRef[];
  counts: DivisionCounts;
}

export interface DivisionChild extends DivisionRef {
  kind: DivisionKind;
  parentCode: string | null;
  hasChildren: boolean;
  counts: DivisionCounts;
}

export type OutlineCollection = FeatureCollection<Polygon | MultiPolygon, DivisionRef>;

export interface DepartmentRef {
  id: string;
  name: string;
}

export interface Scope {
  kind: 'division' | 'grids' | 'department';
  division: DivisionRef;
  /** Ancestors of `division`, top first. */
  path: DivisionRef[];
  department: DepartmentRef | null;
  gridCodes: string[];
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleName: Bilingual;
  permissions: Permission[];
  /** Roles this user may create and change accounts of. */
  manageableRoles: Role[];
  mustChangePassword: boolean;
  scope: Scope;
}

/** Kinds of handling unit (承办单位), GLOSSARY.md. */
export type UnitKind = 'department' | 'subUnit' | 'centre' | 'townOffice' | 'socialOrganisation';
export const unitKinds: readonly UnitKind[] = ['department', 'subUnit', 'centre', 'townOffice', 'socialOrganisation'];

export interface Unit {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  /** The unit a subUnit belongs to. */
  parentId: string | null;
  divisionCode: string;
  divisionName: string;
  disabled: boolean;
}

export interface CreateUnitBody {
  code: string;
  name: string;
  kind: UnitKind;
  divisionCode: string;
  parentId?: string;
}

export interface UpdateUnitBody {
  name?: string;
  disabled?: boolean;
  parentId?: string;
}

export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleName: Bilingual;
  division: { code: string; name: string };
  department: DepartmentRef | null;
  phoneMasked: string | null;
  disabled: boolean;
  locked: boolean;
  createdAt: string;
}

export interface UserDetail extends UserSummary {
  /** In full; the server audits this read. */
  phone: string | null;
  gridCodes: string[];
  mustChangePassword: boolean;
  updatedAt: string;
}

export type UserSort = 'username' | '-username' | 'displayName' | '-displayName' | 'createdAt' | '-createdAt';

export interface UserListQuery {
  page: number;
  pageSize: number;
  sort?: UserSort;
  q?: string;
  role?: Role;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** A list whose count stops at a cap (persons): total is then the cap and totalCapped true. */
export interface CappedPage<T> extends Page<T> {
  totalCapped: boolean;
}

export interface CreateUserBody {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  divisionCode: string;
  departmentId?: string;
  phone?: string;
  gridCodes?: string[];
}

export interface UpdateUserBody {
  displayName?: string;
  phone?: string | null;
  disabled?: boolean;
  gridCodes?: string[];
}

export interface AuditEvent {
  seq: number;
  at: string;
  actorId: string | null;
  actorUsername: string | null;
  actorRole: string | null;
  ip: string | null;
  action: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  divisionCode: string | null;
  fields: string[];
  detail: unknown;
}

export interface AuditQuery {
  after?: number;
  limit?: number;
  action?: string;
  actorId?: string;
}

export interface AuditPage {
  items: AuditEvent[];
  next: number | null;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  lastSeq: number;
  firstBroken?: { seq: number; reason: string };
}

/** basic 基础网格, dedicated 专属网格, micro 微网格. */
export type GridKind = 'basic' | 'dedicated' | 'micro';

export interface GridFeatureProperties {
  code: string;
  kind: GridKind;
  name: string;
  communityCode: string;
  parentCode: string | null;
  placeName: string | null;
  households: number;
  areaM2: number;
  validFrom: string;
}

export type GridCollection = FeatureCollection<Polygon | MultiPolygon, GridFeatureProperties>;

export interface GridSummary {
  code: string;
  kind: GridKind;
  name: string;
  community: { code: string; name: string };
  parentCode: string | null;
  placeName: string | null;
  placeKind: string | null;
  areaM2: number;
  /** [longitude, latitude], WGS-84. */
  label: [number, number];
  households: number;
  validFrom: string;
}

export interface GridQuery {
  q?: string;
  kind?: GridKind;
  divisionCode?: string;
  page?: number;
  pageSize?: number;
  sort?: 'code' | '-code' | 'name' | '-name';
}

export interface GridTeamMember {
  /** The assignment's id (not the user's). */
  id: string;
  userId: string;
  role: Role | (string & {});
  displayName: string;
  validFrom: string;
}

export interface GridVersion {
  id: string;
  validFrom: string;
  validTo: string | null;
  name: string;
  areaM2: number;
  households: number;
  predecessorCodes: string[];
  changeId: string | null;
}

export interface GridCard {
  code: string;
  kind: GridKind;
  name: string;
  status: 'current' | 'retired';
  /** City → community. */
  path: { code: string; name: string; level: number }[];
  parentCode: string | null;
  placeName: string | null;
  placeKind: string | null;
  areaM2: number;
  /** [longitude, latitude], WGS-84. */
  label: [number, number];
  households: number;
  boundary: Polygon | MultiPolygon;
  microGrids: string[];
  team: GridTeamMember[];
  /** A basic grid needs a leader, an instructor and a worker. */
  teamComplete: boolean;
  history: GridVersion[];
}

/** Art. 7: what a change does to a community's grids. */
export type GridChangeKind = 'create' | 'redraw' | 'split' | 'merge' | 'retire';
export type GridChangeStatus = 'draft' | 'submitted' | 'approved' | 'rejected' | 'withdrawn';

/** One step of a change: a new grid, a new boundary for a current grid, or a grid retired. */
export interface GridChangeItem {
  action: 'create' | 'redraw' | 'retire';
  code?: string;
  kind?: GridKind;
  name?: string;
  parentCode?: string;
  placeName?: string;
  placeKind?: string;
  boundary?: Polygon | MultiPolygon;
  households?: number;
}

/** A validation finding: problems block submission and approval, warnings inform the reviewer. */
export interface GridChangeIssue {
  severity: 'problem' | 'warning';
  kind: string;
  /** Index of the item at fault. */
  item?: number;
  codes?: string[];
  /** [longitude, latitude] of the spot. */
  at?: number[];
  /** The overlap, gap or part outside, to draw. */
  geometry?: MultiPolygon;
  areaM2?: number;
  message: string;
  messageZh: string;
}

export interface GridChange {
  id: string;
  kind: GridChangeKind;
  status: GridChangeStatus;
  communityCode: string;
  reason: string;
  items: GridChangeItem[];
  validation: GridChangeIssue[];
  valid: boolean;
  proposedBy: string;
  proposedByName: string;
  submittedAt: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  createdAt: string;
}

export interface GridChangeDetail extends GridChange {
  /** The community's current grids. */
  before: { code: string; kind: GridKind; name: string; boundary: Polygon | MultiPolygon }[];
}

export interface GridChangeBody {
  kind: GridChangeKind;
  reason: string;
  items: GridChangeItem[];
}

export interface GridChangeQuery {
  status?: GridChangeStatus;
  communityCode?: string;
  page?: number;
  pageSize?: number;
}

/** Which attribute column holds what, in a delivered GeoJSON or Shapefile. */
export interface GridImportMapping {
  community: string;
  name?: string;
  kind?: string;
  code?: string;
  parent?: string;
  place?: string;
  households?: string;
}

export interface GridImportBody {
  reason: string;
  mapping: GridImportMapping;
  defaultKind?: GridKind;
  shapefile?: string;
  features?: { type: 'FeatureCollection'; features: { type: 'Feature'; properties: Record<string, unknown> | null; geometry: unknown }[] };
}

export interface GridImportResult {
  changes: GridChange[];
  skipped: { feature: number; message: string; messageZh: string }[];
  /** Each finding about one feature, by its number in the delivery (from 0). */
  report: { feature: number; changeId: string; severity: 'problem' | 'warning'; message: string; messageZh: string }[];
}

// ---- Work calendar ---------------------------------------------------------------------------

/** chineseDays: from the chinese-days package; centre: loaded by the city centre; none: no schedule. */
export type CalendarStatus = 'chineseDays' | 'centre' | 'none';
export type ScheduleDayKind = 'holiday' | 'makeupWorkday';
export type DeadlineUnit = 'workingHours' | 'workingDays' | 'naturalHours';

export interface WorkSession {
  /** HH:MM, local time. */
  start: string;
  end: string;
}

export interface CalendarWarning {
  code: 'no_schedule';
  year: number;
  message: string;
  messageZh: string;
}

export interface CalendarYearSummary {
  year: number;
  status: CalendarStatus;
  loadedAt: string | null;
  holidays: number;
  makeupWorkdays: number;
  workingDays: number;
}

export interface WorkCalendar {
  cityCode: string;
  timeZone: string;
  sessions: WorkSession[];
  hoursPerDay: number;
  years: CalendarYearSummary[];
  warnings: CalendarWarning[];
  updatedAt: string;
}

export interface ScheduleDay {
  /** YYYY-MM-DD */
  date: string;
  kind: ScheduleDayKind;
  name: string;
}

export interface CalendarYear {
  year: number;
  status: CalendarStatus;
  loadedAt: string | null;
  workingDays: number;
  days: ScheduleDay[];
  warning: CalendarWarning | null;
}

export interface Deadline {
  start: string;
  amount: number;
  unit: DeadlineUnit;
  dueAt: string;
  provisional: boolean;
  warnings: CalendarWarning[];
}

// ---- Matter list (Art. 12) -------------------------------------------------------------------

export const admissiblePowerKinds = [
  'publicService',
  'administrativeInspection',
  'administrativeConfirmation',
  'administrativePayment',
  'administrativeReward',
  'other',
] as const;
/** Art. 12: matters of these kinds never enter the list; the server refuses them with the reason. */
export const refusedPowerKinds = ['administrativeLicensing', 'administrativePenalty', 'administrativeEnforcement'] as const;
export type PowerKind = (typeof admissiblePowerKinds)[number] | (typeof refusedPowerKinds)[number];
export type MatterListStatus = 'draft' | 'published' | 'superseded';

/** GeoReport v2's datatypes; the two list types carry values to choose from. */
export const attributeDatatypes = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type AttributeDatatype = (typeof attributeDatatypes)[number];
export const isListDatatype = (d: AttributeDatatype) => d === 'singlevaluelist' || d === 'multivaluelist';

/** An extra question a report under the matter answers (Open311's service definition). */
export interface MatterAttribute {
  /** Unique within the matter: a letter, then letters, digits and _. */
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  /** The question, as the reporter sees it. */
  description: string;
  datatypeDescription?: string;
  /** The choices: exactly for the two list datatypes. */
  values?: { key: string; name: string }[];
}

export interface Matter {
  /** Stable across versions, e.g. SX-001. */
  code: string;
  name: string;
  category: string;
  description: string;
  legalBasis: string;
  departmentId: string;
  departmentName: string;
  powerKind: PowerKind;
  powerKindName: { zh: string; en: string };
  /** An urgent safety matter: time limits count natural hours. */
  urgent: boolean;
  /** Offered to the public for reporting. */
  public: boolean;
  attributes: MatterAttribute[];
}

export interface MatterBody {
  code: string;
  name: string;
  category: string;
  description: string;
  legalBasis: string;
  departmentId: string;
  powerKind: PowerKind;
  urgent: boolean;
  public: boolean;
  /** Omitted: none when adding, unchanged when changing. */
  attributes?: MatterAttribute[];
}

export interface MatterListSummary {
  id: string;
  cityCode: string;
  version: number;
  status: MatterListStatus;
  note: string;
  matterCount: number;
  createdAt: string;
  createdByName: string | null;
  publishedAt: string | null;
  publishedByName: string | null;
}

export interface MatterList extends MatterListSummary {
  matters: Matter[];
}

export type PublicMatter = Omit<Matter, 'departmentId'>;

export interface PublicMatterList {
  cityCode: string;
  cityName: string;
  version: number;
  publishedAt: string;
  matters: PublicMatter[];
}

// ---- Routing list (联动处置清单, Art. 14) --------------------------------------------------------

/** The five timed steps of a case, each with its own limit in a routing rule. */
export type TimedStep = 'accept' | 'dispatch' | 'claim' | 'handle' | 'verify';
export const timedSteps: readonly TimedStep[] = ['accept', 'dispatch', 'claim', 'handle', 'verify'];

export interface StepLimit {
  amount: number;
  unit: DeadlineUnit;
}
export type StepLimits = Record<TimedStep, StepLimit>;

export interface UnitRef {
  id: string;
  name: string;
  disabled: boolean;
}

export interface RoutingRule {
  id: string;
  matterCode: string;
  /** From the published list, else the draft; null when neither holds the matter. */
  matterName: string | null;
  scopeCode: string;
  scopeName: string;
  /** 1 city, 2 district, 3 town. */
  scopeLevel: number;
  leadUnit: UnitRef;
  assistUnits: UnitRef[];
  post: string;
  limits: StepLimits;
  closingConditions: string;
  autoDispatch: boolean;
  updatedAt: string;
  updatedByName: string | null;
}

/** What PUT takes: the rule but its matter and scope. */
export interface RoutingRuleFields {
  leadUnitId: string;
  assistUnitIds: string[];
  post: string;
  limits: StepLimits;
  closingConditions: string;
  autoDispatch: boolean;
}

export interface RoutingRuleBody extends RoutingRuleFields {
  matterCode: string;
  scopeCode: string;
}

export interface RoutingGap {
  matterCode: string;
  matterName: string;
  /** The largest area without an owner: the city, a district or a town. */
  divisionCode: string;
  divisionName: string;
  level: number;
}

export type RoutingConflictKind =
  | 'matterNotPublished'
  | 'leadUnitDisabled'
  | 'leadUnitOutOfScope'
  | 'assistUnitDisabled'
  | 'assistUnitOutOfScope'
  | 'leadAlsoAssisting'
  | 'duplicateAssist'
  | 'urgentNotNaturalHours';

export interface RoutingConflict {
  ruleId: string;
  matterCode: string;
  scopeCode: string;
  scopeName: string;
  kind: RoutingConflictKind;
  message: string;
  messageZh: string;
}

export interface RoutingAnalysis {
  matterListVersion: number | null;
  gaps: RoutingGap[];
  conflicts: RoutingConflict[];
}

export interface StepDue {
  step: TimedStep;
  amount: number;
  unit: DeadlineUnit;
  startsAt: string;
  dueAt: string;
  provisional: boolean;
}

export interface RoutingResolution {
  matterCode: string;
  matterName: string;
  urgent: boolean;
  divisionCode: string;
  divisionName: string;
  rule: RoutingRule | null;
  /** Each step starting when the one before is due, the first now; empty without a rule. */
  steps: StepDue[];
}

// ---- Cases (Arts. 13–14) ---------------------------------------------------------------------

export const caseStatuses = [
  'reported',
  'accepted',
  'registered',
  'dispatched',
  'handling',
  'suspended',
  'verifying',
  'closed',
  'archived',
  'cancelled',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export type CaseSource = 'gridWorker' | 'hotline' | 'walkIn' | 'department' | 'public';
/** The running step's deadline light: yellow within the reminder time of its due time, red past it. */
export type CaseLight = 'green' | 'yellow' | 'red' | 'none';
export type CaseView = 'all' | 'desk' | 'unit' | 'overdue' | 'verify';
export type Supervision = 'none' | 'normal' | 'yellow' | 'red' | (string & {});
export const suspensionKinds = ['seasonal', 'engineering', 'conditionsLacking'] as const;
export type SuspensionKind = (typeof suspensionKinds)[number];
export type CaseRequestKind = 'return' | 'extension' | 'suspension';

export interface CaseSummary {
  id: string;
  number: string;
  title: string;
  status: CaseStatus;
  source: CaseSource;
  matterCode: string | null;
  matterName: string | null;
  divisionCode: string;
  gridCode: string | null;
  lng: number | null;
  lat: number | null;
  urgent: boolean;
  supervision: Supervision;
  overdue: boolean;
  reworkCount: number;
  centreCode: string;
  leadUnitName: string | null;
  createdAt: string;
  dueAt: string | null;
  dueProvisional: boolean;
  handleDueAt: string | null;
  closedAt: string | null;
  light: CaseLight;
  pendingRequests: number;
}

export interface CaseListQuery {
  view?: CaseView;
  status?: CaseStatus;
  q?: string;
  matterCode?: string;
  page?: number;
  pageSize?: number;
}

export interface CaseStep {
  id: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorName: string | null;
  unitName: string | null;
  opinion: string;
  publicNote: boolean;
  attachmentIds: string[];
  data: Record<string, unknown>;
  startedAt: string;
  dueAt: string | null;
  finishedAt: string;
  overdue: boolean;
}

export interface CaseAssignment {
  unitId: string;
  unitName: string;
  role: 'lead' | 'assist' | (string & {});
  status: 'dispatched' | 'claimed' | 'fedBack' | 'returned' | 'recalled' | (string & {});
  dispatchedAt: string;
  claimedAt: string | null;
  fedBackAt: string | null;
  endedAt: string | null;
}

export interface CaseRequest {
  id: string;
  kind: CaseRequestKind;
  unitName: string;
  reason: string;
  responsibleUnitId: string | null;
  responsibleUnitName: string | null;
  suspensionReason: SuspensionKind | null;
  requestedDueAt: string | null;
  status: 'pending' | 'approved' | 'rejected' | (string & {});
  decidedAt: string | null;
  decisionOpinion: string | null;
  createdAt: string;
}

export interface CaseSupervision {
  level: Supervision;
  centreCode: string;
  opinion: string;
  byCentre: boolean;
  createdAt: string;
}

/** What the routing list says for a case not yet dispatched (centres only). */
export interface RoutingSuggestion {
  ruleId: string;
  scopeCode: string;
  leadUnitId: string;
  leadUnitName: string;
  assistUnits: { id: string; name: string }[];
  /** Units the rule names that are disabled or do not serve the case's area. */
  unavailableUnitIds: string[];
  post: string;
  closingConditions: string;
  limits: StepLimits;
}

/** In which capacity the reader may act on the case. */
export interface CaseCapacity {
  centre: boolean;
  unit: boolean;
  verifier: boolean;
  reporter: boolean;
}

export interface CaseDetail extends CaseSummary {
  description: string;
  address: string;
  matterListVersion: number | null;
  leadUnitId: string | null;
  reporterName: string | null;
  /** A public reporter's contact, masked. */
  reporterContact: string | null;
  /** The report's answers to its matter's attributes, in the matter's order. */
  attributes: CaseAttribute[];
  limits: StepLimits;
  version: number;
  places: { code: string; name: string; level: number }[];
  duplicateOf: { id: string; number: string; status: string } | null;
  duplicates: { id: string; number: string; createdAt: string }[];
  steps: CaseStep[];
  assignments: CaseAssignment[];
  requests: CaseRequest[];
  pauses: { from: string; to: string | null }[];
  supervisions: CaseSupervision[];
  myUnit: { unitId: string; role: string; status: string } | null;
  capacity: CaseCapacity;
  suggestion: RoutingSuggestion | null;
}

/** An answer kept with a case, with the question as it was asked when the case was reported. */
export interface CaseAttribute {
  code: string;
  datatype: AttributeDatatype;
  description: string;
  /** Text; the keys chosen for a multivaluelist. */
  value: string | string[];
  /** For the list datatypes, the names of the keys given; empty otherwise. */
  valueNames: string[];
}

export interface SimilarCase {
  id: string;
  number: string;
  title: string;
  status: string;
  /** Metres from the point asked about. */
  distance: number;
  createdAt: string;
}

/** A handling unit that serves a case's area. */
export interface CaseUnit {
  id: string;
  name: string;
  kind: string;
  divisionCode: string;
}

export interface ReportCaseBody {
  title: string;
  description?: string;
  lng?: number;
  lat?: number;
  crs?: 'wgs84' | 'gcj02';
  address?: string;
  divisionCode?: string;
  matterCode?: string;
  source?: 'hotline' | 'walkIn';
  attachmentIds?: string[];
  reporter?: { name?: string; phone?: string; email?: string };
  urgent?: boolean;
  /** Answers to the matter's attributes by code: text, or a list of keys for a multivaluelist. */
  attributes?: Record<string, string | number | string[]>;
}

export interface DispatchBody {
  leadUnitId?: string;
  assistUnitIds?: string[];
  reason?: string;
  opinion?: string;
}
