// One community's grids as a change leaves them (kept, new, redrawn, retired), with the validation's
// findings drawn where they are: the editor's map, and each side of the review. Offline like the
// territory map: plain background, no glyphs.
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { Alert } from 'antd';
import type { ExpressionSpecification, FilterSpecification, GeoJSONSource, LayerSpecification, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GridChangeIssue, GridKind, Meta } from '../../api/types';
import { createConsoleMap } from '../shared/map-base';
import { gridColours } from '../territory/grid-card';
import { boundsOf } from '../territory/map-geometry';
import type { AfterCollection } from './change-draft';

/** Colours of a grid's state in a change; unchanged grids keep their kind's colour. */
export const stateColours = { new: '#389e0d', redrawn: '#1677ff', retired: '#8c8c8c', problem: '#f5222d', selected: '#fa8c16' };

const colourOf: ExpressionSpecification = [
  'match',
  ['get', 'state'],
  'new',
  stateColours.new,
  'redrawn',
  stateColours.redrawn,
  'retired',
  stateColours.retired,
  ['match', ['get', 'kind'], 'dedicated', gridColours.dedicated, 'micro', gridColours.micro, gridColours.basic],
];
const changed: FilterSpecification = ['!=', ['get', 'state'], 'unchanged'];
const noMatch: FilterSpecification = ['in', ['get', 'ref'], ['literal', []]];

const layers: LayerSpecification[] = [
  {
    id: 'change-fill',
    type: 'fill',
    source: 'grids',
    paint: {
      'fill-color': colourOf,
      'fill-opacity': ['match', ['get', 'state'], 'unchanged', ['match', ['get', 'kind'], 'micro', 0, 0.08], 'retired', 0.12, 0.3],
    },
  },
  {
    id: 'change-line',
    type: 'line',
    source: 'grids',
    filter: ['!=', ['get', 'state'], 'retired'],
    paint: { 'line-color': colourOf, 'line-width': ['case', changed, 2.2, ['match', ['get', 'kind'], 'micro', 0.6, 1]], 'line-opacity': 0.9 },
  },
  {
    id: 'change-retired-line',
    type: 'line',
    source: 'grids',
    filter: ['==', ['get', 'state'], 'retired'],
    paint: { 'line-color': stateColours.retired, 'line-width': 2, 'line-dasharray': [2, 2] },
  },
  { id: 'change-selected', type: 'line', source: 'grids', filter: noMatch, paint: { 'line-color': stateColours.selected, 'line-width': 4 } },
  {
    id: 'problem-fill',
    type: 'fill',
    source: 'problems',
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': stateColours.problem, 'fill-opacity': 0.55 },
  },
  {
    id: 'problem-line',
    type: 'line',
    source: 'problems',
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'line-color': stateColours.problem, 'line-width': 2 },
  },
  {
    id: 'problem-point',
    type: 'circle',
    source: 'problems',
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-radius': 7,
      'circle-color': ['match', ['get', 'severity'], 'problem', stateColours.problem, '#faad14'],
      'circle-stroke-color': '#fff',
      'circle-stroke-width': 2,
    },
  },
];

type IssueFeature = Feature<MultiPolygon | Point, { severity: string; index: number }>;

/** The findings as features: their area where they have one, and their spot. */
export function issueFeatures(issues: GridChangeIssue[]): FeatureCollection<MultiPolygon | Point, { severity: string; index: number }> {
  const features: IssueFeature[] = [];
  issues.forEach((issue, index) => {
    const properties = { severity: issue.severity, index };
    if (issue.geometry) features.push({ type: 'Feature', geometry: issue.geometry, properties });
    const [x, y] = issue.at ?? [];
    if (x !== undefined && y !== undefined) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [x, y] }, properties });
  });
  return { type: 'FeatureCollection', features };
}

