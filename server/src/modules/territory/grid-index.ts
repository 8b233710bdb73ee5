// The in-process spatial index over the current grids, shared by every module that asks "which grid
// is this point in?". Built from the database on first use and rebuilt when an approved change takes
// effect: the change bumps `gridIndexVersion` (a row, so every server instance sees it), and each
// instance checks that row at most every few seconds before answering.
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { type LngLat, type PolygonGeometry, SpatialIndex } from '../../lib/geometry/index.js';
import { systemSetting } from '../system/system.tables.js';
import { currentGrids } from './grid.store.js';

export interface IndexedGrid {
  key: string;
  geometry: PolygonGeometry;
  id: string;
  kind: string;
  name: string;
  communityCode: string;
  parentCode: string | null;
}

/** The current grids as this instance last read them: what the map tiles are cut from. */
export interface GridSnapshot {
  /** The `gridIndexVersion` row they were read at: the same on every instance. */
  version: string;
  /** Counts this instance's rebuilds, so a later snapshot can be told from an earlier one. */
  generation: number;
  grids: readonly IndexedGrid[];
}

const VERSION_KEY = 'gridIndexVersion';
const CHECK_EVERY_MS = 3_000;

export class GridIndex {
  private index: SpatialIndex<IndexedGrid> | undefined;
  private current: GridSnapshot = { version: 'none', generation: 0, grids: [] };
  private checkedAt = 0;
  private building: Promise<void> | undefined;

  constructor(
    private readonly db: Executor,
    private readonly now: () => number = Date.now,
  ) {}

  /** The current grids containing the point (boundary inclusive), ordered by code. */
  async locate(p: LngLat): Promise<IndexedGrid[]> {
    await this.fresh();
    return this.index?.locate(p) ?? [];
  }

  get size(): number {
    return this.index?.size ?? 0;
  }

  /** The current grids, checked against the version row like a lookup. */
  async snapshot(): Promise<GridSnapshot> {
    await this.fresh();
    return this.current;
  }

  /** Builds the index now rather than on the first lookup. */
  async warm(): Promise<void> {
    await this.fresh();
  }

  /** Checks the version on the next lookup (this instance just committed a change). */
  invalidate(): void {
    this.checkedAt = 0;
  }

  /** Marks the grids as changed, inside the transaction that changes them. */
  static async bump(tx: Executor): Promise<void> {
    const value = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    await tx
      .insert(systemSetting)
      .values({ key: VERSION_KEY, value })
      .onConflictDoUpdate({ target: systemSetting.key, set: { value, updatedAt: new Date() } });
  }

  private async fresh(): Promise<void> {
    if (this.index && this.now() - this.checkedAt < CHECK_EVERY_MS) return;
    const [row] = await this.db.select({ value: systemSetting.value }).from(systemSetting).where(eq(systemSetting.key, VERSION_KEY));
    this.checkedAt = this.now();
    const version = row?.value ?? 'none';
    if (this.index && version === this.current.version) return;
    // One rebuild at a time; concurrent callers wait for it.
    this.building ??= this.rebuild(version).finally(() => {
      this.building = undefined;
    });
    await this.building;
  }

  private async rebuild(version: string): Promise<void> {
    const rows = await currentGrids(this.db);
    const grids: IndexedGrid[] = rows.map((g) => ({
      key: g.code,
      geometry: g.boundary as PolygonGeometry,
      id: g.id,
      kind: g.kind,
      name: g.name,
      communityCode: g.communityCode,
      parentCode: g.parentCode,
    }));
    this.index = new SpatialIndex(grids);
    this.current = { version, generation: this.current.generation + 1, grids };
  }
}
