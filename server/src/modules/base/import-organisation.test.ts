// Importing organisations, key units and key places (issue 5 §4) through the API on a real
// database: the templates, an Excel file of 30 organisations with 4 bad rows (nothing written in
// mode 'all', each row and column reported, never the value; the valid ones in mode 'validOnly',
// phones sealed and masked, an individual business's code taken without the organisation-code
// check), the same file again changing nothing, a CSV that updates and adds, and rows outside the
// uploader's jurisdiction refused.
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_GRID, WORKER_GRID as GRID, creditCode, orgCheck } from '../../test/base-factories.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { type FileRowValues, importFiles, leaderOf } from '../../test/import-files.js';
import { auditEvent } from '../audit/audit.tables.js';
import { ensureDemoGrids } from '../territory/grid-seed.js';
import { baseChange, organisation } from './base.tables.js';
import { organisationColumns } from './import-columns.js';
import { organisationImporter } from './import-organisation.js';

let t: TestApp;
let files: ReturnType<typeof importFiles>;

const codeOf = (i: number) => creditCode('91', '370402', `MA${String(i).padStart(6, '0')}`);
/** An individual business's code whose embedded organisation code fails GB 11714 (allowed for 92…). */
const body = 'L1234567';
const individual = creditCode('92', '370402', body, orgCheck(body) === '0' ? '1' : '0');
const phoneOf = (i: number) => `135${String(i).padStart(8, '0')}`;
const goodRow = (i: number, over: FileRowValues = {}): FileRowValues => ({
  creditCode: codeOf(i),
  name: `光明商贸${i}号店`,
  kind: '企业',
  address: `市中区光明路${i}号`,
  legalRepName: `法人${i}`,
  legalRepPhone: phoneOf(i),
  employees: String(i),
  keyUnit: i % 3 === 0 ? '是' : '否',
  placeKind: i % 5 === 0 ? '网吧' : '',
  gridCode: GRID,
  ...over,
});
const stored = (codes: string[]) => t.ctx.db.select().from(organisation).where(inArray(organisation.creditCode, codes)).orderBy(asc(organisation.creditCode));
const countOrganisations = async () => (await t.ctx.db.select({ n: count() }).from(organisation))[0]?.n ?? 0;

beforeAll(async () => {
  t = await createTestApp();
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
  files = importFiles(t, 'organisation', organisationColumns);
}, 180_000);
afterAll(() => t.close());

describe('templates', () => {
  it('gives the organisation template as xlsx with the lists of choices, and as CSV', async () => {
    const res = await t.request({ method: 'GET', url: '/api/base-imports/templates/organisation.xlsx', as: 'zhongxinjie' });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(organisationColumns.map((c) => c.title));
    const keyUnit = organisationColumns.findIndex((c) => c.key === 'keyUnit') + 1;
    expect(sheet.getCell(3, keyUnit).dataValidation).toMatchObject({ type: 'list', formulae: ['"是,否"'] });
    const csv = await t.request({ method: 'GET', url: '/api/base-imports/templates/organisation.csv', as: 'leader' });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[1]).toBe(organisationColumns.map((c) => c.key).join(','));
    const job = await files.importFile(csv.rawPayload, 'template.csv', 'all', 'leader');
    expect(job).toMatchObject({ status: 'done', rowsRead: 0 });
  });
});

