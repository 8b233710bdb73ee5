// The jurisdiction map. It needs no internet: a plain background style, the outlines and the grids
// from our own API, HTML labels (no glyphs, so no symbol layers), and a raster basemap only when
// configured. The grids come as vector tiles (GET /api/grids/tiles/{z}/{x}/{y}), cut and filtered by
// jurisdiction on the server, so every grid the user may see is drawn at every level, the city included.
import { Alert, Spin } from 'antd';
import {
  type DataDrivenPropertyValueSpecification,
  type FilterSpecification,
  type GeoJSONSource,
  type LayerSpecification,
  type Map as MapLibreMap,
  type MapMouseEvent,
  Marker,
  type VectorSourceSpecification,
} from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportGrids, getDivisionOutlines, listGrids } from '../../api/client';
import type { GridKind, Meta, OutlineCollection } from '../../api/types';
import { ErrorAlert } from '../shared/error-alert';
import { createConsoleMap } from '../shared/map-base';
import { gridColours } from './grid-card';
import { type Bounds, boundsOf, labelPoint, levelOfCode, outlineContaining } from './map-geometry';

const colours = { fill: '#1668dc', line: '#1668dc', highlightFill: '#fa8c16', highlightLine: '#d46b08' };
const noMatch: FilterSpecification = ['==', ['get', 'code'], ''];

const outlineLayers: LayerSpecification[] = [
  { id: 'outline-fill', type: 'fill', source: 'outlines', paint: { 'fill-color': colours.fill, 'fill-opacity': 0.08 } },
  { id: 'outline-highlight-fill', type: 'fill', source: 'outlines', filter: noMatch, paint: { 'fill-color': colours.highlightFill, 'fill-opacity': 0.28 } },
  { id: 'outline-line', type: 'line', source: 'outlines', paint: { 'line-color': colours.line, 'line-width': 1.2, 'line-opacity': 0.8 } },
  { id: 'outline-highlight-line', type: 'line', source: 'outlines', filter: noMatch, paint: { 'line-color': colours.highlightLine, 'line-width': 2.5 } },
];

const gridKinds: GridKind[] = ['basic', 'dedicated', 'micro'];
const ofKind = (kind: GridKind): FilterSpecification => ['==', ['get', 'kind'], kind];
/** The server cuts tiles down to this zoom; the map overzooms them beyond it. */
const TILE_MAX_ZOOM = 14;
/** Micro grids (a few hundred metres across) are drawn from this zoom on: below it they are a blur. */
export const MICRO_MIN_ZOOM = 12;
const byZoom = (from: number, to: number): DataDrivenPropertyValueSpecification<number> => ['interpolate', ['linear'], ['zoom'], 8, from, 13, to];

/** The grids' vector tiles, on this server (the session cookie goes along: same origin). */
function gridSource(): VectorSourceSpecification {
  return { type: 'vector', tiles: [`${location.origin}/api/grids/tiles/{z}/{x}/{y}`], minzoom: 0, maxzoom: TILE_MAX_ZOOM };
}

// Basic grids as a light fill with thin outlines, dedicated grids in red, micro grids as thinner
// dashed lines (with an invisible fill so they can be clicked) once zoomed in. Lines thin out at the
// city level, where some 5,000 basic grids share the screen. Drawn above the division outlines.
const tiled = { source: 'grids', 'source-layer': 'grids' } as const;
const gridLayers: LayerSpecification[] = [
  { id: 'grid-basic-fill', type: 'fill', ...tiled, filter: ofKind('basic'), paint: { 'fill-color': gridColours.basic, 'fill-opacity': 0.1 } },
  { id: 'grid-basic-line', type: 'line', ...tiled, filter: ofKind('basic'), paint: { 'line-color': gridColours.basic, 'line-width': byZoom(0.3, 0.8) } },
  {
    id: 'grid-micro-fill',
    type: 'fill',
    ...tiled,
    minzoom: MICRO_MIN_ZOOM,
    filter: ofKind('micro'),
    paint: { 'fill-color': gridColours.micro, 'fill-opacity': 0 },
  },
  {
    id: 'grid-micro-line',
    type: 'line',
    ...tiled,
    minzoom: MICRO_MIN_ZOOM,
    filter: ofKind('micro'),
    paint: { 'line-color': gridColours.micro, 'line-width': 0.6, 'line-dasharray': [2, 2], 'line-opacity': 0.8 },
  },
  { id: 'grid-dedicated-fill', type: 'fill', ...tiled, filter: ofKind('dedicated'), paint: { 'fill-color': gridColours.dedicated, 'fill-opacity': 0.4 } },
  {
    id: 'grid-dedicated-line',
    type: 'line',
    ...tiled,
    filter: ofKind('dedicated'),
    paint: { 'line-color': gridColours.dedicated, 'line-width': byZoom(0.5, 1) },
  },
  { id: 'grid-selected-line', type: 'line', ...tiled, filter: noMatch, paint: { 'line-color': '#1d39c4', 'line-width': 3 } },
];
/** Which grid a click picks where several overlap: the most specific first. */
const gridClickLayers = ['grid-dedicated-fill', 'grid-micro-fill', 'grid-basic-fill'];

