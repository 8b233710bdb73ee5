// The columns of a registry's import template and export file: one map per registry, Chinese title
// first (what the user sees), English key second (what the code reads, in the template's second,
// hidden row). A file's header may name a column by either; enum cells take the Chinese label or
// the English value. A registry is a column map here and an importer (import-person.ts,
// import-building.ts, import-dwelling.ts, import-organisation.ts).
import { buildingKinds, dwellingUses } from './building.schemas.js';
import { organisationKinds, organisationStatuses, placeKinds } from './organisation.service.js';
import { idKinds, residencies, sexes } from './person-input.js';

export interface Choice {
  value: string;
  label: string;
}

export interface ImportColumn {
  key: string;
  title: string;
  titleEn: string;
  /** The header must name it (a cell may still be empty where the rules allow). */
  required?: boolean;
  choices?: readonly Choice[];
  /** Kept as text in Excel: long digit strings would lose digits as numbers. */
  text?: boolean;
  /** A date column (YYYY-MM-DD; an Excel date cell is read as its day). */
  date?: boolean;
  example: string;
  width: number;
}

export const importRegistries = ['person', 'building', 'dwelling', 'organisation'] as const;
export type ImportRegistry = (typeof importRegistries)[number];
export const importFormats = ['csv', 'xlsx'] as const;
export type ImportFormat = (typeof importFormats)[number];

/** Choices of an enum with their Chinese labels: one label for each value, checked by the compiler. */
export const labels = <T extends string>(values: readonly T[], zh: Record<T, string>): Choice[] => values.map((value) => ({ value, label: zh[value] }));

export const sexChoices = labels(sexes, { male: '男', female: '女', unknown: '未知' });
export const idKindChoices = labels(idKinds, { idCard: '居民身份证', passport: '护照', other: '其他证件' });
export const residencyChoices = labels(residencies, { registered: '户籍人口', floating: '流动人口', foreign: '境外人员' });

/** Persons (实有人口): PersonInput (person-input.ts), then where they live. Upserted by ID number. */
export const personColumns: readonly ImportColumn[] = [
  { key: 'name', title: '姓名', titleEn: 'Name', required: true, example: '张伟', width: 10 },
  { key: 'idKind', title: '证件类型', titleEn: 'ID kind', choices: idKindChoices, example: '居民身份证', width: 12 },
  { key: 'idNumber', title: '证件号码', titleEn: 'ID number', required: true, text: true, example: '370402199003071234', width: 22 },
  { key: 'sex', title: '性别', titleEn: 'Sex', choices: sexChoices, example: '男', width: 6 },
  { key: 'birthDate', title: '出生日期', titleEn: 'Birth date', date: true, example: '1990-03-07', width: 12 },
  { key: 'residency', title: '人口类型', titleEn: 'Residency', required: true, choices: residencyChoices, example: '户籍人口', width: 10 },
  { key: 'phone', title: '联系电话', titleEn: 'Phone', text: true, example: '13812345678', width: 14 },
  { key: 'formerName', title: '曾用名', titleEn: 'Former name', example: '', width: 10 },
  { key: 'ethnicity', title: '民族', titleEn: 'Ethnicity', example: '汉族', width: 8 },
  { key: 'nativePlace', title: '籍贯', titleEn: 'Native place', example: '山东枣庄', width: 12 },
  { key: 'maritalStatus', title: '婚姻状况', titleEn: 'Marital status', example: '已婚', width: 10 },
  { key: 'politicalStatus', title: '政治面貌', titleEn: 'Political status', example: '群众', width: 10 },
  { key: 'education', title: '文化程度', titleEn: 'Education', example: '大学本科', width: 10 },
  { key: 'religion', title: '宗教信仰', titleEn: 'Religion', example: '', width: 10 },
  { key: 'occupation', title: '职业', titleEn: 'Occupation', example: '教师', width: 12 },
  { key: 'registeredAddress', title: '户籍地址', titleEn: 'Registered address', example: '市中区光明路12号3单元301', width: 30 },
  { key: 'currentAddress', title: '现住址', titleEn: 'Current address', example: '', width: 30 },
  { key: 'gridCode', title: '网格编码', titleEn: 'Grid code', text: true, example: '3704020010131001', width: 20 },
  { key: 'dwellingAddressCode', title: '房屋地址编码', titleEn: 'Dwelling address code', text: true, example: '', width: 24 },
  { key: 'moveInReason', title: '流入原因', titleEn: 'Move-in reason', example: '', width: 12 },
  { key: 'movedInOn', title: '流入日期', titleEn: 'Moved in on', date: true, example: '', width: 12 },
  { key: 'registeredOn', title: '登记日期', titleEn: 'Registered on', date: true, example: '', width: 12 },
  { key: 'expectedLeaveOn', title: '预计离开日期', titleEn: 'Expected to leave on', date: true, example: '', width: 14 },
  { key: 'originCode', title: '来源地代码', titleEn: 'Origin code', text: true, example: '', width: 12 },
  { key: 'residencePermit', title: '居住证号', titleEn: 'Residence permit', text: true, example: '', width: 20 },
  { key: 'nationality', title: '国籍', titleEn: 'Nationality', example: '', width: 10 },
];

