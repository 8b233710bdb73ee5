// The jurisdiction map. It needs no internet: a plain background style, the outlines from our own
// API, HTML labels (no glyphs, so no symbol layers), and a raster basemap only when configured.
import { Alert, Spin } from 'antd';
import {
  type FilterSpecification,
  type GeoJSONSource,
  type LayerSpecification,
  Map as MapLibreMap,
  type MapMouseEvent,
  Marker,
  NavigationControl,
  ScaleControl,
} from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportGrids, getDivisionOutlines } from '../../api/client';
import type { GridCollection, GridKind, Meta, OutlineCollection } from '../../api/types';
import { ErrorAlert } from '../shared/error-alert';
import { buildStyle } from '../shared/map-base';
import { gridColours } from './grid-card';
import { boundsOf, labelPoint, levelOfCode, outlineContaining } from './map-geometry';

const colours = { fill: '#1668dc', line: '#1668dc', highlightFill: '#fa8c16', highlightLine: '#d46b08' };
const noMatch: FilterSpecification = ['==', ['get', 'code'], ''];

const outlineLayers: LayerSpecification[] = [
  { id: 'outline-fill', type: 'fill', source: 'outlines', paint: { 'fill-color': colours.fill, 'fill-opacity': 0.08 } },
  { id: 'outline-highlight-fill', type: 'fill', source: 'outlines', filter: noMatch, paint: { 'fill-color': colours.highlightFill, 'fill-opacity': 0.28 } },
  { id: 'outline-line', type: 'line', source: 'outlines', paint: { 'line-color': colours.line, 'line-width': 1.2, 'line-opacity': 0.8 } },
  { id: 'outline-highlight-line', type: 'line', source: 'outlines', filter: noMatch, paint: { 'line-color': colours.highlightLine, 'line-width': 2.5 } },
];

const gridKinds: GridKind[] = ['basic', 'dedicated', 'micro'];
const emptyGrids: GridCollection = { type: 'FeatureCollection', features: [] };
const ofKind = (kind: GridKind): FilterSpecification => ['==', ['get', 'kind'], kind];

// Basic grids as a light fill with thin outlines, dedicated grids in red, micro grids as thinner
// dashed lines (with an invisible fill so they can be clicked). Drawn above the division outlines.
const gridLayers: LayerSpecification[] = [
  { id: 'grid-basic-fill', type: 'fill', source: 'grids', filter: ofKind('basic'), paint: { 'fill-color': gridColours.basic, 'fill-opacity': 0.1 } },
  { id: 'grid-basic-line', type: 'line', source: 'grids', filter: ofKind('basic'), paint: { 'line-color': gridColours.basic, 'line-width': 0.8 } },
  { id: 'grid-micro-fill', type: 'fill', source: 'grids', filter: ofKind('micro'), paint: { 'fill-color': gridColours.micro, 'fill-opacity': 0 } },
  {
    id: 'grid-micro-line',
    type: 'line',
    source: 'grids',
    filter: ofKind('micro'),
    paint: { 'line-color': gridColours.micro, 'line-width': 0.6, 'line-dasharray': [2, 2], 'line-opacity': 0.8 },
  },
  {
    id: 'grid-dedicated-fill',
    type: 'fill',
    source: 'grids',
    filter: ofKind('dedicated'),
    paint: { 'fill-color': gridColours.dedicated, 'fill-opacity': 0.4 },
  },
  { id: 'grid-dedicated-line', type: 'line', source: 'grids', filter: ofKind('dedicated'), paint: { 'line-color': gridColours.dedicated, 'line-width': 1 } },
  { id: 'grid-selected-line', type: 'line', source: 'grids', filter: noMatch, paint: { 'line-color': '#1d39c4', 'line-width': 3 } },
];
/** Which grid a click picks where several overlap: the most specific first. */
const gridClickLayers = ['grid-dedicated-fill', 'grid-micro-fill', 'grid-basic-fill'];

/** The grids drawn for a selected division: basic ones for a district, all kinds below. */
function gridKindsFor(code: string): GridKind[] {
  const level = levelOfCode(code);
  if (level === 1) return [];
  return level === 2 ? ['basic'] : gridKinds;
}

interface Props {
  rootCode: string;
  basemap: Meta['basemap'] | null;
  selectedCode: string;
  onPick: (code: string) => void;
  /** The grid whose card is open: outlined on the map. */
  gridCode: string | null;
  onGrid: (code: string) => void;
  /** A point to fly to (a searched grid) instead of fitting the selection. */
  focus: [number, number] | null;
}

