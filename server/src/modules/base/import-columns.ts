// The columns of a registry's import template and export file: one map per registry, Chinese title
// first (what the user sees), English key second (what the code reads, in the template's second,
// hidden row). A file's header may name a column by either; enum cells take the Chinese label or
// the English value. A new registry (buildings by address code, organisations by credit code) is a
// new column map and a new importer (import-person.ts is the first).
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

export const importRegistries = ['person'] as const;
export type ImportRegistry = (typeof importRegistries)[number];
export const importFormats = ['csv', 'xlsx'] as const;
export type ImportFormat = (typeof importFormats)[number];

const labels = <T extends string>(values: readonly T[], zh: Record<T, string>): Choice[] => values.map((value) => ({ value, label: zh[value] }));

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

export const registryColumns: Record<ImportRegistry, readonly ImportColumn[]> = { person: personColumns };
export const registryTitles: Record<ImportRegistry, { zh: string; en: string }> = { person: { zh: '实有人口', en: 'Persons' } };

/** The enum value a cell names (its label or its value, any case), or undefined. */
export function choiceOf(column: ImportColumn, cell: string): string | undefined {
  const c = cell.trim();
  const lower = c.toLowerCase();
  return column.choices?.find((x) => x.label === c || x.value.toLowerCase() === lower)?.value;
}
