// What the base registries' list pages share: the query (paged, opened filtered by a link's
// gridCode or divisionCode), the filter bar (search box, division, grid, kind) and the paged table.
import { Button, Input, Select, Space, Table, type TableProps } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Page } from '../../api/types';
import { DivisionSelect } from '../shared/division-select';
import { ErrorAlert } from '../shared/error-alert';
import { useQueryResult } from '../shared/use-query-result';
import { GridSelect } from './grid-select';

export interface ListQuery {
  page: number;
  pageSize: number;
  q?: string;
  divisionCode?: string;
  gridCode?: string;
}

/** A list's query; a link may open the page filtered (the grid card's summary links with its grid). */
export function useListQuery<Q extends ListQuery>(initial: Partial<Q> = {}) {
  const [params] = useSearchParams();
  const [query, setQuery] = useState<Q>(
    () =>
      ({
        page: 1,
        pageSize: 20,
        gridCode: params.get('gridCode') ?? undefined,
        divisionCode: params.get('divisionCode') ?? undefined,
        ...initial,
      }) as Q,
  );
  /** A filter changed: back to the first page. */
  const set = (patch: Partial<Q>) => setQuery({ ...query, ...patch, page: 1 });
  const reset = () => setQuery({ page: 1, pageSize: query.pageSize } as Q);
  return { query, setQuery, set, reset };
}

export interface KindFilter {
  /** The query key it sets: kind unless said otherwise (the persons' residency). */
  key?: string;
  placeholder: string;
  options: { value: string; label: string }[];
  width?: number;
}

/**
 * The filter bar: a search box (when the list searches), division, grid (within the division) and a
 * kind; `children` add the page's own filters after them. Test ids are `${testId}-search`,
 * `-division`, `-grid` and `-${kind key}`.
 */
export function FilterBar<Q extends ListQuery>({
  query,
  set,
  reset,
  testId,
  searchPlaceholder,
  searchWidth = 280,
  kind,
  filtered = false,
  children,
}: {
  query: Q;
  set: (patch: Partial<Q>) => void;
  reset: () => void;
  testId: string;
  /** Without it the list has no search box. */
  searchPlaceholder?: string;
  searchWidth?: number;
  kind?: KindFilter;
  /** The page's own filters are set: offer the reset button too. */
  filtered?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const kindKey = kind?.key ?? 'kind';
  const kindValue = (query as unknown as Record<string, string | undefined>)[kindKey];
  const anything = filtered || Boolean(query.divisionCode || query.gridCode || query.q || kindValue);
  return (
    <Space wrap className="base-filters">
      {searchPlaceholder && (
        <Input.Search
          allowClear
          placeholder={searchPlaceholder}
          onSearch={(value) => set({ q: value.trim() || undefined } as Partial<Q>)}
          style={{ width: searchWidth }}
          data-testid={`${testId}-search`}
        />
      )}
      <DivisionSelect
        value={query.divisionCode}
        onChange={(divisionCode) => set({ divisionCode, gridCode: undefined } as Partial<Q>)}
        placeholder={t('base.persons.division')}
        style={{ width: 220 }}
        testId={`${testId}-division`}
      />
      <GridSelect
        value={query.gridCode}
        onChange={(gridCode) => set({ gridCode } as Partial<Q>)}
        divisionCode={query.divisionCode}
        placeholder={t('base.persons.grid')}
        style={{ width: 240 }}
        testId={`${testId}-grid`}
      />
      {kind && (
        <Select<string>
          allowClear
          placeholder={kind.placeholder}
          style={{ width: kind.width ?? 150 }}
          popupMatchSelectWidth={false}
          value={kindValue}
          onChange={(value) => set({ [kindKey]: value } as Partial<Q>)}
          options={kind.options}
          data-testid={`${testId}-${kindKey}`}
        />
      )}
      {children}
      {anything && <Button onClick={reset}>{t('common.all')}</Button>}
    </Space>
  );
}

/** A list's table: the server's page, page size changes back to page 1, the total under it. */
export function PagedTable<T extends object>({
  query,
  setQuery,
  data,
  loading,
  columns,
  emptyText,
  testId,
  onOpen,
  rowKey = 'id',
}: {
  query: ListQuery;
  setQuery: (query: never) => void;
  /** A capped count (persons) says "more than" when it reached its cap. */
  data: (Page<T> & { totalCapped?: boolean }) | null;
  loading: boolean;
  columns: TableProps<T>['columns'];
  emptyText: string;
  testId: string;
  /** A double click opens the row. */
  onOpen?: (row: T) => void;
  rowKey?: TableProps<T>['rowKey'];
}) {
  const { t } = useTranslation();
  return (
    <Table<T>
      rowKey={rowKey}
      size="middle"
      columns={columns}
      dataSource={data?.items ?? []}
      loading={loading}
      locale={{ emptyText }}
      onRow={onOpen ? (row) => ({ onDoubleClick: () => onOpen(row) }) : undefined}
      onChange={(pagination) => {
        const pageSize = pagination.pageSize ?? query.pageSize;
        (setQuery as (q: ListQuery) => void)({ ...query, pageSize, page: pageSize !== query.pageSize ? 1 : (pagination.current ?? 1) });
      }}
      pagination={{
        current: data?.page ?? query.page,
        pageSize: data?.pageSize ?? query.pageSize,
        total: data?.total ?? 0,
        showSizeChanger: true,
        showTotal: (total) => t(data?.totalCapped ? 'common.totalCapped' : 'common.total', { total: total.toLocaleString() }),
      }}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
    />
  );
}

/** A registry list: its query and filters, and the page the server answers for it. */
export function useRegistryList<Q extends ListQuery, T>(load: (query: Q) => Promise<Page<T>>, initial: Partial<Q> = {}) {
  const list = useListQuery<Q>(initial);
  return { ...list, ...useQueryResult(load, list.query) };
}

/** The list's error (with a retry) and its paged table. */
export function RegistryTable<T extends object>({
  list,
  ...table
}: {
  list: ReturnType<typeof useRegistryList<ListQuery, T>>;
  columns: TableProps<T>['columns'];
  emptyText: string;
  testId: string;
  onOpen?: (row: T) => void;
}) {
  return (
    <>
      <ErrorAlert className="form-alert" error={list.error} onRetry={list.reload} />
      <PagedTable<T> query={list.query} setQuery={list.setQuery as (q: never) => void} data={list.data} loading={list.loading} {...table} />
    </>
  );
}
