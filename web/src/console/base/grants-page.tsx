import { Button, Checkbox, Popconfirm, Select, Space, type TableProps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createGrant, listGrants, revokeGrant } from '../../api/base-client';
import { type BaseGrant, type GrantBody, type GrantListQuery, type GrantRegistry, grantRegistries } from '../../api/base-types';
import { useLang } from '../../i18n';
import { ErrorAlert } from '../shared/error-alert';
import { formatDateTime } from '../shared/format';
import { useQueryResult } from '../shared/use-query-result';
import { useBaseOptions } from './base-labels';
import { RegistryCard } from './record-drawer';
import { type FieldSpec, RecordFormModal } from './record-form';
import { PagedTable, useListQuery } from './registry-list';

/** A grant's state: revoked, expired, or active. */
const stateOf = (g: BaseGrant) => (g.revokedAt ? 'revoked' : g.active ? 'active' : 'expired');
const stateColours = { active: 'green', expired: 'default', revoked: 'red' } as const;

/**
 * 数据授权 (base.grant): a registry of a division opened to a department, until a date or until
 * revoked. The server keeps the division within the granter's jurisdiction and audits both.
 */
export default function GrantsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const options = useBaseOptions();
  const { query, setQuery, set } = useListQuery<GrantListQuery & { divisionCode?: string; gridCode?: string }>({ active: true });
  const { data, loading, error, reload } = useQueryResult(listGrants, query);
  const [creating, setCreating] = useState(false);
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const f = (name: string) => t(`base.grants.${name}` as 'base.grants.title');

  const fields: FieldSpec[] = [
    { name: 'unitId', label: f('unit'), type: 'unit', unitKind: 'department', required: true },
    { name: 'registry', label: f('registry'), type: 'select', required: true, options: options('registries', grantRegistries) },
    { name: 'divisionCode', label: f('division'), type: 'division', required: true },
    { name: 'expiresAt', label: f('expiresAt'), type: 'date', help: f('never') },
    { name: 'reason', label: f('reason'), type: 'text', required: true, span: 24, max: 200 },
  ];

  async function revoke(g: BaseGrant) {
    setRevokeError(null);
    try {
      await revokeGrant(g.id);
      reload();
    } catch (caught) {
      setRevokeError(caught);
    }
  }

  const columns: TableProps<BaseGrant>['columns'] = [
    { key: 'unit', title: f('unit'), dataIndex: 'unitName' },
    { key: 'registry', title: f('registry'), render: (_, g) => <Tag color="blue">{options('registries', [g.registry])[0]?.label}</Tag> },
    { key: 'division', title: f('division'), dataIndex: 'divisionName' },
    { key: 'reason', title: f('reason'), dataIndex: 'reason' },
    { key: 'expiresAt', title: f('expiresAt'), render: (_, g) => (g.expiresAt ? formatDateTime(g.expiresAt, lang) : f('never')) },
    { key: 'grantedBy', title: f('grantedBy'), render: (_, g) => `${g.grantedByName} · ${formatDateTime(g.grantedAt, lang)}` },
    {
      key: 'state',
      title: f('state'),
      render: (_, g) => <Tag color={stateColours[stateOf(g)]}>{t(`base.grants.states.${stateOf(g)}` as 'base.grants.states.active')}</Tag>,
    },
    {
      key: 'revoke',
      title: '',
      render: (_, g) =>
        g.active && (
          <Popconfirm title={t('base.grants.revokeConfirm', { unit: g.unitName })} onConfirm={() => revoke(g)}>
            <Button type="link" danger size="small" data-testid="grant-revoke">
              {f('revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <RegistryCard title={f('title')} testId="grants" onReload={reload} createLabel={f('create')} onCreate={() => setCreating(true)}>
      <Typography.Paragraph type="secondary">{f('intro')}</Typography.Paragraph>
      <Space wrap className="base-filters">
        <Select<GrantRegistry>
          allowClear
          placeholder={f('registry')}
          style={{ width: 160 }}
          value={query.registry}
          onChange={(registry) => set({ registry })}
          options={options('registries', grantRegistries) as { value: GrantRegistry; label: string }[]}
        />
        <Checkbox checked={query.active === true} onChange={(e) => set({ active: e.target.checked || undefined })}>
          {f('activeOnly')}
        </Checkbox>
      </Space>
      <ErrorAlert className="form-alert" error={error ?? revokeError} onRetry={reload} />
      <PagedTable<BaseGrant> query={query} setQuery={setQuery} data={data} loading={loading} columns={columns} emptyText={f('empty')} testId="grants-table" />
      <RecordFormModal
        open={creating}
        title={f('create')}
        fields={fields}
        onClose={() => setCreating(false)}
        save={(body) =>
          createGrant({
            ...(body as unknown as GrantBody),
            // The end of the chosen day, in the browser's time zone.
            expiresAt: body.expiresAt ? new Date(`${String(body.expiresAt)}T23:59:59`).toISOString() : null,
          })
        }
        onSaved={() => {
          setCreating(false);
          reload();
        }}
        testId="grant-form"
      />
    </RegistryCard>
  );
}
