import { Button, Select, type TableProps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { createHazard, getHazard, listHazards, updateHazard } from '../../api/base-client';
import type { Hazard, HazardDetail, HazardListQuery } from '../../api/base-types';
import { useSession } from '../shared/session';
import { orDash, useBaseLabel, useBaseOptions } from './base-labels';
import { placeColumns, placeItems, RecordDrawer, RegistryCard, RegistryForm, useRegistryState } from './record-drawer';
import type { FieldSpec } from './record-form';
import { FilterBar, RegistryTable, useRegistryList } from './registry-list';

const kinds = ['fire', 'building', 'gas', 'electrical', 'traffic', 'flood', 'foodSafety', 'other'];
const levels = ['general', 'major'];
const statuses = ['open', 'rectifying', 'rectified'];
const statusColours: Record<string, string> = { open: 'error', rectifying: 'processing', rectified: 'success' };

/** 安全隐患: hazards by kind, level and rectification; a major one is tagged red. */
export default function HazardsPage() {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const options = useBaseOptions();
  const { can } = useSession();
  const list = useRegistryList<HazardListQuery, Hazard>(listHazards);
  const { query, set, reset, reload } = list;
  const state = useRegistryState<HazardDetail>(reload);
  const f = (name: string) => t(`base.hazards.${name}` as 'base.hazards.title');
  const writable = can('base.write');
  const record = state.form?.record;

  const fields: FieldSpec[] = [
    { name: 'foundOn', label: f('foundOn'), type: 'date', required: true },
    { name: 'kind', label: f('kind'), type: 'select', required: true, options: options('hazardKinds', kinds) },
    { name: 'level', label: f('level'), type: 'select', required: true, options: options('hazardLevels', levels) },
    { name: 'gridCode', label: t('base.fields.gridCode'), type: 'grid', help: t('base.record.gridOrPoint') },
    { name: 'description', label: f('description'), type: 'textarea', required: true, span: 24 },
    {
      name: 'organisationId',
      label: f('organisation'),
      type: 'organisation',
      known: record?.organisationId ? [{ value: record.organisationId, label: record.organisationName ?? '' }] : undefined,
    },
    { name: 'rectifyBy', label: f('rectifyBy'), type: 'date' },
    { name: 'status', label: f('status'), type: 'select', options: options('hazardStatuses', statuses) },
    { name: 'rectifiedOn', label: f('rectifiedOn'), type: 'date' },
  ];

  const level = (h: Hazard) => <Tag color={h.level === 'major' ? 'red' : 'gold'}>{label('hazardLevels', h.level)}</Tag>;
  const status = (h: Hazard) => <Tag color={statusColours[h.status]}>{label('hazardStatuses', h.status)}</Tag>;
  const columns: TableProps<Hazard>['columns'] = [
    {
      key: 'foundOn',
      title: f('foundOn'),
      render: (_, h) => (
        <Button type="link" className="base-link" onClick={() => state.setOpenId(h.id)} data-testid="hazard-link">
          {h.foundOn}
        </Button>
      ),
    },
    { key: 'kind', title: f('kind'), render: (_, h) => label('hazardKinds', h.kind) },
    { key: 'level', title: f('level'), render: (_, h) => level(h) },
    {
      key: 'description',
      title: f('description'),
      render: (_, h) => (
        <Typography.Text ellipsis={{ tooltip: h.description }} style={{ maxWidth: 300 }}>
          {h.description}
        </Typography.Text>
      ),
    },
    { key: 'rectifyBy', title: f('rectifyBy'), render: (_, h) => orDash(h.rectifyBy) },
    { key: 'status', title: f('status'), render: (_, h) => status(h) },
    ...placeColumns<Hazard>(t),
  ];

  return (
    <RegistryCard title={f('title')} testId="hazards" onReload={reload} createLabel={f('create')} onCreate={writable ? () => state.setForm({}) : undefined}>
      <FilterBar
        query={query}
        set={set}
        reset={reset}
        testId="hazards"
        kind={{ placeholder: f('kind'), options: options('hazardKinds', kinds), width: 120 }}
        filtered={Boolean(query.level || query.status)}
      >
        <Select<string>
          allowClear
          placeholder={f('levelFilter')}
          style={{ width: 120 }}
          value={query.level}
          onChange={(value) => set({ level: value })}
          options={options('hazardLevels', levels)}
        />
        <Select<string>
          allowClear
          placeholder={f('statusFilter')}
          style={{ width: 120 }}
          value={query.status}
          onChange={(value) => set({ status: value })}
          options={options('hazardStatuses', statuses)}
        />
      </FilterBar>
      <RegistryTable<Hazard> list={list} columns={columns} emptyText={f('empty')} onOpen={(h) => state.setOpenId(h.id)} testId="hazards-table" />
      <RecordDrawer<HazardDetail>
        state={state}
        section="hazards"
        load={getHazard}
        testId="hazard-drawer"
        title={(h) => `${label('hazardKinds', h.kind)} · ${h.foundOn}`}
        editable={writable}
        items={(h) => [
          { key: 'level', label: f('level'), children: level(h) },
          { key: 'status', label: f('status'), children: status(h) },
          { key: 'description', label: f('description'), span: 2, children: h.description },
          { key: 'organisation', label: f('organisation'), span: 2, children: orDash(h.organisationName) },
          { key: 'rectifyBy', label: f('rectifyBy'), children: orDash(h.rectifyBy) },
          { key: 'rectifiedOn', label: f('rectifiedOn'), children: orDash(h.rectifiedOn) },
          ...placeItems(t, h),
        ]}
      />
      <RegistryForm
        state={state}
        fields={fields}
        createTitle={f('create')}
        editTitle={(r) => label('hazardKinds', r.kind)}
        create={createHazard}
        update={updateHazard}
        testId="hazard-form"
      />
    </RegistryCard>
  );
}
