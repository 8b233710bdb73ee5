// Exporting a registry (Art. 10): the permission, an audit row naming the columns (written before a
// byte leaves), masked values only, and a file that carries its exporter's name and time. Rows are
// read a page at a time (keyset, in the list's order) and streamed out, so an export of a town's whole
// population holds one page in memory. One path for every registry: a registry is an `ExportSpec`
// (its columns, each reading a value from a row, and how to read the page after a row) built from the
// same filters and gate as its list.
import type { Readable } from 'node:stream';
import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { AppContext } from '../../context.js';
import { type Actor, requirePermission } from '../access/access.js';
import { appUser, department } from '../access/access.tables.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { building, carePerson, dispute, dwelling, hazard, household, organisation, person, watchedPerson } from './base.tables.js';
import { type BuildingQuery, buildingListWhere, type DwellingQuery, dwellingListWhere } from './building.service.js';
import { type CareQuery, careKinds, careListWhere, careStatuses } from './care.service.js';
import { type DisputeQuery, disputeKinds, disputeListWhere, disputeOutcomes, mediationMethods } from './dispute.service.js';
import { type HazardQuery, hazardKinds, hazardLevels, hazardListWhere, hazardStatuses } from './hazard.service.js';
import { type HouseholdQuery, householdFilterWhere, householdRows } from './household.service.js';
import {
  buildingKindChoices,
  type Choice,
  dwellingUseChoices,
  type ImportFormat,
  idKindChoices,
  labels,
  organisationKindChoices,
  organisationStatusChoices,
  placeKindChoices,
  residencyChoices,
  sexChoices,
} from './import-columns.js';
import { type OrganisationQuery, organisationListWhere } from './organisation.service.js';
import { type PersonQuery, personListWhere } from './person.service.js';
import { riskLevels, type WatchedQuery, watchedKinds, watchedListWhere } from './watched.service.js';
import { type TableColumn, writeTableFile } from './table-file.js';

export const exportRegistries = ['person', 'building', 'dwelling', 'organisation', 'household', 'carePerson', 'watchedPerson', 'dispute', 'hazard'] as const;
export type ExportRegistry = (typeof exportRegistries)[number];

type Cell = string | number | null;
export type ExportColumn<Row> = TableColumn & { value: (r: Row) => Cell };

export interface ExportSpec<Row> {
  registry: ExportRegistry;
  /** What a list shows (masked), never a sealed value. */
  columns: readonly ExportColumn<Row>[];
  /** The rows after `after` (from the first without it), in the export's order: at most `limit`. */
  page: (after: Row | undefined, limit: number) => Promise<Row[]>;
}

const titles: Record<ExportRegistry, { zh: string; en: string }> = {
  person: { zh: '实有人口', en: 'persons' },
  building: { zh: '楼栋', en: 'buildings' },
  dwelling: { zh: '房屋', en: 'dwellings' },
  organisation: { zh: '单位组织', en: 'organisations' },
  household: { zh: '户', en: 'households' },
  carePerson: { zh: '关爱对象', en: 'care-persons' },
  watchedPerson: { zh: '重点人员', en: 'watched-persons' },
  dispute: { zh: '矛盾纠纷', en: 'disputes' },
  hazard: { zh: '安全隐患', en: 'hazards' },
};

