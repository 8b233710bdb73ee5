import { describe, expect, it } from 'vitest';
import { ancestorCodes, divisionKind, divisionLevel, divisionPrefix, normalizeDivisionCode, parentDivisionCode } from './division-code.js';

describe('NBS division codes', () => {
  it.each([
    ['37', '370000000000', 0],
    ['3704', '370400000000', 1],
    ['370481', '370481000000', 2],
    ['370402001', '370402001000', 3],
    ['370402001013', '370402001013', 4],
  ])('%s normalises to %s at level %i', (raw, code, level) => {
    expect(normalizeDivisionCode(raw)).toBe(code);
    expect(divisionLevel(code)).toBe(level);
    expect(normalizeDivisionCode(code)?.startsWith(divisionPrefix(code))).toBe(true);
  });

  it.each(['', '3', '37040', '3704020010', 'abcdef', '37040200101x', '3704020010131'])('refuses %j', (raw) => {
    expect(normalizeDivisionCode(raw)).toBeUndefined();
  });

  it('walks up the tree', () => {
    expect(parentDivisionCode('370402001013')).toBe('370402001000');
    expect(ancestorCodes('370402001013')).toEqual(['370000000000', '370400000000', '370402000000', '370402001000']);
    expect(parentDivisionCode('370000000000')).toBeUndefined();
  });

  it('tells kinds from the code segments (DOMAIN.md §1)', () => {
    expect(divisionKind('370402001000', '中心街街道')).toBe('subdistrict');
    expect(divisionKind('370481100000', '龙阳镇')).toBe('town');
    expect(divisionKind('370481200000', '某乡')).toBe('township');
    expect(divisionKind('370406400000', '山亭经济开发区')).toBe('zone');
    expect(divisionKind('370402001013', '铁西居委会')).toBe('residents');
    expect(divisionKind('370481100201', '某村委会')).toBe('villagers');
    expect(divisionKind('370481000000', '滕州市')).toBe('countyCity');
    expect(divisionKind('370402000000', '市中区')).toBe('district');
  });
});
