// NBS 12-digit statistics codes (统计用区划代码): 2 province + 2 city + 2 county + 3 town + 3 village.
// DOMAIN.md §1 gives the segment ranges that tell a division's kind.

export type DivisionLevel = 0 | 1 | 2 | 3 | 4;

/** Significant digits per level: province 2, city 4, district 6, town 9, community 12. */
const PREFIX_LENGTH: Record<DivisionLevel, number> = { 0: 2, 1: 4, 2: 6, 3: 9, 4: 12 };

export const divisionLevelNames = ['province', 'city', 'district', 'town', 'community'] as const;

/** Pads a 2/4/6/9-digit code to 12 digits; returns undefined for anything that is not such a code. */
export function normalizeDivisionCode(code: string): string | undefined {
  if (!/^\d+$/.test(code) || ![2, 4, 6, 9, 12].includes(code.length)) return undefined;
  return code.padEnd(12, '0');
}

export function divisionLevel(code12: string): DivisionLevel {
  if (code12.slice(2) === '0000000000') return 0;
  if (code12.slice(4) === '00000000') return 1;
  if (code12.slice(6) === '000000') return 2;
  if (code12.slice(9) === '000') return 3;
  return 4;
}

export function divisionPrefix(code12: string, level: DivisionLevel = divisionLevel(code12)): string {
  return code12.slice(0, PREFIX_LENGTH[level]);
}

export function parentDivisionCode(code12: string): string | undefined {
  const level = divisionLevel(code12);
  if (level === 0) return undefined;
  return divisionPrefix(code12, (level - 1) as DivisionLevel).padEnd(12, '0');
}

/** The codes of every ancestor, from the top down, without the code itself. */
export function ancestorCodes(code12: string): string[] {
  const out: string[] = [];
  for (let parent = parentDivisionCode(code12); parent !== undefined; parent = parentDivisionCode(parent)) out.unshift(parent);
  return out;
}

export type DivisionKind =
  | 'province'
  | 'city'
  | 'district'
  | 'countyCity'
  | 'county'
  | 'subdistrict'
  | 'town'
  | 'township'
  | 'zone'
  | 'residents'
  | 'villagers';

/** 街道 / 镇 / 乡 / development zone from the town segment; 居委会 / 村委会 from the village segment. */
export function divisionKind(code12: string, name: string): DivisionKind {
  const level = divisionLevel(code12);
  if (level === 0) return 'province';
  if (level === 1) return 'city';
  if (level === 2) {
    if (name.endsWith('市')) return 'countyCity';
    if (name.endsWith('县')) return 'county';
    return 'district';
  }
  if (level === 3) {
    const seg = Number(code12.slice(6, 9));
    if (seg < 100) return 'subdistrict';
    if (seg < 200) return 'town';
    if (seg < 400) return 'township';
    return 'zone';
  }
  return Number(code12.slice(9, 12)) < 200 ? 'residents' : 'villagers';
}
