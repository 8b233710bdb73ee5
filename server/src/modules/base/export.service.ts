// Exporting a registry (Art. 10): the permission, an audit row naming the columns (written before a
// byte leaves), masked values only, and a file that carries its exporter's name and time. Rows are
// read a page at a time (keyset, in the list's order) and streamed out, so an export of a town's whole
// population holds one page in memory. One path for every registry: a registry is an `ExportSpec`
// (its columns, each reading a value from a row, and how to read the page after a row) built from the
// same filters and gate as its list.
import type { Readable } from 'node:stream';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { AppContext } from '../../context.js';
import { type Actor, requirePermission } from '../access/access.js';
import { appUser } from '../access/access.tables.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { building, household, organisation, person } from './base.tables.js';
import { type BuildingQuery, buildingListWhere } from './building.service.js';
import { type HouseholdQuery, householdFilterWhere, householdRows } from './household.service.js';
import {
  buildingKindChoices,
  type Choice,
  type ImportFormat,
  idKindChoices,
  organisationKindChoices,
  organisationStatusChoices,
  placeKindChoices,
  residencyChoices,
  sexChoices,
} from './import-columns.js';
import { type OrganisationQuery, organisationListWhere } from './organisation.service.js';
import { type PersonQuery, personListWhere } from './person.service.js';
import { type TableColumn, writeTableFile } from './table-file.js';

export const exportRegistries = ['person', 'building', 'organisation', 'household'] as const;
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
  organisation: { zh: '单位组织', en: 'organisations' },
  household: { zh: '户', en: 'households' },
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

/** Where every record lies: the last columns of each export. */
const placeColumns = <Row extends { divisionCode: string; gridCode: string }>(): ExportColumn<Row>[] => [
  { key: 'divisionCode', title: '社区代码', width: 14, text: true, value: (r) => r.divisionCode },
  { key: 'gridCode', title: '网格编码', width: 20, text: true, value: (r) => r.gridCode },
];

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
