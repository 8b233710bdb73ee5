// The change editor's operations, as pure functions over a community's current grids: each turns what
// the user did on the map (drew, redrew, cut along a line, picked grids to merge or retire) into the
// items of a change as the server takes them (Art. 7). The geometry is the server's own code
// (lib/geometry), so a split in the browser cuts exactly as the server would measure it.
import type { Feature, FeatureCollection, LineString, MultiPolygon, Polygon } from 'geojson';
import { union } from '../../../../server/src/lib/geometry/clip.js';
import { areaM2, labelPoint } from '../../../../server/src/lib/geometry/measure.js';
import { pointInGeometry } from '../../../../server/src/lib/geometry/point-in-polygon.js';
import { splitByLine } from '../../../../server/src/lib/geometry/split.js';
import type { GridChangeItem, GridChangeKind, GridKind } from '../../api/types';

export interface CurrentGrid {
  code: string;
  kind: GridKind;
  name: string;
  parentCode: string | null;
  placeName: string | null;
  households: number;
  boundary: Polygon | MultiPolygon;
}

/** Why an operation could not be done: a key under `changes.errors` in the locales. */
export class DraftError extends Error {
  constructor(readonly reason: 'not_a_polygon' | 'no_grid' | 'line_does_not_split' | 'mixed_kinds' | 'different_parents' | 'not_adjacent' | 'too_few') {
    super(reason);
  }
}

/** A grid as one Polygon, or a DraftError for a grid in several parts (split those by redrawing). */
function asPolygon(g: Polygon | MultiPolygon): Polygon {
  if (g.type === 'Polygon') return g;
  const [only, ...rest] = g.coordinates;
  if (!only || rest.length > 0) throw new DraftError('not_a_polygon');
  return { type: 'Polygon', coordinates: only };
}

/** Retiring a basic grid retires its micro grids with it (they may not be left without one). */
export function retireItems(grids: CurrentGrid[], code: string): GridChangeItem[] {
  return [{ action: 'retire', code }, ...grids.filter((g) => g.parentCode === code).map((g) => ({ action: 'retire' as const, code: g.code }))];
}

/** The grid's descriptive fields carried into a grid made from it. */
function inherit(g: CurrentGrid): Pick<GridChangeItem, 'kind' | 'parentCode' | 'placeName'> {
  return { kind: g.kind, ...(g.parentCode ? { parentCode: g.parentCode } : {}), ...(g.placeName ? { placeName: g.placeName } : {}) };
}

/** Split: the grid retired, one new grid per piece, households shared by area. */
export function splitItems(grids: CurrentGrid[], code: string, line: LineString): GridChangeItem[] {
  const grid = grids.find((g) => g.code === code);
  if (!grid) throw new DraftError('no_grid');
  let pieces: Polygon[];
  try {
    pieces = splitByLine(asPolygon(grid.boundary), line);
  } catch (error) {
    if (error instanceof DraftError) throw error;
    throw new DraftError('line_does_not_split');
  }
  const areas = pieces.map((p) => areaM2(p));
  const total = areas.reduce((a, b) => a + b, 0) || 1;
  return [
    ...retireItems(grids, code),
    ...pieces.map((boundary, i) => ({
      action: 'create' as const,
      ...inherit(grid),
      name: `${grid.name}-${i + 1}`,
      households: Math.round((grid.households * (areas[i] ?? 0)) / total),
      boundary,
    })),
  ];
}

/** Merge: two or more grids of one kind (micro grids of one basic grid) become one. */
export function mergeItems(grids: CurrentGrid[], codes: string[]): GridChangeItem[] {
  const picked = codes.map((c) => grids.find((g) => g.code === c)).filter((g): g is CurrentGrid => g !== undefined);
  const [first] = picked;
  if (!first || picked.length < 2) throw new DraftError('too_few');
  if (picked.some((g) => g.kind !== first.kind)) throw new DraftError('mixed_kinds');
  if (picked.some((g) => g.parentCode !== first.parentCode)) throw new DraftError('different_parents');
  const merged = union(picked.map((g) => g.boundary));
  const [only, ...rest] = merged?.coordinates ?? [];
  if (!only || rest.length > 0) throw new DraftError('not_adjacent');
  return [
    ...picked.flatMap((g) => retireItems(grids, g.code)),
    {
      action: 'create',
      ...inherit(first),
      name: first.name,
      households: picked.reduce((sum, g) => sum + g.households, 0),
      boundary: { type: 'Polygon', coordinates: only },
    },
  ];
}

