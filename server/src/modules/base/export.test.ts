// Exporting buildings, organisations, households, care and watched persons, disputes and hazards (issue 5 §3–4) through the API on a real database:
// the one export path the persons' export takes too (import.test.ts). Each file holds masked values only
// (an organisation's phones never in full), names its exporter and time, is audited before it is sent
// with the registry and its columns, and holds only what the exporter's jurisdiction and filters find.
// More than a page (1,000) of buildings shows the keyset reading every row once.
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_GRID, WORKER_GRID, registerPerson, withCheck } from '../../test/base-factories.js';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { appUser, department } from '../access/access.tables.js';
import { auditEvent } from '../audit/audit.tables.js';
import { ensureDemoGrids } from '../territory/grid-seed.js';
import { building } from './base.tables.js';

const REP_PHONE = '13812345678';
const GUARD_PHONE = '0632-3312345';
const HEAD_ID = withCheck('37040219750505005');
const HEAD_PHONE = '13955554444';
const CARED_ID = withCheck('37040219400101002');
const WATCHED_ID = withCheck('37040219850101003');
const WATCHED_PHONE = '13966667777';
const WATCH_NOTE = '每周到司法所报到一次';
const MANY = 1_005; // buildings bulk-inserted into OTHER_GRID: more than one page of the export
let t: TestApp;
let exporter: string;

