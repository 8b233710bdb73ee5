import { Button, Input, Popover, Select, Space, type TableProps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addVisit, createCare, listCare, updateCare } from '../../api/base-client';
import type { CarePerson, RegistryQuery } from '../../api/base-types';
import { useSession } from '../shared/session';
import { useErrorText } from '../shared/use-error-text';
import { orDash, todayIso, useBaseLabel, useBaseOptions } from './base-labels';
import { Masked, placeColumns, RegistryCard, useRegistryState } from './record-drawer';
import { type FieldSpec, RecordFormModal } from './record-form';
import { FilterBar, RegistryTable, useRegistryList } from './registry-list';

const kinds = ['leftBehindChild', 'elderlyAlone', 'emptyNestElderly', 'womanInDifficulty', 'disabled', 'lowIncome'];

/** 关爱对象: the care persons by kind, each with its helper and last visit; a visit is recorded in the row. */
export default function CarePage() {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const options = useBaseOptions();
  const { can } = useSession();
  const list = useRegistryList<RegistryQuery & { status?: string }, CarePerson>(listCare);
  const { query, set, reset, reload } = list;
  const state = useRegistryState<CarePerson>(reload);
  const f = (name: string) => t(`base.care.${name}` as 'base.care.title');
  const writable = can('base.write');
  const record = state.form?.record;

  const fields: FieldSpec[] = [
    { name: 'personId', label: f('person'), type: 'person', required: true, createOnly: true, span: 24 },
    { name: 'kind', label: f('kind'), type: 'select', required: true, options: options('careKinds', kinds) },
    { name: 'status', label: f('status'), type: 'select', options: options('recordStatuses', ['active', 'closed']) },
    { name: 'helper', label: f('helper'), type: 'text', max: 100 },
    { name: 'lastVisitOn', label: f('lastVisitOn'), type: 'date' },
    { name: 'needs', label: f('needs'), type: 'textarea', span: 24, max: 500 },
  ];

  const columns: TableProps<CarePerson>['columns'] = [
    { key: 'name', title: t('base.fields.name'), render: (_, c) => <Link to={`/persons/${c.personId}`}>{c.personName}</Link> },
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
            render: (_: unknown, c: CarePerson) => (
              <Space size={0}>
                <VisitButton care={c} onDone={reload} />
                <Button type="link" size="small" onClick={() => state.setForm({ record: c })}>
                  {t('base.record.edit')}
                </Button>
              </Space>
            ),
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
      <RegistryTable<CarePerson> list={list} columns={columns} emptyText={f('empty')} testId="care-table" />
      <RecordFormModal
        open={state.form !== null}
        title={record ? `${t('base.record.edit')} · ${record.personName}` : f('create')}
        fields={fields}
        initial={record}
        version={record?.version}
        onClose={() => state.setForm(null)}
        save={(body) => (record ? updateCare(record.id, body as { version: number }) : createCare(body))}
        onSaved={() => {
          state.setForm(null);
          reload();
        }}
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
