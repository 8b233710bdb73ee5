import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { ensureDemoGrids } from './grid-seed.js';

// Art. 8: a town centre staffs the grids of its communities; the assignment is the person's jurisdiction.
let t: TestApp;
let newWorker: string;
const GRID = '3704020010131001';
beforeAll(async () => {
  t = await createTestApp();
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
  const created = await t.request({
    method: 'POST',
    url: '/api/users',
    as: 'zhongxinjie',
    payload: { username: 'gw.tiexi.02', displayName: '网格员 新调入', password: 'Start-pass-2026', role: 'gridWorker', divisionCode: '370402001013' },
  });
  newWorker = created.json().id;
}, 120_000);
afterAll(() => t.close());

const card = async () => (await t.request({ method: 'GET', url: `/api/grids/${GRID}`, as: 'city' })).json();

describe('grid teams', () => {
  it('assigns a worker, who then holds the grid in their jurisdiction', async () => {
    const res = await t.request({ method: 'POST', url: `/api/grids/${GRID}/team`, as: 'zhongxinjie', payload: { userId: newWorker } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ gridCode: GRID, userId: newWorker, role: 'gridWorker' });
    expect((await card()).team.some((m: { userId: string }) => m.userId === newWorker)).toBe(true);
    const again = await t.request({ method: 'POST', url: `/api/grids/${GRID}/team`, as: 'zhongxinjie', payload: { userId: newWorker } });
    expect(again.statusCode).toBe(409);
  });

  it('ends an assignment, and a basic grid without its worker shows as incomplete', async () => {
    const team = (await card()).team as { id: string; role: string }[];
    for (const m of team.filter((x) => x.role === 'gridWorker')) {
      expect((await t.request({ method: 'DELETE', url: `/api/grids/${GRID}/team/${m.id}`, as: 'zhongxinjie' })).statusCode).toBe(204);
    }
    const after = await card();
    expect(after.team.some((m: { role: string }) => m.role === 'gridWorker')).toBe(false);
    expect(after.teamComplete).toBe(false);
    const me = (await t.request({ method: 'GET', url: '/api/me', as: 'worker' })).json();
    expect(me.scope.gridCodes).not.toContain(GRID);
  });

  it.each([
    ['a town centre account', 'zhongxinjie'],
    ['an account of another community', 'leader-elsewhere'],
  ])('refuses %s with 400 naming body.userId', async (_label, who) => {
    let id: string;
    if (who === 'leader-elsewhere') {
      const created = await t.request({
        method: 'POST',
        url: '/api/users',
        as: 'zhongxinjie',
        payload: { username: 'gl.xinfengli', displayName: '网格长 新风里', password: 'Start-pass-2026', role: 'gridLeader', divisionCode: '370402001016' },
      });
      id = created.json().id;
    } else {
      id = await t.userId(who);
    }
    const res = await t.request({ method: 'POST', url: `/api/grids/${GRID}/team`, as: 'zhongxinjie', payload: { userId: id } });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('body.userId');
  });

  it('is for centres only (403), and only for their own grids (404)', async () => {
    const id = await t.userId('worker');
    for (const as of ['worker', 'police', 'auditor']) {
      expect((await t.request({ method: 'POST', url: `/api/grids/${GRID}/team`, as, payload: { userId: id } })).statusCode, as).toBe(403);
    }
    expect((await t.request({ method: 'POST', url: `/api/grids/${GRID}/team`, as: 'tengzhou', payload: { userId: id } })).statusCode).toBe(404);
  });
});
