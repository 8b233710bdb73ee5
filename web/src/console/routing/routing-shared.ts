// Pieces the routing pages share: which units may own cases in a scope (the server's rule), the scopes
// a centre may write rules for, and the default limits of a new rule.
import { divisionLevel, divisionPrefix } from '../../../../server/src/modules/territory/division-code.js';
import { getDivisionChildren } from '../../api/client';
import type { DivisionRef, StepLimits } from '../../api/types';

/** A unit serving `unitDivision` can own cases in `scope` when one lies inside the other (as the server checks). */
export function servesScope(unitDivision: string, scope: string): boolean {
  return unitDivision.startsWith(divisionPrefix(scope)) || scope.startsWith(divisionPrefix(unitDivision));
}

export interface ScopeOption {
  code: string;
  name: string;
  level: number;
  /** "市中区 · 中心街街道" for a town. */
  path: string;
}

/** The reader's division and every district and town below it: where a rule can apply. */
export async function loadScopes(root: DivisionRef): Promise<ScopeOption[]> {
  const out: ScopeOption[] = [{ code: root.code, name: root.name, level: root.level, path: root.name }];
  if (root.level >= 3) return out;
  const { items: children } = await getDivisionChildren(root.code);
  const below = await Promise.all(
    children.map(async (child) => {
      const here = { code: child.code, name: child.name, level: child.level, path: root.level === 1 ? child.name : `${root.name} · ${child.name}` };
      if (child.level >= 3 || !child.hasChildren) return [here];
      const { items: towns } = await getDivisionChildren(child.code);
      return [here, ...towns.map((town) => ({ code: town.code, name: town.name, level: town.level, path: `${child.name} · ${town.name}` }))];
    }),
  );
  return [...out, ...below.flat()];
}

/** Ordinary matters: half a working day per desk step, three working days to handle, one to verify. */
export const ordinaryLimits: StepLimits = {
  accept: { amount: 4, unit: 'workingHours' },
  dispatch: { amount: 4, unit: 'workingHours' },
  claim: { amount: 4, unit: 'workingHours' },
  handle: { amount: 3, unit: 'workingDays' },
  verify: { amount: 1, unit: 'workingDays' },
};

/** Urgent safety matters run on the clock, day and night. */
export const urgentLimits: StepLimits = {
  accept: { amount: 1, unit: 'naturalHours' },
  dispatch: { amount: 1, unit: 'naturalHours' },
  claim: { amount: 1, unit: 'naturalHours' },
  handle: { amount: 24, unit: 'naturalHours' },
  verify: { amount: 4, unit: 'naturalHours' },
};

export { divisionLevel, divisionPrefix };
