import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, type TableProps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { listBuildings } from '../../api/base-client';
import type { BuildingListQuery, BuildingRow } from '../../api/base-types';
import { DivisionName } from '../shared/division-name';
import { ErrorAlert } from '../shared/error-alert';
import { useQueryResult } from '../shared/use-query-result';
import { orDash, useBaseLabel } from './base-labels';
import { FilterBar, PagedTable, useListQuery } from './registry-list';

/** 楼栋房屋: the buildings in the reader's jurisdiction, by division, grid and text; each opens the building view. */
export default function BuildingsPage() {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const navigate = useNavigate();
  // The grid card's summary links here with its grid.
  const { query, setQuery, set, reset } = useListQuery<BuildingListQuery>();
  const { data, loading, error, reload } = useQueryResult(listBuildings, query);

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
      <FilterBar query={query} set={set} reset={reset} testId="buildings" searchPlaceholder={t('base.buildings.searchPlaceholder')} />
      <ErrorAlert className="form-alert" error={error} onRetry={reload} />
      <PagedTable<BuildingRow>
        query={query}
        setQuery={setQuery}
        data={data}
        loading={loading}
        columns={columns}
        emptyText={t('base.buildings.empty')}
        onOpen={(b) => navigate(`/buildings/${b.id}`)}
        testId="buildings-table"
      />
    </Card>
  );
}