export function TerritoryMap({ rootCode, basemap, selectedCode, onPick, gridCode, onGrid, focus }: Props) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const labelsRef = useRef(new Map<string, HTMLElement>());
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;
  const onGridRef = useRef(onGrid);
  onGridRef.current = onGrid;
  const [grids, setGrids] = useState<{ code: string; data: GridCollection } | null>(null);
  const [gridError, setGridError] = useState<unknown>(null);
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

  // The grids under the selected division (none for the whole city: too many to draw at once).
  useEffect(() => {
    const kinds = gridKindsFor(selectedCode);
    setGridError(null);
    if (kinds.length === 0) {
      setGrids({ code: selectedCode, data: emptyGrids });
      return;
    }
    let live = true;
    exportGrids(selectedCode, kinds.length === 1 ? kinds[0] : undefined)
      .then((data) => live && setGrids({ code: selectedCode, data }))
      .catch((error: unknown) => {
        if (!live) return;
        setGridError(error);
        setGrids({ code: selectedCode, data: emptyGrids });
      });
    return () => {
      live = false;
    };
  }, [selectedCode]);

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

  // Grids: one GeoJSON source for every kind, added once the style is up; data swapped on selection.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleLoaded) return;
    map.addSource('grids', { type: 'geojson', data: emptyGrids, promoteId: 'code' });
    for (const layer of gridLayers) map.addLayer(layer);
    const click = (event: MapMouseEvent) => {
      const layers = gridClickLayers.filter((id) => map.getLayer(id));
      const hits = map.queryRenderedFeatures(event.point, { layers });
      hits.sort((a, b) => gridClickLayers.indexOf(a.layer.id) - gridClickLayers.indexOf(b.layer.id));
      const code = hits[0]?.properties.code;
      if (typeof code === 'string') onGridRef.current(code);
    };
    const enter = () => (map.getCanvas().style.cursor = 'pointer');
    const leave = () => (map.getCanvas().style.cursor = '');
    map.on('click', click);
    for (const id of gridClickLayers) {
      map.on('mouseenter', id, enter);
      map.on('mouseleave', id, leave);
    }
    return () => {
      if (mapRef.current !== map) return;
      map.off('click', click);
      for (const id of gridClickLayers) {
        map.off('mouseenter', id, enter);
        map.off('mouseleave', id, leave);
      }
      for (const layer of gridLayers) map.removeLayer(layer.id);
      map.removeSource('grids');
    };
  }, [styleLoaded]);

  useEffect(() => {
    const map = mapRef.current;
    const source = map?.getSource<GeoJSONSource>('grids');
    if (!map || !styleLoaded || !source) return;
    source.setData(grids?.code === selectedCode ? grids.data : emptyGrids);
  }, [styleLoaded, grids, selectedCode]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleLoaded || !map.getLayer('grid-selected-line')) return;
    map.setFilter('grid-selected-line', gridCode ? ['==', ['get', 'code'], gridCode] : noMatch);
  }, [styleLoaded, gridCode]);

  // Outlines: one GeoJSON source, fill + line layers, and an HTML label per outline.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleLoaded || !outlines) return;
    map.addSource('outlines', { type: 'geojson', data: outlines });
    // Under the grids, which are drawn on top.
    const before = map.getLayer('grid-basic-fill') ? 'grid-basic-fill' : undefined;
    for (const layer of outlineLayers) map.addLayer(layer, before);
    const labels = labelsRef.current;
    const markers = outlines.features.map((feature) => {
      const element = document.createElement('div');
      element.className = 'map-label';
      element.textContent = feature.properties.name;
      labels.set(feature.properties.code, element);
      return new Marker({ element, anchor: 'center' }).setLngLat(labelPoint(feature.geometry)).addTo(map);
    });
    const click = (event: MapMouseEvent & { features?: { properties: Record<string, unknown> }[] }) => {
      // A click on a grid opens the grid's card instead.
      const layers = gridClickLayers.filter((id) => map.getLayer(id));
      if (layers.length > 0 && map.queryRenderedFeatures(event.point, { layers }).length > 0) return;
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

  // Highlight the outline containing the selection and fly to it; the whole area for the root. Below
  // a district the view fits the selection's grids; a searched grid is flown to instead.
  const gridsReady = grids?.code === selectedCode;
  const gridData = gridsReady ? grids.data : null;
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleLoaded || !outlines || !map.getSource<GeoJSONSource>('outlines')) return;
    if (!gridData) {
      document.body.dataset.mapReady = '0';
      return;
    }
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
    const duration = map.isMoving() || map.loaded() ? 500 : 0;
    const ownGrids = levelOfCode(selectedCode) >= 3 && gridData.features.length > 0;
    const bounds = boundsOf(ownGrids ? gridData.features.map((f) => f.geometry) : feature ? [feature.geometry] : outlines.features.map((f) => f.geometry));
    // The grid card's drawer covers the map's right side: aim left of it on a wide map.
    const offset: [number, number] = [map.getContainer().clientWidth > 800 ? -200 : 0, 0];
    if (focus) map.flyTo({ center: focus, zoom: Math.max(map.getZoom(), 15), offset, duration });
    else if (bounds) map.fitBounds(bounds, { padding: 40, maxZoom: ownGrids ? 16 : 13, duration });
    map.triggerRepaint();
    return () => {
      map.off('idle', onIdle);
    };
  }, [styleLoaded, outlines, selectedCode, rootCode, gridData, focus]);

  const shownKinds = gridData ? gridKinds.filter((kind) => gridData.features.some((f) => f.properties.kind === kind)) : [];

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
      <ErrorAlert className="territory-map-overlay" error={gridError} />
      {shownKinds.length > 0 && (
        <div className="grid-legend" data-testid="grid-legend">
          <div className="grid-legend-title">{t('grids.legend')}</div>
          {shownKinds.map((kind) => (
            <div key={kind} className="grid-legend-item">
              <span className={`grid-legend-swatch grid-legend-${kind}`} style={{ borderColor: gridColours[kind] }} />
              {t(`grids.kinds.${kind}`)}
              <span className="grid-legend-count">{gridData?.features.filter((f) => f.properties.kind === kind).length}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