export const buildingKindChoices = labels(buildingKinds, {
  residential: '住宅楼',
  commercial: '商业楼',
  office: '办公楼',
  mixed: '商住楼',
  industrial: '厂房',
  public: '公共建筑',
  bungalow: '平房',
  other: '其他',
});
export const dwellingUseChoices = labels(dwellingUses, {
  residential: '住宅',
  commercial: '商业',
  office: '办公',
  storage: '仓储',
  vacant: '空置',
  other: '其他',
});
export const organisationKindChoices = labels(organisationKinds, {
  enterprise: '企业',
  individualBusiness: '个体工商户',
  socialOrganisation: '社会组织',
  publicInstitution: '事业单位',
  school: '学校',
  hospital: '医院',
  government: '机关',
  other: '其他',
});
export const placeKindChoices = labels(placeKinds, {
  publicPlace: '公共场所',
  entertainment: '娱乐场所',
  specialTrade: '特种行业',
  internetCafe: '网吧',
  hotel: '旅馆',
  school: '学校',
  hospital: '医院',
  market: '集贸市场',
  other: '其他',
});
export const organisationStatusChoices = labels(organisationStatuses, { active: '正常', closed: '已关闭' });
export const yesNoChoices = labels(['yes', 'no'] as const, { yes: '是', no: '否' });

/** The place columns the buildings and organisations share: a point (located to its grid) or a grid. */
const placeColumns: readonly ImportColumn[] = [
  { key: 'gridCode', title: '网格编码', titleEn: 'Grid code', text: true, example: '3704020010131001', width: 20 },
  { key: 'lng', title: '经度', titleEn: 'Longitude', text: true, example: '', width: 12 },
  { key: 'lat', title: '纬度', titleEn: 'Latitude', text: true, example: '', width: 12 },
];

/** Buildings (楼栋): BuildingBody (building.schemas.ts). Upserted by address code; rooms are not imported. */
export const buildingColumns: readonly ImportColumn[] = [
  { key: 'addressCode', title: '地址编码', titleEn: 'Address code', required: true, text: true, example: '3704020010130010001', width: 24 },
  { key: 'name', title: '楼栋名称', titleEn: 'Name', required: true, example: '光明小区1号楼', width: 16 },
  { key: 'address', title: '地址', titleEn: 'Address', required: true, example: '市中区光明路12号', width: 30 },
  { key: 'kind', title: '楼栋类型', titleEn: 'Kind', required: true, choices: buildingKindChoices, example: '住宅楼', width: 10 },
  { key: 'floors', title: '层数', titleEn: 'Floors', example: '6', width: 8 },
  ...placeColumns,
];

/**
 * Dwellings (房屋: a building's rooms): DwellingBody (building.schemas.ts), in a building named by its
 * address code. Upserted by the dwelling's address code (the building's, then unit 2 and room 4
 * digits), which is worked out from the building, unit and room when left blank.
 */
