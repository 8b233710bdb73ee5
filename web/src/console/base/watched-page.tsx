import { LockOutlined } from '@ant-design/icons';
import { Button, Checkbox, Form, Input, Select, Space, type TableProps, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addFollowUp, createWatched, getWatched, listWatched, updateWatched } from '../../api/base-client';
import type { WatchedDetail, WatchedListQuery, WatchedPerson } from '../../api/base-types';
import { ApiError } from '../../api/client';
import { ErrorAlert } from '../shared/error-alert';
import { useSession } from '../shared/session';
import { useErrorText } from '../shared/use-error-text';
import { orDash, todayIso, useBaseLabel, useBaseOptions } from './base-labels';
import { Masked, placeColumns, placeItems, RecordDrawer, RegistryCard, RegistryForm, useRegistryState } from './record-drawer';
import type { FieldSpec } from './record-form';
import { FilterBar, RegistryTable, useRegistryList } from './registry-list';

const kinds = ['releasedPrisoner', 'communityCorrection', 'severeMentalDisorder', 'drugUser', 'other'];
const riskLevels = ['low', 'medium', 'high'];
const riskColours: Record<string, string> = { low: 'blue', medium: 'orange', high: 'red' };

/**
 * 关注人员: only for roles with watched.read, and the server lists only the records the reader is
 * responsible for (every read audited). Follow-ups are recorded in the drawer by watched.manage.
 */
export default function WatchedPage() {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const options = useBaseOptions();
  const { can } = useSession();
  const list = useRegistryList<WatchedListQuery, WatchedPerson>(listWatched);
  const { query, set, reset, reload } = list;
  const state = useRegistryState<WatchedDetail>(reload);
  const f = (name: string) => t(`base.watched.${name}` as 'base.watched.title');
  const manage = can('watched.manage');
  const record = state.form?.record;

  const fields: FieldSpec[] = [
    { name: 'personId', label: f('person'), type: 'person', required: true, createOnly: true, span: 24 },
    { name: 'kind', label: f('kind'), type: 'select', required: true, options: options('watchedKinds', kinds) },
    { name: 'riskLevel', label: f('riskLevel'), type: 'select', required: true, options: options('riskLevels', riskLevels) },
    { name: 'followUpDays', label: f('followUpDays'), type: 'int', required: true },
    { name: 'lastFollowUpOn', label: f('lastFollowUpOn'), type: 'date' },
    ...(can('unit.read')
      ? [
          {
            name: 'responsibleUnitId',
            label: f('responsibleUnit'),
            type: 'unit' as const,
            known: record?.responsibleUnitId ? [{ value: record.responsibleUnitId, label: record.responsibleUnitName ?? '' }] : undefined,
          },
        ]
      : []),
    { name: 'helpers', label: f('helpers'), type: 'text', max: 200 },
    { name: 'status', label: f('status'), type: 'select', options: options('recordStatuses', ['active', 'closed']) },
    { name: 'note', label: f('note'), type: 'textarea', span: 24 },
  ];

  const columns: TableProps<WatchedPerson>['columns'] = [
    {
      key: 'name',
      title: t('base.fields.name'),
      render: (_, w) => (
        <Button type="link" className="base-link" onClick={() => state.setOpenId(w.id)} data-testid="watched-link">
          {w.personName}
        </Button>
      ),
    },
    { key: 'id', title: t('base.fields.idNumber'), render: (_, w) => <Masked value={w.idNumberMasked} /> },
    { key: 'kind', title: f('kind'), render: (_, w) => label('watchedKinds', w.kind) },
    { key: 'risk', title: f('riskLevel'), render: (_, w) => <Tag color={riskColours[w.riskLevel]}>{label('riskLevels', w.riskLevel)}</Tag> },
    { key: 'last', title: f('lastFollowUpOn'), render: (_, w) => orDash(w.lastFollowUpOn) },
    {
      key: 'next',
      title: f('nextFollowUpBy'),
      render: (_, w) => (w.overdue ? <Tag color="red">{`${f('overdue')} ${orDash(w.nextFollowUpBy)}`}</Tag> : orDash(w.nextFollowUpBy)),
    },
    { key: 'unit', title: f('responsibleUnit'), render: (_, w) => orDash(w.responsibleUnitName) },
    ...placeColumns<WatchedPerson>(t),
  ];

  return (
    <RegistryCard
      title={
        <Space>
          {f('title')}
          <Tooltip title={f('notice')}>
            <LockOutlined className="muted-icon" />
          </Tooltip>
        </Space>
      }
      testId="watched"
      onReload={reload}
      createLabel={f('create')}
      onCreate={manage ? () => state.setForm({}) : undefined}
    >
      <FilterBar
        query={query}
        set={set}
        reset={reset}
        testId="watched"
        searchPlaceholder={f('searchPlaceholder')}
        kind={{ placeholder: f('kind'), options: options('watchedKinds', kinds) }}
        filtered={Boolean(query.riskLevel || query.overdue)}
      >
        <Select<string>
          allowClear
          placeholder={f('riskLevel')}
          style={{ width: 120 }}
          value={query.riskLevel}
          onChange={(riskLevel) => set({ riskLevel })}
          options={options('riskLevels', riskLevels)}
        />
        <Checkbox checked={query.overdue === true} onChange={(e) => set({ overdue: e.target.checked || undefined })}>
          {f('overdueOnly')}
        </Checkbox>
      </FilterBar>
      <RegistryTable<WatchedPerson> list={list} columns={columns} emptyText={f('empty')} onOpen={(w) => state.setOpenId(w.id)} testId="watched-table" />
      <RecordDrawer<WatchedDetail>
        state={state}
        section="watched"
        load={getWatched}
        testId="watched-drawer"
        title={(w) => (
          <Space size={8}>
            <Link to={`/persons/${w.personId}`}>{w.personName}</Link>
            <Tag color={riskColours[w.riskLevel]}>{label('riskLevels', w.riskLevel)}</Tag>
          </Space>
        )}
        editable={manage}
        items={(w) => [
          { key: 'kind', label: f('kind'), children: label('watchedKinds', w.kind) },
          { key: 'status', label: f('status'), children: label('recordStatuses', w.status) },
          { key: 'id', label: t('base.fields.idNumber'), children: <Masked value={w.idNumberMasked} /> },
          { key: 'phone', label: t('base.fields.phone'), children: <Masked value={w.phoneMasked} /> },
          { key: 'unit', label: f('responsibleUnit'), children: orDash(w.responsibleUnitName) },
          { key: 'helpers', label: f('helpers'), children: orDash(w.helpers) },
          { key: 'days', label: f('followUpDays'), children: w.followUpDays },
          { key: 'next', label: f('nextFollowUpBy'), children: w.overdue ? <Tag color="red">{orDash(w.nextFollowUpBy)}</Tag> : orDash(w.nextFollowUpBy) },
          { key: 'note', label: f('note'), span: 2, children: orDash(w.note) },
          ...placeItems(t, w),
        ]}
      >
        {(w) => <FollowUps record={w} manage={manage} onAdded={state.refresh} />}
      </RecordDrawer>
      <RegistryForm
        state={state}
        fields={fields}
        createTitle={f('create')}
        editTitle={(r) => r.personName}
        create={createWatched}
        update={updateWatched}
        testId="watched-form"
      />
    </RegistryCard>
  );
}

