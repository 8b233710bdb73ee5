import { Button, Input, Popover, Select, Space, type TableProps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addVisit, createCare, getCare, listCare, updateCare } from '../../api/base-client';
import type { CarePerson, CarePersonDetail, RegistryQuery } from '../../api/base-types';
import { useSession } from '../shared/session';
import { useErrorText } from '../shared/use-error-text';
import { orDash, todayIso, useBaseLabel, useBaseOptions } from './base-labels';
import { Masked, placeColumns, placeItems, RecordDrawer, RegistryCard, RegistryForm, useRegistryState } from './record-drawer';
import type { FieldSpec } from './record-form';
import { FilterBar, RegistryTable, useRegistryList } from './registry-list';

const kinds = ['leftBehindChild', 'elderlyAlone', 'emptyNestElderly', 'womanInDifficulty', 'disabled', 'lowIncome'];

/**
 * 关爱对象: the care persons by kind, each with its helper and last visit; a visit is recorded in the row
 * or the drawer, which shows the record (its read audited by the server) with its history and edit.
 */
export default function CarePage() {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const options = useBaseOptions();
  const { can } = useSession();
  const list = useRegistryList<RegistryQuery & { status?: string }, CarePerson>(listCare);
  const { query, set, reset, reload } = list;
  const state = useRegistryState<CarePersonDetail>(reload);
  const f = (name: string) => t(`base.care.${name}` as 'base.care.title');
  const writable = can('base.write');

  const fields: FieldSpec[] = [
    { name: 'personId', label: f('person'), type: 'person', required: true, createOnly: true, span: 24 },
    { name: 'kind', label: f('kind'), type: 'select', required: true, options: options('careKinds', kinds) },
    { name: 'status', label: f('status'), type: 'select', options: options('recordStatuses', ['active', 'closed']) },
    { name: 'helper', label: f('helper'), type: 'text', max: 100 },
    { name: 'lastVisitOn', label: f('lastVisitOn'), type: 'date' },
    { name: 'needs', label: f('needs'), type: 'textarea', span: 24, max: 500 },
  ];

  const columns: TableProps<CarePerson>['columns'] = [
    {
      key: 'name',
      title: t('base.fields.name'),
      render: (_, c) => (
        <Button type="link" className="base-link" onClick={() => state.setOpenId(c.id)} data-testid="care-link">
          {c.personName}
        </Button>
      ),
    },
    { key: 'kind', title: f('kind'), render: (_, c) => <Tag>{label('careKinds', c.kind)}</Tag> },
    { key: 'sex', title: t('base.fields.sex'), render: (_, c) => label('sex', c.sex) },
    { key: 'birthYear', title: t('base.fields.birthYear'), render: (_, c) => orDash(c.birthYear) },
    { key: 'phone', title: t('base.fields.phone'), render: (_, c) => <Masked value={c.phoneMasked} /> },
    { key: 'needs', title: f('needs'), render: (_, c) => orDash(c.needs) },
    { key: 'helper', title: f('helper'), render: (_, c) => orDash(c.helper) },
    { key: 'visit', title: f('lastVisitOn'), render: (_, c) => orDash(c.lastVisitOn) },
    ...placeColumns<CarePerson>(t),
    { key: 'status', title: f('status'), render: (_, c) => <Tag color={c.status === 'active' ? 'green' : 'default'}>{label('recordStatuses', c.status)}</Tag> },
    ...(writable
      ? [
          {
            key: 'actions',
            title: '',
            // The list scrolls sideways on a narrow screen; the visit stays in reach.
            fixed: 'right' as const,
            render: (_: unknown, c: CarePerson) => <VisitButton care={c} onDone={reload} />,
          },
        ]
      : []),
  ];

  return (
    <RegistryCard title={f('title')} testId="care" onReload={reload} createLabel={f('create')} onCreate={writable ? () => state.setForm({}) : undefined}>
      <FilterBar
        query={query}
        set={set}
        reset={reset}
        testId="care"
        searchPlaceholder={f('searchPlaceholder')}
        kind={{ placeholder: f('kind'), options: options('careKinds', kinds), width: 160 }}
        filtered={Boolean(query.status)}
      >
        <Select<string>
          allowClear
          placeholder={f('status')}
          style={{ width: 110 }}
          value={query.status}
          onChange={(status) => set({ status })}
          options={options('recordStatuses', ['active', 'closed'])}
        />
      </FilterBar>
      <RegistryTable<CarePerson> list={list} columns={columns} emptyText={f('empty')} onOpen={(c) => state.setOpenId(c.id)} testId="care-table" />
      <RecordDrawer<CarePersonDetail>
        state={state}
        section="care"
        load={getCare}
        testId="care-drawer"
        title={(c) => (
          <Space size={8} wrap>
            {c.personName}
            <Tag>{label('careKinds', c.kind)}</Tag>
          </Space>
        )}
        editable={writable}
        items={(c) => [
          {
            key: 'person',
            label: f('person'),
            children: (
              <Link to={`/persons/${c.personId}`} data-testid="care-person-link">
                {c.personName}
              </Link>
            ),
          },
          { key: 'kind', label: f('kind'), children: label('careKinds', c.kind) },
          { key: 'sex', label: t('base.fields.sex'), children: label('sex', c.sex) },
          { key: 'birthYear', label: t('base.fields.birthYear'), children: orDash(c.birthYear) },
          { key: 'id', label: t('base.fields.idNumber'), children: <Masked value={c.idNumberMasked} /> },
          { key: 'phone', label: t('base.fields.phone'), children: <Masked value={c.phoneMasked} /> },
          { key: 'needs', label: f('needs'), span: 2, children: orDash(c.needs) },
          { key: 'helper', label: f('helper'), children: orDash(c.helper) },
          {
            key: 'visit',
            label: f('lastVisitOn'),
            children: (
              <Space size={4} wrap>
                {orDash(c.lastVisitOn)}
                {writable && <VisitButton care={c} onDone={state.refresh} />}
              </Space>
            ),
          },
          { key: 'status', label: f('status'), children: label('recordStatuses', c.status) },
          ...placeItems(t, c),
        ]}
      />
      <RegistryForm
        state={state}
        fields={fields}
        createTitle={f('create')}
        editTitle={(r) => r.personName}
        create={createCare}
        update={updateCare}
        testId="care-form"
      />
    </RegistryCard>
  );
}

/** 记录探访: a date (today unless changed); the server sets the last visit. */
function VisitButton({ care, onDone }: { care: CarePerson; onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [on, setOn] = useState(todayIso());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit() {
    setBusy(true);
    setError(null);
    try {
      await addVisit(care.id, on);
      setOpen(false);
      onDone();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      title={t('base.care.visitOn')}
      content={
        <div className="base-popover-form">
          <Space>
            <Input type="date" value={on} onChange={(e) => setOn(e.target.value)} status={error ? 'error' : undefined} />
            <Button type="primary" loading={busy} onClick={submit}>
              {t('common.save')}
            </Button>
          </Space>
          {error && <Typography.Text type="danger">{error}</Typography.Text>}
        </div>
      }
    >
      <Button type="link" size="small">
        {t('base.care.visit')}
      </Button>
    </Popover>
  );
}
