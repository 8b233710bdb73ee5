// Handling units through the API, on a real database: the demo units, who sees which, the rules of
// each kind, who manages them, and the accounts that belong to them.
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.js';
import { auditEvent } from '../audit/audit.tables.js';

const t = await createTestApp();
afterAll(() => t.close());

interface Unit {
  id: string;
  code: string;
  name: string;
  kind: string;
  parentId: string | null;
  divisionCode: string;
  divisionName: string;
  disabled: boolean;
}
const get = (url: string, as?: string) => t.request({ method: 'GET', url, ...(as ? { as } : {}) });
const post = (url: string, payload: object, as = 'city') => t.request({ method: 'POST', url, as, payload });
const put = (url: string, payload: object, as = 'city') => t.request({ method: 'PUT', url, as, payload });
const units = async (as: string, query = '') => (await get(`/api/units${query}`, as)).json().items as Unit[];
const codes = async (as: string, query = '') => (await units(as, query)).map((u) => u.code);
const unit = async (code: string) => {
  const found = (await units('city')).find((u) => u.code === code);
  if (!found) throw new Error(`no unit ${code}`);
  return found;
};
const auditOf = (id: string) =>
  t.ctx.db
    .select()
    .from(auditEvent)
    .where(and(eq(auditEvent.targetType, 'unit'), eq(auditEvent.targetId, id)));

describe('the demo units', () => {
  it('are departments, sub-units, centres, a town office and a social organisation', async () => {
    const all = await units('city');
    const kinds = new Set(all.map((u) => u.kind));
    expect([...kinds].sort()).toEqual(['centre', 'department', 'socialOrganisation', 'subUnit', 'townOffice']);
    expect(all.filter((u) => u.kind === 'centre').map((u) => u.divisionCode)).toEqual([
      '370400000000',
      '370402000000',
      '370402001000',
      '370403000000',
      '370404000000',
      '370405000000',
      '370406000000',
      '370481000000',
    ]);
    const branch = all.find((u) => u.code === '370402-police');
    expect(branch).toMatchObject({ kind: 'subUnit', divisionCode: '370402000000', divisionName: '市中区', parentId: (await unit('370400-police')).id });
  });

  it('are seen by a centre in its subtree and above it, by a unit in its own subtree, by grid staff not at all', async () => {
    const shizhong = await codes('shizhong');
    expect(shizhong).toContain('370400-police');
    expect(shizhong).toContain('370402-urban');
    expect(shizhong).toContain('370402001-office');
    expect(shizhong).not.toContain('370481-centre');
    const town = await codes('zhongxinjie');
    expect(town).toContain('370402-centre');
    expect(town).toContain('370402001-office');
    expect(town).not.toContain('370403-centre');
    expect(await codes('police')).toEqual(['370400-police', '370402-police', '370402001-police']);
    expect((await get('/api/units', 'worker')).statusCode).toBe(403);
    expect((await get('/api/units')).statusCode).toBe(401);
  });

  it('filter by kind and by division', async () => {
    expect(await codes('city', '?kind=townOffice')).toEqual(['370402001-office']);
    const shizhong = await units('city', '?divisionCode=370402');
    expect(shizhong.length).toBeGreaterThan(5);
    expect(shizhong.every((u) => u.divisionCode.startsWith('370402'))).toBe(true);
    expect((await get('/api/units?kind=bureau', 'city')).json().field).toBe('query.kind');
  });
});

