// Watched persons (重点人员) through the API on a real database: only the responsible roles find a
// record (the grid leader of its grid, the town centre of its town, the staff of the unit named on it);
// to the grid worker, the instructor, the district and city centres and any other department it does
// not exist (404, absent from lists and from the person's profile). Every read is audited; the note
// is sealed; follow-ups move the last follow-up on; overdue records are listed.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_GRID, WORKER_GRID, registerPerson, withCheck } from '../../test/base-factories.js';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { department } from '../access/access.tables.js';
import { auditEvent } from '../audit/audit.tables.js';
import { ensureDemoGrids } from '../territory/grid-seed.js';
import { today } from './person.service.js';
import { watchedFollowUp, watchedPerson } from './base.tables.js';

const NOTE = '2019年因盗窃罪判处有期徒刑';
let t: TestApp;
const ids: Record<string, string> = {};
const units: Record<string, string> = {};

const post = (url: string, payload: object, as: string) => t.request({ method: 'POST', url, as, payload });
const patch = (url: string, payload: object, as: string) => t.request({ method: 'PATCH', url, as, payload });
const get = (url: string, as: string) => t.request({ method: 'GET', url, as });
const watch = (over: object = {}, as = 'leader') =>
  post(
    '/api/watched-persons',
    {
      personId: ids.li,
      kind: 'communityCorrection',
      riskLevel: 'medium',
      responsibleUnitId: units.justice,
      helpers: '社区民警、司法所干部',
      followUpDays: 30,
      note: NOTE,
      ...over,
    },
    as,
  );
const readAudits = () => t.ctx.db.select().from(auditEvent).where(eq(auditEvent.action, 'base.watched.read'));

beforeAll(async () => {
  t = await createTestApp();
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
  for (const [key, code] of [
    ['justice', '370400-justice'],
    ['police', '370400-police'],
  ] as const) {
    const [unit] = await t.ctx.db.select().from(department).where(eq(department.code, code));
    units[key] = unit?.id as string;
  }
  ids.li = await registerPerson(t, 'worker', { name: '李强', idNumber: withCheck('37040219850101003') });
  ids.wu = await registerPerson(t, 'worker', { name: '吴刚', idNumber: withCheck('37040219800202005') });
  ids.far = await registerPerson(t, 'zhongxinjie', { name: '郑东', idNumber: withCheck('37040219700303007'), gridCode: OTHER_GRID });
}, 180_000);
afterAll(() => t.close());

describe('registering a watched person', () => {
  it('needs watched.manage: the grid worker and the district centre may not (403)', async () => {
    expect((await watch({}, 'worker')).statusCode).toBe(403);
    expect((await watch({}, 'shizhong')).statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: '/api/watched-persons', payload: {} })).statusCode).toBe(401);
  });

  it.each([
    ['a person the writer does not find', { personId: '00000000-0000-4000-8000-000000000000' }, 'body.personId'],
    ['a last follow-up after today', { lastFollowUpOn: '2999-01-01' }, 'body.lastFollowUpOn'],
    ['a day that does not exist', { lastFollowUpOn: '2025-02-30' }, 'body.lastFollowUpOn'],
    ['no such unit', { responsibleUnitId: '00000000-0000-4000-8000-000000000000' }, 'body.responsibleUnitId'],
    ['an unknown kind', { kind: 'gambler' }, 'body.kind'],
    ['a frequency of zero days', { followUpDays: 0 }, 'body.followUpDays'],
  ])('refuses %s with a 400 naming the field', async (_what, over, field) => {
    const res = await watch(over);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().field).toBe(field);
    expect(res.body).not.toContain(NOTE);
  });

  it('refuses the grid leader a person of another community (400: not found to them)', async () => {
    const res = await watch({ personId: ids.far });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('body.personId');
  });

  it('registers for the grid leader, grid and community copied from the person, the note sealed', async () => {
    const res = await watch();
    expect(res.statusCode, res.body).toBe(201);
    ids.record = res.json().id;
    expect(res.json()).toMatchObject({
      personId: ids.li,
      personName: '李强',
      kind: 'communityCorrection',
      gridCode: WORKER_GRID,
      divisionCode: '370402001013',
      responsibleUnitName: expect.any(String),
      lastFollowUpOn: null,
      overdue: true,
      version: 1,
    });
    expect(res.body).not.toContain(NOTE);
    const raw = JSON.stringify(
      await t.ctx.db
        .select()
        .from(watchedPerson)
        .where(eq(watchedPerson.id, ids.record as string)),
    );
    expect(raw).not.toContain('盗窃');
    expect((await watch()).statusCode).toBe(409);
  });

  it('registers for the town centre a record the police are responsible for', async () => {
    const res = await watch(
      { personId: ids.wu, kind: 'drugUser', riskLevel: 'high', responsibleUnitId: units.police, note: null, lastFollowUpOn: '2020-01-01' },
      'zhongxinjie',
    );
    expect(res.statusCode, res.body).toBe(201);
    ids.police = res.json().id;
  });
});

