// Demo mode, first start: Zaozhuang's linkage disposal list (Art. 14) for the demo matter list. Every
// published matter gets a city-wide rule led by its responsible department; 市中区 has rules of its own
// for two matters, and 中心街街道 one, so the most specific rule can be seen winning. A city that has
// any rule is left alone, so running it again changes nothing.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { department } from '../access/access.tables.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { matter, matterList } from '../matters/matter.tables.js';
import { type StepLimits, routingRule } from './routing.tables.js';

const CITY = '370400000000';
const SHIZHONG = '370402000000';
const ZHONGXINJIE = '370402001000';
const SYSTEM: AuditContext = { actorId: null, actorRole: 'system', ip: null, divisionCode: null };

/** Ordinary matters: half a working day to accept, dispatch and claim each, three working days to handle, one to verify. */
export const ordinaryLimits: StepLimits = {
  accept: { amount: 4, unit: 'workingHours' },
  dispatch: { amount: 4, unit: 'workingHours' },
  claim: { amount: 4, unit: 'workingHours' },
  handle: { amount: 3, unit: 'workingDays' },
  verify: { amount: 1, unit: 'workingDays' },
};
/** Urgent safety matters run on the clock, day and night (DOMAIN.md §2). */
export const urgentLimits: StepLimits = {
  accept: { amount: 1, unit: 'naturalHours' },
  dispatch: { amount: 1, unit: 'naturalHours' },
  claim: { amount: 1, unit: 'naturalHours' },
  handle: { amount: 24, unit: 'naturalHours' },
  verify: { amount: 4, unit: 'naturalHours' },
};

interface DemoRule {
  matterCode: string;
  scopeCode: string;
  /** Unit code; the matter's responsible department when absent. */
  lead?: string;
  assist?: string[];
  post: string;
  closingConditions: string;
  autoDispatch: boolean;
}

const cityRules: DemoRule[] = [
  {
    matterCode: 'SX-001',
    scopeCode: CITY,
    post: '人民调解科值班岗',
    closingConditions: '纠纷已登记并明确化解责任人，当事人知悉办理进展。',
    autoDispatch: false,
  },
  {
    matterCode: 'SX-002',
    scopeCode: CITY,
    post: '人民调解员',
    closingConditions: '双方达成调解协议或明确告知其他解决途径，网格员回访确认。',
    autoDispatch: true,
  },
  {
    matterCode: 'SX-003',
    scopeCode: CITY,
    assist: ['370400-urban'],
    post: '安全生产应急值班岗',
    closingConditions: '隐患已消除或已采取管控措施，附整改前后照片。',
    autoDispatch: true,
  },
  {
    matterCode: 'SX-004',
    scopeCode: CITY,
    assist: ['370400-emergency', '370400-police'],
    post: '燃气安全监管值班岗',
    closingConditions: '泄漏点已处置、现场检测合格，附检测记录。',
    autoDispatch: true,
  },
  { matterCode: 'SX-005', scopeCode: CITY, post: '消防安全值班岗', closingConditions: '消防通道已清理畅通，附现场照片。', autoDispatch: true },
  { matterCode: 'SX-006', scopeCode: CITY, post: '环卫作业调度岗', closingConditions: '垃圾清运完毕、现场整洁，附处置后照片。', autoDispatch: true },
  { matterCode: 'SX-007', scopeCode: CITY, post: '违法建设线索受理岗', closingConditions: '线索已移交执法部门并登记受理编号。', autoDispatch: false },
  { matterCode: 'SX-008', scopeCode: CITY, post: '市政设施维护调度岗', closingConditions: '设施已修复或已设置警示围挡，附现场照片。', autoDispatch: true },
  { matterCode: 'SX-009', scopeCode: CITY, post: '社区警务室', closingConditions: '走访记录已填报，异常情况已通报主管部门。', autoDispatch: true },
  { matterCode: 'SX-010', scopeCode: CITY, post: '流动人口管理岗', closingConditions: '居住信息已登记核实。', autoDispatch: true },
  {
    matterCode: 'SX-011',
    scopeCode: CITY,
    assist: ['370400-volunteers'],
    post: '养老服务科',
    closingConditions: '需求已登记并落实帮扶措施，网格员回访确认。',
    autoDispatch: true,
  },
  { matterCode: 'SX-012', scopeCode: CITY, post: '疾病预防控制值班岗', closingConditions: '信息已报送疾控机构，随访记录完整。', autoDispatch: true },
];

const localRules: DemoRule[] = [
  {
    matterCode: 'SX-006',
    scopeCode: SHIZHONG,
    lead: '370402-urban',
    post: '市中区环卫所调度岗',
    closingConditions: '垃圾清运完毕、现场整洁，附处置后照片。',
    autoDispatch: true,
  },
  {
    matterCode: 'SX-011',
    scopeCode: SHIZHONG,
    lead: '370402-civil-affairs',
    assist: ['370400-volunteers'],
    post: '市中区养老服务股',
    closingConditions: '需求已登记并落实帮扶措施，网格员回访确认。',
    autoDispatch: true,
  },
  {
    matterCode: 'SX-009',
    scopeCode: ZHONGXINJIE,
    lead: '370402001-police',
    assist: ['370402001-office'],
    post: '社区民警',
    closingConditions: '走访记录已填报，异常情况已通报派出所。',
    autoDispatch: true,
  },
];

/** Returns how many rules were written (0 when the city has any rule, or no published list). */
export async function ensureDemoRoutingRules(ctx: AppContext): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`routing_rule:${CITY}`}))`);
    const [any] = await tx.select({ id: routingRule.id }).from(routingRule).where(eq(routingRule.cityCode, CITY)).limit(1);
    if (any) return 0;
    const matters = await tx
      .select({ code: matter.code, departmentId: matter.departmentId, urgent: matter.urgent })
      .from(matter)
      .innerJoin(matterList, eq(matterList.id, matter.listId))
      .where(and(eq(matterList.cityCode, CITY), eq(matterList.status, 'published')));
    const byCode = new Map(matters.map((m) => [m.code, m]));
    const rules = [...cityRules, ...localRules].filter((r) => byCode.has(r.matterCode));
    const unitCodes = [...new Set(rules.flatMap((r) => [...(r.lead ? [r.lead] : []), ...(r.assist ?? [])]))];
    const units = new Map(
      unitCodes.length === 0
        ? []
        : (await tx.select({ id: department.id, code: department.code }).from(department).where(inArray(department.code, unitCodes))).map((u) => [
            u.code,
            u.id,
          ]),
    );
    const values = rules.flatMap((r) => {
      const m = byCode.get(r.matterCode);
      const lead = r.lead ? units.get(r.lead) : m?.departmentId;
      const assist = (r.assist ?? []).map((c) => units.get(c));
      if (!m || !lead || assist.some((a) => a === undefined)) return [];
      return [
        {
          cityCode: CITY,
          matterCode: r.matterCode,
          scopeCode: r.scopeCode,
          leadUnitId: lead,
          assistUnitIds: assist as string[],
          post: r.post,
          limits: m.urgent ? urgentLimits : ordinaryLimits,
          closingConditions: r.closingConditions,
          autoDispatch: r.autoDispatch,
          updatedAt: ctx.now(),
        },
      ];
    });
    if (values.length === 0) return 0;
    await tx.insert(routingRule).values(values);
    await recordAudit(tx, SYSTEM, { action: 'routing.seed', targetType: 'routingRule', divisionCode: CITY, detail: `demo: ${values.length} rules` });
    return values.length;
  });
}
