import { Button, Checkbox, Input, Select, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addOrganisationPerson, createOrganisation, getOrganisation, listOrganisations, revealOrganisation, updateOrganisation } from '../../api/base-client';
import type { Organisation, OrganisationDetail, OrganisationListQuery, OrganisationRevealableField } from '../../api/base-types';
import { ErrorAlert } from '../shared/error-alert';
import { useSession } from '../shared/session';
import { useAction } from '../shared/use-action';
import { orDash, useBaseLabel, useBaseOptions } from './base-labels';
import { PersonSelect } from './pickers';
import { Masked, placeColumns, placeItems, RecordDrawer, RegistryCard, RegistryForm, useRegistryState } from './record-drawer';
import type { FieldSpec } from './record-form';
import { RevealableValue } from './reveal-modal';
import { FilterBar, RegistryTable, useRegistryList } from './registry-list';

const kinds = ['enterprise', 'individualBusiness', 'socialOrganisation', 'publicInstitution', 'school', 'hospital', 'government', 'other'];
const roles = ['employee', 'legalRepresentative', 'securityContact', 'manager'];
const placeKinds = ['publicPlace', 'entertainment', 'specialTrade', 'internetCafe', 'hotel', 'school', 'hospital', 'market', 'other'];

/** 重点单位 and 重点场所 as tags. */
function KeyTags({ o }: { o: Pick<Organisation, 'keyUnit' | 'placeKind'> }) {
  const { t } = useTranslation();
  const label = useBaseLabel();
  if (!o.keyUnit && !o.placeKind) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={4} wrap data-testid="organisation-tags">
      {o.keyUnit && <Tag color="red">{t('base.organisations.keyUnit')}</Tag>}
      {o.placeKind && (
        <Tag color="orange">
          {t('base.organisations.keyPlace')} · {label('placeKinds', o.placeKind)}
        </Tag>
      )}
    </Space>
  );
}

/** 单位/场所: organisations and places, filtered by kind and as key units or key places; phones masked. */
export default function OrganisationsPage() {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const options = useBaseOptions();
  const { can } = useSession();
  const list = useRegistryList<OrganisationListQuery, Organisation>(listOrganisations);
  const { query, set, reset, reload } = list;
  const state = useRegistryState<OrganisationDetail>(reload);
  const f = (name: string) => t(`base.organisations.${name}` as 'base.organisations.name');

  const fields: FieldSpec[] = [
    { name: 'name', label: f('name'), type: 'text', required: true, max: 100 },
    { name: 'kind', label: f('kind'), type: 'select', required: true, options: options('organisationKinds', kinds) },
    { name: 'creditCode', label: f('creditCode'), type: 'text', max: 18 },
    { name: 'employees', label: f('employees'), type: 'int' },
    { name: 'address', label: f('address'), type: 'text', required: true, span: 24, max: 200 },
    { name: 'gridCode', label: t('base.fields.gridCode'), type: 'grid', help: t('base.record.gridOrPoint') },
    { name: 'status', label: f('status'), type: 'select', options: options('recordStatuses', ['active', 'closed']) },
    { name: 'keyUnit', label: f('keyUnit'), type: 'switch' },
    { name: 'placeKind', label: `${f('keyPlace')} · ${f('placeKind')}`, type: 'select', options: options('placeKinds', placeKinds) },
    { name: 'legalRepName', label: f('legalRepName'), type: 'text', max: 50 },
    { name: 'legalRepPhone', label: f('legalRepPhone'), type: 'text', sealed: true, max: 20 },
    { name: 'securityContactName', label: f('securityContactName'), type: 'text', max: 50 },
    { name: 'securityContactPhone', label: f('securityContactPhone'), type: 'text', sealed: true, max: 20 },
  ];

  const columns: TableProps<Organisation>['columns'] = [
    {
      key: 'name',
      title: f('name'),
      render: (_, o) => (
        <Button type="link" className="base-link" onClick={() => state.setOpenId(o.id)} data-testid="organisation-link">
          {o.name}
        </Button>
      ),
    },
    { key: 'kind', title: f('kind'), render: (_, o) => label('organisationKinds', o.kind) },
    { key: 'tags', title: f('tags'), render: (_, o) => <KeyTags o={o} /> },
    { key: 'address', title: f('address'), dataIndex: 'address' },
    { key: 'legalRep', title: f('legalRepName'), render: (_, o) => orDash(o.legalRepName) },
    { key: 'phone', title: f('legalRepPhone'), render: (_, o) => <Masked value={o.legalRepPhoneMasked} /> },
    { key: 'employees', title: f('employees'), render: (_, o) => orDash(o.employees) },
    ...placeColumns<Organisation>(t),
    { key: 'status', title: f('status'), render: (_, o) => <Tag color={o.status === 'active' ? 'green' : 'default'}>{label('recordStatuses', o.status)}</Tag> },
  ];

  return (
    <RegistryCard
      title={t('base.organisations.title')}
      testId="organisations"
      onReload={reload}
      createLabel={f('create')}
      onCreate={can('base.write') ? () => state.setForm({}) : undefined}
    >
      <FilterBar
        query={query}
        set={set}
        reset={reset}
        testId="organisations"
        searchPlaceholder={f('searchPlaceholder')}
        kind={{ placeholder: f('kind'), options: options('organisationKinds', kinds) }}
        filtered={Boolean(query.keyUnit || query.keyPlace)}
      >
        <Checkbox checked={query.keyUnit === true} onChange={(e) => set({ keyUnit: e.target.checked || undefined })} data-testid="organisations-keyUnit">
          {f('keyUnitOnly')}
        </Checkbox>
        <Checkbox
          checked={query.keyPlace === true}
          onChange={(e) => set({ keyPlace: e.target.checked || undefined, placeKind: undefined })}
          data-testid="organisations-keyPlace"
        >
          {f('keyPlaceOnly')}
        </Checkbox>
        {query.keyPlace && (
          <Select<string>
            allowClear
            placeholder={f('placeKind')}
            style={{ width: 140 }}
            value={query.placeKind}
            onChange={(placeKind) => set({ placeKind })}
            options={options('placeKinds', placeKinds)}
          />
        )}
      </FilterBar>
      <RegistryTable<Organisation> list={list} columns={columns} emptyText={f('empty')} onOpen={(o) => state.setOpenId(o.id)} testId="organisations-table" />
      <RecordDrawer<OrganisationDetail>
        state={state}
        section="organisations"
        load={getOrganisation}
        testId="organisation-drawer"
        title={(o) => (
          <Space size={8} wrap>
            {o.name}
            <KeyTags o={o} />
          </Space>
        )}
        editable={can('base.write')}
        items={(o) => [
          { key: 'kind', label: f('kind'), children: label('organisationKinds', o.kind) },
          { key: 'creditCode', label: f('creditCode'), children: orDash(o.creditCode) },
          { key: 'address', label: f('address'), span: 2, children: o.address },
          { key: 'legalRep', label: f('legalRepName'), children: orDash(o.legalRepName) },
          {
            key: 'legalRepPhone',
            label: f('legalRepPhone'),
            children: <OrganisationPhone id={o.id} field="legalRepPhone" masked={o.legalRepPhoneMasked} label={f('legalRepPhone')} />,
          },
          { key: 'security', label: f('securityContactName'), children: orDash(o.securityContactName) },
          {
            key: 'securityPhone',
            label: f('securityContactPhone'),
            children: <OrganisationPhone id={o.id} field="securityContactPhone" masked={o.securityContactPhoneMasked} label={f('securityContactPhone')} />,
          },
          { key: 'employees', label: f('employees'), children: orDash(o.employees) },
          { key: 'status', label: f('status'), children: label('recordStatuses', o.status) },
          ...placeItems(t, o),
        ]}
      >
        {(o) => <People organisation={o} writable={can('base.write')} onChanged={state.refresh} />}
      </RecordDrawer>
      <RegistryForm
        state={state}
        fields={fields}
        createTitle={f('create')}
        editTitle={(r) => r.name}
        create={createOrganisation}
        update={updateOrganisation}
        testId="organisation-form"
      />
    </RegistryCard>
  );
}