const label = (choices: readonly Choice[], v: string | null) => (v === null ? null : (choices.find((c) => c.value === v)?.label ?? v));
const statusLabels: Choice[] = [
  { value: 'active', label: '在册' },
  { value: 'movedOut', label: '已迁出' },
  { value: 'deceased', label: '已死亡' },
];
const householdKindLabels: Choice[] = [
  { value: 'family', label: '家庭户' },
  { value: 'collective', label: '集体户' },
];
// The console's labels (web/src/locales), for the file's readers; `labels` checks each list against its enum.
const recordStatusLabels = labels(careStatuses, { active: '在册', closed: '已撤销' });
const careKindLabels = labels(careKinds, {
  leftBehindChild: '留守儿童',
  elderlyAlone: '独居老人',
  emptyNestElderly: '空巢老人',
  womanInDifficulty: '困境妇女',
  disabled: '残疾人',
  lowIncome: '低收入人员',
});
const watchedKindLabels = labels(watchedKinds, {
  releasedPrisoner: '刑满释放人员',
  communityCorrection: '社区矫正对象',
  severeMentalDisorder: '严重精神障碍患者',
  drugUser: '吸毒人员',
  other: '其他',
});
const riskLabels = labels(riskLevels, { low: '低', medium: '中', high: '高' });
const disputeKindLabels = labels(disputeKinds, {
  family: '家庭纠纷',
  neighbours: '邻里纠纷',
  land: '土地纠纷',
  labour: '劳动纠纷',
  propertyManagement: '物业纠纷',
  marriage: '婚姻纠纷',
  debt: '债务纠纷',
  other: '其他',
});
const disputeOutcomeLabels = labels(disputeOutcomes, { pending: '待调解', mediating: '调解中', mediated: '调解成功', failed: '调解失败', referred: '已移交' });
const mediationMethodLabels = labels(mediationMethods, {
  peoplesMediation: '人民调解',
  administrativeMediation: '行政调解',
  judicialMediation: '司法调解',
  jointMediation: '联合调解',
  other: '其他',
});
const hazardKindLabels = labels(hazardKinds, {
  fire: '消防',
  building: '建筑',
  gas: '燃气',
  electrical: '用电',
  traffic: '交通',
  flood: '防汛',
  foodSafety: '食品安全',
  other: '其他',
});
const hazardLevelLabels = labels(hazardLevels, { general: '一般隐患', major: '重大隐患' });
const hazardStatusLabels = labels(hazardStatuses, { open: '待整改', rectifying: '整改中', rectified: '已整改' });

type Placed = { divisionCode: string; gridCode: string };
/** Where every record lies: the last columns of each export (`of` finds the record in a joined row). */
function placeColumns<Row extends Placed>(): ExportColumn<Row>[];
function placeColumns<Row>(of: (r: Row) => Placed): ExportColumn<Row>[];
function placeColumns<Row>(of: (r: Row) => Placed = (r) => r as Placed): ExportColumn<Row>[] {
  return [
    { key: 'divisionCode', title: '社区代码', width: 14, text: true, value: (r) => of(r).divisionCode },
    { key: 'gridCode', title: '网格编码', width: 20, text: true, value: (r) => of(r).gridCode },
  ];
}

/** Rows after (sort value, id) in that order: the keyset step where the sort column is not unique. */
const afterKey = (sort: AnyPgColumn, id: AnyPgColumn, last: { sort: string; id: string } | undefined) =>
  last ? sql`(${sort}, ${id}) > (${last.sort}, ${last.id}::uuid)` : undefined;

type PersonRow = typeof person.$inferSelect;
export function personExport(ctx: AppContext, actor: Actor, query: PersonQuery): ExportSpec<PersonRow> {
  const where = personListWhere(ctx, actor, query);
  return {
    registry: 'person',
    columns: [
      { key: 'name', title: '姓名', width: 10, value: (r) => r.name },
      { key: 'sex', title: '性别', width: 6, value: (r) => label(sexChoices, r.sex) },
      { key: 'birthYear', title: '出生年份', width: 10, value: (r) => (r.birthDate ? Number(r.birthDate.slice(0, 4)) : null) },
      { key: 'idKind', title: '证件类型', width: 12, value: (r) => label(idKindChoices, r.idKind) },
      { key: 'idNumberMasked', title: '证件号码（脱敏）', width: 22, text: true, value: (r) => r.idNumberMasked },
      { key: 'phoneMasked', title: '联系电话（脱敏）', width: 14, text: true, value: (r) => r.phoneMasked },
      { key: 'residency', title: '人口类型', width: 10, value: (r) => label(residencyChoices, r.residency) },
      { key: 'ethnicity', title: '民族', width: 8, value: (r) => r.ethnicity },
      { key: 'occupation', title: '职业', width: 12, value: (r) => r.occupation },
      { key: 'registeredAddressMasked', title: '户籍地址（脱敏）', width: 20, value: (r) => r.registeredAddressMasked },
      { key: 'currentAddressMasked', title: '现住址（脱敏）', width: 20, value: (r) => r.currentAddressMasked },
      { key: 'movedInOn', title: '流入日期', width: 12, value: (r) => r.movedInOn },
      { key: 'nationality', title: '国籍', width: 10, value: (r) => r.nationality },
      ...placeColumns<PersonRow>(),
      { key: 'status', title: '状态', width: 8, value: (r) => label(statusLabels, r.status) },
    ],
    page: (after, limit) =>
      ctx.db
        .select()
        .from(person)
        .where(and(where, afterKey(person.name, person.id, after && { sort: after.name, id: after.id })))
        .orderBy(asc(person.name), asc(person.id))
        .limit(limit),
  };
}

