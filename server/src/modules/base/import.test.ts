// Registry import and export (issue 5 §4) through the API on a real database: the templates, an
// Excel file of 1,000 persons with 3 bad rows (nothing written in mode 'all', a report naming each
// row and column; the 997 valid rows in mode 'validOnly'), the same file again changing nothing, a
// CSV that updates and adds, duplicates inside a file, a grid leader's rows outside their grids,
// and the masked, audited export that names its exporter.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { and, asc, count, eq, inArray, like, not, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { withCheck } from '../../test/base-factories.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { type FileRowValues, importFiles, leaderOf } from '../../test/import-files.js';
import { appUser } from '../access/access.tables.js';
import { auditEvent } from '../audit/audit.tables.js';
import { grid } from '../territory/grid.tables.js';
import { ensureDemoGrids } from '../territory/grid-seed.js';
import { diffShown } from './base-history.js';
import { shownFields } from './base-records.js';
import { baseChange, person } from './base.tables.js';
import { personColumns } from './import-columns.js';
import { personImporter } from './import-person.js';
import { ABANDONED_AFTER_MS, importsDir, sweepAbandonedImports } from './import.service.js';
import { baseImport } from './import.tables.js';

const GRID = '3704020010131001'; // 铁西居委会: the grid of `leader` and `worker`, inside 中心街街道 (`zhongxinjie`)
let t: TestApp;
let otherGrid: string; // a grid of 中心街街道 outside 铁西居委会, whose basic grids the demo leader holds

/** The i-th test person's ID number: born 1980-01-01 plus i days' worth of sequence numbers. */
const idOf = (i: number) => withCheck(`3704021980${String(101 + Math.floor(i / 900)).padStart(4, '0')}${String(100 + (i % 900)).padStart(3, '0')}`);
const phoneOf = (i: number) => `139${String(i).padStart(8, '0')}`;
const titles = personColumns.map((c) => c.title);

type Row = FileRowValues;
function goodRow(i: number, over: Row = {}): Row {
  const floating = i % 10 === 0;
  return {
    name: `测试人${i}`,
    idKind: '居民身份证',
    idNumber: idOf(i),
    residency: floating ? '流动人口' : '户籍人口',
    phone: phoneOf(i),
    registeredAddress: `市中区光明路${i}号`,
    gridCode: GRID,
    ...(floating ? { movedInOn: '2024-05-01', moveInReason: '务工' } : {}),
    ...over,
  };
}
let files: ReturnType<typeof importFiles>;
const xlsxOf = (rows: Row[]) => files.xlsxOf(rows);
const csvOf = (rows: Row[]) => files.csvOf(rows);
const upload = (file: Buffer, fileName: string, mode: 'all' | 'validOnly', as = 'zhongxinjie', registry = 'person') =>
  files.upload(file, fileName, mode, as, registry);
/** Uploads, waits for the job to end, and answers its status as the API gives it. */
const importFile = (file: Buffer, fileName: string, mode: 'all' | 'validOnly', as = 'zhongxinjie') => files.importFile(file, fileName, mode, as);
async function problemsOf(id: string, as = 'zhongxinjie') {
  const res = await t.request({ method: 'GET', url: `/api/base-imports/${id}/errors?pageSize=200`, as });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}
const personsInDb = () => t.ctx.db.select().from(person).orderBy(asc(person.id));
const countPersons = async () => (await t.ctx.db.select({ n: count() }).from(person))[0]?.n ?? 0;

beforeAll(async () => {
  t = await createTestApp();
  files = importFiles(t, 'person', personColumns);
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
  const [g] = await t.ctx.db
    .select({ code: grid.code })
    .from(grid)
    .where(and(like(grid.communityCode, '370402001%'), not(eq(grid.communityCode, '370402001013')), eq(grid.kind, 'basic')))
    .limit(1);
  otherGrid = g?.code as string;
}, 180_000);
afterAll(() => t.close());

