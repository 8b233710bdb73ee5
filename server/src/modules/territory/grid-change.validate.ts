// Validation of a proposed grid change (Art. 7), before it can be submitted and again at approval:
// shapes, valid geometry, basic grids of a community that do not overlap, micro grids inside their
// basic grid and not overlapping one another, every grid inside its district's outline, and the gaps
// a change leaves in a community's coverage. Problems block; warnings are shown to the reviewer.
import { type LngLat, type PolygonGeometry, areaM2, differenceArea, geometryProblems, intersectionArea, labelPoint, union } from '../../lib/geometry/index.js';
import type { GridKind } from './grid-code.js';

export type ChangeKind = 'create' | 'redraw' | 'split' | 'merge' | 'retire';
export const changeKinds: readonly ChangeKind[] = ['create', 'redraw', 'split', 'merge', 'retire'];

export interface ChangeItem {
  action: 'create' | 'redraw' | 'retire';
  /** redraw, retire: the grid's code. */
  code?: string;
  kind?: GridKind;
  name?: string;
  /** micro: the basic grid it subdivides. */
  parentCode?: string;
  placeName?: string;
  placeKind?: string;
  boundary?: PolygonGeometry;
  households?: number;
}

export interface CurrentGrid {
  code: string;
  kind: string;
  parentCode: string | null;
  boundary: PolygonGeometry;
  predecessorCodes: string[];
}

export interface Issue {
  severity: 'problem' | 'warning';
  kind: string;
  /** Index of the item at fault, where there is one. */
  item?: number;
  codes?: string[];
  at?: LngLat;
  /** Where it is, for the editor to draw: the overlap, the gap, the part outside. */
  geometry?: GeoJSON.MultiPolygon;
  areaM2?: number;
  message: string;
  messageZh: string;
}

interface AfterGrid {
  ref: string;
  kind: string;
  parentRef: string | null;
  boundary: PolygonGeometry;
  changed: boolean;
  item?: number;
}

const round = (n: number) => Math.round(n * 10) / 10;
/** A grid as findings name it in Chinese: its code, or 第 N 项新网格 for a grid the change creates. */
const zh = (ref: string) => ref.replace(/^item (\d+)$/, '第 $1 项新网格');

