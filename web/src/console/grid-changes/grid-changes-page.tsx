// 网格变更: the changes in the user's jurisdiction. The city centre opens on those awaiting its
// review; the district and town centres on their own drafts and submissions.
import { PlusOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Table, type TableProps, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { listGridChanges } from '../../api/client';
import type { GridChange, GridChangeQuery, GridChangeStatus } from '../../api/types';
import { useLang } from '../../i18n';
import { DivisionName } from '../shared/division-name';
import { ErrorAlert } from '../shared/error-alert';
import { formatDateTime } from '../shared/format';
import { useSession } from '../shared/session';
import { useQueryResult } from '../shared/use-query-result';
import { ChangeStatusTag } from './change-status';
import { ImportDialog } from './import-dialog';
import './grid-changes.css';

const statuses: GridChangeStatus[] = ['draft', 'submitted', 'approved', 'rejected', 'withdrawn'];

export default function GridChangesPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { can } = useSession();
  const navigate = useNavigate();
  const [query, setQuery] = useState<GridChangeQuery>(() => ({ page: 1, pageSize: 20, ...(can('grid.approve') ? { status: 'submitted' as const } : {}) }));
  const { data, loading, error, reload } = useQueryResult(listGridChanges, query);
  const [importing, setImporting] = useState(false);

  const columns: TableProps<GridChange>['columns'] = [
    {
      key: 'createdAt',
      title: t('changes.createdAt'),
      dataIndex: 'createdAt',
      width: 180,
      render: (value: string, row) => <Link to={`/grid-changes/${row.id}`}>{formatDateTime(value, lang)}</Link>,
    },
    { key: 'community', title: t('changes.community'), dataIndex: 'communityCode', width: 260, render: (code: string) => <DivisionName code={code} /> },
    { key: 'kind', title: t('changes.kind'), dataIndex: 'kind', width: 110, render: (value: GridChange['kind']) => t(`changes.kinds.${value}`) },
    { key: 'status', title: t('changes.status'), dataIndex: 'status', width: 100, render: (value: GridChangeStatus) => <ChangeStatusTag status={value} /> },
    {
      key: 'valid',
      title: t('changes.validation'),
      width: 130,
      render: (_, row) => {
        const problems = row.validation.filter((i) => i.severity === 'problem').length;
        return problems > 0 ? <Tag color="red">{t('changes.problemCount', { count: problems })}</Tag> : <Tag color="green">{t('changes.valid')}</Tag>;
      },
    },
    { key: 'proposer', title: t('changes.proposedBy'), dataIndex: 'proposedByName', width: 160, ellipsis: true },
    { key: 'reason', title: t('changes.reason'), dataIndex: 'reason', ellipsis: true },
  ];

  return (
    <Card
      title={t('changes.title')}
      extra={
        <Space>
          <Select
            allowClear
            placeholder={t('changes.statusFilter')}
            value={query.status}
            onChange={(status?: GridChangeStatus) => setQuery({ ...query, status, page: 1 })}
            options={statuses.map((s) => ({ value: s, label: t(`changes.statuses.${s}`) }))}
            style={{ width: 140 }}
            data-testid="change-status-filter"
          />
          <Button icon={<ReloadOutlined />} onClick={() => reload()} aria-label={t('common.retry')} />
          {can('grid.propose') && (
            <>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="change-import">
                {t('changes.importBoundaries')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/grid-changes/new')} data-testid="change-new">
                {t('changes.new')}
              </Button>
            </>
          )}
        </Space>
      }
    >
      <ErrorAlert error={error} onRetry={() => reload()} />
      <Table<GridChange>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        onRow={(row) => ({ onClick: () => navigate(`/grid-changes/${row.id}`), className: 'change-row', 'data-testid': `change-row-${row.id}` }) as object}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: data?.total ?? 0,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setQuery({ ...query, page, pageSize }),
        }}
        data-testid="change-table"
      />
      <ImportDialog
        open={importing}
        onClose={() => {
          setImporting(false);
          reload();
        }}
      />
    </Card>
  );
}
