// shpjs ships no type declarations: the part Wangge uses. It reads a zipped Shapefile (reprojecting
// with .prj and decoding attributes with .cpg) into GeoJSON, one collection per layer.
declare module 'shpjs' {
  type Collection = { type: 'FeatureCollection'; features: unknown[]; fileName?: string };
  export default function shp(input: ArrayBuffer | Uint8Array | Buffer): Promise<Collection | Collection[]>;
}
