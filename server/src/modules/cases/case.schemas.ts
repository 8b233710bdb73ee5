import { Type } from 'typebox';
import { Page, Strict, pageQuery } from '../../lib/http.js';
import { attributeDatatypes, MAX_ATTRIBUTES, MAX_VALUES } from '../matters/matter-attributes.js';
import { caseSources, caseStatuses, suspensionReasons } from './case.tables.js';
import { caseViews } from './case-query.js';

const Uuid = Type.String({ format: 'uuid' });
const Text = (maxLength: number, description?: string) => Type.String({ maxLength, ...(description ? { description } : {}) });
const Reason = Type.String({ minLength: 1, maxLength: 1000 });
const AttachmentIds = Type.Array(Uuid, { maxItems: 20, description: 'ids from POST /api/attachments' });
const MatterCode = Type.String({ minLength: 1, maxLength: 40 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Status = Type.Enum([...caseStatuses]);
const Light = Type.Enum(['green', 'yellow', 'red', 'none'], {
  description: 'deadline light of the running step: yellow within the reminder time of its due time, red past it',
});
const Limit = Type.Object({ amount: Type.Number(), unit: Type.String() });
const Limits = Type.Object({ accept: Limit, dispatch: Limit, claim: Limit, handle: Limit, verify: Limit });

export const CaseIdParam = Strict({ id: Uuid });
export const CaseRequestParam = Strict({ id: Uuid, requestId: Uuid });

export const ReportBody = Strict({
  title: Type.String({ minLength: 1, maxLength: 100 }),
  description: Type.Optional(Text(4000)),
  lng: Type.Optional(Type.Number({ minimum: 73, maximum: 136, description: 'longitude (WGS-84 unless crs=gcj02)' })),
  lat: Type.Optional(Type.Number({ minimum: 3, maximum: 54 })),
  crs: Type.Optional(Type.Enum(['wgs84', 'gcj02'])),
  address: Type.Optional(Text(200)),
  divisionCode: Type.Optional(Type.String({ pattern: '^\\d{12}$', description: 'the community, when there is no point' })),
  matterCode: Type.Optional(MatterCode),
  source: Type.Optional(Type.Enum(['hotline', 'walkIn'], { description: 'centre staff only; others are set from the role' })),
  attachmentIds: Type.Optional(AttachmentIds),
  reporter: Type.Optional(
    Strict({
      name: Type.Optional(Text(40)),
      phone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' })),
      email: Type.Optional(Type.String({ format: 'email', maxLength: 100 })),
    }),
  ),
  urgent: Type.Optional(Type.Boolean()),
  attributes: Type.Optional(
    Type.Record(Type.String({ maxLength: 40 }), Type.Union([Text(4000), Type.Number(), Type.Array(Text(200), { maxItems: MAX_VALUES })]), {
      maxProperties: MAX_ATTRIBUTES,
      description: "answers to the matter's attributes by code: text (a number may be sent as one), or a list of keys for a multivaluelist",
    }),
  ),
});

export const CaseSummary = Type.Object(
  {
    id: Type.String(),
    number: Type.String(),
    title: Type.String(),
    status: Status,
    source: Type.Enum([...caseSources]),
    matterCode: Nullable(Type.String()),
    matterName: Nullable(Type.String()),
    divisionCode: Type.String(),
    gridCode: Nullable(Type.String()),
    lng: Nullable(Type.Number()),
    lat: Nullable(Type.Number()),
    urgent: Type.Boolean(),
    supervision: Type.String(),
    overdue: Type.Boolean(),
    reworkCount: Type.Integer(),
    centreCode: Type.String(),
    leadUnitName: Nullable(Type.String()),
    createdAt: Type.String(),
    dueAt: Nullable(Type.String()),
    dueProvisional: Type.Boolean(),
    handleDueAt: Nullable(Type.String()),
    closedAt: Nullable(Type.String()),
    light: Light,
    pendingRequests: Type.Integer(),
  },
  { title: 'CaseSummary' },
);

export const CaseList = Page(CaseSummary);

export const CaseUnits = Type.Object({
  items: Type.Array(
    Type.Object(
      { id: Type.String(), name: Type.String(), kind: Type.String(), divisionCode: Type.String() },
      { title: 'CaseUnit', description: 'a handling unit that serves the case’s area' },
    ),
  ),
});

export const ListCasesQuery = Strict({
  view: Type.Optional(Type.Enum([...caseViews], { description: 'desk: waiting for a centre; unit: my unit’s open cases; overdue; verify' })),
  status: Type.Optional(Status),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'title words or the case number' })),
  matterCode: Type.Optional(MatterCode),
  ...pageQuery,
});

