// Exporting a registry (Art. 10): the permission, an audit row naming the columns (written before a
// byte leaves), masked values only, and a file that carries its exporter's name and time. Rows are
// read a page at a time (keyset by name and id) and streamed out, so an export of a town's whole
// population holds one page in memory.
import type { Readable } from 'node:stream';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { type Actor, requirePermission } from '../access/access.js';
import { appUser } from '../access/access.tables.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { person } from './base.tables.js';
import { type ImportFormat, idKindChoices, residencyChoices, sexChoices } from './import-columns.js';
import { type PersonQuery, personListWhere } from './person.service.js';
import { type TableColumn, writeTableFile } from './table-file.js';

type PersonRow = typeof person.$inferSelect;

const label = (choices: readonly { value: string; label: string }[], v: string | null) =>
  v === null ? null : (choices.find((c) => c.value === v)?.label ?? v);
const statusLabels = [
  { value: 'active', label: '在册' },
  { value: 'movedOut', label: '已迁出' },
  { value: 'deceased', label: '已死亡' },
];

/** The export's columns: what a list shows (masked), never a sealed value. */
const personExportColumns: readonly (TableColumn & { value: (r: PersonRow) => string | number | null })[] = [
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
  { key: 'divisionCode', title: '社区代码', width: 14, text: true, value: (r) => r.divisionCode },
  { key: 'gridCode', title: '网格编码', width: 20, text: true, value: (r) => r.gridCode },
  { key: 'status', title: '状态', width: 8, value: (r) => label(statusLabels, r.status) },
];

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

export async function exportPersons(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  query: PersonQuery,
  format: ImportFormat,
): Promise<{ fileName: string; body: Readable }> {
  requirePermission(actor, 'base.export');
  const where = personListWhere(ctx, actor, query);
  const now = ctx.now();
  const exporter = await ctx.db.transaction(async (tx) => {
    const [me] = await tx.select({ displayName: appUser.displayName }).from(appUser).where(eq(appUser.id, actor.userId));
    // Art. 10: who exported which columns is kept before the first row is read (never the filter text: it may be a phone number).
    await recordAudit(tx, audit, {
      action: 'base.export',
      targetType: 'person',
      divisionCode: actor.divisionCode,
      fields: personExportColumns.map((c) => c.key),
      detail: format,
    });
    return me?.displayName ?? actor.username;
  });
  const time = beijingTime(now);
  async function* rows() {
    let after: { name: string; id: string } | undefined;
    for (;;) {
      const page = await ctx.db
        .select()
        .from(person)
        .where(and(where, after ? sql`(${person.name}, ${person.id}) > (${after.name}, ${after.id}::uuid)` : undefined))
        .orderBy(asc(person.name), asc(person.id))
        .limit(PAGE);
      for (const r of page) yield personExportColumns.map((c) => c.value(r));
      if (page.length < PAGE) return;
      const last = page[page.length - 1] as PersonRow;
      after = { name: last.name, id: last.id };
    }
  }
  return {
    fileName: `实有人口-persons-${time.slice(0, 10)}.${format}`,
    body: writeTableFile({
      format,
      sheetName: '实有人口',
      columns: personExportColumns,
      preamble: `导出人：${exporter}  导出时间：${time}（北京时间） Exported by ${exporter} at ${time} (UTC+8)`,
      creator: exporter,
      rows: rows(),
    }),
  };
}
