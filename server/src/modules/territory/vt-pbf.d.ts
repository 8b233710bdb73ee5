// vt-pbf ships no type declarations: the part Wangge uses. It encodes tiles cut by geojson-vt
// (`getTile`: features with integer tile coordinates and their tags) as Mapbox Vector Tile protobuf.
declare module 'vt-pbf' {
  import type { LegacyTile } from 'geojson-vt';
  export function fromGeojsonVt(layers: Record<string, LegacyTile>, options?: { version?: 1 | 2; extent?: number }): Uint8Array;
}