/** A contact phone, masked, with the audited reveal (a reason each time) for readers holding base.reveal. */
function OrganisationPhone({ id, field, masked, label }: { id: string; field: OrganisationRevealableField; masked: string | null; label: string }) {
  return <RevealableValue reveal={(reason) => revealOrganisation(id, field, reason)} masked={masked} label={label} testId={`organisation-${field}`} />;
}

/** 从业人员: the persons linked to the organisation (masked), and, for writers, a person linked with a role. */
function People({ organisation, writable, onChanged }: { organisation: OrganisationDetail; writable: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const options = useBaseOptions();
  const f = (name: string) => t(`base.organisations.${name}` as 'base.organisations.name');
  const [personId, setPersonId] = useState<string>();
  const [role, setRole] = useState<string>('employee');
  const [since, setSince] = useState('');
  const { busy, error, run } = useAction();
  const add = () =>
    run(
      () => addOrganisationPerson(organisation.id, { personId: personId as string, role, ...(since ? { since } : {}) }),
      () => {
        setPersonId(undefined);
        setSince('');
        onChanged();
      },
    );

  return (
    <div>
      <Table
        size="small"
        rowKey={(p) => `${p.personId}-${p.role}`}
        pagination={false}
        title={() => <Typography.Text strong>{f('people')}</Typography.Text>}
        locale={{ emptyText: f('noPeople') }}
        dataSource={organisation.people}
        data-testid="organisation-people"
        columns={[
          { key: 'name', title: t('base.fields.name'), className: 'base-nowrap', render: (_, p) => <Link to={`/persons/${p.personId}`}>{p.name}</Link> },
          { key: 'id', title: t('base.fields.idNumber'), render: (_, p) => <Masked value={p.idNumberMasked} /> },
          { key: 'role', title: f('role'), render: (_, p) => label('memberRoles', p.role) },
          { key: 'since', title: f('since'), render: (_, p) => orDash(p.since) },
        ]}
      />
      {writable && (
        <Space wrap className="base-inline-form">
          <PersonSelect
            value={personId}
            onChange={(id: string | undefined) => setPersonId(id)}
            placeholder={t('base.record.personPlaceholder')}
            style={{ width: 260 }}
            testId="organisation-person"
          />
          <Select<string>
            value={role}
            onChange={setRole}
            options={options('memberRoles', roles)}
            style={{ width: 160 }}
            aria-label={f('role')}
            data-testid="organisation-person-role"
          />
          <Input
            type="date"
            value={since}
            onChange={(e) => setSince(e.target.value)}
            style={{ width: 160 }}
            aria-label={f('since')}
            title={f('since')}
            data-testid="organisation-person-since"
          />
          <Button type="primary" disabled={!personId} loading={busy} onClick={add} data-testid="organisation-person-add">
            {f('addPerson')}
          </Button>
        </Space>
      )}
      <ErrorAlert className="form-alert" error={error} />
    </div>
  );
}