export const dwellingColumns: readonly ImportColumn[] = [
  { key: 'addressCode', title: '房屋地址编码', titleEn: 'Dwelling address code', text: true, example: '3704020010130010001010301', width: 28 },
  {
    key: 'buildingAddressCode',
    title: '楼栋地址编码',
    titleEn: 'Building address code',
    required: true,
    text: true,
    example: '3704020010130010001',
    width: 24,
  },
  { key: 'unitNo', title: '单元号', titleEn: 'Unit', text: true, example: '1', width: 8 },
  { key: 'roomNo', title: '房间号', titleEn: 'Room', required: true, text: true, example: '301', width: 8 },
  { key: 'floor', title: '楼层', titleEn: 'Floor', example: '', width: 8 },
  { key: 'use', title: '房屋用途', titleEn: 'Use', required: true, choices: dwellingUseChoices, example: '住宅', width: 10 },
  { key: 'areaM2', title: '建筑面积（平方米）', titleEn: 'Area (m²)', example: '89.5', width: 14 },
  { key: 'ownerName', title: '产权人', titleEn: 'Owner', example: '', width: 12 },
  { key: 'rental', title: '出租', titleEn: 'Let', choices: yesNoChoices, example: '否', width: 8 },
];

/** Organisations (单位组织), key units and key places: OrganisationBody (organisation.service.ts). Upserted by credit code. */
export const organisationColumns: readonly ImportColumn[] = [
  { key: 'creditCode', title: '统一社会信用代码', titleEn: 'Credit code', required: true, text: true, example: '91350100M000100Y43', width: 22 },
  { key: 'name', title: '单位名称', titleEn: 'Name', required: true, example: '枣庄光明商贸有限公司', width: 24 },
  { key: 'kind', title: '单位类型', titleEn: 'Kind', required: true, choices: organisationKindChoices, example: '企业', width: 12 },
  { key: 'address', title: '地址', titleEn: 'Address', required: true, example: '市中区光明路12号', width: 30 },
  { key: 'legalRepName', title: '法定代表人', titleEn: 'Legal representative', example: '张伟', width: 10 },
  { key: 'legalRepPhone', title: '法定代表人电话', titleEn: 'Legal representative phone', text: true, example: '13812345678', width: 14 },
  { key: 'employees', title: '从业人数', titleEn: 'Employees', example: '25', width: 10 },
  { key: 'keyUnit', title: '重点单位', titleEn: 'Key unit', choices: yesNoChoices, example: '否', width: 8 },
  { key: 'placeKind', title: '重点场所类型', titleEn: 'Key place kind', choices: placeKindChoices, example: '', width: 12 },
  { key: 'securityContactName', title: '治安负责人', titleEn: 'Security contact', example: '', width: 10 },
  { key: 'securityContactPhone', title: '治安负责人电话', titleEn: 'Security contact phone', text: true, example: '', width: 14 },
  { key: 'status', title: '经营状态', titleEn: 'Status', choices: organisationStatusChoices, example: '正常', width: 8 },
  ...placeColumns,
];

export const registryColumns: Record<ImportRegistry, readonly ImportColumn[]> = {
  person: personColumns,
  building: buildingColumns,
  dwelling: dwellingColumns,
  organisation: organisationColumns,
};
export const registryTitles: Record<ImportRegistry, { zh: string; en: string }> = {
  person: { zh: '实有人口', en: 'Persons' },
  building: { zh: '楼栋', en: 'Buildings' },
  dwelling: { zh: '房屋', en: 'Dwellings' },
  organisation: { zh: '单位组织', en: 'Organisations' },
};

/** The column a registry's rows are upserted by, as its messages name it. */
export const registryKeys: Record<ImportRegistry, { field: string; en: string; zh: string; record: string; recordZh: string }> = {
  person: { field: 'idNumber', en: 'ID number', zh: '证件号码', record: 'person', recordZh: '人员' },
  building: { field: 'addressCode', en: 'address code', zh: '地址编码', record: 'building', recordZh: '楼栋' },
  dwelling: { field: 'addressCode', en: 'address code', zh: '房屋地址编码', record: 'dwelling', recordZh: '房屋' },
  organisation: { field: 'creditCode', en: 'credit code', zh: '统一社会信用代码', record: 'organisation', recordZh: '单位' },
};

/** The enum value a cell names (its label or its value, any case), or undefined. */
export function choiceOf(column: ImportColumn, cell: string): string | undefined {
  const c = cell.trim();
  const lower = c.toLowerCase();
  return column.choices?.find((x) => x.label === c || x.value.toLowerCase() === lower)?.value;
}