type BuildingRow = typeof building.$inferSelect;
export function buildingExport(ctx: AppContext, actor: Actor, query: BuildingQuery): ExportSpec<BuildingRow> {
  const where = buildingListWhere(ctx, actor, query);
  return {
    registry: 'building',
    columns: [
      { key: 'addressCode', title: '地址编码', width: 24, text: true, value: (r) => r.addressCode },
      { key: 'name', title: '楼栋名称', width: 16, value: (r) => r.name },
      // A building's street address is a place's, not a person's (base.tables.ts).
      { key: 'address', title: '地址', width: 30, value: (r) => r.address },
      { key: 'kind', title: '楼栋类型', width: 10, value: (r) => label(buildingKindChoices, r.kind) },
      { key: 'floors', title: '层数', width: 8, value: (r) => r.floors },
      { key: 'lng', title: '经度', width: 12, value: (r) => r.lng },
      { key: 'lat', title: '纬度', width: 12, value: (r) => r.lat },
      ...placeColumns<BuildingRow>(),
    ],
    // The address code is unique: it alone is the keyset.
    page: (after, limit) =>
      ctx.db
        .select()
        .from(building)
        .where(and(where, after ? gt(building.addressCode, after.addressCode) : undefined))
        .orderBy(asc(building.addressCode))
        .limit(limit),
  };
}

type DwellingExportRow = { d: typeof dwelling.$inferSelect; buildingName: string };
export function dwellingExport(ctx: AppContext, actor: Actor, query: DwellingQuery): ExportSpec<DwellingExportRow> {
  const where = dwellingListWhere(ctx, actor, query);
  return {
    registry: 'dwelling',
    // The owner is left out: a person's name beside a room's address code is where that person lives.
    columns: [
      { key: 'addressCode', title: '房屋地址编码', width: 26, text: true, value: (j) => j.d.addressCode },
      { key: 'buildingName', title: '楼栋名称', width: 16, value: (j) => j.buildingName },
      { key: 'unitLabel', title: '单元', width: 8, value: (j) => j.d.unitLabel },
      { key: 'floor', title: '楼层', width: 6, value: (j) => j.d.floor },
      { key: 'roomNo', title: '房号', width: 8, text: true, value: (j) => j.d.roomNo },
      { key: 'use', title: '房屋用途', width: 10, value: (j) => label(dwellingUseChoices, j.d.use) },
      { key: 'areaM2', title: '建筑面积（平方米）', width: 10, value: (j) => j.d.areaM2 },
      { key: 'rental', title: '出租房屋', width: 8, value: (j) => (j.d.rental ? '是' : '否') },
      ...placeColumns<DwellingExportRow>((j) => j.d),
    ],
    // The address code is unique: it alone is the keyset.
    page: (after, limit) =>
      ctx.db
        .select({ d: dwelling, buildingName: building.name })
        .from(dwelling)
        .innerJoin(building, eq(building.id, dwelling.buildingId))
        .where(and(where, after ? gt(dwelling.addressCode, after.d.addressCode) : undefined))
        .orderBy(asc(dwelling.addressCode))
        .limit(limit),
  };
}

