// The case's point on a small console map, with its grid's outline (GET /api/grids/{code}) when it has
// one. `data-map-ready` turns 1 once the map has drawn the point and the outline (or given up on it).
import { EnvironmentOutlined } from '@ant-design/icons';
import { Alert, Empty } from 'antd';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getGrid } from '../../api/client';
import type { CaseSummary } from '../../api/types';
import { createConsoleMap } from '../shared/map-base';
import { useSession } from '../shared/session';
import { boundsOf } from '../territory/map-geometry';

export function CaseMap({ c, name, className }: { c: Pick<CaseSummary, 'id' | 'lng' | 'lat' | 'gridCode'>; name: string; className?: string }) {
  const { t } = useTranslation();
  const { meta } = useSession();
  const containerRef = useRef<HTMLDivElement>(null);
  const [unsupported, setUnsupported] = useState(false);
  const [ready, setReady] = useState(false);
  const point: [number, number] | null = c.lng !== null && c.lat !== null ? [c.lng, c.lat] : null;
  const tiles = meta?.basemap.tiles ?? null;
  const attribution = meta?.basemap.attribution ?? null;
  const lng = point?.[0];
  const lat = point?.[1];

  useEffect(() => {
    const container = containerRef.current;
    if (!container || lng === undefined || lat === undefined) return;
    setReady(false);
    const map: MapLibreMap | null = createConsoleMap(container, { tiles, attribution }, { center: [lng, lat], zoom: 16 });
    if (!map) {
      setUnsupported(true);
      return;
    }
    let live = true;
    map.on('load', () => {
      map.addSource('case-grid', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      map.addSource('case-point', { type: 'geojson', data: { type: 'Feature', geometry: { type: 'Point', coordinates: [lng, lat] }, properties: {} } });
      map.addLayer({ id: 'case-grid-fill', type: 'fill', source: 'case-grid', paint: { 'fill-color': '#1668dc', 'fill-opacity': 0.08 } });
      map.addLayer({ id: 'case-grid-line', type: 'line', source: 'case-grid', paint: { 'line-color': '#1668dc', 'line-width': 2 } });
      map.addLayer({
        id: 'case-point',
        type: 'circle',
        source: 'case-point',
        paint: { 'circle-radius': 8, 'circle-color': '#f5222d', 'circle-stroke-color': '#fff', 'circle-stroke-width': 3 },
      });
      const settle = () => map.once('idle', () => live && setReady(true));
      if (!c.gridCode) {
        settle();
        return;
      }
      // The outline is a help, not the point: without it (another scope, a retired grid) the map stands.
      getGrid(c.gridCode)
        .then((grid) => {
          if (!live) return;
          map.getSource<GeoJSONSource>('case-grid')?.setData({ type: 'Feature', geometry: grid.boundary, properties: {} });
          const b = boundsOf([grid.boundary]);
          if (b) {
            map.fitBounds(
              [
                [Math.min(b[0], lng), Math.min(b[1], lat)],
                [Math.max(b[2], lng), Math.max(b[3], lat)],
              ],
              { padding: 30, maxZoom: 17, duration: 0 },
            );
          }
        })
        .catch(() => undefined)
        .finally(settle);
    });
    const observer = new ResizeObserver(() => map.resize());
    observer.observe(container);
    window.__wanggeMaps = { ...window.__wanggeMaps, [name]: map };
    return () => {
      live = false;
      observer.disconnect();
      map.remove();
      if (window.__wanggeMaps) delete window.__wanggeMaps[name];
    };
  }, [lng, lat, c.gridCode, tiles, attribution, name]);

  if (!point) {
    return (
      <div className={`case-map case-map-empty ${className ?? ''}`}>
        <Empty image={<EnvironmentOutlined className="case-map-empty-icon" />} description={t('cases.noPoint')} />
      </div>
    );
  }
  return (
    <div ref={containerRef} className={`case-map ${className ?? ''}`} data-testid={`case-map-${name}`} data-map-ready={ready ? '1' : '0'}>
      {unsupported && <Alert type="warning" showIcon title={t('territory.mapUnsupported')} />}
    </div>
  );
}
