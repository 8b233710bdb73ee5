// Importing buildings (issue 5 §4) through the API on a real database: the templates, an Excel file
// of 30 buildings with 3 bad rows (nothing written in mode 'all', each row and column reported; the
// 27 valid ones in mode 'validOnly', placed by grid code or by point), the same file again changing
// nothing, a CSV that updates, adds and moves a building with its dwellings, and rows outside the
// uploader's jurisdiction refused.
import { and, asc, count, eq, isNull, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_GRID, WORKER_GRID as GRID } from '../../test/base-factories.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { type FileRowValues, importFiles, leaderOf } from '../../test/import-files.js';
import { auditEvent } from '../audit/audit.tables.js';
import { grid } from '../territory/grid.tables.js';
import { ensureDemoGrids } from '../territory/grid-seed.js';
import { baseChange, building, dwelling } from './base.tables.js';
import { buildingColumns } from './import-columns.js';

const COMMUNITY = '370402001013';
let t: TestApp;
let files: ReturnType<typeof importFiles>;
/** Another basic grid of GRID's community (the demo leader holds both). */
let grid2: string;
let here: { lng: number; lat: number };

const code = (i: number, community = COMMUNITY) => `${community}001${String(i).padStart(4, '0')}`;
const goodRow = (i: number, over: FileRowValues = {}): FileRowValues => ({
  addressCode: code(i),
  name: `光明小区${i}号楼`,
  address: `市中区光明路${i}号`,
  kind: i % 2 === 0 ? '住宅楼' : 'office',
  floors: String(3 + (i % 10)),
  gridCode: GRID,
  ...over,
});
const buildingsIn = () =>
  t.ctx.db
    .select()
    .from(building)
    .where(like(building.addressCode, `${COMMUNITY}001%`))
    .orderBy(asc(building.addressCode));
const countBuildings = async () => (await t.ctx.db.select({ n: count() }).from(building))[0]?.n ?? 0;

beforeAll(async () => {
  t = await createTestApp();
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
  files = importFiles(t, 'building', buildingColumns);
  const basics = await t.ctx.db
    .select({ code: grid.code, lng: grid.labelLng, lat: grid.labelLat })
    .from(grid)
    .where(and(eq(grid.communityCode, COMMUNITY), eq(grid.kind, 'basic'), isNull(grid.validTo)))
    .orderBy(asc(grid.code));
  const mine = basics.find((g) => g.code === GRID);
  const other = basics.find((g) => g.code !== GRID);
  if (!mine || !other) throw new Error('the demo community needs two basic grids');
  grid2 = other.code;
  here = { lng: mine.lng as number, lat: mine.lat as number };
}, 180_000);
afterAll(() => t.close());

describe('templates', () => {
  it('gives the building template as xlsx: titles, hidden keys, the list of kinds and notes', async () => {
    const res = await t.request({ method: 'GET', url: '/api/base-imports/templates/building.xlsx', as: 'zhongxinjie' });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-disposition']).toContain('building-template.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(buildingColumns.map((c) => c.title));
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(buildingColumns.map((c) => c.key));
    const kind = buildingColumns.findIndex((c) => c.key === 'kind') + 1;
    expect(sheet.getCell(3, kind).dataValidation).toMatchObject({ type: 'list' });
    expect(JSON.stringify(book.worksheets[1]?.getSheetValues())).toContain('地址编码为 19 位');
  });

  it('gives it as CSV, whose example row imports as nothing', async () => {
    const res = await t.request({ method: 'GET', url: '/api/base-imports/templates/building.csv', as: 'leader' });
    expect(res.statusCode).toBe(200);
    const lines = res.body
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(buildingColumns.map((c) => c.title).join(','));
    expect(lines[2]?.startsWith('#3704020010130010001,')).toBe(true);
    const job = await files.importFile(res.rawPayload, 'template.csv', 'all', 'leader');
    expect(job).toMatchObject({ status: 'done', rowsRead: 0, rowsCreated: 0 });
  });
});

