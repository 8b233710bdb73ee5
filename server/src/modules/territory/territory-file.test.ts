import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledDivisionsFile, bundledOutlinesFile } from '../system/bootstrap.js';
import { TerritoryFileError, parseDivisionFile, parseOutlineFile } from './territory-file.js';

const tiny = (over: Record<string, unknown> = {}) => ({
  city: { code: '370500', name: '东营市' },
  districts: [{ code: '370502', name: '东营区', towns: [{ code: '370502001', name: '文汇街道', villages: [{ code: '370502001001', name: '某社区居委会' }] }] }],
  ...over,
});

describe('division files', () => {
  it('reads the bundled Zaozhuang tree: 1 city, 6 districts, 66 towns, 2,469 communities', () => {
    const rows = parseDivisionFile(JSON.parse(readFileSync(bundledDivisionsFile, 'utf8')));
    const byLevel = [1, 2, 3, 4].map((l) => rows.filter((r) => r.level === l).length);
    expect(byLevel).toEqual([1, 6, 66, 2469]);
    expect(rows.filter((r) => r.kind === 'residents')).toHaveLength(258);
  });

  it('reads another city in the same shape', () => {
    expect(parseDivisionFile(tiny()).map((r) => [r.code, r.parentCode, r.level])).toEqual([
      ['370500000000', null, 1],
      ['370502000000', '370500000000', 2],
      ['370502001000', '370502000000', 3],
      ['370502001001', '370502001000', 4],
    ]);
  });

  it.each([
    ['a missing city', { city: undefined }, /city/],
    ['a district outside the city', { districts: [{ code: '370402', name: 'x', towns: [] }] }, /does not lie under/],
    ['a code of the wrong level', { districts: [{ code: '370502001', name: 'x', towns: [] }] }, /level-2/],
    ['a non-numeric code', { districts: [{ code: '37050x', name: 'x', towns: [] }] }, /districts/],
  ])('refuses %s', (_label, over, message) => {
    expect(() => parseDivisionFile(tiny(over))).toThrow(TerritoryFileError);
    expect(() => parseDivisionFile(tiny(over))).toThrow(message);
  });

  it('reads the bundled outlines, keyed by adcode', () => {
    const outlines = parseOutlineFile(JSON.parse(readFileSync(bundledOutlinesFile, 'utf8')));
    expect(outlines.map((o) => o.divisionCode)).toEqual(['370402000000', '370403000000', '370404000000', '370405000000', '370406000000', '370481000000']);
  });
});
