import type { Polygon } from 'geojson';
import { describe, expect, test } from 'vitest';
import { afterState, type CurrentGrid, createItem, DraftError, itemsMatch, mergeItems, retireItems, splitItems } from './change-draft';

const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

// Two basic grids side by side, the left one holding a micro grid; a dedicated grid apart.
const grids: CurrentGrid[] = [
  { code: '3704020010131001', kind: 'basic', name: '第1网格', parentCode: null, placeName: null, households: 300, boundary: square(117, 34, 117.01, 34.01) },
  { code: '3704020010131002', kind: 'basic', name: '第2网格', parentCode: null, placeName: null, households: 100, boundary: square(117.01, 34, 117.02, 34.01) },
  {
    code: '370402001013100101',
    kind: 'micro',
    name: '第1微网格',
    parentCode: '3704020010131001',
    placeName: null,
    households: 40,
    boundary: square(117, 34, 117.005, 34.005),
  },
  {
    code: '3704020010132001',
    kind: 'dedicated',
    name: '学校',
    parentCode: null,
    placeName: '第一中学',
    households: 0,
    boundary: square(117.1, 34, 117.11, 34.01),
  },
];

describe('change editor operations', () => {
  test('a split retires the grid and its micro grids and makes one grid per piece', () => {
    const items = splitItems(grids, '3704020010131001', {
      type: 'LineString',
      coordinates: [
        [117.004, 33.99],
        [117.004, 34.02],
      ],
    });
    expect(items.filter((i) => i.action === 'retire').map((i) => i.code)).toEqual(['3704020010131001', '370402001013100101']);
    const created = items.filter((i) => i.action === 'create');
    expect(created.map((i) => i.name)).toEqual(['第1网格-1', '第1网格-2']);
    expect(created.every((i) => i.kind === 'basic')).toBe(true);
    // Households are shared by area: 40 % and 60 % of 300.
    expect(created.map((i) => i.households).sort()).toEqual([120, 180]);
    expect(itemsMatch('split', items)).toBe(true);
  });

  test('a line that misses the grid does not split it', () => {
    const line = {
      type: 'LineString' as const,
      coordinates: [
        [116.9, 33.9],
        [116.95, 33.95],
      ],
    };
    expect(() => splitItems(grids, '3704020010131001', line)).toThrow(DraftError);
  });

  test('a merge unions adjacent grids of one kind and refuses others', () => {
    const items = mergeItems(grids, ['3704020010131001', '3704020010131002']);
    const created = items.filter((i) => i.action === 'create');
    expect(created).toHaveLength(1);
    expect(created[0]?.households).toBe(400);
    expect(created[0]?.boundary?.type).toBe('Polygon');
    expect(items.filter((i) => i.action === 'retire')).toHaveLength(3);
    expect(() => mergeItems(grids, ['3704020010131001', '3704020010132001'])).toThrow('mixed_kinds');
    expect(() => mergeItems(grids, ['3704020010131001'])).toThrow('too_few');
    const apart: CurrentGrid = { ...grids[1], code: '3704020010131003', boundary: square(117.05, 34, 117.06, 34.01) } as CurrentGrid;
    expect(() => mergeItems([...grids, apart], ['3704020010131001', '3704020010131003'])).toThrow('not_adjacent');
  });

  test('a drawn micro grid finds its basic grid', () => {
    expect(createItem(grids, square(117.012, 34.002, 117.014, 34.004), 'micro', '新微网格').parentCode).toBe('3704020010131002');
    expect(createItem(grids, square(117.012, 34.002, 117.014, 34.004), 'basic', '新网格').parentCode).toBeUndefined();
  });

  test('the after state marks kept, redrawn, retired and new grids', () => {
    const items = [
      ...retireItems(grids, '3704020010132001'),
      { action: 'redraw' as const, code: '3704020010131002', boundary: square(117.01, 34, 117.03, 34.01) },
    ];
    const after = afterState(grids, items);
    const state = Object.fromEntries(after.features.map((f) => [f.properties.ref, f.properties.state]));
    expect(state).toEqual({
      '3704020010131001': 'unchanged',
      '3704020010131002': 'redrawn',
      '370402001013100101': 'unchanged',
      '3704020010132001': 'retired',
    });
    const created = afterState(grids, [createItem(grids, square(117.2, 34, 117.21, 34.01), 'basic', '新网格')]);
    expect(created.features.at(-1)?.properties).toMatchObject({ ref: 'item 1', state: 'new', name: '新网格' });
  });
});
