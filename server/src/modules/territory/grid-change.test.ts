import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LngLat, type PolygonGeometry, geometryBBox, labelPoint, pointInGeometry, splitByLine, union } from '../../lib/geometry/index.js';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { ensureDemoGrids } from './grid-seed.js';

// Art. 7 in one story: a town proposes a split, validation finds an overlap with a neighbour and
// shows where, the corrected proposal is approved by the city centre, codes move on, history stays.
let t: TestApp;
type Card = {
  code: string;
  kind: string;
  label: LngLat;
  boundary: PolygonGeometry;
  microGrids: string[];
  status: string;
  history: { predecessorCodes: string[] }[];
};
let target: Card;
let neighbour: Card;
let pieces: GeoJSON.Polygon[];

const card = async (code: string): Promise<Card> => (await t.request({ method: 'GET', url: `/api/grids/${code}`, as: 'city' })).json();

beforeAll(async () => {
  t = await createTestApp();
  // The grids have existed for a week when the story starts.
  t.setNow(new Date(Date.now() - 7 * 86_400_000));
  await ensureDemoGrids(t.ctx, { districts: ['370402'] });
  t.setNow(undefined);
  // A community of 中心街街道 with at least two single-polygon basic grids.
  const basics = (await t.request({ method: 'GET', url: '/api/grids?kind=basic&divisionCode=370402001&pageSize=200', as: 'city' })).json().items as {
    code: string;
    community: { code: string };
  }[];
  const byCommunity = new Map<string, string[]>();
  for (const b of basics) byCommunity.set(b.community.code, [...(byCommunity.get(b.community.code) ?? []), b.code]);
  // 铁西居委会 first: its basic grids have the demo team (leader, instructor, worker).
  const ordered = [...byCommunity].sort(([a], [b]) => (a === '370402001013' ? -1 : b === '370402001013' ? 1 : 0)).map(([, codes]) => codes);
  for (const codes of ordered) {
    if (codes.length < 2) continue;
    const cards = await Promise.all(codes.map(card));
    const polygon = cards.find((c) => c.boundary.type === 'Polygon');
    if (polygon) {
      target = polygon;
      neighbour = cards.find((c) => c.code !== polygon.code) as Card;
      break;
    }
  }
  expect(target).toBeDefined();
  const [minLng, minLat, maxLng, maxLat] = geometryBBox(target.boundary);
  const [lng] = target.label;
  pieces = splitByLine(target.boundary as GeoJSON.Polygon, {
    type: 'LineString',
    coordinates: [
      [lng, minLat - 0.01],
      [lng, maxLat + 0.01],
    ],
  });
  expect(pieces.length).toBeGreaterThanOrEqual(2);
  expect(minLng).toBeLessThan(maxLng);
}, 120_000);
afterAll(() => t.close());

const community = () => target.code.slice(0, 12);
const splitItems = (first: PolygonGeometry) => [
  { action: 'retire', code: target.code },
  ...target.microGrids.map((code) => ({ action: 'retire', code })),
  { action: 'create', kind: 'basic', name: '拆分网格甲', boundary: first, households: 150 },
  ...pieces.slice(1).map((p, i) => ({ action: 'create', kind: 'basic', name: `拆分网格${'乙丙丁'[i]}`, boundary: p, households: 150 })),
];