describe('an Excel file of 30 organisations with 4 bad rows', () => {
  const rows = Array.from({ length: 30 }, (_, i) => goodRow(i + 1));
  const code3 = codeOf(3);
  rows[2] = goodRow(3, { creditCode: `${code3.slice(0, 17)}${code3[17] === '0' ? '1' : '0'}` }); // a typing slip: check character
  rows[9] = goodRow(10, { legalRepPhone: '12345' });
  rows[14] = goodRow(15, { keyUnit: '也许' });
  rows[19] = goodRow(20, { employees: '-3' });
  rows[24] = goodRow(25, { creditCode: individual, kind: '个体工商户', placeKind: '旅馆' });
  const codes = rows.map((r) => (r.creditCode as string).toUpperCase());
  let file: Buffer;
  let afterFirst: Awaited<ReturnType<typeof stored>>;

  beforeAll(async () => {
    file = await files.xlsxOf(rows);
  });

  it("in mode 'all' writes nothing and reports each bad row and column, never the value", async () => {
    const before = await countOrganisations();
    const job = await files.importFile(file, '单位.xlsx', 'all', 'zhongxinjie');
    expect(job).toMatchObject({ status: 'invalid', rowsRead: 30, rowsValid: 26, rowsInvalid: 4, rowsCreated: 0 });
    expect(await countOrganisations()).toBe(before);
    const problems = await files.problemsOf(job.id, 'zhongxinjie');
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [4, '统一社会信用代码'],
      [11, '法定代表人电话'],
      [16, '重点单位'],
      [21, '从业人数'],
    ]);
    expect(problems[0]?.messageZh).toContain('校验码');
    expect(JSON.stringify(problems)).not.toContain('12345');
    expect(JSON.stringify(problems)).not.toContain(code3.slice(0, 17));
  });

  it("in mode 'validOnly' imports the 26 valid rows with sealed phones, key units and key places, and their history", async () => {
    const job = await files.importFile(file, '单位.xlsx', 'validOnly', 'zhongxinjie');
    expect(job).toMatchObject({ status: 'done', rowsCreated: 26, rowsInvalid: 4 });
    const orgs = await stored(codes);
    expect(orgs).toHaveLength(26);
    const six = orgs.find((o) => o.creditCode === codeOf(6));
    expect(six).toMatchObject({
      keyUnit: true,
      placeKind: null,
      employees: 6,
      legalRepPhoneMasked: '135****0006',
      status: 'active',
      gridCode: GRID,
      kind: 'enterprise',
    });
    expect(six?.legalRepPhoneSealed).not.toContain(phoneOf(6));
    expect(orgs.find((o) => o.creditCode === individual)).toMatchObject({ kind: 'individualBusiness', placeKind: 'hotel', keyUnit: false });
    expect(JSON.stringify(orgs)).not.toContain(phoneOf(6));
    const history = await t.ctx.db.select().from(baseChange).where(eq(baseChange.importId, job.id));
    expect(history).toHaveLength(26);
    expect(history.every((h) => h.entity === 'organisation' && h.source === 'import' && h.action === 'create')).toBe(true);
    expect(JSON.stringify(history)).not.toContain(phoneOf(6));
    const audits = await t.ctx.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'base.import'), eq(auditEvent.targetId, job.id)));
    expect(audits.map((a) => a.detail)).toEqual([expect.stringMatching(/^organisation done .*created=26/)]);
    // Found as the API finds them: a key place by the list's filter.
    const list = await t.request({ method: 'GET', url: '/api/organisations?keyPlace=true&pageSize=100', as: 'zhongxinjie' });
    expect(list.json().items.map((o: { creditCode: string }) => o.creditCode)).toContain(individual);
    afterFirst = orgs;
  });

  it('imported again, changes nothing: the phones, sealed anew, are told unchanged by their hash', async () => {
    const changes = (await t.ctx.db.select({ n: count() }).from(baseChange))[0]?.n;
    const job = await files.importFile(file, '单位.xlsx', 'validOnly', 'zhongxinjie');
    expect(job).toMatchObject({ status: 'done', rowsCreated: 0, rowsUpdated: 0, rowsUnchanged: 26 });
    expect((await t.ctx.db.select({ n: count() }).from(baseChange))[0]?.n).toBe(changes);
    expect(await stored(codes)).toEqual(afterFirst);
  });

  it('a CSV with a changed phone, a closed shop and a new one updates two and adds one', async () => {
    const csv = files.csvOf([
      goodRow(1, { legalRepPhone: '0632-3312345' }),
      goodRow(2, { status: '已关闭' }),
      goodRow(4),
      goodRow(40, { creditCode: codeOf(40).toLowerCase() }),
    ]);
    const job = await files.importFile(csv, '单位.csv', 'all', 'zhongxinjie');
    expect(job).toMatchObject({ status: 'done', format: 'csv', rowsCreated: 1, rowsUpdated: 2, rowsUnchanged: 1 });
    const [one, two, , forty] = await stored([codeOf(1), codeOf(2), codeOf(4), codeOf(40)]);
    expect(one).toMatchObject({ legalRepPhoneMasked: '0632-****345', version: 2 });
    expect(two).toMatchObject({ status: 'closed', version: 2 });
    expect(forty?.creditCode).toBe(codeOf(40));
    const [change] = await t.ctx.db
      .select()
      .from(baseChange)
      .where(and(eq(baseChange.importId, job.id), eq(baseChange.entityId, one?.id as string)));
    expect(change?.changes).toEqual({ legalRepPhoneMasked: { from: '135****0001', to: '0632-****345' } });
  });
});

describe('jurisdiction', () => {
  it("gives a grid leader's rows outside their grids, and organisations registered there, as row errors", async () => {
    // The town centre registers one in another community's grid.
    expect(await files.importFile(files.csvOf([goodRow(70, { gridCode: OTHER_GRID })]), 't.csv', 'all', 'zhongxinjie')).toMatchObject({ rowsCreated: 1 });
    const job = await files.importFile(files.csvOf([goodRow(71), goodRow(72, { gridCode: OTHER_GRID }), goodRow(70)]), 'l.csv', 'all', 'leader');
    expect(job).toMatchObject({ status: 'invalid', rowsValid: 1, rowsInvalid: 2, rowsCreated: 0 });
    const problems = await files.problemsOf(job.id, 'leader');
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [3, '网格编码'],
      [4, '统一社会信用代码'],
    ]);
    expect(problems[1]?.messageZh).toBe('该统一社会信用代码的单位已在您的管辖范围外登记。');
    const [seventy] = await stored([codeOf(70)]);
    expect(seventy?.gridCode).toBe(OTHER_GRID);
    expect(await stored([codeOf(71)])).toEqual([]);
  });

  it('refuses at the write an organisation registered elsewhere after the first pass', async () => {
    const narrow = await leaderOf(t, [GRID]);
    // Registered in the leader's grid: the leader may update it; then moved out before the write.
    expect(await files.importFile(files.csvOf([goodRow(80)]), 't.csv', 'all', 'zhongxinjie')).toMatchObject({ rowsCreated: 1 });
    const importer = organisationImporter(t.ctx, narrow, randomUUID());
    const cells = (r: FileRowValues) => Object.fromEntries(organisationColumns.map((c) => [c.key, r[c.key] || null]));
    const { valid, problems } = await importer.check(t.ctx.db, [{ rowNo: 2, cells: cells(goodRow(80, { name: '改名' })) }]);
    expect(problems).toEqual([]);
    expect(await importer.foreignKeys(t.ctx.db, [codeOf(80)])).toEqual(new Set());
    await t.ctx.db
      .update(organisation)
      .set({ gridCode: OTHER_GRID, divisionCode: '370402001016' })
      .where(eq(organisation.creditCode, codeOf(80)));
    const result = await t.ctx.db.transaction((tx) => importer.upsert(tx, importer.prepare(valid)));
    expect(result).toMatchObject({ created: 0, updated: 0, refused: [{ rowNo: 2, field: 'creditCode' }] });
    const [eighty] = await stored([codeOf(80)]);
    expect(eighty?.name).toBe('光明商贸80号店');
  });
});
