// The grid matter list (Art. 12) through the API, on a real database: the demo version, the refusal of
// licensing, penalty and enforcement matters, frozen published versions, draft → publish, the public
// list without a session, and who may manage it.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { department } from '../access/access.tables.js';
import { auditEvent } from '../audit/audit.tables.js';
import { createTestApp } from '../../test/harness.js';
import { ensureDemoMatters } from './matter-seed.js';
import { matter, matterList } from './matter.tables.js';

const t = await createTestApp();
afterAll(() => t.close());

const get = (url: string, as?: string) => t.request({ method: 'GET', url, ...(as ? { as } : {}) });
const post = (url: string, payload: object = {}, as = 'city') => t.request({ method: 'POST', url, as, payload });
const put = (url: string, payload: object, as = 'city') => t.request({ method: 'PUT', url, as, payload });
const del = (url: string, as = 'city') => t.request({ method: 'DELETE', url, as });

const [police] = await t.ctx.db.select().from(department).where(eq(department.code, '370400-police'));
const matterBody = (over: object = {}) => ({
  code: 'SX-100',
  name: '高空抛物隐患',
  category: '安全隐患',
  description: '发现高空抛物隐患并上报。',
  legalBasis: '《民法典》第一千二百五十四条',
  departmentId: police?.id,
  powerKind: 'publicService',
  urgent: true,
  public: true,
  ...over,
});
const severity = {
  code: 'severity',
  datatype: 'singlevaluelist',
  required: true,
  description: '严重程度',
  datatypeDescription: '按现场情况选择',
  values: [
    { key: 'minor', name: '一般' },
    { key: 'serious', name: '较重' },
  ],
};
const note = { code: 'note', datatype: 'text', required: false, description: '补充说明' };
const versions = async () => (await get('/api/matter-lists', 'city')).json().items as { id: string; version: number; status: string; matterCount: number }[];
const published = async () => {
  const v = (await versions()).find((l) => l.status === 'published');
  if (!v) throw new Error('no published version');
  return v;
};

describe('the demo list', () => {
  it('is published as version 1 with the demo matters, readable by every role', async () => {
    const v1 = await published();
    expect(v1).toMatchObject({ version: 1, matterCount: 12 });
    for (const as of ['worker', 'police', 'auditor', 'shizhong', 'admin']) {
      const res = await get(`/api/matter-lists/${v1.id}`, as);
      expect(res.statusCode, as).toBe(200);
      expect(res.json().matters).toHaveLength(12);
    }
    const one = (await get(`/api/matter-lists/${v1.id}`, 'worker')).json().matters.find((m: { code: string }) => m.code === 'SX-001');
    expect(one).toMatchObject({ name: '矛盾纠纷排查', departmentName: '枣庄市司法局', powerKind: 'publicService', powerKindName: { zh: '公共服务' } });
  });

  it('is seeded once: a second run changes nothing', async () => {
    expect(await ensureDemoMatters(t.ctx)).toBe(0);
    expect(await versions()).toHaveLength(1);
  });
});

describe('the public list', () => {
  it('answers without a session: version, date, matters with department and power kind names', async () => {
    const res = await get('/api/public/matters');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ cityCode: '370400000000', cityName: expect.any(String), version: 1, publishedAt: expect.any(String) });
    expect(body.matters).toHaveLength(12);
    expect(body.matters[0]).not.toHaveProperty('departmentId');
    const one = await get('/api/public/matters/SX-004');
    expect(one.statusCode).toBe(200);
    expect(one.json().matter).toMatchObject({ name: '燃气安全隐患', urgent: true, powerKindName: { zh: '行政检查', en: 'Administrative inspection' } });
    expect((await get('/api/public/matters/SX-999')).statusCode).toBe(404);
    expect((await get('/api/public/matters/bad code')).json()).toMatchObject({ code: 'validation_failed', field: 'params.code' });
  });
});