type Counts = Record<GridKind, number>;

/** How many grids of each kind lie under a division (for the legend): the totals of three one-row pages. */
async function countGrids(code: string): Promise<Counts> {
  const pages = await Promise.all(gridKinds.map((kind) => listGrids({ divisionCode: code, kind, pageSize: 1 })));
  const [basic = 0, dedicated = 0, micro = 0] = pages.map((page) => page.total);
  return { basic, dedicated, micro };
}

/** Whether the view fits a division's own grids: a town or community, which have no outline. */
const fitsOwnGrids = (code: string) => levelOfCode(code) >= 3;

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
  const [legend, setLegend] = useState<{ code: string; counts: Counts } | null>(null);
  /** Where a town's or community's grids lie (null: it has none you may see). */
  const [extent, setExtent] = useState<{ code: string; bounds: Bounds | null } | null>(null);
  const [gridError, setGridError] = useState<unknown>(null);
  /** Set once the first view is placed: the grid tiles are only asked for from then on. */
  const [placed, setPlaced] = useState(false);
  const placedRef = useRef(false);
  /** Set once the grids have first been drawn. */
  const [drawn, setDrawn] = useState(false);
  const [zoom, setZoom] = useState(0);
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

  // The selected division's grid counts for the legend and, for a town or community, where its grids
  // lie (a few hundred at most, fetched whole). The tiles draw them; a district or the city is fitted
  // by its outline without waiting for any of this, and its counts are asked for once the map has
  // first drawn, so they do not hold up the outlines and the first tiles on the server.
  const countsDue = drawn || fitsOwnGrids(selectedCode);
  useEffect(() => {
    if (!countsDue) return;
    let live = true;
    setGridError(null);
    const load = fitsOwnGrids(selectedCode)
      ? exportGrids(selectedCode).then(({ features }) => {
          const counts: Counts = { basic: 0, dedicated: 0, micro: 0 };
          for (const f of features) counts[f.properties.kind]++;
          if (!live) return;
          setExtent({ code: selectedCode, bounds: boundsOf(features.map((f) => f.geometry)) });
          setLegend({ code: selectedCode, counts });
        })
      : countGrids(selectedCode).then((counts) => live && setLegend({ code: selectedCode, counts }));
    load.catch((error: unknown) => {
      if (!live) return;
      setGridError(error);
      setExtent({ code: selectedCode, bounds: null });
    });
    return () => {
      live = false;
    };
  }, [selectedCode, countsDue]);

  const tiles = basemap?.tiles ?? null;
  const attribution = basemap?.attribution ?? null;
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = createConsoleMap(container, { tiles, attribution }, { center: [117.4, 34.9], zoom: 8 });
    if (!map) {
      setUnsupported(true);
      return;
    }
    map.on('load', () => setStyleLoaded(true));
    map.on('zoomend', () => setZoom(map.getZoom()));
    const observer = new ResizeObserver(() => map.resize());
    observer.observe(container);
    mapRef.current = map;
    window.__wanggeMap = map;
    return () => {
      observer.disconnect();
      map.remove();
      mapRef.current = null;
      setStyleLoaded(false);
      setPlaced(false);
      placedRef.current = false;
      delete window.__wanggeMap;
      delete document.body.dataset.mapReady;
    };
  }, [tiles, attribution]);

  // Clicks and the pointer on the grids, once their layers are there (added with the first view).
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleLoaded || !placed) return;
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
    };
  }, [styleLoaded, placed]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleLoaded || !placed || !map.getLayer('grid-selected-line')) return;
    map.setFilter('grid-selected-line', gridCode ? ['==', ['get', 'code'], gridCode] : noMatch);
  }, [styleLoaded, placed, gridCode]);

  // Outlines: one GeoJSON source, fill + line layers (their labels come after the first view, below).
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleLoaded || !outlines) return;
    map.addSource('outlines', { type: 'geojson', data: outlines });
    // Under the grids, which are drawn on top.
    const before = map.getLayer('grid-basic-fill') ? 'grid-basic-fill' : undefined;
    for (const layer of outlineLayers) map.addLayer(layer, before);
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
      if (mapRef.current !== map) return; // the map itself is gone
      map.off('click', 'outline-fill', click);
      map.off('mouseenter', 'outline-fill', enter);
      map.off('mouseleave', 'outline-fill', leave);
      for (const layer of outlineLayers) map.removeLayer(layer.id);
      map.removeSource('outlines');
    };
  }, [styleLoaded, outlines]);

  // Highlight the outline containing the selection and fly to it; the whole area for the root. Below
  // a district the view fits the selection's grids; a searched grid is flown to instead. The first
  // view is placed at once (no animation), and the grids are drawn from there.
  const ownExtent = fitsOwnGrids(selectedCode) ? (extent?.code === selectedCode ? extent : undefined) : null;
  const ownBounds = ownExtent?.bounds ?? null;
  const viewKnown = ownExtent !== undefined;
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleLoaded || !outlines || !map.getSource<GeoJSONSource>('outlines')) return;
    if (!viewKnown) {
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

    // Ready (for browser tests and the benchmark) when the map is idle with the grid tiles drawn.
    document.body.dataset.mapReady = '0';
    const onIdle = () => {
      if (!map.getSource('grids')) {
        map.once('idle', onIdle);
        return;
      }
      document.body.dataset.mapReady = '1';
      setDrawn(true);
    };
    map.once('idle', onIdle);
    const duration = placedRef.current ? 500 : 0;
    const bounds = ownBounds ?? boundsOf(feature ? [feature.geometry] : outlines.features.map((f) => f.geometry));
    // The grid card's drawer covers the map's right side: aim left of it on a wide map.
    const offset: [number, number] = [map.getContainer().clientWidth > 800 ? -200 : 0, 0];
    if (focus) map.flyTo({ center: focus, zoom: Math.max(map.getZoom(), 15), offset, duration });
    else if (bounds) map.fitBounds(bounds, { padding: 40, maxZoom: ownBounds ? 16 : 13, duration });
    // The grids: one vector tile source for every kind, added once the first view is in place, so
    // that no tiles are fetched for the provisional view the map opens with.
    if (!map.getSource('grids')) {
      map.addSource('grids', gridSource());
      for (const layer of gridLayers) map.addLayer(layer);
    }
    placedRef.current = true;
    setPlaced(true);
    map.triggerRepaint();
    return () => {
      map.off('idle', onIdle);
    };
  }, [styleLoaded, outlines, selectedCode, rootCode, viewKnown, ownBounds, focus]);

  // An HTML label per outline (no glyphs), placed after the first view so it does not hold it up.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !styleLoaded || !outlines || !placed) return;
    const labels = labelsRef.current;
    const markers = outlines.features.map((feature) => {
      const element = document.createElement('div');
      element.className = 'map-label';
      element.textContent = feature.properties.name;
      element.classList.toggle('map-label-active', feature.properties.code === containerRef.current?.dataset.highlight);
      labels.set(feature.properties.code, element);
      return new Marker({ element, anchor: 'center' }).setLngLat(labelPoint(feature.geometry)).addTo(map);
    });
    return () => {
      for (const marker of markers) marker.remove();
      labels.clear();
    };
  }, [styleLoaded, outlines, placed]);

  const counts = legend?.code === selectedCode ? legend.counts : null;
  const shownKinds = counts ? gridKinds.filter((kind) => counts[kind] > 0) : [];

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
              {kind === 'micro' && zoom < MICRO_MIN_ZOOM && <span className="grid-legend-hint">{t('grids.zoomInToShow')}</span>}
              <span className="grid-legend-count">{counts?.[kind]}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
