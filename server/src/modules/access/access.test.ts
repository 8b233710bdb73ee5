import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { allowedIds } from './access.js';
import { actorForToken } from './authenticate.js';

// The one gate answers "which of these may this actor see?" as a set, in one query per resource.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function actor(username: string) {
  const res = await t.request({ method: 'POST', url: '/api/me/tokens', as: username, payload: { name: 'gate test', expiresInDays: 1 } });
  const a = await actorForToken(t.ctx, res.json().token);
  if (!a) throw new Error('no actor');
  return a;
}

describe('allowedIds', () => {
  it('returns the subset of users a district centre may see', async () => {
    const ids = await Promise.all(['shizhong', 'zhongxinjie', 'worker', 'tengzhou', 'city', 'admin'].map((u) => t.userId(u)));
    const allowed = await allowedIds(t.ctx.db, await actor('shizhong'), 'user', [...ids, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']);
    expect([...allowed].sort()).toEqual(ids.slice(0, 3).sort());
  });

  it('returns the divisions a town centre may see: its subtree and the path above it', async () => {
    const allowed = await allowedIds(t.ctx.db, await actor('zhongxinjie'), 'division', [
      '370400000000',
      '370402000000',
      '370402001000',
      '370402001013',
      '370402002000',
      '370481000000',
    ]);
    expect([...allowed].sort()).toEqual(['370400000000', '370402000000', '370402001000', '370402001013']);
  });

  it('returns nothing for an empty question', async () => {
    expect((await allowedIds(t.ctx.db, await actor('city'), 'grid', [])).size).toBe(0);
  });
});