type OrganisationRow = typeof organisation.$inferSelect;
export function organisationExport(ctx: AppContext, actor: Actor, query: OrganisationQuery): ExportSpec<OrganisationRow> {
  const where = organisationListWhere(ctx, actor, query);
  return {
    registry: 'organisation',
    columns: [
      { key: 'creditCode', title: '统一社会信用代码', width: 22, text: true, value: (r) => r.creditCode },
      { key: 'name', title: '单位名称', width: 24, value: (r) => r.name },
      { key: 'kind', title: '单位类型', width: 12, value: (r) => label(organisationKindChoices, r.kind) },
      { key: 'address', title: '地址', width: 30, value: (r) => r.address },
      { key: 'legalRepName', title: '法定代表人', width: 10, value: (r) => r.legalRepName },
      { key: 'legalRepPhoneMasked', title: '法定代表人电话（脱敏）', width: 16, text: true, value: (r) => r.legalRepPhoneMasked },
      { key: 'employees', title: '从业人数', width: 10, value: (r) => r.employees },
      { key: 'keyUnit', title: '重点单位', width: 8, value: (r) => (r.keyUnit ? '是' : '否') },
      { key: 'placeKind', title: '重点场所类型', width: 12, value: (r) => label(placeKindChoices, r.placeKind) },
      { key: 'securityContactName', title: '治安负责人', width: 10, value: (r) => r.securityContactName },
      { key: 'securityContactPhoneMasked', title: '治安负责人电话（脱敏）', width: 16, text: true, value: (r) => r.securityContactPhoneMasked },
      { key: 'status', title: '经营状态', width: 8, value: (r) => label(organisationStatusChoices, r.status) },
      ...placeColumns<OrganisationRow>(),
    ],
    page: (after, limit) =>
      ctx.db
        .select()
        .from(organisation)
        .where(and(where, afterKey(organisation.name, organisation.id, after && { sort: after.name, id: after.id })))
        .orderBy(asc(organisation.name), asc(organisation.id))
        .limit(limit),
  };
}

type HouseholdRow = Awaited<ReturnType<typeof householdRows>>[number];
export function householdExport(ctx: AppContext, actor: Actor, query: HouseholdQuery): ExportSpec<HouseholdRow> {
  const where = householdFilterWhere(ctx, actor, query);
  return {
    registry: 'household',
    // The household's dwelling is left out: with the head's name it would be a person's exact address.
    columns: [
      { key: 'householdNo', title: '户号', width: 16, text: true, value: (r) => r.householdNo },
      { key: 'kind', title: '户类型', width: 10, value: (r) => label(householdKindLabels, r.kind) },
      { key: 'headName', title: '户主', width: 10, value: (r) => r.headName },
      { key: 'members', title: '人数', width: 8, value: (r) => r.members },
      ...placeColumns<HouseholdRow>(),
    ],
    // The household number is unique: it alone is the keyset (householdRows adds the gate and orders by it).
    page: (after, limit) =>
      householdRows(ctx.db, ctx, actor, and(where, after ? gt(household.householdNo, after.householdNo) : undefined), {
        page: 1,
        pageSize: limit,
        offset: 0,
      }),
  };
}

/** A care or watched person's columns of their person: the name and the masked values a list shows. */
const personOf = {
  personName: person.name,
  sex: person.sex,
  birthDate: person.birthDate,
  idNumberMasked: person.idNumberMasked,
  phoneMasked: person.phoneMasked,
};
type PersonOf = { personName: string; sex: string; birthDate: string | null; idNumberMasked: string | null; phoneMasked: string | null };
/** The person columns of a record about a person: what its list shows (the watched list: no sex or birth year). */
const personOfColumns = <Row extends PersonOf>(withBirth: boolean): ExportColumn<Row>[] => [
  { key: 'personName', title: '姓名', width: 10, value: (r) => r.personName },
  ...(withBirth
    ? [
        { key: 'sex', title: '性别', width: 6, value: (r: Row) => label(sexChoices, r.sex) },
        { key: 'birthYear', title: '出生年份', width: 10, value: (r: Row) => (r.birthDate ? Number(r.birthDate.slice(0, 4)) : null) },
      ]
    : []),
  { key: 'idNumberMasked', title: '证件号码（脱敏）', width: 22, text: true, value: (r) => r.idNumberMasked },
  { key: 'phoneMasked', title: '联系电话（脱敏）', width: 14, text: true, value: (r) => r.phoneMasked },
];