export const SimilarQuery = Strict({
  matterCode: MatterCode,
  lng: Type.Number({ minimum: 73, maximum: 136 }),
  lat: Type.Number({ minimum: 3, maximum: 54 }),
  radius: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, description: 'metres; default WANGGE_DUPLICATE_RADIUS_M' })),
});

export const SimilarCases = Type.Object({
  radius: Type.Integer(),
  items: Type.Array(
    Type.Object({ id: Type.String(), number: Type.String(), title: Type.String(), status: Type.String(), distance: Type.Integer(), createdAt: Type.String() }),
  ),
});

const CaseAttribute = Type.Object(
  {
    code: Type.String(),
    datatype: Type.Enum([...attributeDatatypes]),
    description: Type.String({ description: 'the question as it was asked when the case was reported' }),
    value: Type.Union([Type.String(), Type.Array(Type.String())], { description: 'text; the keys chosen for a multivaluelist' }),
    valueNames: Type.Array(Type.String(), { description: 'list datatypes: the names of the keys given, in order; empty otherwise' }),
  },
  { title: 'CaseAttribute' },
);

const Step = Type.Object({
  id: Type.String(),
  action: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Type.String(),
  actorName: Nullable(Type.String()),
  unitName: Nullable(Type.String()),
  opinion: Type.String(),
  publicNote: Type.Boolean(),
  attachmentIds: Type.Array(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown()),
  startedAt: Type.String(),
  dueAt: Nullable(Type.String()),
  finishedAt: Type.String(),
  overdue: Type.Boolean(),
});

export const CaseDetail = Type.Object(
  {
    ...CaseSummary.properties,
    description: Type.String(),
    address: Type.String(),
    matterListVersion: Nullable(Type.Integer()),
    leadUnitId: Nullable(Type.String()),
    reporterName: Nullable(Type.String()),
    reporterContact: Nullable(Type.String({ description: 'a public reporter’s contact, masked' })),
    attributes: Type.Array(CaseAttribute, { description: "the report's answers to its matter's attributes, in the matter's order" }),
    limits: Limits,
    version: Type.Integer(),
    places: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer() })),
    duplicateOf: Nullable(Type.Object({ id: Type.String(), number: Type.String(), status: Type.String() })),
    duplicates: Type.Array(Type.Object({ id: Type.String(), number: Type.String(), createdAt: Type.String() })),
    steps: Type.Array(Step),
    assignments: Type.Array(
      Type.Object({
        unitId: Type.String(),
        unitName: Type.String(),
        role: Type.String(),
        status: Type.String(),
        dispatchedAt: Type.String(),
        claimedAt: Nullable(Type.String()),
        fedBackAt: Nullable(Type.String()),
        endedAt: Nullable(Type.String()),
      }),
    ),
    requests: Type.Array(
      Type.Object({
        id: Type.String(),
        kind: Type.String(),
        unitName: Type.String(),
        reason: Type.String(),
        responsibleUnitId: Nullable(Type.String()),
        responsibleUnitName: Nullable(Type.String()),
        suspensionReason: Nullable(Type.String()),
        requestedDueAt: Nullable(Type.String()),
        status: Type.String(),
        decidedAt: Nullable(Type.String()),
        decisionOpinion: Nullable(Type.String()),
        createdAt: Type.String(),
      }),
    ),
    pauses: Type.Array(Type.Object({ from: Type.String(), to: Nullable(Type.String()) })),
    supervisions: Type.Array(
      Type.Object({ level: Type.String(), centreCode: Type.String(), opinion: Type.String(), byCentre: Type.Boolean(), createdAt: Type.String() }),
    ),
    myUnit: Nullable(Type.Object({ unitId: Type.String(), role: Type.String(), status: Type.String() })),
    capacity: Type.Object({ centre: Type.Boolean(), unit: Type.Boolean(), verifier: Type.Boolean(), reporter: Type.Boolean() }),
    suggestion: Nullable(
      Type.Object({
        ruleId: Type.String(),
        scopeCode: Type.String(),
        leadUnitId: Type.String(),
        leadUnitName: Type.String(),
        assistUnits: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
        unavailableUnitIds: Type.Array(Type.String(), { description: 'units the rule names that are disabled or do not serve the case’s area' }),
        post: Type.String(),
        closingConditions: Type.String(),
        limits: Limits,
      }),
    ),
  },
  { title: 'CaseDetail' },
);

