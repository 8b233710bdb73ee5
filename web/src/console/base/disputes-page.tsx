import { Button, Select, Table, type TableProps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { createDispute, getDispute, listDisputes, updateDispute } from '../../api/base-client';
import type { Dispute, DisputeDetail, DisputeListQuery } from '../../api/base-types';
import { useSession } from '../shared/session';
import { orDash, useBaseLabel, useBaseOptions } from './base-labels';
import { Masked, placeColumns, placeItems, RecordDrawer, RegistryCard, RegistryForm, useRegistryState } from './record-drawer';
import type { FieldSpec } from './record-form';
import { FilterBar, RegistryTable, useRegistryList } from './registry-list';

const kinds = ['family', 'neighbours', 'land', 'labour', 'propertyManagement', 'marriage', 'debt', 'other'];
const outcomes = ['pending', 'mediating', 'mediated', 'failed', 'referred'];
const methods = ['peoplesMediation', 'administrativeMediation', 'judicialMediation', 'jointMediation', 'other'];
const outcomeColours: Record<string, string> = { pending: 'default', mediating: 'processing', mediated: 'success', failed: 'error', referred: 'warning' };

/** 矛盾纠纷: disputes by kind and outcome; the drawer shows the registered parties (masked) and the mediation. */
export default function DisputesPage() {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const options = useBaseOptions();
  const { can } = useSession();
  const list = useRegistryList<DisputeListQuery, Dispute>(listDisputes);
  const { query, set, reset, reload } = list;
  const state = useRegistryState<DisputeDetail>(reload);
  const f = (name: string) => t(`base.disputes.${name}` as 'base.disputes.title');
  const writable = can('base.write');
  const record = state.form?.record;

  const fields: FieldSpec[] = [
    { name: 'occurredOn', label: f('occurredOn'), type: 'date', required: true },
    { name: 'kind', label: f('kind'), type: 'select', required: true, options: options('disputeKinds', kinds) },
    { name: 'place', label: f('place'), type: 'text', required: true, max: 200 },
    { name: 'gridCode', label: t('base.fields.gridCode'), type: 'grid', help: t('base.record.gridOrPoint') },
    { name: 'partyCount', label: f('partyCount'), type: 'int', required: true },
    { name: 'partyPersonIds', label: f('parties'), type: 'persons', known: record?.parties.map((p) => ({ value: p.personId, label: p.name })) },
    { name: 'summary', label: f('summary'), type: 'textarea', required: true, span: 24 },
    { name: 'outcome', label: f('outcome'), type: 'select', options: options('disputeOutcomes', outcomes) },
    { name: 'method', label: f('method'), type: 'select', options: options('mediationMethods', methods) },
    ...(can('unit.read')
      ? [
          {
            name: 'mediatingUnitId',
            label: f('mediatingUnit'),
            type: 'unit' as const,
            known: record?.mediatingUnitId ? [{ value: record.mediatingUnitId, label: record.mediatingUnitName ?? '' }] : undefined,
          },
        ]
      : []),
    { name: 'followUpOn', label: f('followUpOn'), type: 'date' },
    { name: 'agreement', label: f('agreement'), type: 'textarea', span: 24 },
  ];

  const columns: TableProps<Dispute>['columns'] = [
    {
      key: 'occurredOn',
      title: f('occurredOn'),
      render: (_, d) => (
        <Button type="link" className="base-link" onClick={() => state.setOpenId(d.id)} data-testid="dispute-link">
          {d.occurredOn}
        </Button>
      ),
    },
    { key: 'kind', title: f('kind'), render: (_, d) => label('disputeKinds', d.kind) },
    {
      key: 'summary',
      title: f('summary'),
      render: (_, d) => (
        <Typography.Text ellipsis={{ tooltip: d.summary }} style={{ maxWidth: 280 }}>
          {d.summary}
        </Typography.Text>
      ),
    },
    { key: 'place', title: f('place'), dataIndex: 'place' },
    { key: 'parties', title: f('partyCount'), dataIndex: 'partyCount' },
    { key: 'outcome', title: f('outcome'), render: (_, d) => <Tag color={outcomeColours[d.outcome]}>{label('disputeOutcomes', d.outcome)}</Tag> },
    { key: 'followUpOn', title: f('followUpOn'), render: (_, d) => orDash(d.followUpOn) },
    ...placeColumns<Dispute>(t),
  ];

  return (
    <RegistryCard title={f('title')} testId="disputes" onReload={reload} createLabel={f('create')} onCreate={writable ? () => state.setForm({}) : undefined}>
      <FilterBar
        query={query}
        set={set}
        reset={reset}
        testId="disputes"
        kind={{ placeholder: f('kind'), options: options('disputeKinds', kinds) }}
        filtered={Boolean(query.outcome)}
      >
        <Select<string>
          allowClear
          placeholder={f('outcomeFilter')}
          style={{ width: 130 }}
          value={query.outcome}
          onChange={(outcome) => set({ outcome })}
          options={options('disputeOutcomes', outcomes)}
        />
      </FilterBar>
      <RegistryTable<Dispute> list={list} columns={columns} emptyText={f('empty')} onOpen={(d) => state.setOpenId(d.id)} testId="disputes-table" />
      <RecordDrawer<DisputeDetail>
        state={state}
        section="disputes"
        load={getDispute}
        testId="dispute-drawer"
        title={(d) => `${label('disputeKinds', d.kind)} · ${d.occurredOn}`}
        editable={writable}
        items={(d) => [
          { key: 'place', label: f('place'), span: 2, children: d.place },
          { key: 'summary', label: f('summary'), span: 2, children: d.summary },
          { key: 'count', label: f('partyCount'), children: d.partyCount },
          { key: 'outcome', label: f('outcome'), children: <Tag color={outcomeColours[d.outcome]}>{label('disputeOutcomes', d.outcome)}</Tag> },
          { key: 'unit', label: f('mediatingUnit'), children: orDash(d.mediatingUnitName) },
          { key: 'method', label: f('method'), children: label('mediationMethods', d.method) },
          { key: 'agreement', label: f('agreement'), span: 2, children: orDash(d.agreement) },
          { key: 'followUpOn', label: f('followUpOn'), children: orDash(d.followUpOn) },
          ...placeItems(t, d),
        ]}
      >
        {(d) => (
          <Table
            size="small"
            rowKey="personId"
            pagination={false}
            title={() => <Typography.Text strong>{f('parties')}</Typography.Text>}
            dataSource={d.parties}
            columns={[
              { key: 'name', title: t('base.fields.name'), render: (_, p) => <Link to={`/persons/${p.personId}`}>{p.name}</Link> },
              { key: 'id', title: t('base.fields.idNumber'), render: (_, p) => <Masked value={p.idNumberMasked} /> },
            ]}
          />
        )}
      </RecordDrawer>
      <RegistryForm
        state={state}
        fields={fields}
        createTitle={f('create')}
        editTitle={(r) => label('disputeKinds', r.kind)}
        create={createDispute}
        update={updateDispute}
        testId="dispute-form"
      />
    </RegistryCard>
  );
}