type CareExportRow = PersonOf & { r: typeof carePerson.$inferSelect };
export function careExport(ctx: AppContext, actor: Actor, query: CareQuery): ExportSpec<CareExportRow> {
  const where = careListWhere(ctx, actor, query);
  return {
    registry: 'carePerson',
    columns: [
      ...personOfColumns<CareExportRow>(true),
      { key: 'kind', title: '关爱类别', width: 12, value: (j) => label(careKindLabels, j.r.kind) },
      { key: 'needs', title: '需求', width: 24, value: (j) => j.r.needs },
      { key: 'helper', title: '结对帮扶人', width: 12, value: (j) => j.r.helper },
      { key: 'lastVisitOn', title: '最近探访', width: 12, value: (j) => j.r.lastVisitOn },
      { key: 'status', title: '状态', width: 8, value: (j) => label(recordStatusLabels, j.r.status) },
      ...placeColumns<CareExportRow>((j) => j.r),
    ],
    page: (after, limit) =>
      ctx.db
        .select({ r: carePerson, ...personOf })
        .from(carePerson)
        .innerJoin(person, eq(person.id, carePerson.personId))
        .where(and(where, afterKey(person.name, carePerson.id, after && { sort: after.personName, id: after.r.id })))
        .orderBy(asc(person.name), asc(carePerson.id))
        .limit(limit),
  };
}

type WatchedExportRow = PersonOf & { r: typeof watchedPerson.$inferSelect; unitName: string | null };
/**
 * Watched persons go only to the roles responsible for them (the list's gate), and the export's audit
 * row is the read's log. The sealed note never leaves; helpers are named as the record names them.
 */
export function watchedExport(ctx: AppContext, actor: Actor, query: WatchedQuery): ExportSpec<WatchedExportRow> {
  const where = watchedListWhere(ctx, actor, query);
  return {
    registry: 'watchedPerson',
    columns: [
      ...personOfColumns<WatchedExportRow>(false),
      { key: 'kind', title: '人员类别', width: 16, value: (j) => label(watchedKindLabels, j.r.kind) },
      { key: 'riskLevel', title: '风险等级', width: 8, value: (j) => label(riskLabels, j.r.riskLevel) },
      { key: 'responsibleUnit', title: '责任单位', width: 16, value: (j) => j.unitName },
      { key: 'helpers', title: '帮教人员', width: 16, value: (j) => j.r.helpers },
      { key: 'followUpDays', title: '随访周期（天）', width: 10, value: (j) => j.r.followUpDays },
      { key: 'lastFollowUpOn', title: '最近随访', width: 12, value: (j) => j.r.lastFollowUpOn },
      { key: 'status', title: '状态', width: 8, value: (j) => label(recordStatusLabels, j.r.status) },
      ...placeColumns<WatchedExportRow>((j) => j.r),
    ],
    page: (after, limit) =>
      ctx.db
        .select({ r: watchedPerson, ...personOf, unitName: department.name })
        .from(watchedPerson)
        .innerJoin(person, eq(person.id, watchedPerson.personId))
        .leftJoin(department, eq(department.id, watchedPerson.responsibleUnitId))
        .where(and(where, afterKey(person.name, watchedPerson.id, after && { sort: after.personName, id: after.r.id })))
        .orderBy(asc(person.name), asc(watchedPerson.id))
        .limit(limit),
  };
}

/** Rows after (date, id), oldest first: the keyset of the dated registries. */
const afterDate = (on: AnyPgColumn, id: AnyPgColumn, last: { on: string; id: string } | undefined): SQL | undefined =>
  last ? sql`(${on}, ${id}) > (${last.on}::date, ${last.id}::uuid)` : undefined;

type DisputeExportRow = { r: typeof dispute.$inferSelect; unitName: string | null };
export function disputeExport(ctx: AppContext, actor: Actor, query: DisputeQuery): ExportSpec<DisputeExportRow> {
  const where = disputeListWhere(ctx, actor, query);
  return {
    registry: 'dispute',
    // The parties are counted, not named: the file is the registry, a party's record is in the console.
    columns: [
      { key: 'occurredOn', title: '发生日期', width: 12, value: (j) => j.r.occurredOn },
      { key: 'kind', title: '类别', width: 12, value: (j) => label(disputeKindLabels, j.r.kind) },
      { key: 'place', title: '发生地点', width: 24, value: (j) => j.r.place },
      { key: 'partyCount', title: '当事人数', width: 8, value: (j) => j.r.partyCount },
      { key: 'summary', title: '纠纷概要', width: 40, value: (j) => j.r.summary },
      { key: 'mediatingUnit', title: '调解单位', width: 16, value: (j) => j.unitName },
      { key: 'method', title: '调解方式', width: 10, value: (j) => label(mediationMethodLabels, j.r.method) },
      { key: 'outcome', title: '调解状态', width: 10, value: (j) => label(disputeOutcomeLabels, j.r.outcome) },
      { key: 'followUpOn', title: '回访日期', width: 12, value: (j) => j.r.followUpOn },
      ...placeColumns<DisputeExportRow>((j) => j.r),
    ],
    page: (after, limit) =>
      ctx.db
        .select({ r: dispute, unitName: department.name })
        .from(dispute)
        .leftJoin(department, eq(department.id, dispute.mediatingUnitId))
        .where(and(where, afterDate(dispute.occurredOn, dispute.id, after && { on: after.r.occurredOn, id: after.r.id })))
        .orderBy(asc(dispute.occurredOn), asc(dispute.id))
        .limit(limit),
  };
}