const post = async (url: string, payload: object, as = 'worker') => {
  const res = await t.request({ method: 'POST', url, as, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
};
const get = (url: string, as = 'zhongxinjie') => t.request({ method: 'GET', url, as });
/** A CSV export's lines: the exporter's line, the titles, then a line a record. */
const linesOf = (body: string) =>
  body
    .replace(/^\ufeff/, '')
    .trim()
    .split(/\r?\n/);

beforeAll(async () => {
  t = await createTestApp();
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
  const [me] = await t.ctx.db.select({ displayName: appUser.displayName }).from(appUser).where(eq(appUser.username, 'zhongxinjie'));
  exporter = me?.displayName as string;

  await post('/api/buildings', {
    name: '导出小区1号楼',
    address: '市中区铁西路21号',
    addressCode: '3704020010130210001',
    kind: 'residential',
    floors: 6,
    gridCode: WORKER_GRID,
  });
  await post('/api/organisations', {
    name: '导出加油站',
    creditCode: '91350100M000100Y43',
    kind: 'enterprise',
    legalRepName: '赵强',
    legalRepPhone: REP_PHONE,
    address: '市中区光明路20号',
    gridCode: WORKER_GRID,
    keyUnit: true,
    securityContactName: '钱军',
    securityContactPhone: GUARD_PHONE,
  });
  await post('/api/organisations', { name: '导出便利店', kind: 'individualBusiness', address: '市中区光明路22号', gridCode: OTHER_GRID }, 'zhongxinjie');
  const head = await registerPerson(t, 'worker', { name: '导出户主', idNumber: HEAD_ID, phone: HEAD_PHONE });
  await post('/api/households', { householdNo: 'EXP-0001', gridCode: WORKER_GRID, headPersonId: head });
  const cared = await registerPerson(t, 'worker', { name: '导出老人', idNumber: CARED_ID });
  await post('/api/care-persons', { personId: cared, kind: 'elderlyAlone', needs: '行动不便', helper: '网格员郑海燕' });
  const watched = await registerPerson(t, 'worker', { name: '导出矫正', idNumber: WATCHED_ID, phone: WATCHED_PHONE });
  const [justice] = await t.ctx.db.select().from(department).where(eq(department.code, '370400-justice'));
  const [police] = await t.ctx.db.select().from(department).where(eq(department.code, '370400-police'));
  for (const [unit, kind] of [
    [justice?.id, 'communityCorrection'],
    [police?.id, 'drugUser'],
  ])
    await post(
      '/api/watched-persons',
      { personId: watched, kind, riskLevel: 'high', responsibleUnitId: unit, helpers: '社区民警', followUpDays: 30, note: WATCH_NOTE },
      'leader',
    );
  for (const occurredOn of ['2026-03-02', '2026-03-01'])
    await post('/api/disputes', { occurredOn, place: '光明路12号楼道', kind: 'neighbours', partyCount: 2, summary: '楼上漏水', gridCode: WORKER_GRID });
  await post('/api/hazards', { foundOn: '2026-03-01', kind: 'fire', level: 'major', description: '楼道堆放杂物', gridCode: WORKER_GRID });

  // Straight into the table (the API would take minutes): more buildings than one page holds.
  await t.ctx.db.insert(building).values(
    Array.from({ length: MANY }, (_, i) => ({
      divisionCode: OTHER_GRID.slice(0, 12),
      gridCode: OTHER_GRID,
      addressCode: `${OTHER_GRID.slice(0, 12)}900${String(i).padStart(4, '0')}`,
      name: `批量楼${i}`,
      address: `市中区批量路${i}号`,
      kind: 'residential',
    })),
  );
}, 180_000);
afterAll(() => t.close());

describe('exporting the other registries', () => {
  it('organisations as CSV: masked phones only, the exporter first, audited with the registry and its columns', async () => {
    const res = await get(`/api/organisations/export?format=csv&gridCode=${WORKER_GRID}`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-disposition']).toContain('organisations');
    const lines = linesOf(res.body);
    expect(lines[0]).toContain(`导出人：${exporter}`);
    expect(lines[1]).toContain('法定代表人电话（脱敏）');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('导出加油站');
    expect(lines[2]).toContain('138****5678');
    expect(lines[2]).toContain('0632-****345');
    expect(res.body).not.toContain(REP_PHONE);
    expect(res.body).not.toContain('3312345');
    const [audit] = await t.ctx.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'base.export'), eq(auditEvent.targetType, 'organisation')));
    expect(audit?.fields).toContain('legalRepPhoneMasked');
    expect(audit?.detail).toBe('csv');
    expect(audit?.actorId).toBe(await t.userId('zhongxinjie'));
  });

  it('households as xlsx: the head by name, no ID number or phone, the exporter as creator', async () => {
    const res = await get('/api/households/export?format=xlsx&q=EXP');
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.creator).toBe(exporter);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    expect(String(sheet.getCell('A1').value)).toContain(`导出人：${exporter}`);
    expect(sheet.getRow(3).values).toEqual(expect.arrayContaining(['EXP-0001', '家庭户', '导出户主', 1, WORKER_GRID]));
    expect(sheet.rowCount).toBe(3);
    for (const value of [HEAD_ID, HEAD_PHONE]) expect(res.rawPayload.includes(Buffer.from(value))).toBe(false);
    const [audit] = await t.ctx.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'base.export'), eq(auditEvent.targetType, 'household')));
    expect(audit?.detail).toBe('xlsx');
  });

  it('buildings: more than a page, every one once, in address-code order', async () => {
    const res = await get(`/api/buildings/export?format=csv&gridCode=${OTHER_GRID}`);
    expect(res.statusCode).toBe(200);
    const rows = linesOf(res.body).slice(2);
    expect(rows).toHaveLength(MANY);
    const codes = rows.map((line) => line.split(',')[0] as string);
    expect(new Set(codes).size).toBe(MANY);
    expect(codes).toEqual([...codes].sort());
  });

  it('finds only the jurisdiction: a grid worker’s grid for its filter, another district nothing', async () => {
    const all = linesOf((await get('/api/buildings/export?format=csv')).body);
    expect(all).toHaveLength(2 + MANY + 1);
    const tengzhou = await get('/api/buildings/export?format=csv', 'tengzhou');
    expect(tengzhou.statusCode).toBe(200);
    expect(linesOf(tengzhou.body)).toHaveLength(2);
    expect(linesOf((await get('/api/organisations/export?format=csv', 'tengzhou')).body)).toHaveLength(2);
    expect(linesOf((await get('/api/households/export?format=csv', 'tengzhou')).body)).toHaveLength(2);
    // The town centre finds both organisations; its filters narrow them.
    expect(linesOf((await get('/api/organisations/export?format=csv')).body)).toHaveLength(4);
    expect(linesOf((await get('/api/organisations/export?format=csv&keyUnit=true')).body)).toHaveLength(3);
  });

  it('is refused without a session (401), without base.export (403), and with bad input (400 naming the field)', async () => {
    for (const url of ['/api/buildings/export?format=csv', '/api/organisations/export?format=csv', '/api/households/export?format=csv']) {
      expect((await t.request({ method: 'GET', url })).statusCode).toBe(401);
      expect((await get(url, 'worker')).statusCode).toBe(403);
      expect((await get(url, 'leader')).statusCode).toBe(403);
    }
    const noFormat = await get('/api/buildings/export');
    expect(noFormat.statusCode).toBe(400);
    expect(noFormat.json().field).toBe('query.format');
    expect(noFormat.json().messageZh).toBeTruthy();
    const badKind = await get('/api/organisations/export?format=csv&kind=castle');
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().field).toBe('query.kind');
    const badFormat = await get('/api/households/export?format=pdf');
    expect(badFormat.statusCode).toBe(400);
    expect(badFormat.json().field).toBe('query.format');
  });
});

