// What the desk and the unit page share: the list of one view with its query, live reloads and the
// selected case, and the table that shows it beside the case panel.
import { Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listCases } from '../../api/client';
import type { CaseListQuery, CaseSummary, CaseView } from '../../api/types';
import { useLiveNotifications } from '../shared/live-notifications';
import { useQueryResult } from '../shared/use-query-result';

/** One view's cases, reloaded on every live notification, and which one is selected. */
export function useCaseList(view: CaseView) {
  const [query, setQuery] = useState<CaseListQuery>({ view, page: 1, pageSize: 20 });
  const { data, loading, error, reload } = useQueryResult(listCases, query);
  // A case dispatched here, a deadline turning, a request to decide: the list reloads by itself.
  useLiveNotifications(() => reload());
  const [selected, setSelected] = useState<string | null>(null);
  // Bumped to reload the side panel as well as the list.
  const [refresh, setRefresh] = useState(0);
  return {
    query,
    search: (q: string) => setQuery({ ...query, q: q.trim() || undefined, page: 1 }),
    setPage: (page: number, pageSize: number) => setQuery({ ...query, page, pageSize }),
    data,
    loading,
    error,
    reload,
    selected,
    refresh,
    reloadAll: () => {
      reload();
      setRefresh((n) => n + 1);
    },
    select: (id: string) => {
      if (id === selected) setRefresh((n) => n + 1);
      setSelected(id);
    },
  };
}

export function CaseListTable({
  list,
  columns,
  rowTestId,
  testId,
}: {
  list: ReturnType<typeof useCaseList>;
  columns: TableColumnsType<CaseSummary>;
  /** The row's test id is this prefix and the case number. */
  rowTestId: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Table<CaseSummary>
      rowKey="id"
      size="middle"
      loading={list.loading}
      dataSource={list.data?.items ?? []}
      columns={columns}
      rowClassName={(c) => (c.id === list.selected ? 'ant-table-row-selected clickable-row' : 'clickable-row')}
      onRow={(c) => ({ onClick: () => list.select(c.id), 'data-testid': `${rowTestId}${c.number}` }) as object}
      locale={{ emptyText: t('cases.empty') }}
      pagination={{
        current: list.query.page,
        pageSize: list.query.pageSize,
        total: list.data?.total ?? 0,
        showTotal: (total) => t('common.total', { total }),
        onChange: list.setPage,
      }}
      data-testid={testId}
    />
  );
}
