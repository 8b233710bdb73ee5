import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Input, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { listBuildings } from '../../api/base-client';
import type { BuildingListQuery, BuildingRow } from '../../api/base-types';
import { DivisionName } from '../shared/division-name';
import { DivisionSelect } from '../shared/division-select';
import { ErrorAlert } from '../shared/error-alert';
import { useQueryResult } from '../shared/use-query-result';
import { orDash, useBaseLabel } from './base-labels';
import { GridSelect } from './grid-select';

/** 楼栋房屋: the buildings in the reader's jurisdiction, by division, grid and text; each opens the building view. */
export default function BuildingsPage() {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const navigate = useNavigate();
  // The grid card's summary links here with its grid.
  const [params] = useSearchParams();
  const [query, setQuery] = useState<BuildingListQuery>(() => ({
    page: 1,
    pageSize: 20,
    gridCode: params.get('gridCode') ?? undefined,
    divisionCode: params.get('divisionCode') ?? undefined,
  }));
  const { data, loading, error, reload } = useQueryResult(listBuildings, query);
  const set = (patch: Partial<BuildingListQuery>) => setQuery({ ...query, ...patch, page: 1 });

  const columns: TableProps<BuildingRow>['columns'] = [
    {
      key: 'name',
      title: t('base.buildings.name'),
      render: (_, b) => (
        <Link to={`/buildings/${b.id}`} data-testid="building-link">
          {b.name}
        </Link>
      ),
    },
    { key: 'address', title: t('base.buildings.address'), dataIndex: 'address' },
    { key: 'kind', title: t('base.buildings.kind'), render: (_, b) => <Tag>{label('buildingKinds', b.kind)}</Tag> },
    { key: 'floors', title: t('base.buildings.floors'), render: (_, b) => orDash(b.floors) },
    { key: 'dwellings', title: t('base.buildings.dwellings'), dataIndex: 'dwellings' },
    { key: 'division', title: t('base.buildings.division'), render: (_, b) => <DivisionName code={b.divisionCode} short /> },
    { key: 'grid', title: t('base.buildings.grid'), render: (_, b) => <Typography.Text code>{b.gridCode}</Typography.Text> },
    { key: 'code', title: t('base.buildings.addressCode'), render: (_, b) => <Typography.Text type="secondary">{b.addressCode}</Typography.Text> },
  ];

  return (
    <Card
      title={t('base.buildings.title')}
      data-testid="buildings-page"
      extra={<Button icon={<ReloadOutlined />} onClick={() => reload()} aria-label={t('common.retry')} />}
    >
      <Space wrap className="base-filters">
        <Input.Search
          allowClear
          placeholder={t('base.buildings.searchPlaceholder')}
          onSearch={(value) => set({ q: value.trim() || undefined })}
          style={{ width: 280 }}
          data-testid="buildings-search"
        />
        <DivisionSelect
          value={query.divisionCode}
          onChange={(divisionCode) => set({ divisionCode, gridCode: undefined })}
          placeholder={t('base.persons.division')}
          style={{ width: 220 }}
          testId="buildings-division"
        />
        <GridSelect
          value={query.gridCode}
          onChange={(gridCode) => set({ gridCode })}
          divisionCode={query.divisionCode}
          placeholder={t('base.persons.grid')}
          style={{ width: 240 }}
          testId="buildings-grid"
        />
        {(query.divisionCode || query.gridCode || query.q) && (
          <Button onClick={() => setQuery({ page: 1, pageSize: query.pageSize })}>{t('common.all')}</Button>
        )}
      </Space>
      <ErrorAlert className="form-alert" error={error} onRetry={reload} />
      <Table<BuildingRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        locale={{ emptyText: t('base.buildings.empty') }}
        onRow={(b) => ({ onDoubleClick: () => navigate(`/buildings/${b.id}`) })}
        onChange={(pagination) => {
          const pageSize = pagination.pageSize ?? query.pageSize;
          setQuery({ ...query, pageSize, page: pageSize !== query.pageSize ? 1 : (pagination.current ?? 1) });
        }}
        pagination={{
          current: data?.page ?? query.page,
          pageSize: data?.pageSize ?? query.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
        }}
        scroll={{ x: 'max-content' }}
        data-testid="buildings-table"
      />
    </Card>
  );
}
