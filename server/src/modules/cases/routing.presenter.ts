// The one place a routing rule row becomes a response: with its matter's, scope's, units' and
// editor's names, fetched for a whole list at once.
import { eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { appUser, department } from '../access/access.tables.js';
import { divisionLevel } from '../territory/division-code.js';
import { division } from '../territory/territory.tables.js';
import { matter, matterList } from '../matters/matter.tables.js';
import type { StepLimits, routingRule } from './routing.tables.js';

export type RuleRow = typeof routingRule.$inferSelect;

export interface ListedMatter {
  code: string;
  name: string;
  urgent: boolean;
  /** In the published version; otherwise only in the draft. */
  published: boolean;
}

/** The matters of the city's published version and its draft, by code; the published one wins. */
export async function cityMatters(db: Executor, cityCode: string): Promise<{ version: number | null; byCode: Map<string, ListedMatter> }> {
  const rows = await db
    .select({ code: matter.code, name: matter.name, urgent: matter.urgent, status: matterList.status, version: matterList.version })
    .from(matter)
    .innerJoin(matterList, eq(matterList.id, matter.listId))
    .where(eq(matterList.cityCode, cityCode));
  const byCode = new Map<string, ListedMatter>();
  let version: number | null = null;
  for (const r of rows) {
    if (r.status === 'published') {
      version = r.version;
      byCode.set(r.code, { code: r.code, name: r.name, urgent: r.urgent, published: true });
    }
  }
  for (const r of rows) {
    if (r.status === 'draft' && !byCode.has(r.code)) byCode.set(r.code, { code: r.code, name: r.name, urgent: r.urgent, published: false });
  }
  return { version, byCode };
}

export interface UnitInfo {
  id: string;
  name: string;
  disabled: boolean;
  divisionCode: string;
}

export async function unitsById(db: Executor, rows: readonly RuleRow[]): Promise<Map<string, UnitInfo>> {
  const ids = [...new Set(rows.flatMap((r) => [r.leadUnitId, ...r.assistUnitIds]))];
  if (ids.length === 0) return new Map();
  const units = await db
    .select({ id: department.id, name: department.name, disabled: department.disabled, divisionCode: department.divisionCode })
    .from(department)
    .where(inArray(department.id, ids));
  return new Map(units.map((u) => [u.id, u]));
}

export async function divisionNames(db: Executor, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ code: division.code, name: division.name }).from(division).where(inArray(division.code, unique));
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function presentRules(db: Executor, rows: readonly RuleRow[], matters: Map<string, ListedMatter>) {
  const units = await unitsById(db, rows);
  const scopes = await divisionNames(
    db,
    rows.map((r) => r.scopeCode),
  );
  const editorIds = [...new Set(rows.map((r) => r.updatedBy).filter((id): id is string => id !== null))];
  const editors = new Map(
    editorIds.length === 0
      ? []
      : (await db.select({ id: appUser.id, name: appUser.displayName }).from(appUser).where(inArray(appUser.id, editorIds))).map((u) => [u.id, u.name]),
  );
  const ref = (id: string) => {
    const u = units.get(id);
    return { id, name: u?.name ?? '', disabled: u?.disabled ?? true };
  };
  return rows.map((r) => ({
    id: r.id,
    matterCode: r.matterCode,
    matterName: matters.get(r.matterCode)?.name ?? null,
    scopeCode: r.scopeCode,
    scopeName: scopes.get(r.scopeCode) ?? r.scopeCode,
    scopeLevel: divisionLevel(r.scopeCode),
    leadUnit: ref(r.leadUnitId),
    assistUnits: r.assistUnitIds.map(ref),
    post: r.post,
    limits: r.limits as StepLimits,
    closingConditions: r.closingConditions,
    autoDispatch: r.autoDispatch,
    updatedAt: r.updatedAt.toISOString(),
    updatedByName: r.updatedBy ? (editors.get(r.updatedBy) ?? null) : null,
  }));
}
export type PresentedRule = Awaited<ReturnType<typeof presentRules>>[number];
