// Importing a survey delivery (GeoJSON, or a zipped Shapefile): the file is read here only to offer
// its attribute columns for the mapping; the server reads it again, makes one draft change per
// community, validates each, and answers with a report naming every faulty feature. Nothing takes
// effect until a draft is submitted and approved.
/// <reference path="../../../../server/src/modules/territory/shpjs.d.ts" />
import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { importGrids } from '../../api/client';
import type { GridImportBody, GridImportMapping, GridImportResult, GridKind } from '../../api/types';
import { useLang } from '../../i18n';
import { ErrorAlert } from '../shared/error-alert';

type Features = NonNullable<GridImportBody['features']>;
interface Delivery {
  name: string;
  columns: string[];
  count: number;
  body: Pick<GridImportBody, 'features' | 'shapefile'>;
}

const mappingFields: (keyof GridImportMapping)[] = ['community', 'code', 'name', 'kind', 'parent', 'place', 'households'];

/** The attribute columns of the delivery's features, in the order first seen. */
function columnsOf(features: { properties?: Record<string, unknown> | null }[]): string[] {
  const seen = new Set<string>();
  for (const f of features) for (const key of Object.keys(f.properties ?? {})) seen.add(key);
  return [...seen];
}

async function readDelivery(file: File): Promise<Delivery> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (file.name.toLowerCase().endsWith('.zip')) {
    const { default: shp } = await import('shpjs');
    const parsed = await shp(bytes);
    const features = (Array.isArray(parsed) ? parsed : [parsed]).flatMap((c) => c.features as { properties?: Record<string, unknown> }[]);
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { name: file.name, columns: columnsOf(features), count: features.length, body: { shapefile: btoa(binary) } };
  }
  const json = JSON.parse(new TextDecoder().decode(bytes)) as Features;
  if (json?.type !== 'FeatureCollection' || !Array.isArray(json.features)) throw new Error('not a FeatureCollection');
  return { name: file.name, columns: columnsOf(json.features), count: json.features.length, body: { features: json } };
}

/** Guesses which column holds what from common survey column names. */
function guess(columns: string[]): GridImportMapping {
  const find = (...words: string[]) => columns.find((c) => words.some((w) => c.toUpperCase().includes(w)));
  const mapping: GridImportMapping = { community: find('CUN', 'COMMUNITY', 'SQ', '社区', '村') ?? '' };
  const optional: [keyof GridImportMapping, string | undefined][] = [
    ['code', find('WG_BM', 'GRID_CODE', 'BM', '编码')],
    ['name', find('MC', 'NAME', '名称')],
    ['kind', find('LX', 'KIND', 'TYPE', '类型')],
    ['households', find('HS', 'HOUSEHOLD', '户数')],
  ];
  for (const [key, column] of optional) if (column && column !== mapping.community) mapping[key] = column;
  return mapping;
}

