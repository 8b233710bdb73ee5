// Vector tiles of the current grids for the console map, so it can draw all ~22,000 of them at any
// zoom (issue 3). One geojson-vt index is cut from the grids the shared GridIndex holds and rebuilt
// when that index has moved to a new version: lazily, by the first tile asked for after a change,
// and synchronously, so there is never more than one build at a time. Each tile is filtered by the
// reader's jurisdiction (canSeeGrid) as it is asked for, so one index serves every reader, and is
// answered with an ETag of grid version + scope: a browser holding the tile revalidates it for a 304.
/// <reference path="./vt-pbf.d.ts" />
import { createHash } from 'node:crypto';
import GeoJSONVT, { type LegacyFeature } from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import { gzipSync } from 'node:zlib';
import { errors } from '../../lib/errors.js';
import { namesEtag } from '../../lib/http.js';
import { type Actor, canSeeGrid, gridScopeKey } from '../access/access.js';
import type { GridIndex, GridSnapshot } from './grid-index.js';

/** The deepest zoom cut, with full detail (no simplification); the map overzooms beyond it. */
export const TILE_MAX_ZOOM = 14;
/** The one layer of every tile. */
export const TILE_LAYER = 'grids';
export const TILE_MEDIA_TYPE = 'application/vnd.mapbox-vector-tile';
const EXTENT = 4096;
/** Names ride along from this zoom on; below it they would add ~40 % to tiles that nothing labels. */
export const NAMES_FROM_ZOOM = 12;
/** Changes with the tiles' contents (layer, properties), so a tile cached by an older server is not revalidated. */
const TILE_FORMAT = 'grids/1';
/** Encoded tiles kept per index, for the next reader with the same jurisdiction (a city-level tile takes ~0.1–0.3 s to encode). */
const CACHE_BYTES = 64 * 2 ** 20;

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

export type TileAnswer = { status: 200; etag: string; body: Buffer; gzip: boolean } | { status: 204 | 304; etag: string };

/** z/x/y as the schema let them through (integers, z in range), checked against each other: x and y below 2^z. */
export function tileAddress(params: TileAddress): TileAddress {
  const size = 2 ** params.z;
  for (const axis of ['x', 'y'] as const) {
    if (params[axis] >= size) {
      const field = `params.${axis}`;
      throw errors.validation(
        field,
        `${field} must be below 2^z (${size} at zoom ${params.z}).`,
        `字段 ${field} 须小于 2 的 z 次方（缩放级别 ${params.z} 时为 ${size}）。`,
      );
    }
  }
  return params;
}

interface Built {
  generation: number;
  version: string;
  index: GeoJSONVT;
  /** Encoded tiles by scope and address; null for an empty one. Goes with the index it was cut from. */
  encoded: TileCache;
}

export class GridTiles {
  private built: Built | undefined;

  constructor(private readonly grids: GridIndex) {}

  /** Builds the tile index now (server start) rather than for the first tile. */
  async warm(): Promise<void> {
    await this.current();
  }