describe('an Excel file of 30 buildings with 3 bad rows', () => {
  const rows = Array.from({ length: 30 }, (_, i) => goodRow(i + 1));
  // The i-th row of the list is row i + 2 of the file (1 is the header).
  rows[4] = goodRow(5, { addressCode: code(5, '370402001016') }); // another community's code
  rows[11] = goodRow(12, { kind: '宫殿' });
  rows[20] = goodRow(21, { gridCode: '', lng: '117.5' }); // a longitude without its latitude
  let file: Buffer;
  let afterFirst: Awaited<ReturnType<typeof buildingsIn>>;

  beforeAll(async () => {
    // Rows 8 to 10 are placed by their point only; row 9 also names the grid the point lies in.
    for (const i of [7, 8, 9]) rows[i] = goodRow(i + 1, { gridCode: i === 8 ? GRID : '', lng: String(here.lng), lat: String(here.lat) });
    file = await files.xlsxOf(rows);
  });

  it("in mode 'all' writes nothing and reports each bad row and column", async () => {
    const before = await countBuildings();
    const job = await files.importFile(file, '楼栋.xlsx', 'all', 'zhongxinjie');
    expect(job).toMatchObject({ status: 'invalid', format: 'xlsx', rowsRead: 30, rowsValid: 27, rowsInvalid: 3, rowsCreated: 0 });
    expect(await countBuildings()).toBe(before);
    const problems = await files.problemsOf(job.id, 'zhongxinjie');
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [6, '地址编码'],
      [13, '楼栋类型'],
      [22, '纬度'],
    ]);
    expect(problems[0]?.messageZh).toContain('所在社区');
    expect(problems[1]?.message).toContain('Must be one of');
  });

  it("in mode 'validOnly' imports the 27 valid rows, placed, each with its history, and one audit row", async () => {
    const job = await files.importFile(file, '楼栋.xlsx', 'validOnly', 'zhongxinjie');
    expect(job).toMatchObject({ status: 'done', rowsValid: 27, rowsInvalid: 3, rowsCreated: 27, rowsUpdated: 0, rowsUnchanged: 0 });
    const stored = await buildingsIn();
    expect(stored).toHaveLength(27);
    const eight = stored.find((b) => b.addressCode === code(8));
    expect(eight).toMatchObject({ lng: here.lng, lat: here.lat, divisionCode: COMMUNITY, name: '光明小区8号楼', kind: 'residential' });
    expect(eight?.gridCode.startsWith(GRID)).toBe(true);
    expect(stored.find((b) => b.addressCode === code(1))).toMatchObject({ gridCode: GRID, kind: 'office', floors: 4, lng: null });
    const history = await t.ctx.db.select().from(baseChange).where(eq(baseChange.importId, job.id));
    expect(history).toHaveLength(27);
    expect(history[0]).toMatchObject({ entity: 'building', source: 'import', action: 'create' });
    const audits = await t.ctx.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'base.import'), eq(auditEvent.targetId, job.id)));
    expect(audits.map((a) => a.detail)).toEqual([expect.stringMatching(/^building done .*created=27/)]);
    afterFirst = stored;
  });

  it('imported again, changes nothing: no update, no history', async () => {
    const changes = (await t.ctx.db.select({ n: count() }).from(baseChange))[0]?.n;
    const job = await files.importFile(file, '楼栋.xlsx', 'validOnly', 'zhongxinjie');
    expect(job).toMatchObject({ status: 'done', rowsCreated: 0, rowsUpdated: 0, rowsUnchanged: 27 });
    expect((await t.ctx.db.select({ n: count() }).from(baseChange))[0]?.n).toBe(changes);
    expect(await buildingsIn()).toEqual(afterFirst);
  });

  it('a CSV renames one, adds one and moves one to another grid with its dwellings, each with its history', async () => {
    const b2 = afterFirst.find((b) => b.addressCode === code(2));
    if (!b2) throw new Error('no building 2');
    const room = await t.request({
      method: 'POST',
      url: `/api/buildings/${b2.id}/dwellings`,
      as: 'zhongxinjie',
      payload: { unitNo: 1, roomNo: '301', use: 'residential' },
    });
    expect(room.statusCode, room.body).toBe(201);
    const csv = files.csvOf([goodRow(1, { name: '光明小区一号楼' }), goodRow(2, { gridCode: grid2 }), goodRow(3), goodRow(40)]);
    const job = await files.importFile(csv, '楼栋.csv', 'all', 'zhongxinjie');
    expect(job).toMatchObject({ status: 'done', format: 'csv', rowsRead: 4, rowsCreated: 1, rowsUpdated: 2, rowsUnchanged: 1 });
    const [one] = await t.ctx.db
      .select()
      .from(building)
      .where(eq(building.addressCode, code(1)));
    expect(one).toMatchObject({ name: '光明小区一号楼', version: 2 });
    const [change] = await t.ctx.db
      .select()
      .from(baseChange)
      .where(and(eq(baseChange.importId, job.id), eq(baseChange.entityId, one?.id as string)));
    expect(change?.changes).toEqual({ name: { from: '光明小区1号楼', to: '光明小区一号楼' } });
    const [moved] = await t.ctx.db.select().from(dwelling).where(eq(dwelling.buildingId, b2.id));
    expect(moved?.gridCode).toBe(grid2);
    const [followed] = await t.ctx.db
      .select()
      .from(baseChange)
      .where(and(eq(baseChange.importId, job.id), eq(baseChange.entityId, moved?.id as string)));
    expect(followed).toMatchObject({ entity: 'dwelling', source: 'import', changes: { gridCode: { from: GRID, to: grid2 } } });
  });
});

