// The units as a tree by division: the city, its districts, their towns, each with the units serving
// it; a sub-unit sits under its parent when both serve the same division, else under its own division
// (the page names its parent there).
import { divisionLevel, parentDivisionCode } from '../../../../server/src/modules/territory/division-code.js';
import type { Unit, UnitKind } from '../../api/types';

export type UnitTreeRow =
  | { key: string; type: 'division'; code: string; name: string; level: number; children?: UnitTreeRow[] }
  | { key: string; type: 'unit'; unit: Unit; children?: UnitTreeRow[] };

const kindOrder: Record<UnitKind, number> = { centre: 0, department: 1, townOffice: 2, socialOrganisation: 3, subUnit: 4 };

export function unitTree(units: readonly Unit[]): UnitTreeRow[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const names = new Map(units.map((u) => [u.divisionCode, u.divisionName]));
  const divisions = new Map<string, { code: string; level: number; units: Unit[]; children: Set<string> }>();
  const roots = new Set<string>();
  const ensure = (code: string) => {
    let node = divisions.get(code);
    if (node) return node;
    node = { code, level: divisionLevel(code), units: [], children: new Set() };
    divisions.set(code, node);
    const parent = node.level > 1 ? parentDivisionCode(code) : undefined;
    if (parent) ensure(parent).children.add(code);
    else roots.add(code);
    return node;
  };
  const childUnits = new Map<string, Unit[]>();
  for (const u of units) {
    const parent = u.parentId ? byId.get(u.parentId) : undefined;
    if (parent && parent.divisionCode === u.divisionCode) childUnits.set(parent.id, [...(childUnits.get(parent.id) ?? []), u]);
    else ensure(u.divisionCode).units.push(u);
  }
  const sortUnits = (list: Unit[]) => [...list].sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || a.code.localeCompare(b.code));
  const unitRow = (u: Unit): UnitTreeRow => {
    const children = sortUnits(childUnits.get(u.id) ?? []).map(unitRow);
    return { key: u.id, type: 'unit', unit: u, ...(children.length ? { children } : {}) };
  };
  const divisionRow = (code: string): UnitTreeRow => {
    const node = divisions.get(code);
    const children = [...sortUnits(node?.units ?? []).map(unitRow), ...[...(node?.children ?? [])].sort().map(divisionRow)];
    return { key: code, type: 'division', code, name: names.get(code) ?? code, level: node?.level ?? 0, ...(children.length ? { children } : {}) };
  };
  return [...roots].sort().map(divisionRow);
}
