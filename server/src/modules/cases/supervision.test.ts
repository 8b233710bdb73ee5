// Supervision (督办) through the API: centres whose jurisdiction holds the case supervise it; the
// case shows the highest level; every supervision is kept; the lead unit is told; audited.
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { TENGZHOU_COMMUNITY, TENGZHOU_TOWN, TOWN, makeCase, unitId } from '../../test/case-factory.js';
import { createTestApp } from '../../test/harness.js';
import { auditEvent } from '../audit/audit.tables.js';
import { caseRecord, notification } from './case.tables.js';

const t = await createTestApp();
afterAll(() => t.close());

const url = (id: string) => `/api/cases/${id}/supervisions`;
const post = (id: string, payload: object, as: string) => t.request({ method: 'POST', url: url(id), as, payload });
const get = (id: string, as: string) => t.request({ method: 'GET', url: url(id), as });

describe('supervising a case', () => {
  it('by the town, then the district, then the city: the case shows the highest level, every one is kept', async () => {
    const c = await makeCase(t.ctx);
    const police = await unitId(t.ctx);

    const yellow = await post(c.id, { level: 'yellow', opinion: '请尽快处置路灯故障' }, 'zhongxinjie');
    expect(yellow.statusCode, yellow.body).toBe(200);
    expect(yellow.json()).toMatchObject({ caseId: c.id, supervision: 'yellow', items: [{ level: 'yellow', centreCode: TOWN, centreName: '中心街街道' }] });

    // A lower level afterwards is kept, but the case stays yellow.
    const normal = await post(c.id, { level: 'normal', opinion: '关注进展' }, 'shizhong');
    expect(normal.json()).toMatchObject({ supervision: 'yellow' });
    expect(normal.json().items.map((i: { level: string }) => i.level)).toEqual(['yellow', 'normal']);

    const red = await post(c.id, { level: 'red', opinion: '红牌督办，限期办结' }, 'city');
    expect(red.json()).toMatchObject({ supervision: 'red' });
    const list = await get(c.id, 'city');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({ level: 'yellow', actorName: '中心街街道 孙丽', opinion: '请尽快处置路灯故障' }),
      expect.objectContaining({ level: 'normal', centreCode: '370402000000', actorName: '市中区中心 李强' }),
      expect.objectContaining({ level: 'red', centreCode: '370400000000', actorId: await t.userId('city') }),
    ]);
    const [row] = await t.ctx.db.select().from(caseRecord).where(eq(caseRecord.id, c.id));
    expect(row?.supervision).toBe('red');

    const told = await t.ctx.db
      .select()
      .from(notification)
      .where(and(eq(notification.caseId, c.id), eq(notification.kind, 'caseSupervised')));
    expect(told.map((n) => n.recipientUnitId)).toEqual([police, police, police]);
    const audited = await t.ctx.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'case.supervise'), eq(auditEvent.targetId, c.id)));
    expect(audited.map((a) => [a.actorRole, a.detail, a.fields, a.divisionCode])).toEqual([
      ['townCentre', 'yellow', ['supervision'], c.divisionCode],
      ['districtCentre', 'normal', [], c.divisionCode],
      ['cityCentre', 'red', ['supervision'], c.divisionCode],
    ]);
  });

  it('tells the centre holding a case no unit has yet, when that is another centre', async () => {
    const c = await makeCase(t.ctx, { leadUnitId: null, status: 'registered' });
    expect((await post(c.id, { level: 'normal', opinion: '请及时派遣' }, 'shizhong')).statusCode).toBe(200);
    expect((await post(c.id, { level: 'normal', opinion: '本中心自督' }, 'zhongxinjie')).statusCode).toBe(200);
    const told = await t.ctx.db.select().from(notification).where(eq(notification.caseId, c.id));
    expect(told.map((n) => [n.kind, n.recipientCentreCode])).toEqual([['caseSupervised', TOWN]]);
  });
});

describe('refused', () => {
  it('outside the jurisdiction: 404, the same as a case that does not exist', async () => {
    const c = await makeCase(t.ctx, { divisionCode: TENGZHOU_COMMUNITY, centreCode: TENGZHOU_TOWN });
    const outside = await post(c.id, { level: 'red', opinion: '越界督办' }, 'shizhong');
    const nowhere = await post('00000000-0000-4000-8000-000000000000', { level: 'red', opinion: '越界督办' }, 'shizhong');
    expect(outside.statusCode).toBe(404);
    expect(outside.json()).toEqual(nowhere.json());
    expect((await get(c.id, 'zhongxinjie')).statusCode).toBe(404);
    expect((await get(c.id, 'tengzhou')).statusCode).toBe(200);
    const [row] = await t.ctx.db.select().from(caseRecord).where(eq(caseRecord.id, c.id));
    expect(row?.supervision).toBe('none');
  });

  it.each(['worker', 'police', 'admin', 'auditor'])('to %s (no case.supervise): 403', async (as) => {
    const c = await makeCase(t.ctx);
    const res = await post(c.id, { level: 'red', opinion: '无权督办' }, as);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden' });
  });

  it('bad input: 400 naming the field', async () => {
    const c = await makeCase(t.ctx);
    expect((await post(c.id, { level: 'orange', opinion: 'x' }, 'city')).json()).toMatchObject({ code: 'validation_failed', field: 'body.level' });
    expect((await post(c.id, { level: 'red', opinion: '' }, 'city')).json()).toMatchObject({ field: 'body.opinion' });
    expect((await post(c.id, { level: 'red', opinion: '   ' }, 'city')).json()).toMatchObject({ field: 'body.opinion' });
    expect((await post(c.id, { level: 'red' }, 'city')).json()).toMatchObject({ field: 'body.opinion' });
    expect((await post('not-a-uuid', { level: 'red', opinion: 'x' }, 'city')).json()).toMatchObject({ field: 'params.id' });
  });

  it('a closed case: 409', async () => {
    const c = await makeCase(t.ctx, { status: 'closed' });
    const res = await post(c.id, { level: 'yellow', opinion: '已结案' }, 'city');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'conflict', messageZh: expect.stringContaining('不能督办') });
  });

  it('without a session: 401', async () => {
    const c = await makeCase(t.ctx);
    expect((await t.request({ method: 'POST', url: url(c.id), payload: { level: 'red', opinion: 'x' } })).statusCode).toBe(401);
  });
});