/** A newly drawn grid: a micro grid goes to the basic grid that holds its label point. */
export function createItem(grids: CurrentGrid[], boundary: Polygon, kind: GridKind, name: string): GridChangeItem {
  const item: GridChangeItem = { action: 'create', kind, name, boundary, households: 0 };
  if (kind === 'micro') {
    const at = labelPoint(boundary);
    const parent = grids.find((g) => g.kind === 'basic' && pointInGeometry(at, g.boundary) !== 'outside');
    if (parent) item.parentCode = parent.code;
  }
  return item;
}

/** Which change kind a set of items is, for the items the editor builds. */
export function itemsMatch(kind: GridChangeKind, items: GridChangeItem[]): boolean {
  const count = (action: GridChangeItem['action']) => items.filter((i) => i.action === action).length;
  switch (kind) {
    case 'create':
      return count('create') > 0 && count('create') === items.length;
    case 'redraw':
      return count('redraw') > 0 && count('redraw') === items.length;
    case 'retire':
      return count('retire') > 0 && count('retire') === items.length;
    case 'split':
    case 'merge':
      return count('create') > 0 && count('retire') > 0 && count('redraw') === 0;
  }
}

/** How a grid stands in the community after the change, for drawing. */
export type AfterState = 'unchanged' | 'new' | 'redrawn' | 'retired';

export interface AfterProps {
  /** The grid's code, or `item N` for a new grid (as the server names it in its findings). */
  ref: string;
  code: string;
  kind: GridKind;
  name: string;
  state: AfterState;
  /** The item's index, for new and redrawn grids. */
  item: number;
}

export type AfterCollection = FeatureCollection<Polygon | MultiPolygon, AfterProps>;

/** The community as it would be after the change: kept, new, redrawn and retired grids. */
export function afterState(grids: Pick<CurrentGrid, 'code' | 'kind' | 'name' | 'boundary'>[], items: GridChangeItem[]): AfterCollection {
  const byCode = new Map(items.flatMap((item, index) => (item.code ? [[item.code, { item, index }] as const] : [])));
  const features: Feature<Polygon | MultiPolygon, AfterProps>[] = grids.map((g) => {
    const change = byCode.get(g.code);
    const state: AfterState = !change ? 'unchanged' : change.item.action === 'retire' ? 'retired' : 'redrawn';
    const boundary = change?.item.action === 'redraw' && change.item.boundary ? change.item.boundary : g.boundary;
    return {
      type: 'Feature',
      geometry: boundary,
      properties: { ref: g.code, code: g.code, kind: g.kind, name: g.name, state, item: change?.index ?? -1 },
    };
  });
  const known = new Set(grids.map((g) => g.code));
  items.forEach((item, index) => {
    if (!item.boundary) return;
    // A new grid; or a redrawn one whose old version is not at hand (an approved change's items).
    if (item.action === 'create') {
      features.push({
        type: 'Feature',
        geometry: item.boundary,
        properties: { ref: `item ${index + 1}`, code: '', kind: item.kind ?? 'basic', name: item.name ?? '', state: 'new', item: index },
      });
    } else if (item.action === 'redraw' && item.code && !known.has(item.code)) {
      const ref = item.code;
      features.push({
        type: 'Feature',
        geometry: item.boundary,
        properties: { ref, code: ref, kind: item.kind ?? 'basic', name: '', state: 'redrawn', item: index },
      });
    }
  });
  return { type: 'FeatureCollection', features };
}

/** How many grids the change makes, redraws and retires. */
export function stateCounts(after: AfterCollection): Record<AfterState, number> {
  const counts: Record<AfterState, number> = { unchanged: 0, new: 0, redrawn: 0, retired: 0 };
  for (const f of after.features) counts[f.properties.state]++;
  return counts;
}
