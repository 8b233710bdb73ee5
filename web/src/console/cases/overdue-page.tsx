// 超期督办 (/overdue), for the centres and the auditor: open cases whose running step is past due
// (GET /api/cases?view=overdue), with how long overdue, the lead unit and supervision; sortable. The
// board loads up to 200 cases (the API's page limit) and sorts them here.
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { listCases } from '../../api/client';
import type { CaseListQuery, CaseSummary } from '../../api/types';
import { ErrorAlert } from '../shared/error-alert';
import { useLiveNotifications } from '../shared/live-notifications';
import { useQueryResult } from '../shared/use-query-result';
import { useCaseColumns } from './case-columns';
import { supervisionColour, useCaseLabels, useDuration } from './case-labels';
import './cases.css';

const supervisionRank: Record<string, number> = { none: 0, normal: 1, yellow: 2, red: 3 };
const query: CaseListQuery = { view: 'overdue', page: 1, pageSize: 200 };

export default function OverduePage() {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const duration = useDuration();
  const { data, loading, error, reload } = useQueryResult(listCases, query);
  // A case dispatched here, a deadline turning, a request to decide: the list reloads by itself.
  useLiveNotifications(() => reload());
  const col = useCaseColumns();
  // The clock the "how long" column counts to: taken when the list arrives, so sorting is stable.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new list is a new moment
  const now = useMemo(() => Date.now(), [data]);
  const items = data?.items ?? [];
  const late = (c: CaseSummary) => (c.dueAt ? now - Date.parse(c.dueAt) : 0);

  return (
    <Card
      title={t('cases.overdueBoard.title')}
      extra={<Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('cases.refresh')} />}
      data-testid="overdue-page"
    >
      <Typography.Paragraph type="secondary">{t('cases.overdueBoard.subtitle')}</Typography.Paragraph>
      <ErrorAlert error={error} onRetry={reload} />
      <Table<CaseSummary>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={items}
        locale={{ emptyText: t('cases.empty') }}
        pagination={{ pageSize: 50, showTotal: (total) => t('common.total', { total }) }}
        data-testid="overdue-table"
        columns={[
          col.case,
          col.status,
          { ...col.light, sorter: (a, b) => Date.parse(a.dueAt ?? '') - Date.parse(b.dueAt ?? '') },
          {
            key: 'late',
            title: t('cases.field.overdueFor'),
            width: 140,
            defaultSortOrder: 'descend',
            sorter: (a, b) => late(a) - late(b),
            render: (_, c) => <Typography.Text type="danger">{duration(late(c))}</Typography.Text>,
          },
          { ...col.lead, sorter: (a, b) => (a.leadUnitName ?? '').localeCompare(b.leadUnitName ?? '', 'zh-CN') },
          {
            key: 'supervision',
            title: t('cases.field.supervision'),
            dataIndex: 'supervision',
            width: 110,
            sorter: (a, b) => (supervisionRank[a.supervision] ?? 0) - (supervisionRank[b.supervision] ?? 0),
            render: (s: string) => (s === 'none' ? '—' : <Tag color={supervisionColour[s] ?? 'blue'}>{labels.supervision(s)}</Tag>),
          },
          col.place,
        ]}
      />
    </Card>
  );
}
