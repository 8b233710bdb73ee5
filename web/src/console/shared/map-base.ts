// What every console map shares: maplibre's worker, an offline style (a plain background, and a
// raster basemap only when one is configured), and the window hook the browser tests read.
import type { TerraDraw } from 'terra-draw';
import { type Map as MapLibreMap, setWorkerUrl, type StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { Meta } from '../../api/types';

// Bundled builds move maplibre's module away from its worker file; point it at the emitted asset.
setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** For browser tests: the territory map. */
    __wanggeMap?: MapLibreMap;
    /** For browser tests: the change editor's and review's maps, by name. */
    __wanggeMaps?: Record<string, MapLibreMap>;
    /** For browser tests: the change editor's drawing tools. */
    __wanggeDraw?: TerraDraw;
  }
}

export function buildStyle(basemap: Meta['basemap'] | null): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#eef2f5' } }],
  };
  if (basemap?.tiles) {
    style.sources.basemap = {
      type: 'raster',
      tiles: [basemap.tiles],
      tileSize: 256,
      ...(basemap.attribution ? { attribution: basemap.attribution } : {}),
    };
    style.layers.push({ id: 'basemap', type: 'raster', source: 'basemap' });
  }
  return style;
}
