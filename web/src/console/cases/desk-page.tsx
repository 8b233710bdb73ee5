// 派遣台, the centres' dispatch desk (/desk): new reports and cases with requests waiting for a decision
// (GET /api/cases?view=desk), and beside them the selected case with the routing suggestion, possible
// duplicates and the actions. "新建事件" registers a hotline call or a walk-in.
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listCases } from '../../api/client';
import type { CaseListQuery, CaseSummary } from '../../api/types';
import { ErrorAlert } from '../shared/error-alert';
import { useSession } from '../shared/session';
import { useLiveNotifications } from '../shared/live-notifications';
import { useQueryResult } from '../shared/use-query-result';
import { useCaseColumns } from './case-columns';
import { CasePanel } from './case-panel';
import { NewCaseModal } from './new-case-modal';
import './cases.css';

export default function DeskPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [query, setQuery] = useState<CaseListQuery>({ view: 'desk', page: 1, pageSize: 20 });
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
  const [creating, setCreating] = useState(false);
  const col = useCaseColumns();

  return (
    <div className="case-list-page" data-testid="desk-page">
      <div className="case-list-main">
        <Card
          title={t('cases.desk.title')}
          extra={
            <Space>
              <Input.Search
                allowClear
                placeholder={t('cases.search')}
                onSearch={(q) => setQuery({ ...query, q: q.trim() || undefined, page: 1 })}
                style={{ width: 220 }}
                data-testid="desk-search"
              />
              <Button icon={<ReloadOutlined />} onClick={reloadAll} aria-label={t('cases.refresh')} />
              {can('case.report') && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="desk-new-case">
                  {t('cases.desk.newCase')}
                </Button>
              )}
            </Space>
          }
        >
          <Typography.Paragraph type="secondary">{t('cases.desk.subtitle')}</Typography.Paragraph>
          <ErrorAlert error={error} onRetry={reload} />
          <Table<CaseSummary>
            rowKey="id"
            size="middle"
            loading={loading}
            dataSource={data?.items ?? []}
            columns={[col.case, col.status, col.light, col.place, col.pending]}
            rowClassName={(c) => (c.id === selected ? 'ant-table-row-selected clickable-row' : 'clickable-row')}
            onRow={(c) => ({ onClick: () => select(c.id), 'data-testid': `desk-row-${c.number}` }) as object}
            locale={{ emptyText: t('cases.empty') }}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: data?.total ?? 0,
              showTotal: (total) => t('common.total', { total }),
              onChange: (page, pageSize) => setQuery({ ...query, page, pageSize }),
            }}
            data-testid="desk-table"
          />
        </Card>
      </div>
      <div className="case-list-side">
        <CasePanel id={selected} mode="desk" refresh={refresh} onChanged={reload} />
      </div>
      <NewCaseModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(c) => {
          setCreating(false);
          setSelected(c.id);
          reload();
        }}
      />
    </div>
  );
}