describe('a published list is frozen', () => {
  it('refuses to add, change or remove its matters (409), and stores nothing', async () => {
    const v1 = await published();
    const add = await post(`/api/matter-lists/${v1.id}/matters`, matterBody());
    expect(add.statusCode).toBe(409);
    expect(add.json()).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('draft a new version'),
      messageZh: expect.stringContaining('起草新版本'),
    });
    const { code: _, ...rest } = matterBody({ name: '改名' });
    expect((await put(`/api/matter-lists/${v1.id}/matters/SX-001`, rest)).statusCode).toBe(409);
    expect((await del(`/api/matter-lists/${v1.id}/matters/SX-001`)).statusCode).toBe(409);
    expect((await post(`/api/matter-lists/${v1.id}/publish`)).statusCode).toBe(409);
    expect(await t.ctx.db.select().from(matter).where(eq(matter.listId, v1.id))).toHaveLength(12);
  });
});

describe('drafting and publishing a new version', () => {
  let draftId = '';

  it('drafts version 2 as a copy of the published list; a second draft is refused', async () => {
    const res = await post('/api/matter-lists', { note: '新增高空抛物' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, status: 'draft', note: '新增高空抛物', matterCount: 12, createdByName: expect.any(String) });
    draftId = res.json().id;
    expect((await post('/api/matter-lists', {})).statusCode).toBe(409);
  });

  it.each([
    ['administrativeLicensing', '行政许可'],
    ['administrativePenalty', '行政处罚'],
    ['administrativeEnforcement', '行政强制'],
  ])('refuses a %s matter with the Art. 12 reason, and stores nothing', async (powerKind, zh) => {
    const res = await post(`/api/matter-lists/${draftId}/matters`, matterBody({ code: 'SX-200', name: '占道经营许可', powerKind }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', field: 'body.powerKind' });
    expect(res.json().messageZh).toContain('第十二条');
    expect(res.json().messageZh).toContain(zh);
    expect(res.json().message).toContain('Art. 12');
    const { code: _, ...update } = matterBody({ powerKind });
    expect((await put(`/api/matter-lists/${draftId}/matters/SX-001`, update)).json().field).toBe('body.powerKind');
    const stored = await t.ctx.db
      .select()
      .from(matter)
      .where(and(eq(matter.listId, draftId), eq(matter.code, 'SX-200')));
    expect(stored).toEqual([]);
    const [kept] = await t.ctx.db
      .select()
      .from(matter)
      .where(and(eq(matter.listId, draftId), eq(matter.code, 'SX-001')));
    expect(kept?.powerKind).toBe('publicService');
  });

  it('refuses bad input naming the field', async () => {
    const url = `/api/matter-lists/${draftId}/matters`;
    expect((await post(url, matterBody({ code: 'SX-001' }))).json()).toMatchObject({ code: 'conflict', field: 'body.code' });
    expect((await post(url, matterBody({ code: 'sx 1' }))).json().field).toBe('body.code');
    expect((await post(url, matterBody({ name: '   ' }))).json().field).toBe('body.name');
    expect((await post(url, matterBody({ powerKind: 'magic' }))).json().field).toBe('body.powerKind');
    expect((await post(url, matterBody({ departmentId: '00000000-0000-4000-8000-000000000000' }))).json().field).toBe('body.departmentId');
    expect((await post('/api/matter-lists/00000000-0000-4000-8000-000000000000/matters', matterBody())).statusCode).toBe(404);
    expect((await del(`/api/matter-lists/${draftId}/matters/SX-999`)).statusCode).toBe(404);
  });

  it('adds, changes and removes matters of the draft, each audited', async () => {
    const added = await post(`/api/matter-lists/${draftId}/matters`, matterBody());
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().matterCount).toBe(13);
    const { code: _, ...update } = matterBody({ name: '高空抛物安全隐患', urgent: false });
    const changed = await put(`/api/matter-lists/${draftId}/matters/SX-100`, update);
    expect(changed.json().matters.find((m: { code: string }) => m.code === 'SX-100')).toMatchObject({ name: '高空抛物安全隐患', urgent: false });
    expect((await del(`/api/matter-lists/${draftId}/matters/SX-012`)).statusCode).toBe(204);
    const actions = (await t.ctx.db.select().from(auditEvent).where(eq(auditEvent.targetType, 'matter')).orderBy(asc(auditEvent.seq))).map((r) => [
      r.action,
      r.targetId,
    ]);
    expect(actions).toEqual([
      ['matter.add', `${draftId}:SX-100`],
      ['matter.update', `${draftId}:SX-100`],
      ['matter.remove', `${draftId}:SX-012`],
    ]);
    // The published version is untouched.
    expect((await get('/api/public/matters')).json().matters.map((m: { code: string }) => m.code)).toContain('SX-012');
  });

  it('copies the published matters’ attributes into the draft', async () => {
    const v1 = (await get(`/api/matter-lists/${(await published()).id}`, 'city')).json();
    const draft = (await get(`/api/matter-lists/${draftId}`, 'city')).json();
    const attributesOf = (list: { matters: { code: string; attributes: unknown[] }[] }, code: string) => list.matters.find((m) => m.code === code)?.attributes;
    expect(attributesOf(v1, 'SX-008')).toEqual([
      expect.objectContaining({ code: 'facility', datatype: 'singlevaluelist', required: false, description: '损坏的设施' }),
      expect.objectContaining({ code: 'severity', values: expect.arrayContaining([{ key: 'serious', name: '较重' }]) }),
    ]);
    expect(attributesOf(draft, 'SX-008')).toEqual(attributesOf(v1, 'SX-008'));
    expect(attributesOf(draft, 'SX-003')).toEqual(attributesOf(v1, 'SX-003'));
    expect(attributesOf(draft, 'SX-001')).toEqual([]);
  });

  it.each([
    ['a code not starting with a letter', [{ ...severity, code: '1st' }], 'body.attributes.0.code'],
    ['a code of 41 characters', [{ ...severity, code: `a${'b'.repeat(40)}` }], 'body.attributes.0.code'],
    ['an unknown datatype', [{ ...severity, datatype: 'boolean' }], 'body.attributes.0.datatype'],
    ['an empty description', [{ ...severity, description: '' }], 'body.attributes.0.description'],
    ['a blank description', [{ ...severity, description: '   ' }], 'body.attributes.0.description'],
    ['a description over 200 characters', [{ ...severity, description: '长'.repeat(201) }], 'body.attributes.0.description'],
    ['a field it does not know', [{ ...severity, colour: 'red' }], 'body.attributes.0.colour'],
    ['a code given twice', [note, severity, { ...note, required: true }], 'body.attributes.2.code'],
    ['values on a number', [note, { ...note, code: 'count', datatype: 'number', values: severity.values }], 'body.attributes.1.values'],
    ['a list without values', [{ ...severity, values: undefined }], 'body.attributes.0.values'],
    ['a list with an empty list of values', [{ ...severity, values: [] }], 'body.attributes.0.values'],
    ['a key given twice', [{ ...severity, values: [...severity.values, { key: 'minor', name: '轻微' }] }], 'body.attributes.0.values.2.key'],
    ['a blank name', [{ ...severity, values: [{ key: 'a', name: ' ' }] }], 'body.attributes.0.values.0.name'],
  ])('refuses %s with 400 naming the place, in English and Chinese, and stores nothing', async (_name, attributes, field) => {
    const { code: _, ...rest } = matterBody();
    for (const res of [
      await post(`/api/matter-lists/${draftId}/matters`, matterBody({ code: 'SX-300', attributes })),
      await put(`/api/matter-lists/${draftId}/matters/SX-100`, { ...rest, attributes }),
    ]) {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', field, message: expect.any(String), messageZh: expect.stringMatching(/[\u3400-\u9fff]/) });
    }
    const rows = await t.ctx.db.select().from(matter).where(eq(matter.listId, draftId));
    expect(rows.map((r) => r.code)).not.toContain('SX-300');
    expect(rows.find((r) => r.code === 'SX-100')?.attributes).toEqual([]);
  });

  it('sets, reorders and removes a matter’s attributes; a change that omits them keeps them', async () => {
    const { code: _, ...rest } = matterBody();
    const url = `/api/matter-lists/${draftId}/matters/SX-100`;
    const attributesOf = (res: { json: () => { matters: { code: string; attributes: { code: string }[] }[] } }) =>
      res.json().matters.find((m) => m.code === 'SX-100')?.attributes ?? [];
    const set = await put(url, { ...rest, attributes: [severity, { ...note, description: '  补充说明  ', datatypeDescription: '  ' }] });
    expect(set.statusCode, set.body).toBe(200);
    // Text trimmed, an empty hint dropped, values only on the list.
    expect(attributesOf(set)).toEqual([severity, { code: 'note', datatype: 'text', required: false, description: '补充说明' }]);
    expect(attributesOf(await put(url, { ...rest, name: '高空抛物' }))).toEqual([severity, expect.objectContaining({ code: 'note' })]);
    expect(attributesOf(await put(url, { ...rest, attributes: [note, severity] })).map((a) => a.code)).toEqual(['note', 'severity']);
    expect(attributesOf(await put(url, { ...rest, attributes: [severity] }))).toEqual([severity]);
    const [row] = await t.ctx.db
      .select()
      .from(matter)
      .where(and(eq(matter.listId, draftId), eq(matter.code, 'SX-100')));
    expect(row?.attributes).toEqual([severity]);
    // The published version's matters never changed.
    expect((await get('/api/public/matters/SX-003')).json().matter.attributes).toHaveLength(1);
  });

  it('publishes the draft and supersedes version 1', async () => {
    const v1 = await published();
    const res = await post(`/api/matter-lists/${draftId}/publish`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, status: 'published', publishedAt: expect.any(String), publishedByName: expect.any(String) });
    const [old] = await t.ctx.db.select().from(matterList).where(eq(matterList.id, v1.id));
    expect(old?.status).toBe('superseded');
    const pub = (await get('/api/public/matters')).json();
    expect(pub.version).toBe(2);
    expect(pub.matters.map((m: { code: string }) => m.code)).toContain('SX-100');
    expect(pub.matters.map((m: { code: string }) => m.code)).not.toContain('SX-012');
    // Superseded is frozen too.
    expect((await del(`/api/matter-lists/${v1.id}/matters/SX-001`)).statusCode).toBe(409);
    const audit = await t.ctx.db.select().from(auditEvent).where(eq(auditEvent.action, 'matter.list.publish'));
    expect(audit).toEqual([expect.objectContaining({ targetId: draftId, actorRole: 'cityCentre', detail: 'version 2, 12 matters' })]);
  });

  it('refuses to publish an empty draft', async () => {
    const draft = (await post('/api/matter-lists', {})).json();
    // Version 3 is drafted from version 2: its attributes come with it.
    expect(draft.matters.find((m: { code: string }) => m.code === 'SX-100').attributes).toEqual([severity]);
    for (const m of draft.matters) expect((await del(`/api/matter-lists/${draft.id}/matters/${m.code}`)).statusCode).toBe(204);
    const res = await post(`/api/matter-lists/${draft.id}/publish`);
    expect(res.statusCode).toBe(409);
    expect(res.json().messageZh).toContain('为空');
  });
});

describe('who may manage the list', () => {
  it('refuses every role but the city centre (403)', async () => {
    const v = await published();
    for (const as of ['worker', 'police', 'shizhong', 'zhongxinjie', 'admin', 'auditor']) {
      expect((await post('/api/matter-lists', {}, as)).statusCode, as).toBe(403);
      expect((await post(`/api/matter-lists/${v.id}/matters`, matterBody(), as)).statusCode, as).toBe(403);
      expect((await post(`/api/matter-lists/${v.id}/publish`, {}, as)).statusCode, as).toBe(403);
      expect((await del(`/api/matter-lists/${v.id}/matters/SX-001`, as)).statusCode, as).toBe(403);
    }
  });

  it('wants a session for the staff routes', async () => {
    expect((await get('/api/matter-lists')).statusCode).toBe(401);
  });
});
