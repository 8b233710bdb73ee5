import { Type } from 'typebox';
import { Strict } from '../../lib/http.js';
import { units } from '../../lib/working-time.js';
import { MATTER_CODE_PATTERN } from '../matters/matter.schemas.js';
import { timedSteps } from './routing.tables.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** The largest limit per unit: about a year of working time, or twelve weeks of clock hours. */
export const LIMIT_MAX = { workingHours: 2000, workingDays: 250, naturalHours: 2000 } as const;

const MatterCode = Type.String({ pattern: MATTER_CODE_PATTERN, description: 'the matter code (stable across list versions), e.g. SX-001' });
const ScopeCode = Type.String({ pattern: '^\\d{12}$', description: 'the city, a district or a town: the rule covers every community under it' });
const UnitSchema = Type.Enum([...units], { description: 'workingHours 工作小时, workingDays 工作日, naturalHours 自然小时' });

const StepLimitSchema = Strict({
  amount: Type.Number({
    exclusiveMinimum: 0,
    maximum: LIMIT_MAX.workingHours,
    description: `more than 0; at most ${LIMIT_MAX.workingHours} hours or ${LIMIT_MAX.workingDays} working days`,
  }),
  unit: UnitSchema,
});
const LimitsSchema = Strict(Object.fromEntries(timedSteps.map((s) => [s, StepLimitSchema])) as Record<(typeof timedSteps)[number], typeof StepLimitSchema>, {
  description: 'the time limit of each step: accept 受理, dispatch 派遣, claim 签收, handle 处置, verify 核查',
});

const ruleFields = {
  leadUnitId: Type.String({ format: 'uuid', description: 'the lead handling unit (主办单位): one owner' }),
  assistUnitIds: Type.Array(Type.String({ format: 'uuid' }), {
    maxItems: 20,
    uniqueItems: true,
    description: 'assisting units (协办单位), handling in parallel',
  }),
  post: Type.String({ maxLength: 100, description: 'the post (岗位) in the lead unit that takes the case' }),
  limits: LimitsSchema,
  closingConditions: Type.String({ maxLength: 500, description: 'what must be true to close a case (结案条件)' }),
  autoDispatch: Type.Boolean({ description: 'dispatch to the lead unit without waiting for a centre' }),
};

export const CreateRuleBody = Strict({ matterCode: MatterCode, scopeCode: ScopeCode, ...ruleFields });
export const UpdateRuleBody = Strict(ruleFields, { description: 'the whole rule but its matter and scope, which identify it' });

export const RuleIdParam = Strict({ id: Type.String({ format: 'uuid' }) });
export const RuleListQuery = Strict({
  matterCode: Type.Optional(MatterCode),
  scopeCode: Type.Optional(Type.String({ pattern: '^\\d{12}$', description: 'only the rules of this scope' })),
});
export const ResolveQuery = Strict({
  matterCode: MatterCode,
  divisionCode: Type.String({ pattern: '^\\d{12}$', description: 'a community (village or residents committee)' }),
});

const UnitRef = Type.Object({ id: Type.String(), name: Type.String(), disabled: Type.Boolean() }, { title: 'UnitRef' });
const Limit = Type.Object({ amount: Type.Number(), unit: UnitSchema }, { title: 'StepLimit' });

export const RuleSchema = Type.Object(
  {
    id: Type.String(),
    matterCode: Type.String(),
    matterName: Nullable(Type.String({ description: 'from the published list, else the draft; null when neither holds the matter' })),
    scopeCode: Type.String(),
    scopeName: Type.String(),
    scopeLevel: Type.Integer({ description: '1 city, 2 district, 3 town' }),
    leadUnit: UnitRef,
    assistUnits: Type.Array(UnitRef),
    post: Type.String(),
    limits: Type.Object(Object.fromEntries(timedSteps.map((s) => [s, Limit])) as Record<(typeof timedSteps)[number], typeof Limit>),
    closingConditions: Type.String(),
    autoDispatch: Type.Boolean(),
    updatedAt: Type.String({ format: 'date-time' }),
    updatedByName: Nullable(Type.String()),
  },
  { title: 'RoutingRule' },
);
export const RuleListSchema = Type.Object({ items: Type.Array(RuleSchema) }, { title: 'RoutingRules' });

const GapSchema = Type.Object(
  {
    matterCode: Type.String(),
    matterName: Type.String(),
    divisionCode: Type.String({ description: 'the largest area without an owner: the city, a district or a town' }),
    divisionName: Type.String(),
    level: Type.Integer(),
  },
  { title: 'RoutingGap' },
);
export const conflictKinds = [
  'matterNotPublished',
  'leadUnitDisabled',
  'leadUnitOutOfScope',
  'assistUnitDisabled',
  'assistUnitOutOfScope',
  'leadAlsoAssisting',
  'duplicateAssist',
  'urgentNotNaturalHours',
] as const;
export type ConflictKind = (typeof conflictKinds)[number];
const ConflictSchema = Type.Object(
  {
    ruleId: Type.String(),
    matterCode: Type.String(),
    scopeCode: Type.String(),
    scopeName: Type.String(),
    kind: Type.Enum([...conflictKinds]),
    message: Type.String(),
    messageZh: Type.String(),
  },
  { title: 'RoutingConflict' },
);
export const AnalysisSchema = Type.Object(
  {
    matterListVersion: Nullable(Type.Integer({ description: 'the published version the gaps are counted against' })),
    gaps: Type.Array(GapSchema),
    conflicts: Type.Array(ConflictSchema),
  },
  { title: 'RoutingAnalysis' },
);

const StepDueSchema = Type.Object(
  {
    step: Type.Enum([...timedSteps]),
    amount: Type.Number(),
    unit: UnitSchema,
    startsAt: Type.String({ format: 'date-time' }),
    dueAt: Type.String({ format: 'date-time' }),
    provisional: Type.Boolean({ description: 'counted through a year whose holiday schedule is not loaded' }),
  },
  { title: 'StepDue' },
);
export const ResolveSchema = Type.Object(
  {
    matterCode: Type.String(),
    matterName: Type.String(),
    urgent: Type.Boolean(),
    divisionCode: Type.String(),
    divisionName: Type.String(),
    rule: Nullable(RuleSchema),
    steps: Type.Array(StepDueSchema, {
      description: 'each step starting when the one before is due (its whole limit used), the first now; empty without a rule',
    }),
  },
  { title: 'RoutingResolution' },
);
