import { LockOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, type TableProps, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { listPersons } from '../../api/base-client';
import { type PersonListQuery, type PersonRow, type PersonStatus, residencies } from '../../api/base-types';
import { DivisionName } from '../shared/division-name';
import { ErrorAlert } from '../shared/error-alert';
import { useSession } from '../shared/session';
import { useQueryResult } from '../shared/use-query-result';
import { orDash, useBaseLabel } from './base-labels';
import { PersonFormModal } from './person-form-modal';
import { FilterBar, PagedTable, useListQuery } from './registry-list';
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
  const { query, setQuery, set, reset } = useListQuery<PersonListQuery>({ residency: residencies.find((r) => r === params.get('residency')) });
  const { data, loading, error, reload } = useQueryResult(listPersons, query);
  const [registering, setRegistering] = useState(false);

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
      <FilterBar
        query={query}
        set={set}
        reset={reset}
        testId="persons"
        searchPlaceholder={t('base.persons.searchPlaceholder')}
        searchWidth={320}
        kind={{
          key: 'residency',
          placeholder: t('base.persons.residencyFilter'),
          options: residencies.map((value) => ({ value, label: label('residency', value) })),
          width: 140,
        }}
      >
        <Select<PersonStatus>
          placeholder={t('base.persons.statusFilter')}
          style={{ width: 120 }}
          value={query.status ?? 'active'}
          onChange={(status) => set({ status })}
          options={statuses.map((value) => ({ value, label: label('personStatus', value) }))}
        />
      </FilterBar>
      <ErrorAlert className="form-alert" error={error} onRetry={reload} />
      <PagedTable<PersonRow>
        query={query}
        setQuery={setQuery}
        data={data}
        loading={loading}
        columns={columns}
        emptyText={t('base.persons.empty')}
        onOpen={(p) => navigate(`/persons/${p.id}`)}
        testId="persons-table"
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