type HazardExportRow = { r: typeof hazard.$inferSelect; organisationName: string | null };
export function hazardExport(ctx: AppContext, actor: Actor, query: HazardQuery): ExportSpec<HazardExportRow> {
  const where = hazardListWhere(ctx, actor, query);
  return {
    registry: 'hazard',
    columns: [
      { key: 'foundOn', title: '发现日期', width: 12, value: (j) => j.r.foundOn },
      { key: 'kind', title: '类别', width: 10, value: (j) => label(hazardKindLabels, j.r.kind) },
      { key: 'level', title: '等级', width: 10, value: (j) => label(hazardLevelLabels, j.r.level) },
      { key: 'description', title: '隐患描述', width: 40, value: (j) => j.r.description },
      { key: 'organisation', title: '所在单位', width: 24, value: (j) => j.organisationName },
      { key: 'rectifyBy', title: '整改期限', width: 12, value: (j) => j.r.rectifyBy },
      { key: 'status', title: '整改状态', width: 10, value: (j) => label(hazardStatusLabels, j.r.status) },
      { key: 'rectifiedOn', title: '整改完成日期', width: 12, value: (j) => j.r.rectifiedOn },
      { key: 'lng', title: '经度', width: 12, value: (j) => j.r.lng },
      { key: 'lat', title: '纬度', width: 12, value: (j) => j.r.lat },
      ...placeColumns<HazardExportRow>((j) => j.r),
    ],
    page: (after, limit) =>
      ctx.db
        .select({ r: hazard, organisationName: organisation.name })
        .from(hazard)
        .leftJoin(organisation, eq(organisation.id, hazard.organisationId))
        .where(and(where, afterDate(hazard.foundOn, hazard.id, after && { on: after.r.foundOn, id: after.r.id })))
        .orderBy(asc(hazard.foundOn), asc(hazard.id))
        .limit(limit),
  };
}

const PAGE = 1000;

/** "2026-12-05 08:40:12" in Beijing time. */
function beijingTime(d: Date): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(d);
}

/** The export as a file: the permission, the audit row, then the rows streamed a page at a time. */
export async function exportRegistry<Row>(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  spec: ExportSpec<Row>,
  format: ImportFormat,
): Promise<{ fileName: string; body: Readable }> {
  requirePermission(actor, 'base.export');
  const now = ctx.now();
  const exporter = await ctx.db.transaction(async (tx) => {
    const [me] = await tx.select({ displayName: appUser.displayName }).from(appUser).where(eq(appUser.id, actor.userId));
    // Art. 10: who exported which columns is kept before the first row is read (never the filter text: it may be a phone number).
    await recordAudit(tx, audit, {
      action: 'base.export',
      targetType: spec.registry,
      divisionCode: actor.divisionCode,
      fields: spec.columns.map((c) => c.key),
      detail: format,
    });
    return me?.displayName ?? actor.username;
  });
  const time = beijingTime(now);
  async function* rows() {
    let after: Row | undefined;
    for (;;) {
      const page = await spec.page(after, PAGE);
      for (const r of page) yield spec.columns.map((c) => c.value(r));
      if (page.length < PAGE) return;
      after = page[page.length - 1];
    }
  }
  const title = titles[spec.registry];
  return {
    fileName: `${title.zh}-${title.en}-${time.slice(0, 10)}.${format}`,
    body: writeTableFile({
      format,
      sheetName: title.zh,
      columns: spec.columns,
      preamble: `导出人：${exporter}  导出时间：${time}（北京时间） Exported by ${exporter} at ${time} (UTC+8)`,
      creator: exporter,
      rows: rows(),
    }),
  };
}