describe('a town splits a grid and the city centre approves it', () => {
  let changeId: string;
  let approvedAt: Date;
  let issued: string[];

  it('refuses a version that overlaps a neighbour, and shows where', async () => {
    // The first piece also takes a square from the neighbouring grid.
    const [nlng, nlat] = neighbour.label;
    const d = 0.0005;
    const square: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [nlng - d, nlat - d],
          [nlng + d, nlat - d],
          [nlng + d, nlat + d],
          [nlng - d, nlat + d],
          [nlng - d, nlat - d],
        ],
      ],
    };
    const greedy = union([pieces[0] as GeoJSON.Polygon, square]) as GeoJSON.MultiPolygon;
    const res = await t.request({
      method: 'POST',
      url: '/api/grid-changes',
      as: 'zhongxinjie',
      payload: { kind: 'split', communityCode: community(), reason: '社区新建小区，按楼栋重新划分', items: splitItems(greedy) },
    });
    expect(res.statusCode).toBe(201);
    const change = res.json();
    changeId = change.id;
    expect(change).toMatchObject({ status: 'draft', valid: false });
    const overlap = change.validation.find((i: { kind: string }) => i.kind === 'overlap');
    expect(overlap).toMatchObject({ severity: 'problem', codes: expect.arrayContaining([neighbour.code]) });
    expect(overlap.areaM2).toBeGreaterThan(1000);
    expect(pointInGeometry(overlap.at, neighbour.boundary)).not.toBe('outside');
    expect(overlap.geometry.type).toBe('MultiPolygon');
    const submit = await t.request({ method: 'POST', url: `/api/grid-changes/${changeId}/submit`, as: 'zhongxinjie' });
    expect(submit.statusCode).toBe(409);
    expect(submit.json().code).toBe('grid_change_invalid');
  });

  it('accepts the corrected version, which the city centre approves', async () => {
    const revised = await t.request({
      method: 'PUT',
      url: `/api/grid-changes/${changeId}`,
      as: 'zhongxinjie',
      payload: { kind: 'split', reason: '社区新建小区，按楼栋重新划分', items: splitItems(pieces[0] as GeoJSON.Polygon) },
    });
    expect(revised.statusCode).toBe(200);
    expect(revised.json().valid).toBe(true);
    expect((await t.request({ method: 'POST', url: `/api/grid-changes/${changeId}/submit`, as: 'zhongxinjie' })).json().status).toBe('submitted');
    const review = (await t.request({ method: 'GET', url: `/api/grid-changes/${changeId}`, as: 'city' })).json();
    expect(review.before.map((g: { code: string }) => g.code)).toContain(target.code);
    // The reviewer sees who proposed it; nobody has decided yet.
    expect(review).toMatchObject({ proposedByName: expect.stringContaining('中心街街道'), decidedBy: null, decidedByName: null });
    approvedAt = new Date();
    const approved = await t.request({ method: 'POST', url: `/api/grid-changes/${changeId}/approve`, as: 'city', payload: { reason: '同意' } });
    expect(approved.statusCode, approved.body).toBe(200);
    issued = approved.json().issued;
    expect(issued).toHaveLength(pieces.length);
    expect(approved.json().retired).toEqual(expect.arrayContaining([target.code, ...target.microGrids]));
    expect(approved.json().change).toMatchObject({ status: 'approved', decidedByName: expect.stringContaining('市中心') });
  });

  it("hands the retired grid's team over to the grids that replace it", async () => {
    expect(community()).toBe('370402001013');
    for (const code of issued) {
      const res = await t.request({ method: 'GET', url: `/api/grids/${code}`, as: 'worker' });
      expect(res.statusCode, code).toBe(200);
      expect(
        res
          .json()
          .team.map((m: { role: string }) => m.role)
          .sort(),
      ).toEqual(['gridInstructor', 'gridLeader', 'gridWorker']);
      expect(res.json().teamComplete).toBe(true);
    }
    // The retired grid is out of the worker's jurisdiction; the neighbour they also serve is not.
    expect((await t.request({ method: 'GET', url: `/api/grids/${target.code}`, as: 'worker' })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: `/api/grids/${neighbour.code}`, as: 'worker' })).statusCode).toBe(200);
  });

  it('retires the old code for good and issues new codes that remember it', async () => {
    expect((await card(target.code)).status).toBe('retired');
    for (const code of issued) {
      expect(code.startsWith(`${community()}1`)).toBe(true);
      expect(Number(code.slice(13))).toBeGreaterThan(Number(target.code.slice(13)) - 1);
      const c = await card(code);
      expect(c.status).toBe('current');
      expect(c.history[0]?.predecessorCodes).toContain(target.code);
    }
    expect(issued).not.toContain(target.code);
  });

  it('answers a point with the new grid now, and with the old grid for the day before', async () => {
    const p = labelPoint(pieces[0] as GeoJSON.Polygon);
    expect(pointInGeometry(p, target.boundary)).toBe('inside');
    const now = (await t.request({ method: 'GET', url: `/api/grids/locate?lng=${p[0]}&lat=${p[1]}`, as: 'city' })).json();
    expect(issued).toContain(now.basic.code);
    const dayBefore = new Date(approvedAt.getTime() - 86_400_000).toISOString();
    const then = (await t.request({ method: 'GET', url: `/api/grids/locate?lng=${p[0]}&lat=${p[1]}&at=${dayBefore}`, as: 'city' })).json();
    expect(then.basic.code).toBe(target.code);
  });

  it('cannot be approved twice, nor withdrawn once approved', async () => {
    const again = await t.request({ method: 'POST', url: `/api/grid-changes/${changeId}/approve`, as: 'city', payload: {} });
    expect(again.statusCode).toBe(409);
    expect((await t.request({ method: 'POST', url: `/api/grid-changes/${changeId}/withdraw`, as: 'zhongxinjie' })).statusCode).toBe(409);
  });

  it('merges the pieces back, new grid listed first, and the team serves the merged grid once', async () => {
    const cards = await Promise.all(issued.map(card));
    const merged = union(cards.map((c) => c.boundary)) as GeoJSON.MultiPolygon;
    expect(merged.coordinates).toHaveLength(1);
    const items = [
      { action: 'create', kind: 'basic', name: '合并网格', boundary: { type: 'Polygon', coordinates: merged.coordinates[0] }, households: 300 },
      ...cards.flatMap((c) => [{ action: 'retire', code: c.code }, ...c.microGrids.map((code) => ({ action: 'retire', code }))]),
    ];
    const draft = await t.request({
      method: 'POST',
      url: '/api/grid-changes',
      as: 'zhongxinjie',
      payload: { kind: 'merge', communityCode: community(), reason: '合并回一个网格', items },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json().valid, JSON.stringify(draft.json().validation)).toBe(true);
    expect((await t.request({ method: 'POST', url: `/api/grid-changes/${draft.json().id}/submit`, as: 'zhongxinjie' })).statusCode).toBe(200);
    const approved = await t.request({ method: 'POST', url: `/api/grid-changes/${draft.json().id}/approve`, as: 'city', payload: {} });
    expect(approved.statusCode, approved.body).toBe(200);
    const [code] = approved.json().issued as string[];
    const result = await card(code as string);
    expect(result.history[0]?.predecessorCodes).toEqual(expect.arrayContaining([...issued, target.code]));
    const team = (await t.request({ method: 'GET', url: `/api/grids/${code}`, as: 'worker' })).json().team as { role: string }[];
    expect(team.map((m) => m.role).sort()).toEqual(['gridInstructor', 'gridLeader', 'gridWorker']);
    const audit = (await t.request({ method: 'GET', url: `/api/audit/events?action=grid.team.handover&order=desc&limit=50`, as: 'auditor' })).json();
    expect(audit.items.map((e: { targetId: string }) => e.targetId)).toContain(code);
  });
});

