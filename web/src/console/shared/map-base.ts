// What every console map shares: maplibre's worker, an offline style (a plain background, and a
// raster basemap only when one is configured), and the window hook the browser tests read.
import type { TerraDraw } from 'terra-draw';
import { Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl, type StyleSpecification } from 'maplibre-gl';
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

/**
 * A console map in `container`: the offline style, zoom buttons and a scale, no rotation, basemap
 * errors kept quiet (offline tiles fail; the outlines are what matters). Null where the browser has
 * no WebGL: the caller shows why instead of a map.
 */
export function createConsoleMap(
  container: HTMLElement,
  basemap: Meta['basemap'] | null,
  view: { center: [number, number]; zoom: number; doubleClickZoom?: boolean },
): MapLibreMap | null {
  let map: MapLibreMap;
  try {
    map = new MapLibreMap({
      container,
      style: buildStyle(basemap),
      center: view.center,
      zoom: view.zoom,
      attributionControl: { compact: true },
      dragRotate: false,
      pitchWithRotate: false,
      doubleClickZoom: view.doubleClickZoom ?? true,
    });
  } catch {
    return null;
  }
  map.touchZoomRotate.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
  map.on('error', (event) => {
    if ((event as { sourceId?: string }).sourceId !== 'basemap') console.warn('map:', event.error?.message);
  });
  return map;
}
