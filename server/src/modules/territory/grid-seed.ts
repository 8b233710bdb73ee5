// Demo mode: on first start, store a Zaozhuang-size generated grid set (grid-demo.ts), numbered by
// the code generator, and give the demo grid staff their grids. Real deployments import their real
// boundaries through grid changes instead.
import { readFileSync } from 'node:fs';
import { eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { type LngLat, type PolygonGeometry, areaM2, geometryBBox, labelPoint } from '../../lib/geometry/index.js';
import { appUser, userGrid } from '../access/access.tables.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { bundledDivisionsFile, bundledOutlinesFile } from '../system/bootstrap.js';
import { type DemoGrid, generateDemoGrids } from './grid-demo.js';
import { numberingOrder, wanggeGridCodes } from './grid-code.js';
import { GridIndex } from './grid-index.js';
import { type NewGridRow, currentGridCount, insertGridVersions, registerCodes } from './grid.store.js';
import { gridMember, gridSequence } from './grid.tables.js';
import { parseDivisionFile, parseOutlineFile } from './territory-file.js';

const SYSTEM: AuditContext = { actorId: null, actorRole: 'system', ip: null, divisionCode: null };
/** The demo grid staff work in 铁西居委会 (中心街街道, 市中区). */
const DEMO_COMMUNITY = '370402001013';

interface Measured extends DemoGrid {
  label: LngLat;
  code?: string;
}

/** Gives every demo grid its code: basic and dedicated per community, micro per basic grid, each in numbering order. */
export function numberDemoGrids(grids: DemoGrid[]): (Measured & { code: string })[] {
  const measured: Measured[] = grids.map((g) => ({ ...g, label: labelPoint(g.boundary as PolygonGeometry) }));
  const byScope = new Map<string, Measured[]>();
  const add = (scope: string, g: Measured) => byScope.set(scope, [...(byScope.get(scope) ?? []), g]);
  for (const g of measured) if (g.kind !== 'micro') add(`${g.communityCode}|${g.kind}`, g);
  for (const list of byScope.values()) {
    numberingOrder(list, (g) => g.label).forEach((g, i) => {
      g.code = wanggeGridCodes.code(g.kind, g.communityCode, i + 1);
    });
  }
  const codeOfKey = new Map(measured.filter((g) => g.code).map((g) => [g.key, g.code as string]));
  const micro = new Map<string, Measured[]>();
  for (const g of measured) if (g.kind === 'micro') micro.set(g.parentKey ?? '', [...(micro.get(g.parentKey ?? '') ?? []), g]);
  for (const [parentKey, list] of micro) {
    const parentCode = codeOfKey.get(parentKey);
    if (!parentCode) throw new Error(`micro grid without its basic grid (${parentKey})`);
    numberingOrder(list, (g) => g.label).forEach((g, i) => {
      g.code = wanggeGridCodes.code('micro', g.communityCode, i + 1, parentCode);
    });
  }
  return measured as (Measured & { code: string })[];
}

/**
 * Stores the demo grid set when there are no grids yet. `districts` limits it to some districts
 * (tests); the server stores the whole city.
 */
export async function ensureDemoGrids(ctx: AppContext, options: { districts?: string[] } = {}): Promise<number> {
  if ((await currentGridCount(ctx.db)) > 0) return 0;
  let divisions = parseDivisionFile(JSON.parse(readFileSync(bundledDivisionsFile, 'utf8')));
  let outlines = parseOutlineFile(JSON.parse(readFileSync(bundledOutlinesFile, 'utf8')));
  if (options.districts) {
    const keep = options.districts.map((d) => d.slice(0, 6));
    divisions = divisions.filter((d) => d.level === 1 || keep.some((k) => d.code.startsWith(k)));
    outlines = outlines.filter((o) => keep.some((k) => o.divisionCode.startsWith(k)));
  }
  const communityName = new Map(divisions.map((d) => [d.code, d.name]));
  // Names follow the codes, so 第1网格 is the grid numbered 001 (north-west first).
  const grids = numberDemoGrids(generateDemoGrids(divisions, outlines)).map((g) => {
    const community = communityName.get(g.communityCode) ?? '';
    if (g.kind === 'basic') return { ...g, name: `${community}第${Number(g.code.slice(13, 16))}网格` };
    if (g.kind === 'micro') return { ...g, name: `${community}第${Number(g.code.slice(13, 16))}网格-${Number(g.code.slice(16))}` };
    return g;
  });
  const now = ctx.now();
  const rows: NewGridRow[] = grids.map((g) => {
    const geometry = g.boundary as PolygonGeometry;
    const [minLng, minLat, maxLng, maxLat] = geometryBBox(geometry);
    const parentCode = g.kind === 'micro' ? g.code.slice(0, 16) : null;
    return {
      code: g.code,
      kind: g.kind,
      name: g.name,
      communityCode: g.communityCode,
      parentCode,
      placeName: g.placeName ?? null,
      placeKind: g.placeKind ?? null,
      boundary: geometry,
      minLng,
      minLat,
      maxLng,
      maxLat,
      areaM2: areaM2(geometry),
      labelLng: g.label[0],
      labelLat: g.label[1],
      households: g.households,
      validFrom: now,
    };
  });
  const sequences = new Map<string, number>();
  for (const g of grids) {
    const scope = wanggeGridCodes.scope(g.kind, g.communityCode, g.kind === 'micro' ? g.code.slice(0, 16) : undefined);
    sequences.set(scope, (sequences.get(scope) ?? 0) + 1);
  }
  await ctx.db.transaction(async (tx) => {
    await insertGridVersions(tx, rows);
    await registerCodes(
      tx,
      grids.map((g) => ({ code: g.code, kind: g.kind, communityCode: g.communityCode, issuedAt: now })),
    );
    const seqRows = [...sequences].map(([scope, lastSeq]) => ({ scope, lastSeq }));
    for (let i = 0; i < seqRows.length; i += 1000) await tx.insert(gridSequence).values(seqRows.slice(i, i + 1000));
    await assignDemoTeams(tx, grids, now);
    await GridIndex.bump(tx);
    await recordAudit(tx, SYSTEM, { action: 'grid.seed', divisionCode: divisions.find((d) => d.level === 1)?.code, detail: `${grids.length} demo grids` });
  });
  ctx.grids.invalidate();
  return grids.length;
}

/** The demo leader, instructor and worker take the basic grids of their community (Art. 8). */
async function assignDemoTeams(tx: Tx, grids: { code: string; kind: string; communityCode: string }[], now: Date) {
  const basics = grids.filter((g) => g.kind === 'basic' && g.communityCode === DEMO_COMMUNITY).map((g) => g.code);
  if (basics.length === 0) return;
  const staff = await tx
    .select({ id: appUser.id, role: appUser.role })
    .from(appUser)
    .where(inArray(appUser.username, ['leader', 'instructor', 'worker']));
  for (const user of staff) {
    await tx.delete(userGrid).where(eq(userGrid.userId, user.id));
    await tx.insert(userGrid).values(basics.map((gridCode) => ({ userId: user.id, gridCode })));
    await tx.insert(gridMember).values(basics.map((gridCode) => ({ gridCode, userId: user.id, role: user.role, validFrom: now })));
  }
}