describe('who may propose and approve (Art. 7)', () => {
  const body = () => ({ kind: 'retire', communityCode: neighbour.code.slice(0, 12), reason: '测试权限', items: [{ action: 'retire', code: neighbour.code }] });

  it('refuses departments and grid workers (403), and a district centre approving', async () => {
    for (const as of ['police', 'worker', 'city']) {
      expect((await t.request({ method: 'POST', url: '/api/grid-changes', as, payload: body() })).statusCode, as).toBe(403);
    }
    const draft = (await t.request({ method: 'POST', url: '/api/grid-changes', as: 'shizhong', payload: body() })).json();
    expect((await t.request({ method: 'POST', url: `/api/grid-changes/${draft.id}/approve`, as: 'shizhong', payload: {} })).statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: `/api/grid-changes/${draft.id}/approve`, as: 'police', payload: {} })).statusCode).toBe(403);
  });

  it('answers a town proposing for another town as not found', async () => {
    const res = await t.request({ method: 'POST', url: '/api/grid-changes', as: 'zhongxinjie', payload: { ...body(), communityCode: '370402002003' } });
    expect(res.statusCode).toBe(404);
    const other = (
      await t.request({
        method: 'POST',
        url: '/api/grid-changes',
        as: 'shizhong',
        payload: { ...body(), communityCode: '370402002003', items: [{ action: 'retire', code: '3704020020031001' }] },
      })
    ).json();
    expect((await t.request({ method: 'GET', url: `/api/grid-changes/${other.id}`, as: 'zhongxinjie' })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: `/api/grid-changes/${other.id}`, as: 'tengzhou' })).statusCode).toBe(404);
  });

  it('will not retire a basic grid and leave its micro grids behind', async () => {
    const draft = (await t.request({ method: 'POST', url: '/api/grid-changes', as: 'zhongxinjie', payload: body() })).json();
    expect(draft.valid).toBe(false);
    expect(draft.validation.map((i: { kind: string }) => i.kind)).toContain('orphan_micro');
  });

  it('lets the city centre reject a submitted change with a reason; nothing changes', async () => {
    const micro = neighbour.microGrids[0] as string;
    const draft = (
      await t.request({ method: 'POST', url: '/api/grid-changes', as: 'zhongxinjie', payload: { ...body(), items: [{ action: 'retire', code: micro }] } })
    ).json();
    expect(draft.valid).toBe(true);
    await t.request({ method: 'POST', url: `/api/grid-changes/${draft.id}/submit`, as: 'zhongxinjie' });
    const noReason = await t.request({ method: 'POST', url: `/api/grid-changes/${draft.id}/reject`, as: 'city', payload: {} });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().field).toBe('body.reason');
    const rejected = await t.request({
      method: 'POST',
      url: `/api/grid-changes/${draft.id}/reject`,
      as: 'city',
      payload: { reason: '微网格与楼栋不符，请重新核实' },
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected', decisionReason: '微网格与楼栋不符，请重新核实' });
    expect((await card(micro)).status).toBe('current');
  });
});