describe('templates', () => {
  it('gives the person template as xlsx: titles, a hidden row of keys, choices, and notes with an example', async () => {
    const res = await t.request({ method: 'GET', url: '/api/base-imports/templates/person.xlsx', as: 'zhongxinjie' });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('attachment');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(titles);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(personColumns.map((c) => c.key));
    expect(sheet.getRow(2).hidden).toBe(true);
    const residency = personColumns.findIndex((c) => c.key === 'residency') + 1;
    expect(sheet.getCell(3, residency).dataValidation).toMatchObject({ type: 'list', formulae: ['"户籍人口,流动人口,境外人员"'] });
    const notes = book.worksheets[1] as ExcelJS.Worksheet;
    expect(notes.name).toBe('填写说明');
    expect(JSON.stringify(notes.getSheetValues())).toContain('370402199003071234');
  });

  it('gives it as CSV with the keys and an example row the importer skips', async () => {
    const res = await t.request({ method: 'GET', url: '/api/base-imports/templates/person.csv', as: 'leader' });
    expect(res.statusCode).toBe(200);
    const lines = res.body
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(titles.join(','));
    expect(lines[1]).toBe(personColumns.map((c) => c.key).join(','));
    expect(lines[2]?.startsWith('#张伟,')).toBe(true);
    // The template itself imports as nothing at all.
    const job = await importFile(res.rawPayload, 'template.csv', 'all', 'leader');
    expect(job).toMatchObject({ status: 'done', rowsRead: 0, rowsCreated: 0 });
  });

  it('is refused without base.import (403) and for an unknown registry (400)', async () => {
    expect((await t.request({ method: 'GET', url: '/api/base-imports/templates/person.xlsx', as: 'worker' })).statusCode).toBe(403);
    const res = await t.request({ method: 'GET', url: '/api/base-imports/templates/cars.xlsx', as: 'zhongxinjie' });
    expect(res.statusCode).toBe(400);
  });
});

