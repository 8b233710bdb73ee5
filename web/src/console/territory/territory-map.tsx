// The jurisdiction map. It needs no internet: a plain background style, the outlines from our own
// API, HTML labels (no glyphs, so no symbol layers), and a raster basemap only when configured.
import { Alert, Spin } from 'antd';
import {
  type FilterSpecification,
  type GeoJSONSource,
  type LayerSpecification,
  Map as MapLibreMap,
  Marker,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
  type StyleSpecification,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getDivisionOutlines } from '../../api/client';
import type { Meta, OutlineCollection } from '../../api/types';
import { ErrorAlert } from '../shared/error-alert';
import { boundsOf, labelPoint, outlineContaining } from './map-geometry';

// Bundled builds move maplibre's module away from its worker file; point it at the emitted asset.
setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** For browser tests. */
    __wanggeMap?: MapLibreMap;
  }
}

const colours = { fill: '#1668dc', line: '#1668dc', highlightFill: '#fa8c16', highlightLine: '#d46b08' };
const noMatch: FilterSpecification = ['==', ['get', 'code'], ''];

function buildStyle(basemap: Meta['basemap'] | null): StyleSpecification {
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

const outlineLayers: LayerSpecification[] = [
  { id: 'outline-fill', type: 'fill', source: 'outlines', paint: { 'fill-color': colours.fill, 'fill-opacity': 0.08 } },
  { id: 'outline-highlight-fill', type: 'fill', source: 'outlines', filter: noMatch, paint: { 'fill-color': colours.highlightFill, 'fill-opacity': 0.28 } },
  { id: 'outline-line', type: 'line', source: 'outlines', paint: { 'line-color': colours.line, 'line-width': 1.2, 'line-opacity': 0.8 } },
  { id: 'outline-highlight-line', type: 'line', source: 'outlines', filter: noMatch, paint: { 'line-color': colours.highlightLine, 'line-width': 2.5 } },
];

interface Props {
  rootCode: string;
  basemap: Meta['basemap'] | null;
  selectedCode: string;
  onPick: (code: string) => void;
}

export function TerritoryMap({ rootCode, basemap, selectedCode, onPick }: Props) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const labelsRef = useRef(new Map<string, HTMLElement>());
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;
  const [outlines, setOutlines] = useState<OutlineCollection | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [unsupported, setUnsupported] = useState(false);
  const [styleLoaded, setStyleLoaded] = useState(false);

  useEffect(() => {
    let live = true;
    setOutlines(null);
    setLoadError(null);
    getDivisionOutlines(rootCode)
      .then((value) => live && setOutlines(value))
      .catch((error: unknown) => live && setLoadError(error));
    return () => {
      live = false;
    };
  }, [rootCode]);

  const tiles = basemap?.tiles ?? null;
  const attribution = basemap?.attribution ?? null;
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let map: MapLibreMap;
    try {
      map = new MapLibreMap({
        container,
        style: buildStyle({ tiles, attribution }),
        center: [117.4, 34.9],
        zoom: 8,
        attributionControl: { compact: true },
        dragRotate: false,
        pitchWithRotate: false,
      });
    } catch {
      setUnsupported(true);
      return;
    }
    map.touchZoomRotate.disableRotation();
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    // Offline basemap tiles fail quietly; the outlines are what matters. Other errors still surface.
    map.on('error', (event) => {
      if ((event as { sourceId?: string }).sourceId !== 'basemap') console.warn('map:', event.error?.message);
    });
    map.on('load', () => setStyleLoaded(true));
    const observer = new ResizeObserver(() => map.resize());
    observer.observe(container);
    mapRef.current = map;
    window.__wanggeMap = map;
    return () => {
      observer.disconnect();
      map.remove();
      mapRef.current = null;
      setStyleLoaded(false);
      delete window.__wanggeMap;
      delete document.body.dataset.mapReady;
    };
  }, [tiles, attribution]);

  // Outlines: one GeoJSON source, fill + line layers, and an HTML label per outline.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleLoaded || !outlines) return;
    map.addSource('outlines', { type: 'geojson', data: outlines });
    for (const layer of outlineLayers) map.addLayer(layer);
    const labels = labelsRef.current;
    const markers = outlines.features.map((feature) => {
      const element = document.createElement('div');
      element.className = 'map-label';
      element.textContent = feature.properties.name;
      labels.set(feature.properties.code, element);
      return new Marker({ element, anchor: 'center' }).setLngLat(labelPoint(feature.geometry)).addTo(map);
    });
    const click = (event: { features?: { properties: Record<string, unknown> }[] }) => {
      const code = event.features?.[0]?.properties.code;
      if (typeof code === 'string') onPickRef.current(code);
    };
    const enter = () => (map.getCanvas().style.cursor = 'pointer');
    const leave = () => (map.getCanvas().style.cursor = '');
    map.on('click', 'outline-fill', click);
    map.on('mouseenter', 'outline-fill', enter);
    map.on('mouseleave', 'outline-fill', leave);
    return () => {
      for (const marker of markers) marker.remove();
      labels.clear();
      if (mapRef.current !== map) return; // the map itself is gone
      map.off('click', 'outline-fill', click);
      map.off('mouseenter', 'outline-fill', enter);
      map.off('mouseleave', 'outline-fill', leave);
      for (const layer of outlineLayers) map.removeLayer(layer.id);
      map.removeSource('outlines');
    };
  }, [styleLoaded, outlines]);

  // Highlight the outline containing the selection and fly to it; the whole area for the root.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleLoaded || !outlines || !map.getSource<GeoJSONSource>('outlines')) return;
    // The root's own outline (a district user's view) is the whole map, not a highlight.
    const containing = outlineContaining(selectedCode, outlines.features);
    const feature = containing?.properties.code === rootCode ? null : containing;
    const highlighted = feature?.properties.code ?? '';
    const filter: FilterSpecification = feature ? ['==', ['get', 'code'], highlighted] : noMatch;
    map.setFilter('outline-highlight-fill', filter);
    map.setFilter('outline-highlight-line', filter);
    for (const [code, element] of labelsRef.current) element.classList.toggle('map-label-active', code === highlighted);
    if (containerRef.current) containerRef.current.dataset.highlight = highlighted;

    document.body.dataset.mapReady = '0';
    const onIdle = () => {
      document.body.dataset.mapReady = '1';
    };
    map.once('idle', onIdle);
    const bounds = boundsOf(feature ? [feature.geometry] : outlines.features.map((f) => f.geometry));
    if (bounds) map.fitBounds(bounds, { padding: 40, maxZoom: 13, duration: map.isMoving() || map.loaded() ? 500 : 0 });
    map.triggerRepaint();
    return () => {
      map.off('idle', onIdle);
    };
  }, [styleLoaded, outlines, selectedCode, rootCode]);

  return (
    <div className="territory-map">
      <div ref={containerRef} className="territory-map-canvas" data-testid="territory-map" />
      {unsupported && <Alert className="territory-map-overlay" type="warning" showIcon title={t('territory.mapUnsupported')} />}
      <ErrorAlert className="territory-map-overlay" error={loadError} />
      {!unsupported && loadError === null && (!outlines || !styleLoaded) && (
        <div className="territory-map-overlay territory-map-loading">
          <Spin description={t('territory.mapLoading')} />
        </div>
      )}
      {outlines?.features.length === 0 && <Alert className="territory-map-overlay" type="info" showIcon title={t('territory.noOutlines')} />}
    </div>
  );
}
