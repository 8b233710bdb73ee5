// The change editor (Art. 7): a district or town centre draws a change to one community's grids —
// a new grid, a redrawn boundary, a split along a line, a merge, a retirement — saves it as a draft
// (the server validates it and the findings are drawn on the map), corrects it, and submits it to the
// city centre. Drawing is terra-draw on the MapLibre map; the geometry is the server's own.
import { AimOutlined, DeleteOutlined, EditOutlined, MergeCellsOutlined, ScissorOutlined, UndoOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, InputNumber, Segmented, Select, Space, Tag, Typography } from 'antd';
import type { LineString, Polygon } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TerraDraw, TerraDrawLineStringMode, TerraDrawPolygonMode, TerraDrawSelectMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { exportGrids, proposeGridChange, reviseGridChange, submitGridChange, withdrawGridChange } from '../../api/client';
import type { GridChange, GridChangeDetail, GridChangeIssue, GridChangeItem, GridChangeKind, GridKind } from '../../api/types';
import { DivisionName } from '../shared/division-name';
import { DivisionSelect } from '../shared/division-select';
import { ErrorAlert } from '../shared/error-alert';
import { useSession } from '../shared/session';
import { levelOfCode } from '../territory/map-geometry';
import { afterState, type CurrentGrid, createItem, DraftError, itemsMatch, mergeItems, retireItems, splitItems } from './change-draft';
import { type Bounds, ChangeIssues, issueBounds } from './change-issues';
import { ChangeMap } from './change-map';

const changeKinds: GridChangeKind[] = ['split', 'merge', 'redraw', 'create', 'retire'];
const gridKinds: GridKind[] = ['basic', 'micro', 'dedicated'];
type Tool = 'idle' | 'polygon' | 'linestring';

interface Props {
  /** The draft being edited; null for a new change. */
  change: GridChangeDetail | null;
  /** A community to start a new change in (from the territory map's grid card). */
  initialCommunity?: string;
  onSaved: (change: GridChange, submitted: boolean) => void;
}