describe('registering a unit', () => {
  const body = (over: object = {}) => ({ code: '370403-urban', name: '薛城区城市管理局', kind: 'department', divisionCode: '370403000000', ...over });

  it('stores a district department, audited', async () => {
    const res = await post('/api/units', body());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ code: '370403-urban', kind: 'department', divisionName: '薛城区', parentId: null, disabled: false });
    expect(await auditOf(res.json().id)).toEqual([expect.objectContaining({ action: 'unit.create', actorRole: 'cityCentre', detail: 'department' })]);
  });

  it('lets a district centre put a sub-unit of a city department in its district', async () => {
    const police = await unit('370400-police');
    const res = await post(
      '/api/units',
      { code: '370402-traffic', name: '市中交警大队', kind: 'subUnit', divisionCode: '370402000000', parentId: police.id },
      'shizhong',
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().parentId).toBe(police.id);
  });

  it.each([
    ['a taken code', { code: '370400-police' }, 409, 'body.code'],
    ['a department at a town', { code: 'x-1', divisionCode: '370402001000' }, 400, 'body.divisionCode'],
    ['a town office at a district', { code: 'x-2', kind: 'townOffice' }, 400, 'body.divisionCode'],
    ['a centre at a community', { code: 'x-3', kind: 'centre', divisionCode: '370402001013' }, 400, 'body.divisionCode'],
    ['a second centre for a district', { code: 'x-4', kind: 'centre', divisionCode: '370402000000' }, 409, 'body.divisionCode'],
    ['a sub-unit without its parent', { code: 'x-5', kind: 'subUnit' }, 400, 'body.parentId'],
    ['a department with a parent', { code: 'x-6', parentId: '00000000-0000-4000-8000-000000000000' }, 400, 'body.parentId'],
    ['a sub-unit under a unit that does not exist', { code: 'x-7', kind: 'subUnit', parentId: '00000000-0000-4000-8000-000000000000' }, 400, 'body.parentId'],
    ['a blank name', { code: 'x-8', name: '   ' }, 400, 'body.name'],
    ['an unknown kind', { code: 'x-9', kind: 'bureau' }, 400, 'body.kind'],
    ['a division that does not exist', { code: 'x-10', divisionCode: '370499000000' }, 400, 'body.divisionCode'],
  ])('refuses %s, naming the field in both languages', async (_label, over, status, field) => {
    const res = await post('/api/units', body(over));
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().field).toBe(field);
    expect(res.json().messageZh).toMatch(/[\u4e00-\u9fff]/);
  });

  it("refuses a sub-unit outside its parent's division", async () => {
    const urban = await unit('370402-urban');
    const res = await post('/api/units', body({ code: 'x-11', kind: 'subUnit', divisionCode: '370481000000', parentId: urban.id }));
    expect(res.json()).toMatchObject({ code: 'validation_failed', field: 'body.parentId' });
  });

  it('keeps a district centre to its own district, a town centre and department staff out', async () => {
    expect((await post('/api/units', body({ code: 'x-12', divisionCode: '370481000000' }), 'shizhong')).json().field).toBe('body.divisionCode');
    expect((await post('/api/units', body({ code: 'x-13', divisionCode: '370400000000' }), 'shizhong')).json().field).toBe('body.divisionCode');
    expect((await post('/api/units', body({ code: 'x-14' }), 'zhongxinjie')).statusCode).toBe(403);
    expect((await post('/api/units', body({ code: 'x-15' }), 'police')).statusCode).toBe(403);
    expect((await post('/api/units', body({ code: 'x-16', divisionCode: '370402000000' }), 'admin')).statusCode).toBe(201);
  });
});

