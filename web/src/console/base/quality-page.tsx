import { Badge, Card, Progress, Segmented, Space, Table, type TableProps, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getQuality, listDuplicates, listRegridded } from '../../api/base-client';
import type { DuplicateGroup, DuplicateKind, DuplicatePerson, QualityGrid, QualityQuery, RegriddedRecord } from '../../api/base-types';
import { useLang } from '../../i18n';
import { ErrorAlert } from '../shared/error-alert';
import { formatDateTime } from '../shared/format';
import { useQueryResult } from '../shared/use-query-result';
import { orDash, useBaseLabel } from './base-labels';
import { Masked } from './record-drawer';
import { FilterBar, PagedTable, useListQuery } from './registry-list';

const percent = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

/**
 * 数据质量 (base.quality): how complete each grid's households are, the possible duplicates (a person in
 * two households; one name and birth date without an ID number), and the records a grid change moved
 * or left waiting for a grid. One division/grid filter for the three.
 */
export default function QualityPage() {
  const { t } = useTranslation();
  const { query, setQuery, set, reset } = useListQuery<QualityQuery>();
  const { data, loading, error, reload } = useQueryResult(getQuality, query);
  const f = (name: string) => t(`base.quality.${name}` as 'base.quality.title');
  const place = { divisionCode: query.divisionCode, gridCode: query.gridCode };

  return (
    <Card title={f('title')} data-testid="quality-page">
      <FilterBar query={query} set={set} reset={reset} testId="quality" />
      <ErrorAlert className="form-alert" error={error} onRetry={reload} />
      <Tabs
        items={[
          {
            key: 'completeness',
            label: f('completeness'),
            children: <Completeness data={data} loading={loading} query={query} setQuery={setQuery} />,
          },
          {
            key: 'duplicates',
            label: (
              <Space size={6}>
                {f('duplicates')}
                <Badge count={(data?.duplicates.severalHouseholds ?? 0) + (data?.duplicates.sameNameAndBirth ?? 0)} overflowCount={999} />
              </Space>
            ),
            children: <Duplicates place={place} counts={data?.duplicates} />,
          },
          {
            key: 'regridded',
            label: (
              <Space size={6}>
                {f('regridded')}
                <Badge count={data?.regridded.manual ?? 0} overflowCount={999} />
              </Space>
            ),
            children: <Regridded place={place} />,
          },
        ]}
      />
    </Card>
  );
}