export function validateChange(
  change: { kind: ChangeKind; items: ChangeItem[] },
  context: { current: CurrentGrid[]; districtOutline: PolygonGeometry | undefined; toleranceM2: number },
): Issue[] {
  const issues: Issue[] = [];
  const problem = (i: Omit<Issue, 'severity'>) => issues.push({ severity: 'problem', ...i });
  const warning = (i: Omit<Issue, 'severity'>) => issues.push({ severity: 'warning', ...i });
  const { items } = change;
  const byCode = new Map(context.current.map((g) => [g.code, g]));
  const creates = items.filter((i) => i.action === 'create');
  const retires = items.filter((i) => i.action === 'retire');
  const redraws = items.filter((i) => i.action === 'redraw');
  // Micro grids retired with their basic grid go along with it; they do not count towards the shape.
  const retiredCodes = new Set(retires.map((r) => r.code));
  const primaryRetires = retires.filter((r) => {
    const g = r.code ? byCode.get(r.code) : undefined;
    return !(g?.kind === 'micro' && g.parentCode && retiredCodes.has(g.parentCode));
  });

  // The shape each kind of change must have.
  const shape: Record<ChangeKind, boolean> = {
    create: creates.length >= 1 && retires.length === 0 && redraws.length === 0,
    redraw: redraws.length >= 1 && creates.length === 0 && retires.length === 0,
    retire: retires.length >= 1 && creates.length === 0 && redraws.length === 0,
    split: primaryRetires.length === 1 && creates.length >= 2 && redraws.length === 0,
    merge: primaryRetires.length >= 2 && creates.length === 1 && redraws.length === 0,
  };
  if (!shape[change.kind]) {
    problem({
      kind: 'bad_shape',
      message: `A ${change.kind} change does not have these items (create: new grids; redraw: new boundaries; retire: codes; split: one retired, two or more new; merge: two or more retired, one new).`,
      messageZh: '变更内容与变更类型不符（新建：新网格；调整边界：新边界；撤销：网格编码；拆分：撤销一个、新建两个以上；合并：撤销两个以上、新建一个）。',
    });
  }

  items.forEach((item, index) => {
    if (item.action !== 'create') {
      if (!item.code || !byCode.has(item.code)) {
        problem({
          kind: 'unknown_grid',
          item: index,
          codes: item.code ? [item.code] : [],
          message: `Item ${index + 1}: no current grid ${item.code ?? ''} in this community.`,
          messageZh: `第 ${index + 1} 项：本村（社区）没有现行网格 ${item.code ?? ''}。`,
        });
      }
    } else {
      if (!item.kind)
        problem({
          kind: 'missing_kind',
          item: index,
          message: `Item ${index + 1}: a new grid needs its kind.`,
          messageZh: `第 ${index + 1} 项：新网格须指定类型。`,
        });
      if (!item.name)
        problem({
          kind: 'missing_name',
          item: index,
          message: `Item ${index + 1}: a new grid needs a name.`,
          messageZh: `第 ${index + 1} 项：新网格须有名称。`,
        });
      if (item.kind === 'micro' && !(item.parentCode && byCode.get(item.parentCode)?.kind === 'basic')) {
        problem({
          kind: 'missing_parent',
          item: index,
          message: `Item ${index + 1}: a micro grid lies inside a current basic grid of this community; name it.`,
          messageZh: `第 ${index + 1} 项：微网格须指定所属的本村（社区）现行基础网格。`,
        });
      }
      if (item.kind === 'dedicated' && !item.placeName) {
        problem({
          kind: 'missing_place',
          item: index,
          message: `Item ${index + 1}: a dedicated grid covers a named place.`,
          messageZh: `第 ${index + 1} 项：专属网格须写明所覆盖的场所。`,
        });
      }
    }
    if (item.action !== 'retire') {
      if (!item.boundary) {
        problem({ kind: 'missing_boundary', item: index, message: `Item ${index + 1}: a boundary is needed.`, messageZh: `第 ${index + 1} 项：须提供边界。` });
        return;
      }
      for (const p of geometryProblems(item.boundary)) {
        problem({ kind: p.kind, item: index, at: p.at, message: `Item ${index + 1}: ${p.message}`, messageZh: `第 ${index + 1} 项：${p.messageZh}` });
      }
    }
  });
  if (issues.some((i) => i.severity === 'problem')) return issues;

  // The community as it would be after the change.
  const removed = new Set(items.filter((i) => i.action !== 'create').map((i) => i.code as string));
  const after: AfterGrid[] = context.current
    .filter((g) => !removed.has(g.code))
    .map((g) => ({ ref: g.code, kind: g.kind, parentRef: g.parentCode, boundary: g.boundary, changed: false }));
  items.forEach((item, index) => {
    if (item.action === 'redraw') {
      const old = byCode.get(item.code as string) as CurrentGrid;
      after.push({ ref: old.code, kind: old.kind, parentRef: old.parentCode, boundary: item.boundary as PolygonGeometry, changed: true, item: index });
    }
    if (item.action === 'create') {
      after.push({
        ref: `item ${index + 1}`,
        kind: item.kind as string,
        parentRef: item.parentCode ?? null,
        boundary: item.boundary as PolygonGeometry,
        changed: true,
        item: index,
      });
    }
  });
  const tol = context.toleranceM2;

  // Micro grids may not be left behind by their basic grid.
  for (const code of retires.map((r) => r.code as string)) {
    const orphans = after.filter((g) => g.kind === 'micro' && g.parentRef === code).map((g) => g.ref);
    if (orphans.length > 0) {
      problem({
        kind: 'orphan_micro',
        codes: [code, ...orphans],
        message: `Basic grid ${code} still has micro grids ${orphans.join(', ')}: retire them in the same change.`,
        messageZh: `基础网格 ${code} 仍有微网格 ${orphans.join('、')}，须在同一变更中一并撤销。`,
      });
    }
  }

  const pairs = (kind: string, sameParent: boolean) => {
    const list = after.filter((g) => g.kind === kind);
    const out: [AfterGrid, AfterGrid][] = [];
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i] as AfterGrid;
        const b = list[j] as AfterGrid;
        if ((a.changed || b.changed) && (!sameParent || a.parentRef === b.parentRef)) out.push([a, b]);
      }
    }
    return out;
  };
  // Basic grids of one community do not overlap; nor do the micro grids of one basic grid.
  for (const [kind, sameParent] of [
    ['basic', false],
    ['micro', true],
  ] as const) {
    for (const [a, b] of pairs(kind, sameParent)) {
      // The shape only when it is reported: separately digitised neighbours cross all along their
      // border, and their slivers under the tolerance are measured from the boundaries alone.
      const overlap = intersectionArea(a.boundary, b.boundary, tol);
      if (overlap.areaM2 > tol && overlap.geometry) {
        problem({
          kind: 'overlap',
          item: a.item ?? b.item,
          codes: [a.ref, b.ref],
          geometry: overlap.geometry,
          areaM2: round(overlap.areaM2),
          at: labelPoint(overlap.geometry),
          message: `${a.ref} and ${b.ref} overlap by ${round(overlap.areaM2)} m².`,
          messageZh: `${zh(a.ref)} 与 ${zh(b.ref)} 重叠 ${round(overlap.areaM2)} 平方米。`,
        });
      }
    }
  }
  // A changed micro grid lies inside its basic grid; a redrawn basic grid still holds its micro grids.
  for (const micro of after.filter((g) => g.kind === 'micro')) {
    const parent = after.find((g) => g.ref === micro.parentRef);
    if (!parent || !(micro.changed || parent.changed)) continue;
    const { areaM2: area, geometry: outside } = differenceArea(micro.boundary, parent.boundary, tol);
    if (area > tol && outside) {
      problem({
        kind: 'micro_outside_basic',
        item: micro.item ?? parent.item,
        codes: [micro.ref, parent.ref],
        geometry: outside,
        areaM2: round(area),
        at: labelPoint(outside),
        message: `${micro.ref} reaches ${round(area)} m² outside its basic grid ${parent.ref}.`,
        messageZh: `${zh(micro.ref)} 有 ${round(area)} 平方米超出所属基础网格 ${zh(parent.ref)}。`,
      });
    }
  }
  // Every changed grid lies inside its district.
  if (context.districtOutline) {
    for (const g of after.filter((x) => x.changed)) {
      const { areaM2: area, geometry: outside } = differenceArea(g.boundary, context.districtOutline, tol);
      if (area > tol && outside) {
        problem({
          kind: 'outside_district',
          item: g.item,
          codes: [g.ref],
          geometry: outside,
          areaM2: round(area),
          at: labelPoint(outside),
          message: `${g.ref} reaches ${round(area)} m² outside its district.`,
          messageZh: `${zh(g.ref)} 有 ${round(area)} 平方米超出所属区（市）边界。`,
        });
      }
    }
  }
  // A split should cover what it replaces; holes inside the community's basic grids are gaps.
  if (change.kind === 'split') {
    const old = byCode.get(primaryRetires[0]?.code as string);
    const pieces = union(creates.map((c) => c.boundary as PolygonGeometry));
    const { areaM2: area, geometry: left } = old && pieces ? differenceArea(old.boundary, pieces, tol) : { areaM2: 0, geometry: null };
    if (left && area > tol)
      warning({
        kind: 'split_gap',
        codes: [old?.code as string],
        geometry: left,
        areaM2: round(area),
        at: labelPoint(left),
        message: `The new grids leave ${round(area)} m² of ${old?.code} uncovered.`,
        messageZh: `新网格未覆盖原网格 ${old?.code} 的 ${round(area)} 平方米。`,
      });
  }
  if (after.some((g) => g.changed && g.kind === 'basic') || retires.length > 0) {
    const covered = union(after.filter((g) => g.kind === 'basic').map((g) => g.boundary));
    for (const polygon of covered?.coordinates ?? []) {
      for (const hole of polygon.slice(1)) {
        const gap: GeoJSON.MultiPolygon = { type: 'MultiPolygon', coordinates: [[[...hole].reverse()]] };
        const area = areaM2(gap);
        if (area > tol)
          warning({
            kind: 'coverage_gap',
            geometry: gap,
            areaM2: round(area),
            at: labelPoint(gap),
            message: `A gap of ${round(area)} m² inside the community's basic grids.`,
            messageZh: `本村（社区）基础网格之间有 ${round(area)} 平方米空隙。`,
          });
      }
    }
  }
  return issues;
}
