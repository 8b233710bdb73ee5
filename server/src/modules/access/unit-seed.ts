// Demo mode, first start: Zaozhuang's handling units. The city's functional departments (their codes,
// `370400-police` and the rest, are what the demo accounts, matters and tests name), a centre for the
// city, each district and 中心街街道, 市中区's own departments with the police's district branch and a
// station below it, a town office and a social organisation (Art. 6).
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { department } from './access.tables.js';
import type { UnitKind } from './unit.schemas.js';

const CITY = '370400000000';
const SHIZHONG = '370402000000';
const ZHONGXINJIE = '370402001000';

interface DemoUnit {
  code: string;
  name: string;
  kind: UnitKind;
  divisionCode: string;
  /** The parent's code, for a sub-unit; it comes earlier in the list. */
  parent?: string;
}

const cityDepartment = (code: string, name: string): DemoUnit => ({ code: `370400-${code}`, name, kind: 'department', divisionCode: CITY });
const districtCentre = (code: string, name: string): DemoUnit => ({
  code: `${code}-centre`,
  name: `${name}网格化服务管理中心`,
  kind: 'centre',
  divisionCode: code.padEnd(12, '0'),
});

export const demoUnits: DemoUnit[] = [
  // Art. 5 names these.
  cityDepartment('police', '枣庄市公安局'),
  cityDepartment('civil-affairs', '枣庄市民政局'),
  cityDepartment('justice', '枣庄市司法局'),
  cityDepartment('agriculture', '枣庄市农业农村局'),
  cityDepartment('health', '枣庄市卫生健康委员会'),
  cityDepartment('emergency', '枣庄市应急管理局'),
  cityDepartment('urban', '枣庄市城市管理局（综合行政执法局）'),
  { code: '370400-centre', name: '枣庄市网格化服务管理中心', kind: 'centre', divisionCode: CITY },
  districtCentre('370402', '市中区'),
  districtCentre('370403', '薛城区'),
  districtCentre('370404', '峄城区'),
  districtCentre('370405', '台儿庄区'),
  districtCentre('370406', '山亭区'),
  districtCentre('370481', '滕州市'),
  { code: '370402001-centre', name: '中心街街道网格化服务管理中心', kind: 'centre', divisionCode: ZHONGXINJIE },
  { code: '370402-urban', name: '市中区城市管理局', kind: 'department', divisionCode: SHIZHONG },
  { code: '370402-civil-affairs', name: '市中区民政局', kind: 'department', divisionCode: SHIZHONG },
  { code: '370402-emergency', name: '市中区应急管理局', kind: 'department', divisionCode: SHIZHONG },
  { code: '370402-police', name: '枣庄市公安局市中分局', kind: 'subUnit', divisionCode: SHIZHONG, parent: '370400-police' },
  { code: '370402001-police', name: '中心街派出所', kind: 'subUnit', divisionCode: ZHONGXINJIE, parent: '370402-police' },
  { code: '370402001-office', name: '中心街街道综合治理办公室', kind: 'townOffice', divisionCode: ZHONGXINJIE },
  { code: '370400-volunteers', name: '枣庄市志愿者协会', kind: 'socialOrganisation', divisionCode: CITY },
];

/** Inserts the demo units (those whose code is free) and returns every demo code's id. */
export async function insertDemoUnits(tx: Tx): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const u of demoUnits) {
    const parentId = u.parent ? (ids.get(u.parent) ?? null) : null;
    if (u.parent && !parentId) continue;
    const [row] = await tx
      .insert(department)
      .values({ code: u.code, name: u.name, kind: u.kind, divisionCode: u.divisionCode, parentId })
      .onConflictDoNothing({ target: department.code })
      .returning({ id: department.id });
    const id = row?.id ?? (await tx.select({ id: department.id }).from(department).where(eq(department.code, u.code)))[0]?.id;
    if (id) ids.set(u.code, id);
  }
  return ids;
}
