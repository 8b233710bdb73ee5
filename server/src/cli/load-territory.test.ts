import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { count, desc, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent } from '../modules/audit/audit.tables.js';
import { verifyChain } from '../modules/audit/audit.js';
import { ensureTerritory } from '../modules/system/bootstrap.js';
import { division, divisionOutline } from '../modules/territory/territory.tables.js';
import { type TestInstallation, testInstallation, withInstallation } from '../test/installation.js';
import { loadTerritoryFiles } from './load-territory.js';

// A second, made-up city loaded next to the bundled Zaozhuang one. PGlite in a data folder, or a
// fresh PostgreSQL database when TEST_DATABASE_URL is set.

let install: TestInstallation;
beforeAll(async () => {
  install = await testInstallation();
  await withInstallation(install.config, ensureTerritory);
}, 180_000);
afterAll(() => install.dispose());

const secondCity = {
  city: { code: '370500000000', name: '东营市' },
  districts: [
    {
      code: '370502000000',
      name: '东营区',
      towns: [
        {
          code: '370502001000',
          name: '文汇街道',
          villages: [
            { code: '370502001001', name: '安泰社区居委会' },
            { code: '370502001002', name: '新安社区居委会' },
          ],
        },
      ],
    },
  ],
};

const square = (x: number, y: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + 0.1, y],
      [x + 0.1, y + 0.1],
      [x, y + 0.1],
      [x, y],
    ],
  ],
});

function writeJson(name: string, json: unknown): string {
  const file = path.join(install.dir, name);
  writeFileSync(file, JSON.stringify(json));
  return file;
}

/** Divisions, outlines and audit rows in the database, to show what a command did or did not write. */
async function state() {
  return withInstallation(install.config, async ({ db }) => {
    const [divisions] = await db.select({ n: count() }).from(division);
    const [outlines] = await db.select({ n: count() }).from(divisionOutline);
    const [audit] = await db.select({ n: count() }).from(auditEvent);
    const dongying = await db
      .select({ code: division.code, level: division.level, name: division.name })
      .from(division)
      .where(like(division.code, '3705%'))
      .orderBy(division.code);
    const [lastAudit] = await db.select().from(auditEvent).orderBy(desc(auditEvent.seq)).limit(1);
    return { divisions: divisions?.n, outlines: outlines?.n, audit: audit?.n, dongying, lastAudit, chain: await verifyChain(db) };
  });
}

describe('load-territory', () => {
  it('adds a second city with its outline, in one audited transaction, and counts it per level', async () => {
    const before = await state();
    expect(before.dongying).toEqual([]);
    const summary = await loadTerritoryFiles(
      install.config,
      writeJson('dongying.json', secondCity),
      writeJson('dongying.geojson', {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { adcode: '370502' }, geometry: square(118.5, 37.4) }],
      }),
    );
    expect(summary).toEqual({ levels: { city: 1, district: 1, town: 1, community: 2 }, divisions: 5, outlines: 1 });

    const after = await state();
    expect(after.dongying.map((d) => [d.code, d.level])).toEqual([
      ['370500000000', 1],
      ['370502000000', 2],
      ['370502001000', 3],
      ['370502001001', 4],
      ['370502001002', 4],
    ]);
    expect(after.divisions).toBe((before.divisions ?? 0) + 5);
    expect(after.outlines).toBe((before.outlines ?? 0) + 1);
    expect(after.lastAudit).toMatchObject({
      action: 'territory.load',
      actorId: null,
      actorRole: 'system',
      targetId: '370500000000',
      detail: '5 divisions, 1 outlines',
    });
    expect(after.chain.ok).toBe(true);
  });

  it('writes nothing when the divisions file is wrong, and says what is wrong', async () => {
    const before = await state();
    const misplaced = structuredClone(secondCity);
    misplaced.city = { code: '370600000000', name: '烟台市' };
    await expect(loadTerritoryFiles(install.config, writeJson('misplaced.json', misplaced))).rejects.toThrow(
      /misplaced\.json: divisions file: 370502000000 \(东营区\) does not lie under 370600000000/,
    );
    await expect(loadTerritoryFiles(install.config, writeJson('no-districts.json', { city: secondCity.city, districts: [] }))).rejects.toThrow(
      /divisions file: \/districts/,
    );
    const broken = path.join(install.dir, 'broken.json');
    writeFileSync(broken, '{"city": ');
    await expect(loadTerritoryFiles(install.config, broken)).rejects.toThrow(/broken\.json is not valid JSON/);
    expect(await state()).toEqual(before);
  });

  it('writes nothing, not even the divisions, when an outline names a division that does not exist', async () => {
    const before = await state();
    const third = structuredClone(secondCity);
    third.city = { code: '370700000000', name: '潍坊市' };
    third.districts[0] = { ...(third.districts[0] as (typeof secondCity.districts)[number]), code: '370702000000', name: '潍城区', towns: [] };
    const outlines = writeJson('wrong-outline.geojson', {
      type: 'FeatureCollection',
      features: [{ id: '370799', properties: null, geometry: square(119, 36.7) }],
    });
    await expect(loadTerritoryFiles(install.config, writeJson('weifang.json', third), outlines)).rejects.toThrow(
      /Outline for unknown division 370799000000\. Nothing was loaded\./,
    );
    expect(await state()).toEqual(before);
  });
});