describe('an Excel file of 1,000 persons with 3 bad rows', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => goodRow(i));
  // File rows are numbered from 1 at the header: the i-th person is on row i + 2.
  const BAD_CHECK = 100;
  const BAD_MOVE_IN = 420;
  const BAD_GRID = 777;
  const id100 = idOf(BAD_CHECK);
  rows[BAD_CHECK] = goodRow(BAD_CHECK, { idNumber: `${id100.slice(0, 17)}${id100[17] === '0' ? '1' : '0'}` });
  rows[BAD_MOVE_IN] = goodRow(BAD_MOVE_IN, { residency: '流动人口', movedInOn: '2099-01-01' });
  rows[BAD_GRID] = goodRow(BAD_GRID, { gridCode: '3704029999999999' });
  let file: Buffer;
  let firstJob: string;
  let afterFirst: Awaited<ReturnType<typeof personsInDb>>;

  beforeAll(async () => {
    file = await xlsxOf(rows);
  });

  it("in mode 'all' changes nothing and reports each bad row and column, never the value", async () => {
    const before = await countPersons();
    const job = await importFile(file, '人员.xlsx', 'all');
    firstJob = job.id;
    expect(job).toMatchObject({ status: 'invalid', format: 'xlsx', rowsRead: 1000, rowsValid: 997, rowsInvalid: 3, rowsCreated: 0, progress: 1 });
    expect(await countPersons()).toBe(before);
    const res = await problemsOf(job.id);
    const items = res.json().items as { row: number; column: string; field: string; messageZh: string }[];
    expect(items.map((p) => [p.row, p.column])).toEqual([
      [BAD_CHECK + 2, '证件号码'],
      [BAD_MOVE_IN + 2, '流入日期'],
      [BAD_GRID + 2, '网格编码'],
    ]);
    expect(items[0]?.messageZh).toContain('校验码');
    expect(res.body).not.toContain(id100.slice(0, 17));
    expect(res.body).not.toContain('3704029999999999');
  });

  it('gives the report as a CSV and an Excel file', async () => {
    const csv = await t.request({ method: 'GET', url: `/api/base-imports/${firstJob}/report?format=csv`, as: 'zhongxinjie' });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines).toHaveLength(2 + 3);
    expect(lines[2]).toMatch(new RegExp(`^${BAD_CHECK + 2},证件号码,`));
    const xlsx = await t.request({ method: 'GET', url: `/api/base-imports/${firstJob}/report?format=xlsx`, as: 'zhongxinjie' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets[0]?.getCell('A5').value).toBe(BAD_GRID + 2);
  });

  it("in mode 'validOnly' imports the 997 valid rows, each with its history, and one audit row", async () => {
    const job = await importFile(file, '人员.xlsx', 'validOnly');
    expect(job).toMatchObject({ status: 'done', rowsRead: 1000, rowsValid: 997, rowsInvalid: 3, rowsCreated: 997, rowsUpdated: 0, rowsUnchanged: 0 });
    expect(await countPersons()).toBe(997);
    // Each person marked with the job; its create is the job's (no history row each), shown on the profile.
    const marked = await t.ctx.db.select({ n: count() }).from(person).where(eq(person.createdImportId, job.id));
    expect(marked[0]?.n).toBe(997);
    expect((await t.ctx.db.select({ n: count() }).from(baseChange).where(eq(baseChange.importId, job.id)))[0]?.n).toBe(0);
    const [one] = await t.ctx.db.select().from(person).where(eq(person.createdImportId, job.id)).limit(1);
    const profile = await t.request({ method: 'GET', url: `/api/persons/${one?.id}`, as: 'zhongxinjie' });
    expect(profile.statusCode, profile.body).toBe(200);
    const history = profile.json().history;
    expect(history).toEqual([expect.objectContaining({ action: 'create', source: 'import', actorName: expect.any(String) })]);
    // The same fields as a create through the API (masked values).
    expect(history[0].changes).toEqual(diffShown({}, shownFields(one as Record<string, unknown>)));
    expect(Object.keys(history[0].changes)).toEqual(expect.arrayContaining(['name', 'idNumberMasked', 'phoneMasked', 'gridCode', 'status']));
    const audits = await t.ctx.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'base.import'), eq(auditEvent.targetId, job.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.detail).toContain('created=997');
    // The raw table holds no plain ID number or phone.
    const raw = JSON.stringify(await personsInDb());
    expect(raw).not.toContain(idOf(1));
    expect(raw).not.toContain(phoneOf(1));
    afterFirst = await personsInDb();
  });

  it('imported again, changes nothing: no update, no history, the same rows', async () => {
    const changesBefore = (await t.ctx.db.select({ n: count() }).from(baseChange))[0]?.n;
    const job = await importFile(file, '人员.xlsx', 'validOnly');
    expect(job).toMatchObject({ status: 'done', rowsCreated: 0, rowsUpdated: 0, rowsUnchanged: 997, rowsInvalid: 3 });
    expect((await t.ctx.db.select({ n: count() }).from(baseChange))[0]?.n).toBe(changesBefore);
    expect(await personsInDb()).toEqual(afterFirst);
  });

  it('a CSV with two changed phones and one new person updates two and adds one', async () => {
    const csvRows = [goodRow(1, { phone: '13700000001' }), goodRow(2, { phone: '13700000002' }), goodRow(3), goodRow(5000)];
    const job = await importFile(csvOf(csvRows), '人员.csv', 'all');
    expect(job).toMatchObject({ status: 'done', format: 'csv', rowsRead: 4, rowsCreated: 1, rowsUpdated: 2, rowsUnchanged: 1 });
    const [p1] = await t.ctx.db.select().from(person).where(eq(person.name, '测试人1'));
    expect(p1?.phoneMasked).toBe('137****0001');
    expect(p1?.version).toBe(2);
    const [change] = await t.ctx.db
      .select()
      .from(baseChange)
      .where(and(eq(baseChange.importId, job.id), eq(baseChange.entityId, p1?.id as string)));
    expect(change?.action).toBe('update');
    expect(Object.keys(change?.changes as object)).toEqual(['phoneMasked']);
    expect(JSON.stringify(change?.changes)).not.toContain('13700000001');
    // The create implied by the first import shows the phone it was created with, before the update.
    const history = (await t.request({ method: 'GET', url: `/api/persons/${p1?.id}`, as: 'zhongxinjie' })).json().history;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['update', 'create']);
    expect(history[1].changes.phoneMasked).toEqual({ from: null, to: '139****0001' });
  });
});

/** A job's row as a running job has it (its stage is kept by the sweep); answers its id. */
async function runningJob(updatedAt: Date): Promise<string> {
  const [uploader] = await t.ctx.db.select().from(appUser).where(eq(appUser.username, 'zhongxinjie'));
  const id = randomUUID();
  await t.ctx.db.insert(baseImport).values({
    id,
    registry: 'person',
    mode: 'all',
    format: 'csv',
    fileName: 'x.csv',
    fileBytes: 1,
    uploadedBy: uploader?.id as string,
    status: 'validating',
    updatedAt,
  });
  return id;
}

