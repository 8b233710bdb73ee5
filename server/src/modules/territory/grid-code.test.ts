import { describe, expect, it } from 'vitest';
import { GridCodeExhausted, communityOfGridCode, gridKindOfCode, numberingOrder, wanggeGridCodes } from './grid-code.js';

const TIEXI = '370402001013';

describe('grid codes', () => {
  it('makes 16-digit basic and dedicated codes and 18-digit micro codes', () => {
    expect(wanggeGridCodes.code('basic', TIEXI, 1)).toBe('3704020010131001');
    expect(wanggeGridCodes.code('dedicated', TIEXI, 12)).toBe('3704020010132012');
    expect(wanggeGridCodes.code('micro', TIEXI, 3, '3704020010131001')).toBe('370402001013100103');
    expect(wanggeGridCodes.scope('basic', TIEXI)).toBe('3704020010131');
    expect(wanggeGridCodes.scope('micro', TIEXI, '3704020010131001')).toBe('3704020010131001');
  });

  it('reads a code back', () => {
    expect(gridKindOfCode('3704020010131001')).toBe('basic');
    expect(gridKindOfCode('3704020010132001')).toBe('dedicated');
    expect(gridKindOfCode('370402001013100103')).toBe('micro');
    expect(gridKindOfCode('3704020010133001')).toBeUndefined();
    expect(gridKindOfCode('370402001013200103')).toBeUndefined();
    expect(communityOfGridCode('370402001013100103')).toBe(TIEXI);
  });

  it('refuses sequences past the end of a scope instead of wrapping round', () => {
    expect(() => wanggeGridCodes.code('basic', TIEXI, 1000)).toThrow(GridCodeExhausted);
    expect(() => wanggeGridCodes.code('micro', TIEXI, 100, '3704020010131001')).toThrow(GridCodeExhausted);
    expect(() => wanggeGridCodes.code('micro', TIEXI, 1)).toThrow();
  });

  it('numbers north to south, then west to east', () => {
    const grids = [
      { id: 'south-west', at: [117.5, 34.8] as [number, number] },
      { id: 'north-east', at: [117.6, 34.9] as [number, number] },
      { id: 'north-west', at: [117.5, 34.9012] as [number, number] },
      { id: 'south-east', at: [117.6, 34.8] as [number, number] },
    ];
    expect(numberingOrder(grids, (g) => g.at).map((g) => g.id)).toEqual(['north-west', 'north-east', 'south-west', 'south-east']);
  });
});