describe('changing a unit', () => {
  it('renames and disables it, audited', async () => {
    const office = await unit('370402001-office');
    const res = await put(`/api/units/${office.id}`, { name: '中心街街道综治中心', disabled: true }, 'shizhong');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: '中心街街道综治中心', disabled: true });
    expect((await auditOf(office.id)).map((a) => [a.action, a.detail])).toEqual([['unit.update', 'disabled']]);
    expect((await put(`/api/units/${office.id}`, { disabled: false }, 'shizhong')).json().disabled).toBe(false);
  });

  it('moves a sub-unit, but never under itself or one of its own sub-units', async () => {
    const branch = await unit('370402-police');
    const station = await unit('370402001-police');
    expect((await put(`/api/units/${branch.id}`, { parentId: station.id })).json()).toMatchObject({ code: 'validation_failed', field: 'body.parentId' });
    expect((await put(`/api/units/${branch.id}`, { parentId: branch.id })).json().field).toBe('body.parentId');
    const urban = await unit('370402-urban');
    expect((await put(`/api/units/${urban.id}`, { parentId: branch.id })).json().field).toBe('body.parentId');
    const moved = await put(`/api/units/${station.id}`, { parentId: (await unit('370400-police')).id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await put(`/api/units/${station.id}`, { parentId: branch.id })).statusCode).toBe(200);
  });

  it('leaves a unit above your division to its centre (403), and one outside your jurisdiction not found (404)', async () => {
    const police = await unit('370400-police');
    expect((await put(`/api/units/${police.id}`, { name: '改名' }, 'shizhong')).statusCode).toBe(403);
    const urban = await unit('370402-urban');
    const outside = await put(`/api/units/${urban.id}`, { name: '改名' }, 'tengzhou');
    const nowhere = await put('/api/units/00000000-0000-4000-8000-000000000000', { name: '改名' }, 'tengzhou');
    expect(outside.statusCode).toBe(404);
    expect(outside.json()).toEqual(nowhere.json());
    expect((await put(`/api/units/${urban.id}`, {}, 'city')).json().field).toBe('body');
  });
});

describe('accounts belong to units', () => {
  const account = (username: string, over: object) => ({ username, displayName: '新账号', password: 'Start-pass-2026', ...over });

  it('gives a department account a department, sub-unit, town office or social organisation of its division', async () => {
    const office = await unit('370402001-office');
    const ok = await post('/api/users', account('office.1', { role: 'department', divisionCode: '370402001000', departmentId: office.id }), 'shizhong');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().department).toEqual({ id: office.id, name: office.name });
    const volunteers = await unit('370400-volunteers');
    expect((await post('/api/users', account('vol.1', { role: 'department', divisionCode: '370400000000', departmentId: volunteers.id }))).statusCode).toBe(
      201,
    );
    const centre = await unit('370402-centre');
    const wrongKind = await post('/api/users', account('office.2', { role: 'department', divisionCode: '370402000000', departmentId: centre.id }), 'shizhong');
    expect(wrongKind.json()).toMatchObject({ code: 'validation_failed', field: 'body.departmentId' });
    const wrongDivision = await post(
      '/api/users',
      account('office.3', { role: 'department', divisionCode: '370402000000', departmentId: office.id }),
      'shizhong',
    );
    expect(wrongDivision.json().field).toBe('body.divisionCode');
  });

  it('lets a centre account name its centre, and nothing else', async () => {
    const centre = await unit('370402-centre');
    const ok = await post('/api/users', account('shizhong.2', { role: 'districtCentre', divisionCode: '370402000000', departmentId: centre.id }));
    expect(ok.statusCode, ok.body).toBe(201);
    const urban = await unit('370402-urban');
    expect(
      (await post('/api/users', account('shizhong.3', { role: 'districtCentre', divisionCode: '370402000000', departmentId: urban.id }))).json().field,
    ).toBe('body.departmentId');
    expect((await post('/api/users', account('shizhong.4', { role: 'districtCentre', divisionCode: '370402000000' }))).statusCode).toBe(201);
  });

  it('refuses a disabled unit', async () => {
    const created = await post('/api/units', { code: 'x-gone', name: '撤销的科室', kind: 'townOffice', divisionCode: '370402001000' });
    await put(`/api/units/${created.json().id}`, { disabled: true });
    const res = await post('/api/users', account('gone.1', { role: 'department', divisionCode: '370402001000', departmentId: created.json().id }));
    expect(res.json()).toMatchObject({ field: 'body.departmentId', message: expect.stringContaining('disabled') });
  });
});
