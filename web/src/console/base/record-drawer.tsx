// What the registry pages share around their lists: the card with its reload and register buttons,
// and the drawer that shows one record (loaded by id) with its edit button and history.
import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, type DescriptionsProps, Drawer, Result, Space, Spin, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BaseChange } from '../../api/base-types';
import { ApiError } from '../../api/client';
import { DivisionName } from '../shared/division-name';
import { ErrorAlert } from '../shared/error-alert';
import { useQueryResult } from '../shared/use-query-result';
import { HistoryCard } from './history-card';
import { type FieldSpec, RecordFormModal } from './record-form';
import './base.css';

/** A registry page's card: title, reload, and a register button for those who may write. */
export function RegistryCard({
  title,
  testId,
  onReload,
  createLabel,
  onCreate,
  extra,
  children,
}: {
  title: ReactNode;
  testId: string;
  onReload: () => void;
  createLabel?: string;
  /** Without it (the reader may not write) there is no register button. */
  onCreate?: () => void;
  extra?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card
      title={title}
      data-testid={`${testId}-page`}
      extra={
        <Space wrap>
          {extra}
          <Button icon={<ReloadOutlined />} onClick={onReload} aria-label={t('common.retry')} />
          {onCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={onCreate} data-testid={`${testId}-create`}>
              {createLabel}
            </Button>
          )}
        </Space>
      }
    >
      {children}
    </Card>
  );
}

const none = () => Promise.resolve(null);

/**
 * One record in a drawer: `load(id)` when an id is given, its fields as descriptions, the page's own
 * sections after them, then its history. `version` is bumped by the page after a change to load again.
 */
export function RecordDrawer<T extends { history?: BaseChange[] }>({
  state,
  load,
  title,
  items,
  editable,
  testId,
  section,
  children,
}: {
  state: RegistryState<T>;
  /** The locale section that names the record's fields in its history (organisations …). */
  section: string;
  load: (id: string) => Promise<T>;
  title: (record: T) => ReactNode;
  items: (record: T) => DescriptionsProps['items'];
  /** The reader may change it: an edit button opens the page's form. */
  editable: boolean;
  testId: string;
  children?: (record: T, reload: () => void) => ReactNode;
}) {
  const id = state.openId;
  const version = state.version;
  const onClose = () => state.setOpenId(null);
  const onEdit = editable ? (record: T) => state.setForm({ record }) : undefined;
  const { t } = useTranslation();
  const { data, error, reload } = useQueryResult(
    (key: string) => (key.startsWith(':') ? none() : load(key.split('#')[0] as string)),
    id ? `${id}#${version}` : ':',
  );
  const record = id && data ? data : null;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={760}
      title={record ? title(record) : t('base.record.detail')}
      extra={
        record &&
        onEdit && (
          <Button icon={<EditOutlined />} onClick={() => onEdit(record)} data-testid={`${testId}-edit`}>
            {t('base.record.edit')}
          </Button>
        )
      }
      destroyOnHidden
      data-testid={testId}
    >
      {error instanceof ApiError && error.status === 404 ? (
        <Result status="404" subTitle={t('base.record.notFound')} />
      ) : (
        <ErrorAlert className="form-alert" error={error} onRetry={reload} />
      )}
      {!record && !error && <Spin className="page-spin" />}
      {record && (
        <div className="base-page">
          <Descriptions size="small" column={2} bordered items={items(record)} data-testid={`${testId}-record`} />
          {children?.(record, reload)}
          {record.history && <HistoryCard items={record.history} testId={`${testId}-history`} section={section} />}
        </div>
      )}
    </Drawer>
  );
}

/**
 * A registry page's state: the record open in the drawer, the form (a record to change, or none to
 * register) and the drawer's reload counter. A saved record reloads the list and opens in the drawer.
 */
export type RegistryState<T> = ReturnType<typeof useRegistryState<T>>;

export function useRegistryState<T>(reloadList: () => void) {
  const [openId, setOpenId] = useState<string | null>(null);
  const [form, setForm] = useState<{ record?: T } | null>(null);
  const [version, setVersion] = useState(0);
  return {
    openId,
    setOpenId,
    form,
    setForm,
    version,
    /** Something in the open record changed (a member, a follow-up): load it and the list again. */
    refresh: () => {
      setVersion((v) => v + 1);
      reloadList();
    },
    saved: (row: { id: string }) => {
      setForm(null);
      setVersion((v) => v + 1);
      reloadList();
      setOpenId(row.id);
    },
  };
}

/** Where a record lies, as the last two of its descriptions. */
export function placeItems(t: (key: 'base.fields.divisionCode' | 'base.fields.gridCode') => string, r: { divisionCode: string; gridCode: string }) {
  return [
    { key: 'division', label: t('base.fields.divisionCode'), children: <DivisionName code={r.divisionCode} /> },
    { key: 'grid', label: t('base.fields.gridCode'), children: <Typography.Text code>{r.gridCode}</Typography.Text> },
  ];
}

/** The division and grid columns every registry list ends with. */
export function placeColumns<T extends { divisionCode: string; gridCode: string }>(t: (key: 'base.fields.divisionCode' | 'base.fields.gridCode') => string) {
  return [
    { key: 'division', title: t('base.fields.divisionCode'), render: (_: unknown, r: T) => <DivisionName code={r.divisionCode} short /> },
    { key: 'grid', title: t('base.fields.gridCode'), render: (_: unknown, r: T) => <Typography.Text code>{r.gridCode}</Typography.Text> },
  ];
}

/** A value the server sends masked. */
export const Masked = ({ value }: { value: string | null }) => (value ? <span className="masked-value">{value}</span> : <span>—</span>);

/** The page's form for its state: register when no record is given, else change that record. */
export function RegistryForm<T extends { id: string; version: number }>({
  state,
  fields,
  createTitle,
  editTitle,
  create,
  update,
  testId,
}: {
  state: RegistryState<T>;
  fields: FieldSpec[];
  createTitle: string;
  editTitle: (record: T) => string;
  create: (body: Record<string, unknown>) => Promise<{ id: string }>;
  update: (id: string, body: Record<string, unknown> & { version: number }) => Promise<{ id: string }>;
  testId: string;
}) {
  const { t } = useTranslation();
  const record = state.form?.record;
  return (
    <RecordFormModal
      open={state.form !== null}
      title={record ? `${t('base.record.edit')} · ${editTitle(record)}` : createTitle}
      fields={fields}
      initial={record}
      version={record?.version}
      onClose={() => state.setForm(null)}
      save={(body) => (record ? update(record.id, body as Record<string, unknown> & { version: number }) : create(body))}
      onSaved={state.saved}
      testId={testId}
    />
  );
}