describe('rules of a file', () => {
  it('reports the same ID number on two rows on the second, naming the first', async () => {
    const job = await importFile(csvOf([goodRow(6000), goodRow(6001), goodRow(6000, { name: '重复' })]), 'dupes.csv', 'all');
    expect(job).toMatchObject({ status: 'invalid', rowsInvalid: 1 });
    const items = (await problemsOf(job.id)).json().items;
    expect(items).toEqual([expect.objectContaining({ row: 4, column: '证件号码', message: 'The same ID number is on row 2 of the file.' })]);
  });

  it('reports a header without a required column, naming it', async () => {
    const job = await importFile(Buffer.from('姓名,证件号码\n张三,370402199003071234\n'), 'short.csv', 'all');
    expect(job.status).toBe('invalid');
    const items = (await problemsOf(job.id)).json().items;
    expect(items).toEqual([expect.objectContaining({ row: 1, column: '人口类型' })]);
  });

  it("gives a grid leader's rows outside their grids, and persons registered elsewhere, as row errors", async () => {
    // A person of the town registered in another grid: the leader may not change them by import.
    const elsewhere = await importFile(csvOf([goodRow(7000, { gridCode: otherGrid })]), 'town.csv', 'all');
    expect(elsewhere).toMatchObject({ status: 'done', rowsCreated: 1 });
    const job = await importFile(csvOf([goodRow(7001), goodRow(7002, { gridCode: otherGrid }), goodRow(7000)]), 'leader.csv', 'all', 'leader');
    expect(job).toMatchObject({ status: 'invalid', rowsValid: 1, rowsInvalid: 2, rowsCreated: 0 });
    const items = (await problemsOf(job.id, 'leader')).json().items;
    expect(items.map((p: { row: number; column: string }) => [p.row, p.column])).toEqual([
      [3, '网格编码'],
      [4, '证件号码'],
    ]);
    expect(items[1].messageZh).toContain('管辖范围外');
    const valid = await importFile(csvOf([goodRow(7001), goodRow(7002, { gridCode: otherGrid })]), 'leader.csv', 'validOnly', 'leader');
    expect(valid).toMatchObject({ status: 'done', rowsCreated: 1, rowsInvalid: 1 });
  });

  it('refuses, at the write, a person registered elsewhere after the first pass: not updated, no history', async () => {
    const actor = await leaderOf(t, [GRID]);
    const importId = randomUUID();
    const importer = personImporter(t.ctx, actor, importId);
    const fileRow = (rowNo: number, r: Row) => ({ rowNo, cells: Object.fromEntries(personColumns.map((c) => [c.key, r[c.key] ?? null])) });
    // Both rows pass the first pass's checks: neither person is registered yet.
    const { valid, problems } = await importer.check(t.ctx.db, [fileRow(2, goodRow(7100)), fileRow(3, goodRow(7101))]);
    expect(problems).toEqual([]);
    // Meanwhile the town centre registers 7100 in a grid outside the leader's.
    expect(await importFile(csvOf([goodRow(7100, { gridCode: otherGrid })]), 'town.csv', 'all')).toMatchObject({ status: 'done', rowsCreated: 1 });
    const result = await t.ctx.db.transaction((tx) => importer.upsert(tx, importer.prepare(valid)));
    expect(result).toMatchObject({ created: 1, updated: 0, unchanged: 0, refused: [{ rowNo: 2, field: 'idNumber' }] });
    const [stored] = await t.ctx.db.select().from(person).where(eq(person.name, '测试人7100'));
    expect(stored?.gridCode).toBe(otherGrid);
    const history = await t.ctx.db.select().from(baseChange).where(eq(baseChange.importId, importId));
    expect(history.map((h) => h.action)).toEqual(['create']);
  });

  it('refuses, at the staged write, a person registered elsewhere after the first pass', async () => {
    const actor = await leaderOf(t, [GRID]);
    const importer = personImporter(t.ctx, actor, await runningJob(t.ctx.now()));
    const staged = importer.staged;
    const fileRow = (rowNo: number, r: Row) => ({ rowNo, cells: Object.fromEntries(personColumns.map((c) => [c.key, r[c.key] ?? null])) });
    await staged.open(t.ctx.db);
    try {
      const { valid } = await importer.check(t.ctx.db, [fileRow(2, goodRow(7200)), fileRow(3, goodRow(7201))]);
      await staged.stage(t.ctx.db, importer.prepare(valid));
      expect(await staged.range(t.ctx.db)).toEqual({ first: 2, last: 3 });
      expect(await importFile(csvOf([goodRow(7200, { gridCode: otherGrid })]), 'town.csv', 'all')).toMatchObject({ status: 'done', rowsCreated: 1 });
      const result = await t.ctx.db.transaction((tx) => staged.write(tx, 2, 4));
      expect(result).toMatchObject({ created: 1, updated: 0, unchanged: 0, refused: [{ rowNo: 2, field: 'idNumber' }] });
      const [stored] = await t.ctx.db.select().from(person).where(eq(person.name, '测试人7200'));
      expect(stored?.gridCode).toBe(otherGrid);
    } finally {
      await staged.close(t.ctx.db);
    }
  });

  it('imports a CSV of 12,000 persons a range of rows at a time, each with its history', async () => {
    // Born on New Year's Day of 1950 + i / 1000, sequence number i % 1000: 12,000 distinct ID numbers.
    const many = Array.from({ length: 12_000 }, (_, i) =>
      goodRow(20_000 + i, { idNumber: withCheck(`370402${1950 + Math.floor(i / 1000)}0101${String(i % 1000).padStart(3, '0')}`) }),
    );
    const before = await countPersons();
    const changesBefore = (await t.ctx.db.select({ n: count() }).from(baseChange))[0]?.n;
    // One bad row at the very end: on PostgreSQL the ranges before it were written meanwhile, and are rolled back.
    const bad = await importFile(csvOf([...many, goodRow(40_000, { gridCode: '3704029999999999' })]), 'many-bad.csv', 'all');
    expect(bad).toMatchObject({ status: 'invalid', rowsRead: 12_001, rowsInvalid: 1, rowsValid: 12_000, rowsCreated: 0 });
    expect(await countPersons()).toBe(before);
    expect((await t.ctx.db.select({ n: count() }).from(baseChange))[0]?.n).toBe(changesBefore);
    const job = await importFile(csvOf(many), 'many.csv', 'all');
    expect(job).toMatchObject({ status: 'done', rowsRead: 12_000, rowsInvalid: 0, rowsCreated: 12_000, rowsDone: 12_000, progress: 1 });
    expect(await countPersons()).toBe(before + 12_000);
    const marked = await t.ctx.db.select({ n: count() }).from(person).where(eq(person.createdImportId, job.id));
    expect(marked[0]?.n).toBe(12_000);
    // The stage is gone with the job.
    expect(await queryRows(t.ctx.db, sql`SELECT tablename FROM pg_tables WHERE tablename LIKE 'base_import_stage_%'`)).toEqual([]);
  });

  it('marks a job whose process died failed and drops its stage and files, leaving a running job alone', async () => {
    const actor = await leaderOf(t, [GRID]);
    const dead = await runningJob(new Date(t.ctx.now().getTime() - ABANDONED_AFTER_MS - 60_000));
    const live = await runningJob(t.ctx.now());
    for (const id of [dead, live]) await personImporter(t.ctx, actor, id).staged.open(t.ctx.db);
    // Files left in the imports folder: the dead job's upload and spilled strings, an upload with no
    // job yet (old, and new: still streaming), and the live job's upload, old as its file may be.
    const dir = importsDir(t.ctx);
    await mkdir(dir, { recursive: true });
    const orphan = randomUUID();
    const streaming = randomUUID();
    const old = new Date(Date.now() - ABANDONED_AFTER_MS - 60_000);
    for (const name of [`${dead}.upload`, `${dead}.upload.sst.strings`, `${orphan}.upload`, `${streaming}.upload`, `${live}.upload`]) {
      await writeFile(path.join(dir, name), 'x');
      if (!name.startsWith(streaming)) await utimes(path.join(dir, name), old, old);
    }
    await sweepAbandonedImports(t.ctx);
    expect((await readdir(dir)).filter((n) => [dead, live, orphan, streaming].some((id) => n.startsWith(id))).sort()).toEqual(
      [`${live}.upload`, `${streaming}.upload`].sort(),
    );
    for (const id of [live, streaming]) await rm(path.join(dir, `${id}.upload`));
    const rows = await t.ctx.db
      .select()
      .from(baseImport)
      .where(inArray(baseImport.id, [dead, live]));
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.status, r.failure]]))).toEqual({ [dead]: ['failed', 'abandoned'], [live]: ['validating', null] });
    const stages = await queryRows<{ tablename: string }>(t.ctx.db, sql`SELECT tablename FROM pg_tables WHERE tablename LIKE 'base_import_stage_%'`);
    expect(stages.map((r) => r.tablename)).toEqual([`base_import_stage_${live.replace(/-/g, '')}`]);
    await personImporter(t.ctx, actor, live).staged.close(t.ctx.db);
    await t.ctx.db.update(baseImport).set({ status: 'failed' }).where(eq(baseImport.id, live));
  });

  it('answers a job to its uploader only, and refuses uploads without base.import or with a bad form', async () => {
    const job = await importFile(csvOf([goodRow(8000)]), 'mine.csv', 'all');
    expect((await t.request({ method: 'GET', url: `/api/base-imports/${job.id}`, as: 'leader' })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: `/api/base-imports/${job.id}/errors`, as: 'shizhong' })).statusCode).toBe(404);
    expect((await upload(csvOf([goodRow(8001)]), 'w.csv', 'all', 'worker')).statusCode).toBe(403);
    const badRegistry = await upload(csvOf([goodRow(8001)]), 'x.csv', 'all', 'zhongxinjie', 'cars');
    expect(badRegistry.statusCode).toBe(400);
    expect(badRegistry.json().field).toBe('registry');
    const xls = await upload(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'old.xls', 'all');
    expect(xls.statusCode).toBe(400);
    expect(xls.json().field).toBe('file');
  });
});