export const OpinionBody = Strict({
  opinion: Type.Optional(Text(1000)),
  publicNote: Type.Optional(Type.Boolean({ description: 'the opinion may be shown to the public reporter (Open311 status_notes)' })),
});
export const ReasonBody = Strict({ reason: Reason });
export const RegisterBody = Strict({ matterCode: Type.Optional(MatterCode), opinion: Type.Optional(Text(1000)) });
export const DispatchBody = Strict({
  leadUnitId: Type.Optional(Uuid),
  assistUnitIds: Type.Optional(Type.Array(Uuid, { maxItems: 10 })),
  reason: Type.Optional(Text(1000, 'required when the units differ from the routing list')),
  opinion: Type.Optional(Text(1000)),
});
export const FeedbackBody = Strict({
  result: Type.String({ minLength: 1, maxLength: 4000 }),
  attachmentIds: Type.Optional(AttachmentIds),
  publicNote: Type.Optional(Type.Boolean()),
});
export const VerifyBody = Strict({ passed: Type.Boolean(), opinion: Text(1000), attachmentIds: Type.Optional(AttachmentIds) });
export const SelfResolveBody = Strict({
  opinion: Type.String({ minLength: 1, maxLength: 1000 }),
  beforeAttachmentIds: AttachmentIds,
  afterAttachmentIds: AttachmentIds,
});
export const ReturnBody = Strict({
  responsibleUnitId: Type.Optional(Type.String({ format: 'uuid', description: 'the unit that is responsible: required (a return naming none is refused)' })),
  reason: Reason,
});
export const ExtensionBody = Strict({ dueAt: Type.String({ format: 'date-time' }), reason: Reason });
export const SuspensionBody = Strict({ kind: Type.Enum([...suspensionReasons]), reason: Reason });
export const DecisionBody = Strict({
  approve: Type.Boolean(),
  opinion: Type.Optional(Text(1000)),
  leadUnitId: Type.Optional(Type.String({ format: 'uuid', description: 'an approved return: the unit to dispatch to (default: the one the request names)' })),
});
export const ReclassifyBody = Strict({ matterCode: MatterCode, reason: Reason });
export const MergeBody = Strict({ intoCaseId: Uuid, opinion: Type.Optional(Text(1000)) });
export const ReassignBody = Strict({
  fromUnitId: Type.Optional(Uuid),
  toUnitId: Type.Optional(Uuid),
  fromGridCode: Type.Optional(Type.String({ pattern: '^\\d{16,18}$' })),
  toGridCode: Type.Optional(Type.String({ pattern: '^\\d{16,18}$' })),
  reason: Reason,
});
export const ReassignResult = Type.Object({ moved: Type.Integer() });
export const ReporterContact = Type.Object({ name: Type.Optional(Type.String()), phone: Type.Optional(Type.String()), email: Type.Optional(Type.String()) });
