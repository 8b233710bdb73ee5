import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listAuditEvents } from '../../api/client';
import type { AuditEvent } from '../../api/types';
import { zhCN } from '../../locales/zh-cn';
import { useLang } from '../../i18n';
import { formatDateTime } from '../shared/format';
import { ErrorAlert } from '../shared/error-alert';
import { useVerifyChain } from './verify-chain';

const pageSize = 50;
const knownActions = Object.keys(zhCN.audit.actions);
const outcomeColours: Record<string, string> = { ok: 'success', success: 'success', failed: 'error', failure: 'error', denied: 'warning' };

/** 审计: the append-only trail, read forward by cursor, with the hash-chain check. */
export default function AuditPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [action, setAction] = useState<string | undefined>();
  const [items, setItems] = useState<AuditEvent[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const verify = useVerifyChain();

  const load = useCallback(
    async (after: number | undefined, replace: boolean, isLive: () => boolean = () => true) => {
      setLoading(true);
      setError(null);
      try {
        const page = await listAuditEvents({ after, limit: pageSize, action });
        if (!isLive()) return;
        setItems((current) => (replace ? page.items : [...current, ...page.items]));
        setNext(page.next);
      } catch (caught) {
        if (isLive()) setError(caught);
      } finally {
        if (isLive()) setLoading(false);
      }
    },
    [action],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the retry button's trigger
  useEffect(() => {
    let live = true;
    setItems([]);
    setNext(null);
    void load(undefined, true, () => live);
    return () => {
      live = false;
    };
  }, [load, generation]);

  const actionName = (code: string) => t(`audit.actions.${code}` as 'audit.actions.auth.login', { defaultValue: code });
  const columns: TableProps<AuditEvent>['columns'] = [
    { key: 'seq', dataIndex: 'seq', title: t('audit.seq'), width: 80 },
    { key: 'at', dataIndex: 'at', title: t('audit.at'), width: 180, render: (value: string) => formatDateTime(value, lang) },
    {
      key: 'actor',
      title: t('audit.actor'),
      render: (_, event) =>
        event.actorId ? (
          <Space size={4} orientation="vertical">
            <Typography.Text>{event.actorUsername ?? event.actorId}</Typography.Text>
            {event.actorRole && (
              <Typography.Text type="secondary" className="hint">
                {t(`roles.${event.actorRole}` as 'roles.sysAdmin', { defaultValue: event.actorRole })}
              </Typography.Text>
            )}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>
        ),
    },
    { key: 'ip', dataIndex: 'ip', title: t('audit.ip'), render: (value: string | null) => value ?? '—' },
    {
      key: 'action',
      title: t('audit.action'),
      render: (_, event) => (
        <Space size={4} orientation="vertical">
          <span>{actionName(event.action)}</span>
          <Typography.Text type="secondary" code className="hint">
            {event.action}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'outcome',
      dataIndex: 'outcome',
      title: t('audit.outcome'),
      render: (value: string) => (
        <Tag color={outcomeColours[value] ?? 'default'}>{t(`audit.outcomes.${value}` as 'audit.outcomes.ok', { defaultValue: value })}</Tag>
      ),
    },
    {
      key: 'target',
      title: t('audit.target'),
      render: (_, event) =>
        event.targetType ? (
          <Typography.Text className="hint">
            {event.targetType}
            {event.targetId ? ` · ${event.targetId}` : ''}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    { key: 'division', dataIndex: 'divisionCode', title: t('audit.division'), render: (value: string | null) => value ?? '—' },
    {
      key: 'fields',
      dataIndex: 'fields',
      title: t('audit.fields'),
      render: (fields: string[]) => (fields.length ? fields.map((field) => <Tag key={field}>{field}</Tag>) : '—'),
    },
  ];

  return (
    <Card
      title={t('audit.title')}
      data-testid="audit-page"
      extra={
        <Space wrap>
          <Select
            allowClear
            showSearch
            placeholder={t('audit.actionFilter')}
            style={{ width: 220 }}
            value={action}
            onChange={setAction}
            options={knownActions.map((value) => ({ value, label: actionName(value) }))}
            optionFilterProp="label"
          />
          <Button icon={<ReloadOutlined />} onClick={() => setGeneration((n) => n + 1)} aria-label={t('common.retry')} />
          {verify.button}
        </Space>
      }
    >
      {verify.banner}
      <ErrorAlert className="form-alert" error={error} />
      <Table<AuditEvent>
        rowKey="seq"
        size="small"
        columns={columns}
        dataSource={items}
        loading={loading && items.length === 0}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{
          rowExpandable: (event) => event.detail !== null && event.detail !== undefined,
          expandedRowRender: (event) => <pre className="audit-detail">{JSON.stringify(event.detail, null, 2)}</pre>,
        }}
        data-testid="audit-table"
      />
      <div className="load-more">
        {next !== null ? (
          <Button onClick={() => void load(next, false)} loading={loading} data-testid="audit-load-more">
            {t('audit.loadMore')}
          </Button>
        ) : (
          items.length > 0 && <Typography.Text type="secondary">{t('audit.allLoaded')}</Typography.Text>
        )}
      </div>
    </Card>
  );
}