function Completeness({
  data,
  loading,
  query,
  setQuery,
}: {
  data: Awaited<ReturnType<typeof getQuality>> | null;
  loading: boolean;
  query: QualityQuery;
  setQuery: (q: QualityQuery) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const f = (name: string) => t(`base.quality.${name}` as 'base.quality.title');
  const requirements = data?.requirements ?? [];
  const columns: TableProps<QualityGrid>['columns'] = [
    {
      key: 'grid',
      title: f('grid'),
      render: (_, g) => (
        <Space size={6}>
          {g.name}
          <Typography.Text code>{g.gridCode}</Typography.Text>
        </Space>
      ),
    },
    { key: 'households', title: f('households'), dataIndex: 'households' },
    { key: 'complete', title: f('complete'), dataIndex: 'complete' },
    {
      key: 'share',
      title: f('share'),
      render: (_, g) =>
        g.share === null ? (
          '—'
        ) : (
          <Progress percent={percent(g.share) ?? 0} size="small" style={{ width: 140 }} status={g.share < 0.8 ? 'exception' : 'normal'} />
        ),
    },
    {
      key: 'missing',
      title: f('missing'),
      render: (_, g) => {
        const gaps = requirements.filter((r) => (g.missing[r.key] ?? 0) > 0);
        if (gaps.length === 0) return '—';
        return (
          <Space size={4} wrap>
            {gaps.map((r) => (
              <Tag key={r.key}>
                {lang === 'en' ? r.en : r.zh} {g.missing[r.key]}
              </Tag>
            ))}
          </Space>
        );
      },
    },
  ];
  return (
    <div data-testid="quality-completeness">
      {data && (
        <Typography.Paragraph>
          {t('base.quality.totals', { complete: data.totals.complete, households: data.totals.households })}
          {data.totals.share !== null && <Typography.Text strong>{` (${percent(data.totals.share)}%)`}</Typography.Text>}
        </Typography.Paragraph>
      )}
      <PagedTable<QualityGrid>
        query={query}
        setQuery={setQuery as (q: never) => void}
        data={data?.grids ?? null}
        loading={loading}
        columns={columns}
        emptyText={f('noGrids')}
        rowKey="gridCode"
        testId="quality-grids"
      />
    </div>
  );
}

function Duplicates({ place, counts }: { place: { divisionCode?: string; gridCode?: string }; counts?: Record<DuplicateKind, number> }) {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const f = (name: string) => t(`base.quality.${name}` as 'base.quality.title');
  const [kind, setKind] = useState<DuplicateKind>('severalHouseholds');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const query = { ...paging, ...place, kind };
  const { data, loading, error, reload } = useQueryResult(listDuplicates, query);
  const kinds: DuplicateKind[] = ['severalHouseholds', 'sameNameAndBirth'];
  const columns: TableProps<DuplicateGroup>['columns'] = [
    {
      key: 'persons',
      title: t('base.nav.persons'),
      render: (_, g) => (
        <Table<DuplicatePerson>
          size="small"
          rowKey="id"
          pagination={false}
          showHeader={false}
          dataSource={g.persons}
          columns={[
            { key: 'name', render: (_, p) => <Link to={`/persons/${p.id}`}>{p.name}</Link> },
            { key: 'sex', render: (_, p) => label('sex', p.sex) },
            { key: 'birthYear', render: (_, p) => orDash(p.birthYear) },
            { key: 'id', render: (_, p) => (p.hasIdNumber ? <Masked value={p.idNumberMasked} /> : <Tag color="orange">{f('noIdNumber')}</Tag>) },
            { key: 'grid', render: (_, p) => <Typography.Text code>{p.gridCode}</Typography.Text> },
            {
              key: 'households',
              render: (_, p) => (
                <Space size={4} wrap>
                  {p.households.map((h) => (
                    <Tag key={h.id}>
                      {h.householdNo} · {label('relations', h.relation)}
                    </Tag>
                  ))}
                  {p.householdCount > p.households.length && (
                    <Typography.Text type="secondary">{t('base.quality.householdCount', { count: p.householdCount })}</Typography.Text>
                  )}
                </Space>
              ),
            },
          ]}
        />
      ),
    },
  ];
  return (
    <div data-testid="quality-duplicates">
      <Segmented<DuplicateKind>
        className="base-filters"
        value={kind}
        onChange={(value) => {
          setKind(value);
          setPaging({ ...paging, page: 1 });
        }}
        options={kinds.map((value) => ({
          value,
          label: `${t(`base.quality.duplicateKinds.${value}` as 'base.quality.duplicateKinds.severalHouseholds')} (${counts?.[value] ?? 0})`,
        }))}
      />
      <ErrorAlert className="form-alert" error={error} onRetry={reload} />
      <PagedTable<DuplicateGroup>
        query={query}
        setQuery={((q: typeof query) => setPaging({ page: q.page, pageSize: q.pageSize })) as (q: never) => void}
        data={data}
        loading={loading}
        columns={columns}
        emptyText={f('noDuplicates')}
        rowKey={(g) => g.persons.map((p) => p.id).join('-')}
        testId="quality-duplicates-table"
      />
    </div>
  );
}

function Regridded({ place }: { place: { divisionCode?: string; gridCode?: string } }) {
  const { t } = useTranslation();
  const lang = useLang();
  const f = (name: string) => t(`base.quality.${name}` as 'base.quality.title');
  const [state, setState] = useState<'moved' | 'manual' | undefined>(undefined);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const query = { ...paging, ...place, state };
  const { data, loading, error, reload } = useQueryResult(listRegridded, query);
  const entityName = (entity: string) => t(`base.quality.entities.${entity}` as 'base.quality.entities.person', { defaultValue: entity });
  const columns: TableProps<RegriddedRecord>['columns'] = [
    { key: 'entity', title: f('entity'), render: (_, r) => entityName(r.entity) },
    { key: 'label', title: f('label'), dataIndex: 'label' },
    { key: 'from', title: f('fromGrid'), render: (_, r) => <Typography.Text code>{r.fromGrid}</Typography.Text> },
    { key: 'to', title: f('toGrid'), render: (_, r) => (r.toGrid ? <Typography.Text code>{r.toGrid}</Typography.Text> : '—') },
    {
      key: 'state',
      title: f('state'),
      render: (_, r) => (
        <Space size={4}>
          <Tag color={r.state === 'manual' ? 'orange' : 'blue'}>{t(`base.quality.regridStates.${r.state}` as 'base.quality.regridStates.moved')}</Tag>
          {r.reason && (
            <Typography.Text type="secondary">
              {t(`base.quality.reasons.${r.reason}` as 'base.quality.reasons.noPoint', { defaultValue: r.reason })}
            </Typography.Text>
          )}
          {r.state === 'manual' && <Badge status={r.open ? 'warning' : 'success'} text={r.open ? f('open') : f('settled')} />}
        </Space>
      ),
    },
    { key: 'current', title: f('currentGrid'), render: (_, r) => (r.currentGrid ? <Typography.Text code>{r.currentGrid}</Typography.Text> : '—') },
    { key: 'at', title: f('at'), render: (_, r) => formatDateTime(r.at, lang) },
  ];
  return (
    <div data-testid="quality-regridded">
      <Segmented<'all' | 'moved' | 'manual'>
        className="base-filters"
        value={state ?? 'all'}
        onChange={(value) => {
          setState(value === 'all' ? undefined : value);
          setPaging({ ...paging, page: 1 });
        }}
        options={[
          { value: 'all', label: t('common.all') },
          { value: 'manual', label: t('base.quality.regridStates.manual') },
          { value: 'moved', label: t('base.quality.regridStates.moved') },
        ]}
      />
      <ErrorAlert className="form-alert" error={error} onRetry={reload} />
      <PagedTable<RegriddedRecord>
        query={query}
        setQuery={((q: typeof query) => setPaging({ page: q.page, pageSize: q.pageSize })) as (q: never) => void}
        data={data}
        loading={loading}
        columns={columns}
        emptyText={f('noRegridded')}
        testId="quality-regridded-table"
      />
    </div>
  );
}
