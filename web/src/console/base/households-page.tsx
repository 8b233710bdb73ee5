import { Button, Checkbox, Popconfirm, Select, Space, Table, type TableProps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addHouseholdMember, createHousehold, getHousehold, listHouseholds, removeHouseholdMember, updateHousehold } from '../../api/base-client';
import type { HouseholdBody, HouseholdDetail, HouseholdRow, RegistryQuery } from '../../api/base-types';
import { ErrorAlert } from '../shared/error-alert';
import { useSession } from '../shared/session';
import { useAction } from '../shared/use-action';
import { orDash, useBaseLabel, useBaseOptions } from './base-labels';
import { PersonSelect } from './pickers';
import { Masked, placeColumns, placeItems, RecordDrawer, RegistryCard, RegistryForm, useRegistryState } from './record-drawer';
import type { FieldSpec } from './record-form';
import { FilterBar, RegistryTable, useRegistryList } from './registry-list';
import { ResidencyTag } from './residency-tag';

const kinds = ['family', 'collective'];
const relations = ['spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'otherRelative', 'other'];

/** 户: households by number or head, with their members (masked) in the drawer; members join and leave there. */
export default function HouseholdsPage() {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const options = useBaseOptions();
  const { can } = useSession();
  const list = useRegistryList<RegistryQuery, HouseholdRow>(listHouseholds);
  const { query, set, reset, reload } = list;
  const state = useRegistryState<HouseholdDetail>(reload);
  const f = (name: string) => t(`base.households.${name}` as 'base.households.title');
  const writable = can('base.write');

  const record = state.form?.record;
  const fields: FieldSpec[] = [
    { name: 'householdNo', label: f('householdNo'), type: 'text', required: true, max: 30 },
    { name: 'kind', label: f('kind'), type: 'select', options: options('householdKinds', kinds) },
    record
      ? { name: 'headPersonId', label: f('head'), type: 'select', options: record.memberList.map((m) => ({ value: m.personId, label: m.name })) }
      : { name: 'headPersonId', label: f('head'), type: 'person', required: true },
    {
      name: 'dwellingId',
      label: f('dwelling'),
      type: 'dwelling',
      span: 24,
      help: f('dwellingHelp'),
      known: record?.dwelling
        ? [{ value: record.dwelling.id, label: [record.dwelling.buildingName, record.dwelling.unitLabel, record.dwelling.roomNo].filter(Boolean).join(' ') }]
        : undefined,
    },
    { name: 'gridCode', label: t('base.fields.gridCode'), type: 'grid', help: f('gridHelp') },
    { name: 'move', label: f('move'), type: 'switch', createOnly: true, span: 24 },
  ];

  const columns: TableProps<HouseholdRow>['columns'] = [
    {
      key: 'no',
      title: f('householdNo'),
      render: (_, h) => (
        <Button type="link" className="base-link" onClick={() => state.setOpenId(h.id)} data-testid="household-link">
          {h.householdNo}
        </Button>
      ),
    },
    { key: 'kind', title: f('kind'), render: (_, h) => label('householdKinds', h.kind) },
    { key: 'head', title: f('head'), render: (_, h) => orDash(h.headName) },
    { key: 'members', title: f('members'), dataIndex: 'members' },
    ...placeColumns<HouseholdRow>(t),
  ];

  return (
    <RegistryCard title={f('title')} testId="households" onReload={reload} createLabel={f('create')} onCreate={writable ? () => state.setForm({}) : undefined}>
      <FilterBar query={query} set={set} reset={reset} testId="households" searchPlaceholder={f('searchPlaceholder')} />
      <RegistryTable<HouseholdRow> list={list} columns={columns} emptyText={f('empty')} onOpen={(h) => state.setOpenId(h.id)} testId="households-table" />
      <RecordDrawer<HouseholdDetail>
        state={state}
        section="households"
        load={getHousehold}
        testId="household-drawer"
        title={(h) => `${f('householdNo')} ${h.householdNo}`}
        editable={writable}
        items={(h) => [
          { key: 'kind', label: f('kind'), children: label('householdKinds', h.kind) },
          { key: 'head', label: f('head'), children: orDash(h.headName) },
          {
            key: 'dwelling',
            label: f('dwelling'),
            span: 2,
            children: h.dwelling ? (
              <Link to={`/buildings/${h.dwelling.buildingId}`}>
                {h.dwelling.buildingName} {[h.dwelling.unitLabel, h.dwelling.roomNo].filter(Boolean).join(' ')}
              </Link>
            ) : (
              f('noDwelling')
            ),
          },
          ...placeItems(t, h),
        ]}
      >
        {(h) => <Members household={h} writable={writable} onChanged={state.refresh} />}
      </RecordDrawer>
      <RegistryForm
        state={state}
        fields={fields}
        createTitle={f('create')}
        editTitle={(r) => r.householdNo}
        create={(body) => createHousehold(body as unknown as HouseholdBody)}
        update={updateHousehold}
        testId="household-form"
      />
    </RegistryCard>
  );
}

function Members({ household, writable, onChanged }: { household: HouseholdDetail; writable: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const options = useBaseOptions();
  const f = (name: string) => t(`base.households.${name}` as 'base.households.title');
  const [personId, setPersonId] = useState<string>();
  const [relation, setRelation] = useState<string>();
  const [move, setMove] = useState(false);
  const action = useAction();
  const { busy, error } = action;
  const run = (change: () => Promise<unknown>) =>
    action.run(change, () => {
      setPersonId(undefined);
      setRelation(undefined);
      setMove(false);
      onChanged();
    });

  return (
    <div>
      <Table
        size="small"
        rowKey="personId"
        pagination={false}
        title={() => <Typography.Text strong>{f('memberList')}</Typography.Text>}
        dataSource={household.memberList}
        data-testid="household-members"
        columns={[
          { key: 'name', title: t('base.fields.name'), className: 'base-nowrap', render: (_, m) => <Link to={`/persons/${m.personId}`}>{m.name}</Link> },
          { key: 'relation', title: f('relation'), render: (_, m) => label('relations', m.relation) },
          { key: 'sex', title: t('base.fields.sex'), render: (_, m) => label('sex', m.sex) },
          { key: 'birthYear', title: t('base.fields.birthYear'), render: (_, m) => orDash(m.birthYear) },
          { key: 'residency', title: t('base.fields.residency'), render: (_, m) => <ResidencyTag residency={m.residency} /> },
          { key: 'id', title: t('base.fields.idNumber'), render: (_, m) => <Masked value={m.idNumberMasked} /> },
          ...(writable
            ? [
                {
                  key: 'remove',
                  title: '',
                  render: (_: unknown, m: HouseholdDetail['memberList'][number]) =>
                    m.personId !== household.headPersonId && (
                      <Popconfirm
                        title={t('base.households.removeConfirm', { name: m.name })}
                        onConfirm={() => run(() => removeHouseholdMember(household.id, m.personId))}
                      >
                        <Button type="link" size="small" danger>
                          {f('remove')}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
      {writable && (
        <Space wrap className="base-inline-form">
          <PersonSelect
            value={personId}
            onChange={(id: string | undefined) => setPersonId(id)}
            placeholder={t('base.record.personPlaceholder')}
            style={{ width: 260 }}
            testId="household-member-person"
          />
          <Select<string>
            placeholder={f('relation')}
            value={relation}
            onChange={setRelation}
            options={options('relations', relations)}
            style={{ width: 180 }}
          />
          <Checkbox checked={move} onChange={(e) => setMove(e.target.checked)}>
            {f('move')}
          </Checkbox>
          <Button
            type="primary"
            disabled={!personId || !relation}
            loading={busy}
            onClick={() =>
              run(() => addHouseholdMember(household.id, { personId: personId as string, relation: relation as string, ...(move ? { move } : {}) }))
            }
          >
            {f('addMember')}
          </Button>
        </Space>
      )}
      <ErrorAlert className="form-alert" error={error} />
    </div>
  );
}
