// 本单位事件 (/unit-cases): the open cases dispatched to the department's unit and its sub-units
// (GET /api/cases?view=unit), with deadline lights; the selected case beside the list with the
// unit's actions (claim, feed back, return, extension, suspension).
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listCases } from '../../api/client';
import type { CaseListQuery, CaseSummary } from '../../api/types';
import { ErrorAlert } from '../shared/error-alert';
import { useLiveNotifications } from '../shared/live-notifications';
import { useQueryResult } from '../shared/use-query-result';
import { useCaseColumns } from './case-columns';
import { CasePanel } from './case-panel';
import './cases.css';

export default function UnitCasesPage() {
  const { t } = useTranslation();
  const [query, setQuery] = useState<CaseListQuery>({ view: 'unit', page: 1, pageSize: 20 });
  const { data, loading, error, reload } = useQueryResult(listCases, query);
  // A case dispatched here, a deadline turning, a request to decide: the list reloads by itself.
  useLiveNotifications(() => reload());
  const [selected, setSelected] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const reloadAll = () => {
    reload();
    setRefresh((n) => n + 1);
  };
  const select = (id: string) => {
    if (id === selected) setRefresh((n) => n + 1);
    setSelected(id);
  };
  const col = useCaseColumns();

  return (
    <div className="case-list-page" data-testid="unit-cases-page">
      <div className="case-list-main">
        <Card
          title={t('cases.unit.title')}
          extra={
            <Space>
              <Input.Search
                allowClear
                placeholder={t('cases.search')}
                onSearch={(q) => setQuery({ ...query, q: q.trim() || undefined, page: 1 })}
                style={{ width: 220 }}
              />
              <Button icon={<ReloadOutlined />} onClick={reloadAll} aria-label={t('cases.refresh')} />
            </Space>
          }
        >
          <Typography.Paragraph type="secondary">{t('cases.unit.subtitle')}</Typography.Paragraph>
          <ErrorAlert error={error} onRetry={reload} />
          <Table<CaseSummary>
            rowKey="id"
            size="middle"
            loading={loading}
            dataSource={data?.items ?? []}
            columns={[col.case, col.status, col.light, col.place, col.flags]}
            rowClassName={(c) => (c.id === selected ? 'ant-table-row-selected clickable-row' : 'clickable-row')}
            onRow={(c) => ({ onClick: () => select(c.id), 'data-testid': `unit-row-${c.number}` }) as object}
            locale={{ emptyText: t('cases.empty') }}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: data?.total ?? 0,
              showTotal: (total) => t('common.total', { total }),
              onChange: (page, pageSize) => setQuery({ ...query, page, pageSize }),
            }}
            data-testid="unit-table"
          />
        </Card>
      </div>
      <div className="case-list-side">
        <CasePanel id={selected} mode="unit" refresh={refresh} onChanged={reload} />
      </div>
    </div>
  );
}