export function ChangeEditor({ change, initialCommunity, onSaved }: Props) {
  const { t } = useTranslation();
  const { meta, can } = useSession();
  const { message, modal } = App.useApp();
  const [communityCode, setCommunityCode] = useState<string | null>(change?.communityCode ?? initialCommunity ?? null);
  const [grids, setGrids] = useState<CurrentGrid[] | null>(null);
  const [gridError, setGridError] = useState<unknown>(null);
  const [kind, setKind] = useState<GridChangeKind>(change?.kind ?? 'split');
  const [reason, setReason] = useState(change?.reason ?? '');
  const [items, setItems] = useState<GridChangeItem[]>(change?.items ?? []);
  const [selected, setSelected] = useState<string[]>([]);
  const [tool, setTool] = useState<Tool>('idle');
  /** Which kind of grid a click on the map picks: micro grids lie over basic grids. */
  const [pickKind, setPickKind] = useState<GridKind>('basic');
  const [saved, setSaved] = useState<GridChange | null>(change);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** The finding picked in the list: the grids it names are outlined. */
  const [picked, setPicked] = useState<GridChangeIssue | null>(null);
  const [focus, setFocus] = useState<{ bounds: Bounds; key: number } | null>(null);
  const drawRef = useRef<TerraDraw | null>(null);
  const [drawReady, setDrawReady] = useState(false);
  /** terra-draw feature id → the code of the grid being redrawn with it. */
  const editing = useRef(new Map<string, string>());

  useEffect(() => {
    if (!communityCode) return;
    let live = true;
    setGrids(null);
    setGridError(null);
    exportGrids(communityCode)
      .then((collection) => {
        if (!live) return;
        setGrids(
          collection.features.map((f) => ({
            code: f.properties.code,
            kind: f.properties.kind,
            name: f.properties.name,
            parentCode: f.properties.parentCode,
            placeName: f.properties.placeName,
            households: f.properties.households,
            boundary: f.geometry,
          })),
        );
      })
      .catch((caught: unknown) => live && setGridError(caught));
    return () => {
      live = false;
    };
  }, [communityCode]);

  const update = useCallback((next: GridChangeItem[]) => {
    setItems(next);
    setDirty(true);
  }, []);

  const fail = useCallback(
    (caught: unknown) => {
      if (caught instanceof DraftError) message.error(t(`changes.errors.${caught.reason}`));
      else throw caught;
    },
    [message, t],
  );

  // The latest state for terra-draw's callbacks, which are registered once per map.
  const latest = useRef({ grids, items, selected, kind, t, fail, update });
  latest.current = { grids, items, selected, kind, t, fail, update };

  /** Attaches the drawing tools to a new map; the returned function detaches them before it goes. */
  const onMapReady = useCallback((map: MapLibreMap) => {
    const draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map }),
      modes: [
        new TerraDrawPolygonMode(),
        new TerraDrawLineStringMode(),
        new TerraDrawSelectMode({
          flags: { polygon: { feature: { draggable: false, coordinates: { draggable: true, midpoints: true, deletable: true } } } },
        }),
      ],
    });
    draw.start();
    draw.on('finish', (id, context) => {
      const { grids: current, items: now, selected: picked, t: tr, fail: report, update: apply } = latest.current;
      const feature = draw.getSnapshotFeature(id);
      if (!feature || !current) return;
      if (context.action === 'draw') {
        draw.removeFeatures([id]);
        draw.setMode('static');
        setTool('idle');
        if (context.mode === 'polygon') {
          const count = now.filter((i) => i.action === 'create').length + 1;
          apply([...now, createItem(current, feature.geometry as Polygon, 'basic', tr('changes.newGridName', { n: count }))]);
        } else if (context.mode === 'linestring') {
          const [code] = picked;
          if (!code) return;
          try {
            apply(splitItems(current, code, feature.geometry as LineString));
          } catch (caught) {
            report(caught);
          }
        }
        return;
      }
      // A vertex of a grid being redrawn was moved, added or removed.
      const code = editing.current.get(String(id));
      if (!code) return;
      apply(now.map((item) => (item.action === 'redraw' && item.code === code ? { ...item, boundary: feature.geometry as Polygon } : item)));
    });
    drawRef.current = draw;
    window.__wanggeDraw = draw;
    setDrawReady(true);
    return () => {
      draw.stop();
      editing.current.clear();
      if (drawRef.current === draw) drawRef.current = null;
      if (window.__wanggeDraw === draw) delete window.__wanggeDraw;
      setDrawReady(false);
      setTool('idle');
    };
  }, []);

  /** Puts a grid's boundary into terra-draw to be edited vertex by vertex. */
  const startEditing = useCallback((code: string, boundary: Polygon) => {
    const draw = drawRef.current;
    if (!draw || [...editing.current.values()].includes(code)) return;
    const id = draw.getFeatureId();
    draw.addFeatures([{ id, type: 'Feature', geometry: boundary, properties: { mode: 'polygon' } }]);
    editing.current.set(String(id), code);
    draw.selectFeature(id);
  }, []);

  // A saved draft's redrawn boundaries are editable again once the map and the grids are there.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the draw tools and grids are ready
  useEffect(() => {
    if (!drawReady || !grids) return;
    for (const item of items) if (item.action === 'redraw' && item.code && item.boundary?.type === 'Polygon') startEditing(item.code, item.boundary);
  }, [drawReady, grids]);

  function reset(nextKind: GridChangeKind = kind) {
    drawRef.current?.clear();
    drawRef.current?.setMode('static');
    editing.current.clear();
    setTool('idle');
    setSelected([]);
    setPicked(null);
    setKind(nextKind);
    update([]);
  }

  /** A click on the map picks the grid of the kind being picked under the pointer. */
  function onMapClick(hits: { ref: string; kind: GridKind }[]) {
    const hit = hits.find((h) => h.kind === pickKind);
    if (hit) pick(hit.ref);
  }

  /** Picks a current grid (from the map or the list) for the change being drawn. */
  function pick(ref: string) {
    const grid = grids?.find((g) => g.code === ref);
    if (!grid || tool !== 'idle') return;
    if (kind === 'redraw') {
      if (items.some((i) => i.code === ref)) return;
      if (grid.boundary.type !== 'Polygon' && grid.boundary.coordinates.length !== 1) return fail(new DraftError('not_a_polygon'));
      const boundary: Polygon = grid.boundary.type === 'Polygon' ? grid.boundary : { type: 'Polygon', coordinates: grid.boundary.coordinates[0] ?? [] };
      update([...items, { action: 'redraw', code: ref, boundary }]);
      setSelected([...selected, ref]);
      startEditing(ref, boundary);
    } else if (kind === 'split') {
      if (items.length === 0) setSelected([ref]);
    } else if (kind === 'merge' || kind === 'retire') {
      if (kind === 'merge' && items.length > 0) return;
      const next = selected.includes(ref) ? selected.filter((c) => c !== ref) : [...selected, ref];
      setSelected(next);
      if (kind === 'retire' && grids) {
        const seen = new Set<string>();
        update(next.flatMap((c) => retireItems(grids, c)).filter((i) => !seen.has(i.code as string) && seen.add(i.code as string)));
      }
    }
  }

  /** Runs `then` at once when nothing would be lost, else after the user confirms. */
  function confirmDiscard(then: () => void) {
    if (items.length === 0) then();
    else modal.confirm({ title: t('changes.confirmDiscard'), onOk: then });
  }

  function startTool(next: Tool) {
    const draw = drawRef.current;
    if (!draw) return;
    draw.setMode(next === 'idle' ? 'static' : next);
    setTool(next);
  }

  function merge() {
    if (!grids) return;
    try {
      update(mergeItems(grids, selected));
    } catch (caught) {
      fail(caught);
    }
  }

  function removeItem(index: number) {
    const item = items[index];
    if (!item) return;
    if (kind === 'split' || kind === 'merge') return reset();
    if (item.action === 'redraw') {
      for (const [id, code] of editing.current) {
        if (code !== item.code) continue;
        drawRef.current?.removeFeatures([id]);
        editing.current.delete(id);
      }
    }
    if (item.code) setSelected(selected.filter((c) => c !== item.code));
    update(items.filter((_, i) => i !== index));
  }

  function editItem(index: number, patch: Partial<GridChangeItem>) {
    update(
      items.map((item, i) => {
        if (i !== index) return item;
        const next = { ...item, ...patch };
        // A grid drawn as micro finds its basic grid; another kind has none.
        if (patch.kind && grids && next.boundary?.type === 'Polygon') {
          const placed = createItem(grids, next.boundary, patch.kind, next.name ?? '');
          if (placed.parentCode) next.parentCode = placed.parentCode;
          else delete next.parentCode;
        }
        return next;
      }),
    );
  }

  async function save(): Promise<GridChange | null> {
    if (!communityCode) return null;
    setBusy(true);
    setError(null);
    try {
      const body = { kind, reason, items };
      const result = saved ? await reviseGridChange(saved.id, body) : await proposeGridChange({ ...body, communityCode });
      setSaved(result);
      setDirty(false);
      setPicked(null);
      onSaved(result, false);
      if (result.valid) message.success(t('changes.savedValid'));
      else message.warning(t('changes.savedInvalid'));
      return result;
    } catch (caught) {
      setError(caught);
      return null;
    } finally {
      setBusy(false);
    }
  }

  async function submit() {
    const current = dirty || !saved ? await save() : saved;
    if (!current?.valid) return;
    setBusy(true);
    try {
      const result = await submitGridChange(current.id);
      message.success(t('changes.submitted'));
      onSaved(result, true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function withdraw() {
    if (!saved) return;
    setBusy(true);
    try {
      onSaved(await withdrawGridChange(saved.id), true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const data = useMemo(() => afterState(grids ?? [], items), [grids, items]);
  const issues: GridChangeIssue[] = saved?.validation ?? [];
  // The grids a finding names (or the item it is about) are outlined with it.
  const highlighted = picked
    ? [...(picked.codes ?? []), ...(picked.item !== undefined ? [data.features.find((f) => f.properties.item === picked.item)?.properties.ref ?? ''] : [])]
    : [];
  const complete = items.length > 0 && itemsMatch(kind, items);
  if (!can('grid.propose')) return null;

  return (
    <div className="change-editor" data-testid="change-editor">
      <Card className="change-panel" size="small">
        <Form layout="vertical" size="small">
          <Form.Item label={t('changes.community')} required>
            {communityCode ? (
              <Space size={4} wrap data-testid="change-community">
                <DivisionName code={communityCode} withCode />
                {!change && (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => {
                      reset();
                      setCommunityCode(null);
                    }}
                  >
                    {t('changes.otherCommunity')}
                  </Button>
                )}
              </Space>
            ) : (
              <DivisionSelect
                onChange={(code) => {
                  if (levelOfCode(code) !== 4) return message.info(t('changes.pickCommunity'));
                  reset();
                  setCommunityCode(code);
                }}
                placeholder={t('changes.pickCommunity')}
              />
            )}
          </Form.Item>
          <Form.Item label={t('changes.kind')}>
            <Segmented
              block
              value={kind}
              onChange={(value) => confirmDiscard(() => reset(value as GridChangeKind))}
              options={changeKinds.map((k) => ({ value: k, label: t(`changes.kinds.${k}`) }))}
              data-testid="change-kind"
            />
          </Form.Item>
          <Typography.Paragraph type="secondary" className="change-hint" data-testid="change-hint">
            {t(`changes.hints.${kind}`)}
          </Typography.Paragraph>
          {kind !== 'create' && (
            <div className="change-pick">
              <Segmented
                size="small"
                value={pickKind}
                onChange={(value) => setPickKind(value as GridKind)}
                options={gridKinds.map((k) => ({ value: k, label: t(`grids.kinds.${k}`) }))}
                data-testid="change-pick-kind"
              />
              <Select<string>
                showSearch={{ optionFilterProp: 'label' }}
                size="small"
                className="change-pick-select"
                placeholder={t('changes.pickGrid')}
                value={null}
                disabled={!grids || tool !== 'idle'}
                onChange={(code) => pick(code)}
                options={(grids ?? []).filter((g) => g.kind === pickKind).map((g) => ({ value: g.code, label: `${g.code} ${g.name}` }))}
                data-testid="change-pick-grid"
                aria-label={t('changes.pickGrid')}
              />
            </div>
          )}
          <Space wrap className="change-tools">
            {kind === 'create' && (
              <Button
                icon={<EditOutlined />}
                type={tool === 'polygon' ? 'primary' : 'default'}
                onClick={() => startTool(tool === 'polygon' ? 'idle' : 'polygon')}
                data-testid="tool-draw"
                disabled={!grids}
              >
                {t('changes.tools.draw')}
              </Button>
            )}
            {kind === 'split' && (
              <Button
                icon={<ScissorOutlined />}
                type={tool === 'linestring' ? 'primary' : 'default'}
                disabled={selected.length !== 1 || items.length > 0}
                onClick={() => startTool(tool === 'linestring' ? 'idle' : 'linestring')}
                data-testid="tool-split"
              >
                {t('changes.tools.splitLine')}
              </Button>
            )}
            {kind === 'merge' && (
              <Button icon={<MergeCellsOutlined />} disabled={selected.length < 2 || items.length > 0} onClick={merge} data-testid="tool-merge">
                {t('changes.tools.merge', { count: selected.length })}
              </Button>
            )}
            <Button icon={<UndoOutlined />} onClick={() => reset()} disabled={items.length === 0 && selected.length === 0} data-testid="tool-reset">
              {t('changes.tools.reset')}
            </Button>
          </Space>
          {tool !== 'idle' && (
            <Typography.Paragraph type="warning" className="change-hint" data-testid="tool-hint">
              {t(`changes.toolHints.${tool}`)}
            </Typography.Paragraph>
          )}
          <div className="change-items" data-testid="change-items">
            {items.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('changes.noItems')} />
            ) : (
              items.map((item, index) => (
                <div key={`${item.action}-${item.code ?? index}`} className="change-item" data-testid={`change-item-${index}`}>
                  <Tag color={item.action === 'create' ? 'green' : item.action === 'redraw' ? 'blue' : 'default'}>{t(`changes.actions.${item.action}`)}</Tag>
                  {item.action === 'create' ? (
                    <Space.Compact className="change-item-fields">
                      <Input value={item.name} onChange={(e) => editItem(index, { name: e.target.value })} aria-label={t('changes.itemName')} maxLength={60} />
                      <Select
                        value={item.kind}
                        disabled={kind !== 'create'}
                        onChange={(value: GridKind) => editItem(index, { kind: value })}
                        options={gridKinds.map((k) => ({ value: k, label: t(`grids.kinds.${k}`) }))}
                        popupMatchSelectWidth={false}
                      />
                      <InputNumber
                        value={item.households}
                        min={0}
                        max={100000}
                        onChange={(value) => editItem(index, { households: value ?? 0 })}
                        aria-label={t('grids.households')}
                        className="change-item-households"
                      />
                    </Space.Compact>
                  ) : (
                    <Typography.Text code>{item.code}</Typography.Text>
                  )}
                  {item.action === 'create' && item.kind === 'dedicated' && (
                    <Input
                      className="change-item-place"
                      value={item.placeName}
                      placeholder={t('changes.placeName')}
                      onChange={(e) => editItem(index, { placeName: e.target.value })}
                      maxLength={60}
                    />
                  )}
                  <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => removeItem(index)} aria-label={t('changes.removeItem')} />
                </div>
              ))
            )}
          </div>
          <Form.Item label={t('changes.reason')} required className="change-reason">
            <Input.TextArea
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                setDirty(true);
              }}
              maxLength={500}
              rows={2}
              data-testid="change-reason"
            />
          </Form.Item>
        </Form>
        <ErrorAlert error={error} />
        <Space wrap className="change-actions">
          <Button onClick={() => void save()} loading={busy} disabled={!communityCode || !complete || reason.trim().length < 2} data-testid="change-save">
            {t('changes.saveValidate')}
          </Button>
          <Button
            type="primary"
            onClick={() => void submit()}
            loading={busy}
            disabled={!complete || reason.trim().length < 2 || (saved !== null && !dirty && !saved.valid)}
            data-testid="change-submit"
          >
            {t('changes.submit')}
          </Button>
          {saved && (
            <Button danger onClick={() => modal.confirm({ title: t('changes.confirmWithdraw'), onOk: withdraw })} disabled={busy} data-testid="change-withdraw">
              {t('changes.withdraw')}
            </Button>
          )}
        </Space>
        {saved && (
          <ChangeIssues
            issues={issues}
            stale={dirty}
            onPick={(issue) => {
              setPicked(issue);
              const bounds = issueBounds(issue);
              if (bounds) setFocus({ bounds, key: Date.now() });
            }}
          />
        )}
      </Card>
      <div className="change-map-pane">
        <ErrorAlert error={gridError} />
        {communityCode ? (
          <ChangeMap
            name="editor"
            basemap={meta?.basemap ?? null}
            data={data}
            issues={dirty ? [] : issues}
            selected={[...selected, ...highlighted]}
            onGridClick={onMapClick}
            onReady={onMapReady}
            fitKey={`${communityCode}-${grids ? 'loaded' : 'loading'}`}
            focus={focus}
          />
        ) : (
          <Empty className="change-map-empty" description={t('changes.pickCommunity')} image={<AimOutlined className="change-map-empty-icon" />} />
        )}
      </div>
    </div>
  );
}
