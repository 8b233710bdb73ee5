// Demo mode, first start: version 1 of Zaozhuang's grid matter list, published, with the demo
// departments as responsible units. A city that has any version already is left alone, so running it
// again changes nothing.
import { eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { department } from '../access/access.tables.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import type { MatterAttribute } from './matter-attributes.js';
import { matter, matterList } from './matter.tables.js';
import type { AdmissiblePowerKind } from './power-kinds.js';

const CITY = '370400000000';
const SYSTEM: AuditContext = { actorId: null, actorRole: 'system', ip: null, divisionCode: null };

interface DemoMatter {
  code: string;
  name: string;
  category: string;
  description: string;
  legalBasis: string;
  department: string;
  powerKind: AdmissiblePowerKind;
  urgent?: boolean;
  public?: boolean;
  attributes?: MatterAttribute[];
}

const REGULATION = '《枣庄市网格化服务管理条例》';

// Optional, so a report form that does not ask them yet can still file these matters.
const SEVERITY: MatterAttribute = {
  code: 'severity',
  datatype: 'singlevaluelist',
  required: false,
  description: '严重程度',
  datatypeDescription: '按现场情况选择',
  values: [
    { key: 'minor', name: '一般' },
    { key: 'serious', name: '较重' },
    { key: 'critical', name: '严重，需立即处置' },
  ],
};

export const demoMatters: DemoMatter[] = [
  {
    code: 'SX-001',
    name: '矛盾纠纷排查',
    category: '矛盾纠纷',
    description: '定期排查网格内婚姻家庭、邻里、物业等矛盾纠纷苗头，登记并及时上报。',
    legalBasis: `${REGULATION}第十三条；《人民调解法》`,
    department: '370400-justice',
    powerKind: 'publicService',
  },
  {
    code: 'SX-002',
    name: '邻里纠纷调解',
    category: '矛盾纠纷',
    description: '协助人民调解委员会就地化解邻里之间的一般性纠纷。',
    legalBasis: '《人民调解法》第二十条',
    department: '370400-justice',
    powerKind: 'publicService',
    public: true,
  },
  {
    code: 'SX-003',
    name: '安全隐患上报',
    category: '安全隐患',
    description: '发现生产经营场所、居民区的一般安全隐患，拍照定位后上报，由主管部门处置。',
    legalBasis: '《安全生产法》第七十四条',
    department: '370400-emergency',
    powerKind: 'administrativeInspection',
    urgent: true,
    public: true,
    attributes: [SEVERITY],
  },
  {
    code: 'SX-004',
    name: '燃气安全隐患',
    category: '安全隐患',
    description: '发现燃气泄漏、违规使用瓶装液化气等隐患，立即上报并协助疏散。',
    legalBasis: '《城镇燃气管理条例》',
    department: '370400-urban',
    powerKind: 'administrativeInspection',
    urgent: true,
    public: true,
  },
  {
    code: 'SX-005',
    name: '消防通道占用',
    category: '安全隐患',
    description: '发现小区、沿街商铺消防通道被占用或堵塞，劝导清理并上报。',
    legalBasis: '《消防法》第二十八条',
    department: '370400-emergency',
    powerKind: 'administrativeInspection',
    urgent: true,
    public: true,
  },
  {
    code: 'SX-006',
    name: '环境卫生',
    category: '城市管理',
    description: '发现垃圾堆放、污水外溢、卫生死角等环境卫生问题并上报。',
    legalBasis: '《城市市容和环境卫生管理条例》',
    department: '370400-urban',
    powerKind: 'publicService',
    public: true,
  },
  {
    code: 'SX-007',
    name: '违章搭建线索',
    category: '城市管理',
    description: '发现疑似违法建设的线索，记录位置和现状后上报，查处由主管部门依法实施。',
    legalBasis: '《城乡规划法》第六十四条（查处由主管部门实施，网格仅报送线索）',
    department: '370400-urban',
    powerKind: 'other',
    public: true,
  },
  {
    code: 'SX-008',
    name: '道路设施损坏',
    category: '城市管理',
    description: '发现井盖缺失、路面塌陷、路灯损坏等公共设施问题并上报。',
    legalBasis: '《城市道路管理条例》',
    department: '370400-urban',
    powerKind: 'publicService',
    urgent: true,
    public: true,
    attributes: [
      {
        code: 'facility',
        datatype: 'singlevaluelist',
        required: false,
        description: '损坏的设施',
        values: [
          { key: 'manhole', name: '井盖' },
          { key: 'road', name: '路面' },
          { key: 'streetlight', name: '路灯' },
          { key: 'other', name: '其他设施' },
        ],
      },
      SEVERITY,
    ],
  },
  {
    code: 'SX-009',
    name: '特殊人群走访',
    category: '人口服务',
    description: '按规定频次走访网格内特殊人群，了解动态，发现异常及时上报。',
    legalBasis: `${REGULATION}第十三条`,
    department: '370400-police',
    powerKind: 'publicService',
  },
  {
    code: 'SX-010',
    name: '流动人口登记',
    category: '人口服务',
    description: '协助登记网格内流动人口的居住信息，提醒办理居住证。',
    legalBasis: '《居住证暂行条例》',
    department: '370400-police',
    powerKind: 'administrativeConfirmation',
  },
  {
    code: 'SX-011',
    name: '独居老人关爱',
    category: '民生服务',
    description: '定期探访独居、空巢老人，了解生活需求，协助申请救助和养老服务。',
    legalBasis: '《老年人权益保障法》',
    department: '370400-civil-affairs',
    powerKind: 'administrativePayment',
  },
  {
    code: 'SX-012',
    name: '公共卫生与疫情防控',
    category: '公共卫生',
    description: '协助开展健康宣传、传染病防控信息报送和重点人员健康随访。',
    legalBasis: '《传染病防治法》第九条',
    department: '370400-health',
    powerKind: 'publicService',
    urgent: true,
  },
];

/** Returns how many matters were published (0 when the city has a list already or no demo departments). */
export async function ensureDemoMatters(ctx: AppContext): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`matter_list:${CITY}`}))`);
    const [any] = await tx.select({ id: matterList.id }).from(matterList).where(eq(matterList.cityCode, CITY)).limit(1);
    if (any) return 0;
    const codes = [...new Set(demoMatters.map((m) => m.department))];
    const deps = new Map(
      (await tx.select({ id: department.id, code: department.code }).from(department).where(inArray(department.code, codes))).map((d) => [d.code, d.id]),
    );
    if (deps.size < codes.length) return 0;
    const now = ctx.now();
    const [list] = await tx
      .insert(matterList)
      .values({ cityCode: CITY, version: 1, status: 'published', note: '首版（演示数据）', createdAt: now, publishedAt: now })
      .returning({ id: matterList.id });
    if (!list) return 0;
    await tx.insert(matter).values(
      demoMatters.map(({ department: dep, urgent, public: pub, attributes, ...m }) => ({
        ...m,
        attributes: attributes ?? [],
        listId: list.id,
        departmentId: deps.get(dep) ?? '',
        urgent: urgent ?? false,
        public: pub ?? false,
      })),
    );
    await recordAudit(tx, SYSTEM, {
      action: 'matter.seed',
      targetType: 'matterList',
      targetId: list.id,
      divisionCode: CITY,
      detail: `demo: version 1, ${demoMatters.length} matters`,
    });
    return demoMatters.length;
  });
}