  /**
   * The tile at `at` with the grids `actor` may see; 304 when `ifNoneMatch` already names this version
   * of it. Gzipped for a client that takes it (a city-level tile: ~1.2 MB → ~0.4 MB), kept like the tile.
   */
  async tile(actor: Actor, at: TileAddress, ifNoneMatch: string | undefined, gzip = false): Promise<TileAnswer> {
    const { version, index, encoded } = await this.current();
    // A gzipped tile is another representation of it: its own strong ETag.
    const etag = gzip ? etagOf(version, actor).replace(/"$/, '-gz"') : etagOf(version, actor);
    if (ifNoneMatch !== undefined && namesEtag(ifNoneMatch, etag)) return { status: 304, etag };
    const key = `${gridScopeKey(actor)}|${at.z}/${at.x}/${at.y}`;
    let body = encoded.get(key);
    if (body === undefined) {
      body = encode(index, actor, at);
      encoded.set(key, body);
    }
    if (!body) return { status: 204, etag };
    if (!gzip) return { status: 200, etag, body, gzip: false };
    let packed = encoded.get(`${key}|gz`);
    if (!packed) {
      packed = gzipSync(body);
      encoded.set(`${key}|gz`, packed);
    }
    return { status: 200, etag, body: packed, gzip: true };
  }

  private async current(): Promise<Built> {
    const snapshot = await this.grids.snapshot();
    // The build is synchronous, so two requests never build at once; a request still holding an
    // older snapshot than the one built meanwhile uses the newer index.
    if (!this.built || snapshot.generation > this.built.generation) this.built = build(snapshot);
    return this.built;
  }
}

function build(snapshot: GridSnapshot): Built {
  const index = new GeoJSONVT(
    {
      type: 'FeatureCollection',
      features: snapshot.grids.map((g) => ({
        type: 'Feature',
        properties: { code: g.key, kind: g.kind, name: g.name, communityCode: g.communityCode },
        geometry: g.geometry,
      })),
    },
    // Simplify by 1 pixel rather than geojson-vt's 3: a grid smaller than the tolerance drops out
    // of a tile, and at 3 some small dedicated grids were missing from a laptop's city view (zoom 8).
    // Cut every tile down to zoom 8 (a whole city on one screen) now rather than for its first reader
    // (about 0.1 s on a first city view); deeper tiles are cut when first asked for, and kept.
    { maxZoom: TILE_MAX_ZOOM, extent: EXTENT, tolerance: 1, indexMaxZoom: 8, indexMaxPoints: 0 },
  );
  return { generation: snapshot.generation, version: snapshot.version, index, encoded: new TileCache(CACHE_BYTES) };
}

/** Least recently used tiles go first once the bytes held pass the limit. */
export class TileCache {
  private readonly tiles = new Map<string, Buffer | null>();
  private bytes = 0;

  constructor(private readonly limit: number) {}

  get(key: string): Buffer | null | undefined {
    const tile = this.tiles.get(key);
    if (tile !== undefined) {
      this.tiles.delete(key);
      this.tiles.set(key, tile);
    }
    return tile;
  }

  set(key: string, tile: Buffer | null): void {
    const previous = this.tiles.get(key);
    if (previous !== undefined) this.bytes -= size(key, previous);
    this.tiles.delete(key);
    this.tiles.set(key, tile);
    this.bytes += size(key, tile);
    for (const [oldest, dropped] of this.tiles) {
      if (this.bytes <= this.limit) break;
      this.tiles.delete(oldest);
      this.bytes -= size(oldest, dropped);
    }
  }
}

/** What an entry holds, roughly: the tile and its key (empty tiles count too). */
function size(key: string, tile: Buffer | null): number {
  return key.length + (tile?.length ?? 0);
}

/** The tile's features the actor may see, encoded; null when there are none. */
function encode(index: GeoJSONVT, actor: Actor, { z, x, y }: TileAddress): Buffer | null {
  const tile = index.getTile(z, x, y);
  if (!tile) return null;
  const named = z >= NAMES_FROM_ZOOM;
  const features: LegacyFeature[] = [];
  for (const feature of tile.features) {
    const tags = feature.tags ?? {};
    if (!canSeeGrid(actor, String(tags.code), String(tags.communityCode))) continue;
    features.push(named ? feature : { ...feature, tags: { code: tags.code, kind: tags.kind, communityCode: tags.communityCode } });
  }
  if (features.length === 0) return null;
  const bytes = fromGeojsonVt({ [TILE_LAYER]: { features } }, { version: 2, extent: EXTENT });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The same for every tile of one grid version and one jurisdiction (an ETag names a URL's content). */
function etagOf(version: string, actor: Actor): string {
  const key = `${TILE_FORMAT}|${version}|${gridScopeKey(actor)}`;
  return `"${createHash('sha256').update(key).digest('base64url').slice(0, 32)}"`;
}