describe('export', () => {
  let displayName: string;
  beforeAll(async () => {
    const [me] = await t.ctx.db.select({ displayName: appUser.displayName }).from(appUser).where(eq(appUser.username, 'zhongxinjie'));
    displayName = me?.displayName as string;
  });

  it("as CSV: the exporter's name and time first, masked values only, audited with its columns", async () => {
    const res = await t.request({ method: 'GET', url: `/api/persons/export?format=csv&gridCode=${GRID}`, as: 'zhongxinjie' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const lines = res.body
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toContain(`导出人：${displayName}`);
    expect(lines[0]).toContain('导出时间：');
    expect(lines[1]).toContain('证件号码（脱敏）');
    expect(lines.length).toBeGreaterThan(900);
    const masked = `${idOf(1).slice(0, 4)}**********${idOf(1).slice(-4)}`;
    expect(res.body).toContain(masked);
    for (const i of [1, 2, 3, 10, 500]) {
      expect(res.body).not.toContain(idOf(i));
      expect(res.body).not.toContain(phoneOf(i));
    }
    expect(res.body).not.toContain('13700000001');
    const [audit] = await t.ctx.db.select().from(auditEvent).where(eq(auditEvent.action, 'base.export'));
    expect(audit?.fields).toContain('idNumberMasked');
    expect(audit?.detail).toBe('csv');
  });

  it("as xlsx: the exporter in the first row and the workbook's creator", async () => {
    const res = await t.request({ method: 'GET', url: `/api/persons/export?format=xlsx&q=${encodeURIComponent('测试人')}`, as: 'zhongxinjie' });
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.creator).toBe(displayName);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    expect(String(sheet.getCell('A1').value)).toContain(`导出人：${displayName}`);
    expect(String(sheet.getCell('A3').value)).toMatch(/^测试人\d+$/);
    expect(sheet.rowCount).toBeGreaterThan(900);
    expect(res.rawPayload.includes(Buffer.from(idOf(1)))).toBe(false);
  });

  it('finds only the jurisdiction: another district exports no one of these', async () => {
    const res = await t.request({ method: 'GET', url: '/api/persons/export?format=csv', as: 'tengzhou' });
    expect(res.statusCode).toBe(200);
    expect(
      res.body
        .replace(/^\ufeff/, '')
        .trim()
        .split(/\r?\n/),
    ).toHaveLength(2);
  });

  it('is refused without base.export (403) and without a format (400)', async () => {
    expect((await t.request({ method: 'GET', url: '/api/persons/export?format=csv', as: 'worker' })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/persons/export?format=csv', as: 'leader' })).statusCode).toBe(403);
    const res = await t.request({ method: 'GET', url: '/api/persons/export', as: 'zhongxinjie' });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('query.format');
  });
});