export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [delivery, setDelivery] = useState<Delivery | null>(null);
  const [readError, setReadError] = useState(false);
  const [mapping, setMapping] = useState<GridImportMapping>({ community: '' });
  const [defaultKind, setDefaultKind] = useState<GridKind | undefined>('basic');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<GridImportResult | null>(null);

  async function pick(file: File) {
    setReadError(false);
    setResult(null);
    setError(null);
    try {
      const read = await readDelivery(file);
      setDelivery(read);
      setMapping(guess(read.columns));
    } catch {
      setDelivery(null);
      setReadError(true);
    }
    return false;
  }

  async function run() {
    if (!delivery) return;
    setBusy(true);
    setError(null);
    try {
      const clean = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v)) as unknown as GridImportMapping;
      setResult(await importGrids({ reason, mapping: clean, ...(defaultKind ? { defaultKind } : {}), ...delivery.body }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  function close() {
    setDelivery(null);
    setResult(null);
    setError(null);
    setReason('');
    onClose();
  }

  const text = (r: { message: string; messageZh: string }) => (lang === 'en' ? r.message : r.messageZh);
  const columnOptions = (delivery?.columns ?? []).map((c) => ({ value: c, label: c }));

  return (
    <Modal
      open={open}
      title={t('imports.title')}
      width={760}
      onCancel={close}
      destroyOnHidden
      footer={
        result ? (
          <Button type="primary" onClick={close}>
            {t('common.close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              loading={busy}
              disabled={!delivery || !mapping.community || reason.trim().length < 2}
              onClick={() => void run()}
              data-testid="import-run"
            >
              {t('imports.run')}
            </Button>
          </Space>
        )
      }
    >
      {!result ? (
        <Form layout="vertical" size="small">
          <Typography.Paragraph type="secondary">{t('imports.hint')}</Typography.Paragraph>
          <Form.Item label={t('imports.file')} required>
            <Upload accept=".geojson,.json,.zip" maxCount={1} showUploadList={false} beforeUpload={(file) => pick(file)}>
              <Button icon={<UploadOutlined />} data-testid="import-file">
                {t('imports.chooseFile')}
              </Button>
            </Upload>
            {delivery && (
              <Typography.Text className="import-file-name" data-testid="import-file-name">
                {t('imports.fileRead', { name: delivery.name, count: delivery.count })}
              </Typography.Text>
            )}
            {readError && <Alert type="error" showIcon title={t('imports.unreadable')} />}
          </Form.Item>
          {delivery && (
            <div className="import-mapping">
              {mappingFields.map((field) => (
                <Form.Item key={field} label={t(`imports.columns.${field}`)} required={field === 'community'}>
                  <Select
                    allowClear={field !== 'community'}
                    value={mapping[field] || undefined}
                    onChange={(value?: string) => setMapping({ ...mapping, [field]: value ?? '' })}
                    options={columnOptions}
                    data-testid={`import-column-${field}`}
                  />
                </Form.Item>
              ))}
              <Form.Item label={t('imports.defaultKind')}>
                <Select
                  allowClear
                  value={defaultKind}
                  onChange={(value?: GridKind) => setDefaultKind(value)}
                  options={(['basic', 'micro', 'dedicated'] as GridKind[]).map((k) => ({ value: k, label: t(`grids.kinds.${k}`) }))}
                />
              </Form.Item>
            </div>
          )}
          <Form.Item label={t('changes.reason')} required>
            <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={500} data-testid="import-reason" />
          </Form.Item>
          <ErrorAlert error={error} />
        </Form>
      ) : (
        <div data-testid="import-result">
          <Typography.Paragraph>{t('imports.done', { count: result.changes.length })}</Typography.Paragraph>
          <ul className="import-changes">
            {result.changes.map((c) => (
              <li key={c.id}>
                <Link to={`/grid-changes/${c.id}`} onClick={close}>
                  {c.communityCode} · {t(`changes.kinds.${c.kind}`)} · {c.items.length}
                </Link>{' '}
                {c.valid ? <Tag color="green">{t('changes.valid')}</Tag> : <Tag color="red">{t('imports.hasProblems')}</Tag>}
              </li>
            ))}
          </ul>
          {(result.report.length > 0 || result.skipped.length > 0) && (
            <Table
              size="small"
              rowKey={(r, i) => `${r.feature}-${i}`}
              pagination={{ pageSize: 8 }}
              data-testid="import-report"
              columns={[
                { key: 'feature', title: t('imports.feature'), width: 80, render: (_, r) => (r.feature >= 0 ? r.feature + 1 : '—') },
                {
                  key: 'severity',
                  title: '',
                  width: 80,
                  render: (_, r) => (
                    <Tag color={r.severity === 'warning' ? 'orange' : 'red'}>
                      {t(r.severity === 'warning' ? 'changes.severity.warning' : 'imports.skippedOrProblem')}
                    </Tag>
                  ),
                },
                { key: 'message', title: t('imports.message'), render: (_, r) => text(r) },
              ]}
              dataSource={[...result.skipped.map((s) => ({ ...s, severity: 'skipped' as const })), ...result.report]}
            />
          )}
        </div>
      )}
    </Modal>
  );
}
