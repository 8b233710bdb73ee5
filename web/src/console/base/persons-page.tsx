import { LockOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space, Table, type TableProps, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { listPersons } from '../../api/base-client';
import { type PersonListQuery, type PersonRow, type PersonStatus, type Residency, residencies } from '../../api/base-types';
import { DivisionName } from '../shared/division-name';
import { DivisionSelect } from '../shared/division-select';
import { ErrorAlert } from '../shared/error-alert';
import { useSession } from '../shared/session';
import { useQueryResult } from '../shared/use-query-result';
import { orDash, useBaseLabel } from './base-labels';
import { GridSelect } from './grid-select';
import { PersonFormModal } from './person-form-modal';
import { ResidencyTag } from './residency-tag';

const statuses: PersonStatus[] = ['active', 'movedOut', 'deceased'];

/**
 * 实有人口: the persons in the reader's jurisdiction, filtered by division, grid, residency and status;
 * one search box (name, pinyin initials, ID number, phone, address: the server tells which). Personal
 * values come masked from the server and are shown as they come.
 */
export default function PersonsPage() {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const { can } = useSession();
  const navigate = useNavigate();
  // A link may open the page filtered (the grid card's summary links here with its grid).
  const [params] = useSearchParams();
  const [query, setQuery] = useState<PersonListQuery>(() => ({
    page: 1,
    pageSize: 20,
    gridCode: params.get('gridCode') ?? undefined,
    divisionCode: params.get('divisionCode') ?? undefined,
    residency: residencies.find((r) => r === params.get('residency')),
  }));
  const { data, loading, error, reload } = useQueryResult(listPersons, query);
  const [registering, setRegistering] = useState(false);
  const set = (patch: Partial<PersonListQuery>) => setQuery({ ...query, ...patch, page: 1 });

  const columns: TableProps<PersonRow>['columns'] = [
    {
      key: 'name',
      title: t('base.fields.name'),
      render: (_, p) => (
        <Link to={`/persons/${p.id}`} data-testid="person-link">
          {p.name}
        </Link>
      ),
    },
    { key: 'sex', title: t('base.fields.sex'), render: (_, p) => label('sex', p.sex) },
    { key: 'birthYear', title: t('base.fields.birthYear'), render: (_, p) => orDash(p.birthYear) },
    { key: 'residency', title: t('base.fields.residency'), render: (_, p) => <ResidencyTag residency={p.residency} /> },
    {
      key: 'idNumber',
      title: t('base.fields.idNumber'),
      render: (_, p) => (
        <span className="masked-value" data-testid="person-id-masked">
          {orDash(p.idNumberMasked)}
        </span>
      ),
    },
    { key: 'phone', title: t('base.fields.phone'), render: (_, p) => <span className="masked-value">{orDash(p.phoneMasked)}</span> },
    { key: 'division', title: t('base.fields.divisionCode'), render: (_, p) => <DivisionName code={p.divisionCode} short /> },
    { key: 'grid', title: t('base.fields.gridCode'), render: (_, p) => <Typography.Text code>{p.gridCode}</Typography.Text> },
    {
      key: 'status',
      title: t('base.fields.status'),
      render: (_, p) => <Tag color={p.status === 'active' ? 'green' : 'default'}>{label('personStatus', p.status)}</Tag>,
    },
  ];

  return (
    <Card
      title={
        <Space>
          {t('base.persons.title')}
          <Tooltip title={t('base.persons.masked')}>
            <LockOutlined className="muted-icon" />
          </Tooltip>
        </Space>
      }
      data-testid="persons-page"
      extra={
        <Space wrap>
          <Button icon={<ReloadOutlined />} onClick={() => reload()} aria-label={t('common.retry')} />
          {can('base.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="persons-register">
              {t('base.persons.register')}
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap className="base-filters">
        <Input.Search
          allowClear
          placeholder={t('base.persons.searchPlaceholder')}
          onSearch={(value) => set({ q: value.trim() || undefined })}
          style={{ width: 320 }}
          data-testid="persons-search"
        />
        <DivisionSelect
          value={query.divisionCode}
          onChange={(divisionCode) => set({ divisionCode, gridCode: undefined })}
          placeholder={t('base.persons.division')}
          style={{ width: 220 }}
          testId="persons-division"
        />
        <GridSelect
          value={query.gridCode}
          onChange={(gridCode) => set({ gridCode })}
          divisionCode={query.divisionCode}
          placeholder={t('base.persons.grid')}
          style={{ width: 240 }}
          testId="persons-grid"
        />
        <Select<Residency>
          allowClear
          placeholder={t('base.persons.residencyFilter')}
          style={{ width: 140 }}
          value={query.residency}
          onChange={(residency) => set({ residency })}
          options={residencies.map((value) => ({ value, label: label('residency', value) }))}
          data-testid="persons-residency"
        />
        <Select<PersonStatus>
          placeholder={t('base.persons.statusFilter')}
          style={{ width: 120 }}
          value={query.status ?? 'active'}
          onChange={(status) => set({ status })}
          options={statuses.map((value) => ({ value, label: label('personStatus', value) }))}
        />
        {(query.divisionCode || query.gridCode || query.residency || query.q) && (
          <Button onClick={() => setQuery({ page: 1, pageSize: query.pageSize })}>{t('common.all')}</Button>
        )}
      </Space>
      <ErrorAlert className="form-alert" error={error} onRetry={reload} />
      <Table<PersonRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        locale={{ emptyText: t('base.persons.empty') }}
        onRow={(p) => ({ onDoubleClick: () => navigate(`/persons/${p.id}`) })}
        onChange={(pagination) => {
          const pageSize = pagination.pageSize ?? query.pageSize;
          setQuery({ ...query, pageSize, page: pageSize !== query.pageSize ? 1 : (pagination.current ?? 1) });
        }}
        pagination={{
          current: data?.page ?? query.page,
          pageSize: data?.pageSize ?? query.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t(data?.totalCapped ? 'common.totalCapped' : 'common.total', { total: total.toLocaleString() }),
        }}
        scroll={{ x: 'max-content' }}
        data-testid="persons-table"
      />
      <PersonFormModal
        open={registering}
        onClose={() => setRegistering(false)}
        onCreated={(person) => {
          setRegistering(false);
          navigate(`/persons/${person.id}`);
        }}
      />
    </Card>
  );
}