interface Props {
  /** The map's name for browser tests (window.__wanggeMaps[name]). */
  name: string;
  basemap: Meta['basemap'] | null;
  data: AfterCollection;
  issues?: GridChangeIssue[];
  /** Refs outlined as picked. */
  selected?: string[];
  /** The grids under a click, topmost first. */
  onGridClick?: (grids: { ref: string; kind: GridKind }[]) => void;
  /**
   * The map once its style is up: the editor attaches its drawing tools, the review syncs views. What
   * it returns runs before the map goes.
   */
  onReady?: (map: MapLibreMap) => (() => void) | undefined;
  /** Fits the view to the data whenever this changes. */
  fitKey: string;
  /** Flies to these bounds (a finding picked in the list). */
  focus?: { bounds: [number, number, number, number]; key: number } | null;
}

export function ChangeMap({ name, basemap, data, issues = [], selected = [], onGridClick, onReady, fitKey, focus }: Props) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [unsupported, setUnsupported] = useState(false);
  const clickRef = useRef(onGridClick);
  clickRef.current = onGridClick;
  const readyRef = useRef(onReady);
  readyRef.current = onReady;

  const tiles = basemap?.tiles ?? null;
  const attribution = basemap?.attribution ?? null;
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = createConsoleMap(container, { tiles, attribution }, { center: [117.4, 34.9], zoom: 12, doubleClickZoom: false });
    if (!map) {
      setUnsupported(true);
      return;
    }
    let detach: (() => void) | undefined;
    map.on('load', () => {
      map.addSource('grids', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      map.addSource('problems', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      for (const layer of layers) map.addLayer(layer);
      setLoaded(true);
      detach = readyRef.current?.(map);
    });
    const click = (event: MapMouseEvent) => {
      const hits = map.queryRenderedFeatures(event.point, { layers: ['change-fill'] });
      const grids = hits.map((f) => ({ ref: String(f.properties.ref), kind: String(f.properties.kind) as GridKind }));
      if (grids.length > 0) clickRef.current?.(grids);
    };
    map.on('click', click);
    const observer = new ResizeObserver(() => map.resize());
    observer.observe(container);
    mapRef.current = map;
    window.__wanggeMaps = { ...window.__wanggeMaps, [name]: map };
    return () => {
      observer.disconnect();
      detach?.();
      map.remove();
      mapRef.current = null;
      setLoaded(false);
      if (window.__wanggeMaps) delete window.__wanggeMaps[name];
    };
  }, [tiles, attribution, name]);

  useEffect(() => {
    if (!loaded) return;
    mapRef.current?.getSource<GeoJSONSource>('grids')?.setData(data);
  }, [loaded, data]);

  useEffect(() => {
    if (!loaded) return;
    mapRef.current?.getSource<GeoJSONSource>('problems')?.setData(issueFeatures(issues));
  }, [loaded, issues]);

  useEffect(() => {
    if (!loaded) return;
    mapRef.current?.setFilter('change-selected', ['in', ['get', 'ref'], ['literal', selected]]);
  }, [loaded, selected]);

  // Fit once per fitKey (a community, a change), not on every edit.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the data is read when the key changes
  useEffect(() => {
    const map = mapRef.current;
    const bounds = boundsOf(data.features.map((f) => f.geometry as Polygon | MultiPolygon));
    if (!map || !loaded || !bounds) return;
    map.fitBounds(bounds, { padding: 40, maxZoom: 17, duration: 0 });
  }, [loaded, fitKey, data.features.length > 0]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded || !focus) return;
    map.fitBounds(focus.bounds, { padding: 120, maxZoom: 18, duration: 400 });
  }, [loaded, focus]);

  return (
    <div ref={containerRef} className="change-map" data-testid={`change-map-${name}`} data-loaded={loaded ? '1' : '0'}>
      {unsupported && <Alert className="change-map-unsupported" type="warning" showIcon title={t('territory.mapUnsupported')} />}
    </div>
  );
}