describe('who finds a watched-person record', () => {
  const listed = async (as: string) => {
    const res = await get('/api/watched-persons?pageSize=50', as);
    expect(res.statusCode, `${as} ${res.body}`).toBe(200);
    return (res.json().items as { id: string }[]).map((w) => w.id).sort();
  };

  it('is not found by the grid worker, the instructor, the district and city centres: 404 and empty lists, never 403', async () => {
    for (const as of ['worker', 'instructor', 'shizhong', 'city', 'tengzhou']) {
      expect((await get(`/api/watched-persons/${ids.record}`, as)).statusCode, as).toBe(404);
      expect(await listed(as), as).toEqual([]);
      const profile = await get(`/api/persons/${ids.li}`, as);
      if (profile.statusCode === 200) expect(profile.json().watched, as).toEqual([]);
    }
  });

  it('is not found by a department not responsible for it', async () => {
    expect((await get(`/api/watched-persons/${ids.record}`, 'police')).statusCode).toBe(404);
    expect(await listed('police')).toEqual([ids.police]);
  });

  it('is found by the grid leader, the town centre and the responsible unit, with the note', async () => {
    expect(await listed('leader')).toEqual([ids.record, ids.police].sort());
    expect(await listed('zhongxinjie')).toEqual([ids.record, ids.police].sort());
    const one = await get(`/api/watched-persons/${ids.record}`, 'leader');
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toMatchObject({ note: NOTE, followUps: [], history: [{ action: 'create' }] });
    expect((await get(`/api/watched-persons/${ids.police}`, 'police')).statusCode).toBe(200);
    expect((await get(`/api/persons/${ids.li}`, 'leader')).json().watched).toHaveLength(1);
  });

  it('audits every read, a list and a record, naming the kinds read but never the note', async () => {
    const before = (await readAudits()).length;
    await get(`/api/watched-persons/${ids.record}`, 'zhongxinjie');
    await get('/api/watched-persons', 'leader');
    await get('/api/watched-persons', 'worker');
    const rows = (await readAudits()).slice(before);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ targetId: ids.record, fields: ['communityCorrection', 'note'], divisionCode: '370402001013', outcome: 'ok' });
    expect(rows[1]).toMatchObject({ fields: ['communityCorrection', 'drugUser'], actorId: await t.userId('leader') });
    expect(rows[2]).toMatchObject({ fields: [], actorId: await t.userId('worker') });
    expect(JSON.stringify(await t.ctx.db.select().from(auditEvent))).not.toContain('盗窃');
  });
});

describe('following up and changing', () => {
  it('lists the overdue records: never followed up, or the last follow-up plus the frequency before today', async () => {
    const overdue = (await get('/api/watched-persons?overdue=true', 'zhongxinjie')).json();
    expect(overdue.items.map((w: { id: string }) => w.id).sort()).toEqual([ids.record, ids.police].sort());
    expect(overdue.items[0]).toMatchObject({ id: ids.police, riskLevel: 'high', nextFollowUpBy: '2020-01-31', overdue: true });
  });

  it('records a follow-up by the leader and by the responsible unit; not by the worker, not after today', async () => {
    const url = `/api/watched-persons/${ids.record}/follow-ups`;
    expect((await post(url, { on: '2999-01-01' }, 'leader')).json().field).toBe('body.on');
    expect((await post(url, { on: today(t.ctx) }, 'worker')).statusCode).toBe(403);
    expect((await post(url, { on: today(t.ctx) }, 'police')).statusCode).toBe(404);
    const res = await post(url, { on: today(t.ctx), note: '情绪稳定，按时报到' }, 'leader');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ lastFollowUpOn: today(t.ctx), overdue: false, version: 2 });
    expect(res.body).not.toContain('情绪稳定');
    const byPolice = await post(`/api/watched-persons/${ids.police}/follow-ups`, { on: '2021-06-01' }, 'police');
    expect(byPolice.statusCode, byPolice.body).toBe(201);
    const [row] = await t.ctx.db
      .select()
      .from(watchedFollowUp)
      .where(eq(watchedFollowUp.watchedPersonId, ids.record as string));
    expect(row?.noteSealed).not.toContain('情绪稳定');
    const one = (await get(`/api/watched-persons/${ids.record}`, 'leader')).json();
    expect(one.followUps).toMatchObject([{ on: today(t.ctx), note: '情绪稳定，按时报到' }]);
    const overdue = (await get('/api/watched-persons?overdue=true', 'leader')).json();
    expect(overdue.items.map((w: { id: string }) => w.id)).toEqual([ids.police]);
    expect((await get('/api/watched-persons?overdue=false', 'leader')).json().items.map((w: { id: string }) => w.id)).toEqual([ids.record]);
  });

  it('changes a record with the version read (409 when stale), history kept without the note', async () => {
    const url = `/api/watched-persons/${ids.record}`;
    expect((await patch(url, { version: 1, riskLevel: 'high' }, 'leader')).statusCode).toBe(409);
    expect((await patch(url, { version: 2, riskLevel: 'high' }, 'worker')).statusCode).toBe(403);
    expect((await patch(url, { version: 2, riskLevel: 'high' }, 'shizhong')).statusCode).toBe(403);
    // The responsible unit follows up; it does not re-register the record (it cannot write in the grid).
    expect((await patch(`/api/watched-persons/${ids.police}`, { version: 2, riskLevel: 'low' }, 'police')).statusCode).toBe(403);
    expect((await patch(url, { version: 2, kind: 'drugUser', followUpDays: 0 }, 'leader')).json().field).toBe('body.followUpDays');
    const res = await patch(url, { version: 2, riskLevel: 'high', note: '已解除社区矫正' }, 'leader');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ riskLevel: 'high', version: 3 });
    const one = (await get(url, 'leader')).json();
    expect(one.note).toBe('已解除社区矫正');
    expect(one.history[0]).toMatchObject({ action: 'update', changes: { riskLevel: { from: 'medium', to: 'high' }, note: { from: '******', to: '******' } } });
    expect(JSON.stringify(one.history)).not.toContain('矫正');
    const updates = await t.ctx.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'base.watched.update'), eq(auditEvent.targetId, ids.record as string)));
    expect(updates).toHaveLength(1);
  });
});
