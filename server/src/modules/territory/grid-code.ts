// Grid codes (DOMAIN.md §1), made in this one place so a provincial format can replace it:
//   basic / dedicated: communityCode(12) + kind(1: basic, 2: dedicated) + sequence(3)  = 16 digits
//   micro:             parentBasicCode(16) + sequence(2)                                = 18 digits
// Sequences run west→east, north→south and are never reused: the last issued number per scope is
// kept (grid_sequence), so a retired code cannot come back.

export type GridKind = 'basic' | 'dedicated' | 'micro';
export const gridKinds: readonly GridKind[] = ['basic', 'dedicated', 'micro'];

export interface GridCodeFormat {
  /** The scope whose sequence a new grid draws from. */
  scope(kind: GridKind, communityCode: string, parentCode?: string): string;
  /** The code for the n-th grid of a scope; throws when the scope is exhausted. */
  code(kind: GridKind, communityCode: string, sequence: number, parentCode?: string): string;
  /** Whether a string is a well-formed code of this format. */
  isCode(code: string): boolean;
}

const KIND_DIGIT: Record<Exclude<GridKind, 'micro'>, string> = { basic: '1', dedicated: '2' };

export class GridCodeExhausted extends Error {}

export const wanggeGridCodes: GridCodeFormat = {
  scope(kind, communityCode, parentCode) {
    if (kind === 'micro') {
      if (!parentCode) throw new Error('a micro grid needs its basic grid');
      return parentCode;
    }
    return `${communityCode}${KIND_DIGIT[kind]}`;
  },
  code(kind, communityCode, sequence, parentCode) {
    if (kind === 'micro') {
      if (parentCode?.length !== 16) throw new Error('a micro grid needs its 16-digit basic grid code');
      if (sequence < 1 || sequence > 99) throw new GridCodeExhausted(`basic grid ${parentCode} has issued all 99 micro grid codes`);
      return `${parentCode}${String(sequence).padStart(2, '0')}`;
    }
    if (sequence < 1 || sequence > 999) throw new GridCodeExhausted(`community ${communityCode} has issued all 999 ${kind} grid codes`);
    return `${communityCode}${KIND_DIGIT[kind]}${String(sequence).padStart(3, '0')}`;
  },
  isCode(code) {
    return /^\d{12}[12]\d{3}$/.test(code) || /^\d{12}1\d{3}\d{2}$/.test(code);
  },
};

export function gridKindOfCode(code: string): GridKind | undefined {
  if (!wanggeGridCodes.isCode(code)) return undefined;
  if (code.length === 18) return 'micro';
  return code[12] === '1' ? 'basic' : 'dedicated';
}

/** The community a grid code belongs to. */
export function communityOfGridCode(code: string): string {
  return code.slice(0, 12);
}

/**
 * Orders new grids for numbering: north→south in bands, west→east within a band (Beijing DB11 and
 * Xi'an DB6101/T 3185 number this way). The band height keeps grids on one "row" together when their
 * label points differ slightly in latitude.
 */
export function numberingOrder<T>(items: readonly T[], labelOf: (t: T) => [number, number], bandDeg = 0.005): T[] {
  const band = (t: T) => Math.floor(-labelOf(t)[1] / bandDeg);
  return [...items].sort((a, b) => band(a) - band(b) || labelOf(a)[0] - labelOf(b)[0] || labelOf(b)[1] - labelOf(a)[1]);
}