function FollowUps({ record, manage, onAdded }: { record: WatchedDetail; manage: boolean; onAdded: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const f = (name: string) => t(`base.watched.${name}` as 'base.watched.title');
  const [form] = Form.useForm<{ on: string; note?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(values: { on: string; note?: string }) {
    setBusy(true);
    setError(null);
    try {
      await addFollowUp(record.id, { on: values.on, ...(values.note?.trim() ? { note: values.note.trim() } : {}) });
      form.resetFields();
      onAdded();
    } catch (caught) {
      const name = caught instanceof ApiError ? caught.fieldName : undefined;
      if (name === 'on' || name === 'note') form.setFields([{ name, errors: [errorText(caught)] }]);
      else setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="watched-follow-ups">
      <Typography.Title level={5}>{f('followUps')}</Typography.Title>
      {record.followUps.length === 0 ? (
        <Typography.Text type="secondary">{f('noFollowUps')}</Typography.Text>
      ) : (
        <Timeline
          items={record.followUps.map((u) => ({
            key: `${u.on}-${u.at}`,
            content: (
              <div>
                <Typography.Text strong>{u.on}</Typography.Text>{' '}
                <Typography.Text type="secondary">{t('base.watched.followUpBy', { actor: u.actorName ?? t('base.person.unknownActor') })}</Typography.Text>
                {u.note && <div>{u.note}</div>}
              </div>
            ),
          }))}
        />
      )}
      {manage && (
        <Form form={form} layout="inline" onFinish={submit} initialValues={{ on: todayIso() }} className="base-inline-form">
          <Form.Item name="on" label={f('followUpOn')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="note" label={f('followUpNote')}>
            <Input style={{ width: 260 }} maxLength={2000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {f('addFollowUp')}
          </Button>
        </Form>
      )}
      <ErrorAlert className="form-alert" error={error} />
    </div>
  );
}