describe('exporting care and watched persons, disputes and hazards', () => {
  it('care persons: the person masked, the kind in words, audited', async () => {
    const res = await get('/api/care-persons/export?format=csv');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-disposition']).toContain('care-persons');
    const lines = linesOf(res.body);
    expect(lines[1]).toContain('证件号码（脱敏）');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('导出老人');
    expect(lines[2]).toContain('独居老人');
    expect(lines[2]).toContain('3704**********');
    expect(res.body).not.toContain(CARED_ID);
    expect(linesOf((await get('/api/care-persons/export?format=csv&kind=disabled')).body)).toHaveLength(2);
  });

  it('watched persons: only to the roles responsible, never the note or a full value, the read logged by the export', async () => {
    const town = await get('/api/watched-persons/export?format=csv');
    expect(town.statusCode).toBe(200);
    const lines = linesOf(town.body);
    expect(lines).toHaveLength(4);
    expect(lines.slice(2).join('\n')).toContain('社区矫正对象');
    expect(lines.slice(2).join('\n')).toContain('吸毒人员');
    for (const value of [WATCHED_ID, WATCHED_PHONE, WATCH_NOTE]) expect(town.body).not.toContain(value);
    // What the watched list shows of the person, no more: no sex or birth year.
    expect(lines[1]).not.toContain('出生年份');
    expect(lines[1]).not.toContain('性别');
    // The town filters by kind; the city centre, with base.export but not watched.read, finds none; the
    // police and the grid leader, who see watched persons, may not export (403).
    const corrections = linesOf((await get('/api/watched-persons/export?format=csv&kind=communityCorrection')).body);
    expect(corrections).toHaveLength(3);
    expect(corrections[2]).toContain('社区矫正对象');
    expect(linesOf((await get('/api/watched-persons/export?format=csv', 'city')).body)).toHaveLength(2);
    for (const as of ['police', 'leader']) expect((await get('/api/watched-persons/export?format=csv', as)).statusCode, as).toBe(403);
    const audits = await t.ctx.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'base.export'), eq(auditEvent.targetType, 'watchedPerson')));
    expect(audits.length).toBeGreaterThanOrEqual(3);
  });

  it('disputes and hazards: oldest first, the labels in words, the jurisdiction only', async () => {
    const disputes = linesOf((await get('/api/disputes/export?format=csv')).body).slice(2);
    expect(disputes.map((l) => l.slice(0, 10))).toEqual(['2026-03-01', '2026-03-02']);
    expect(disputes[0]).toContain('邻里纠纷');
    expect(disputes[0]).toContain('待调解');
    const hazards = await get('/api/hazards/export?format=xlsx');
    expect(hazards.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(hazards.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getRow(3).values).toEqual(expect.arrayContaining(['2026-03-01', '消防', '重大隐患', '楼道堆放杂物', '待整改', WORKER_GRID]));
    for (const url of ['/api/disputes/export?format=csv', '/api/hazards/export?format=csv', '/api/care-persons/export?format=csv'])
      expect(linesOf((await get(url, 'tengzhou')).body), url).toHaveLength(2);
    expect((await get('/api/hazards/export?format=csv&level=extreme')).json().field).toBe('query.level');
  });
});
