// The division tree as the API shows it: a node, its children with what lies beneath them, and outlines.
import type { Tx } from '../../db/client.js';
import type { AppContext } from '../../context.js';
import { errors } from '../../lib/errors.js';
import { type Actor, visibleDivisionsWhere } from '../access/access.js';
import { type AuditContext, recordAudit } from '../audit/audit.js';
import { ancestorCodes, normalizeDivisionCode } from './division-code.js';
import {
  type DivisionRow,
  childDivisions,
  countsBeneath,
  findDivision,
  findDivisions,
  outlinesOf,
  outlinesWithin,
  upsertDivisions,
  upsertOutlines,
} from './division.store.js';
import type { DivisionRecord, OutlineRecord } from './territory-file.js';

const ref = (d: DivisionRow) => ({ code: d.code, name: d.name, level: d.level });

async function visibleDivision(ctx: AppContext, actor: Actor, rawCode: string): Promise<DivisionRow> {
  const code = normalizeDivisionCode(rawCode);
  const found = code ? await findDivision(ctx.db, visibleDivisionsWhere(actor), code) : undefined;
  if (!found) throw errors.notFound('division');
  return found;
}

export async function getDivision(ctx: AppContext, actor: Actor, rawCode: string) {
  const d = await visibleDivision(ctx, actor, rawCode);
  const path = await findDivisions(ctx.db, ancestorCodes(d.code));
  const counts = await countsBeneath(ctx.db, [d], (code) => visibleDivisionsWhere(actor, code));
  return { ...ref(d), kind: d.kind, parentCode: d.parentCode, path: path.map(ref), counts: counts.get(d.code) ?? { districts: 0, towns: 0, communities: 0 } };
}

export async function getChildren(ctx: AppContext, actor: Actor, rawCode: string) {
  const parent = await visibleDivision(ctx, actor, rawCode);
  const visible = visibleDivisionsWhere(actor);
  const children = await childDivisions(ctx.db, visible, parent.code);
  const counts = await countsBeneath(ctx.db, children, (code) => visibleDivisionsWhere(actor, code));
  return {
    items: children.map((c) => {
      const n = counts.get(c.code) ?? { districts: 0, towns: 0, communities: 0 };
      return { ...ref(c), kind: c.kind, parentCode: c.parentCode, counts: n, hasChildren: n.districts + n.towns + n.communities > 0 };
    }),
  };
}

/**
 * Outlines inside a division, for the map. A town or community has no outline of its own yet
 * (grids bring finer boundaries), so it is drawn inside the nearest ancestor that has one.
 */
export async function getOutlines(ctx: AppContext, actor: Actor, rawCode: string) {
  const d = await visibleDivision(ctx, actor, rawCode);
  let rows = await outlinesWithin(ctx.db, visibleDivisionsWhere(actor), d.prefix);
  if (rows.length === 0) {
    const above = await outlinesOf(ctx.db, ancestorCodes(d.code));
    rows = above.slice(-1);
  }
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.code,
      properties: { code: r.code, name: r.name, level: r.level },
      geometry: r.geometry as { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] },
    })),
  };
}

/** Loads (or renames) a city's divisions and outlines in one transaction; used at first start and by the command. */
export async function loadTerritory(tx: Tx, audit: AuditContext, divisions: DivisionRecord[], outlines: OutlineRecord[], source: string): Promise<void> {
  await upsertDivisions(tx, divisions);
  if (outlines.length > 0) {
    const known = new Set(
      (
        await findDivisions(
          tx,
          outlines.map((o) => o.divisionCode),
        )
      ).map((d) => d.code),
    );
    const unknown = outlines.find((o) => !known.has(o.divisionCode));
    if (unknown)
      throw errors.validation('outlines', `Outline for unknown division ${unknown.divisionCode}.`, `边界对应的行政区划 ${unknown.divisionCode} 不存在。`);
    await upsertOutlines(tx, outlines, source);
  }
  const city = divisions.find((d) => d.level === 1);
  await recordAudit(tx, audit, {
    action: 'territory.load',
    targetType: 'division',
    targetId: city?.code,
    divisionCode: city?.code,
    detail: `${divisions.length} divisions, ${outlines.length} outlines`,
  });
}