describe('jurisdiction and file rules', () => {
  it("gives a grid leader's rows in a grid not theirs as row errors", async () => {
    const job = await files.importFile(
      files.csvOf([goodRow(50), goodRow(51, { gridCode: OTHER_GRID, addressCode: code(51, '370402001016') })]),
      'l.csv',
      'all',
      'leader',
    );
    expect(job).toMatchObject({ status: 'invalid', rowsValid: 1, rowsInvalid: 1, rowsCreated: 0 });
    const problems = await files.problemsOf(job.id, 'leader');
    expect(problems.map((p) => [p.row, p.column])).toEqual([[3, '网格编码']]);
    expect(
      await t.ctx.db
        .select()
        .from(building)
        .where(eq(building.addressCode, code(50))),
    ).toEqual([]);
  });

  it('refuses a building registered outside the uploader’s jurisdiction: reported on its row, not changed', async () => {
    // Building 2 now lies in grid2: a leader holding GRID only may not change it by import.
    const narrow = await leaderOf(t, [GRID]);
    const before = await t.ctx.db
      .select()
      .from(building)
      .where(eq(building.addressCode, code(2)));
    const job = await files.importAs(narrow, files.csvOf([goodRow(60), goodRow(2, { name: '改名' })]), 'n.csv', 'all');
    expect(job).toMatchObject({ status: 'invalid', rowsValid: 1, rowsInvalid: 1, rowsCreated: 0 });
    const problems = await files.problemsOf(job.id, 'leader');
    expect(problems).toEqual([
      expect.objectContaining({ row: 3, column: '地址编码', message: 'A building with this address code is registered outside your jurisdiction.' }),
    ]);
    expect(
      await t.ctx.db
        .select()
        .from(building)
        .where(eq(building.addressCode, code(2))),
    ).toEqual(before);
    const valid = await files.importAs(narrow, files.csvOf([goodRow(60), goodRow(2, { name: '改名' })]), 'n.csv', 'validOnly');
    expect(valid).toMatchObject({ status: 'done', rowsCreated: 1, rowsUpdated: 0, rowsInvalid: 1 });
  });

  it('reports the same address code twice on the later row, naming the earlier', async () => {
    const job = await files.importFile(files.csvOf([goodRow(70), goodRow(71), goodRow(70, { name: '重复' })]), 'd.csv', 'all', 'zhongxinjie');
    expect(job).toMatchObject({ status: 'invalid', rowsInvalid: 1 });
    expect(await files.problemsOf(job.id, 'zhongxinjie')).toEqual([
      expect.objectContaining({
        row: 4,
        column: '地址编码',
        message: 'The same address code is on row 2 of the file.',
        messageZh: '该地址编码与文件第 2 行重复。',
      }),
    ]);
  });

  it('reports a missing required column, a point outside every grid and a bad floor count', async () => {
    const short = await files.importFile(Buffer.from('地址编码,楼栋名称\n3704020010130019999,甲\n'), 's.csv', 'all', 'zhongxinjie');
    expect(short.status).toBe('invalid');
    expect((await files.problemsOf(short.id, 'zhongxinjie')).map((p) => p.row)).toEqual([1]);
    const job = await files.importFile(
      files.csvOf([goodRow(80, { gridCode: '', lng: '150', lat: '10' }), goodRow(81, { floors: '0' })]),
      'p.csv',
      'all',
      'zhongxinjie',
    );
    expect((await files.problemsOf(job.id, 'zhongxinjie')).map((p) => [p.row, p.column])).toEqual([
      [2, '经度'],
      [3, '层数'],
    ]);
  });
});
