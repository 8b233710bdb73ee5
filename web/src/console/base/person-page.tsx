import { ArrowLeftOutlined, HomeOutlined, LockOutlined } from '@ant-design/icons';
import { Card, Descriptions, type DescriptionsProps, Result, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { getPerson } from '../../api/base-client';
import type { PersonCare, PersonOrganisation, PersonProfile, PersonWatch } from '../../api/base-types';
import { ApiError } from '../../api/client';
import { DivisionName } from '../shared/division-name';
import { ErrorAlert } from '../shared/error-alert';
import { useQueryResult } from '../shared/use-query-result';
import { orDash, useBaseLabel } from './base-labels';
import { HistoryCard } from './history-card';
import { ResidencyTag } from './residency-tag';
import { MaskedValue } from './reveal-modal';
import './base.css';

/**
 * A person's profile (GET /api/persons/:id, an audited read): the record with personal values masked
 * and revealable one by one, household and members, dwelling and building, organisations, care and
 * (for the roles responsible) watch records, and the history of changes.
 */
export default function PersonPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { data, error, reload } = useQueryResult(getPerson, id);
  const p = data?.id === id ? data : null;

  if (!p) {
    if (error instanceof ApiError && error.status === 404) {
      return <Result status="404" title="404" subTitle={t('base.person.notFound')} extra={<Link to="/persons">{t('base.person.back')}</Link>} />;
    }
    return (
      <div className="base-page">
        <ErrorAlert error={error} onRetry={reload} />
        {!error && <Spin className="page-spin" />}
      </div>
    );
  }
  return (
    <div className="base-page" data-testid="person-page">
      <Link to="/persons" className="base-back">
        <ArrowLeftOutlined /> {t('base.person.back')}
      </Link>
      <PersonRecord p={p} />
      <div className="base-columns">
        <div className="base-column">
          <Households p={p} />
          <Dwelling p={p} />
          <Organisations items={p.organisations} />
        </div>
        <div className="base-column">
          {p.care.length > 0 && <Care items={p.care} />}
          {p.watched.length > 0 && <Watched items={p.watched} />}
          <HistoryCard items={p.history} testId="person-history" />
        </div>
      </div>
    </div>
  );
}

function PersonRecord({ p }: { p: PersonProfile }) {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const field = (name: string) => t(`base.fields.${name}` as 'base.fields.name');
  const floating = p.residency === 'floating';
  const items: DescriptionsProps['items'] = [
    { key: 'sex', label: field('sex'), children: label('sex', p.sex) },
    { key: 'birthDate', label: field('birthDate'), children: orDash(p.birthDate) },
    { key: 'idKind', label: field('idKind'), children: label('idKind', p.idKind) },
    {
      key: 'idNumber',
      label: field('idNumber'),
      children: <MaskedValue personId={p.id} field="idNumber" masked={p.idNumberMasked} label={field('idNumber')} />,
    },
    { key: 'phone', label: field('phone'), children: <MaskedValue personId={p.id} field="phone" masked={p.phoneMasked} label={field('phone')} /> },
    { key: 'ethnicity', label: field('ethnicity'), children: orDash(p.ethnicity) },
    { key: 'nativePlace', label: field('nativePlace'), children: orDash(p.nativePlace) },
    { key: 'occupation', label: field('occupation'), children: orDash(p.occupation) },
    { key: 'education', label: field('education'), children: orDash(p.education) },
    { key: 'maritalStatus', label: field('maritalStatus'), children: orDash(p.maritalStatus) },
    { key: 'politicalStatus', label: field('politicalStatus'), children: orDash(p.politicalStatus) },
    ...(p.formerName ? [{ key: 'formerName', label: field('formerName'), children: p.formerName }] : []),
    ...(p.religion ? [{ key: 'religion', label: field('religion'), children: p.religion }] : []),
    {
      key: 'registeredAddress',
      label: field('registeredAddress'),
      span: 'filled' as const,
      children: <MaskedValue personId={p.id} field="registeredAddress" masked={p.registeredAddressMasked} label={field('registeredAddress')} />,
    },
    {
      key: 'currentAddress',
      label: field('currentAddress'),
      span: 'filled' as const,
      children: <MaskedValue personId={p.id} field="currentAddress" masked={p.currentAddressMasked} label={field('currentAddress')} />,
    },
    ...(p.addressCoincides === null
      ? []
      : [{ key: 'coincides', label: field('addressCoincides'), children: p.addressCoincides ? t('common.yes') : t('common.no') }]),
    { key: 'division', label: field('divisionCode'), children: <DivisionName code={p.divisionCode} /> },
    { key: 'grid', label: field('gridCode'), children: <Typography.Text code>{p.gridCode}</Typography.Text> },
    ...(floating
      ? [
          { key: 'moveInReason', label: field('moveInReason'), children: orDash(p.moveInReason) },
          { key: 'originCode', label: field('originCode'), children: p.originCode ? <DivisionName code={p.originCode.padEnd(12, '0')} /> : '—' },
          { key: 'movedInOn', label: field('movedInOn'), children: orDash(p.movedInOn) },
          { key: 'registeredOn', label: field('registeredOn'), children: orDash(p.registeredOn) },
          { key: 'expectedLeaveOn', label: field('expectedLeaveOn'), children: orDash(p.expectedLeaveOn) },
          {
            key: 'residencePermit',
            label: field('residencePermit'),
            children: <MaskedValue personId={p.id} field="residencePermit" masked={p.residencePermitMasked} label={field('residencePermit')} />,
          },
        ]
      : []),
    ...(p.nationality ? [{ key: 'nationality', label: field('nationality'), children: p.nationality }] : []),
  ];
  return (
    <Card
      className="base-header"
      title={
        <Space size={8} wrap>
          <Typography.Title level={4} className="base-title" data-testid="person-name">
            {p.name}
          </Typography.Title>
          <ResidencyTag residency={p.residency} />
          <Tag color={p.status === 'active' ? 'green' : 'default'}>{label('personStatus', p.status)}</Tag>
        </Space>
      }
      extra={
        <Tooltip title={t('base.person.readAudited')}>
          <LockOutlined className="muted-icon" />
        </Tooltip>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} items={items} data-testid="person-record" />
    </Card>
  );
}

function Households({ p }: { p: PersonProfile }) {
  const { t } = useTranslation();
  const label = useBaseLabel();
  return (
    <Card size="small" title={t('base.person.household')} data-testid="person-households">
      {p.households.length === 0 && <Typography.Text type="secondary">{t('base.person.noHousehold')}</Typography.Text>}
      {p.households.map((h) => (
        <div key={h.id} className="base-household">
          <Space size={8} wrap>
            <Typography.Text strong>
              {t('base.person.householdNo')} {h.householdNo}
            </Typography.Text>
            <Tag>{h.kind}</Tag>
            <Typography.Text type="secondary">
              {t('base.person.relation')}: {h.relation}
            </Typography.Text>
          </Space>
          <Table
            size="small"
            rowKey="personId"
            pagination={false}
            dataSource={h.members}
            columns={[
              {
                key: 'name',
                title: t('base.fields.name'),
                render: (_, m) =>
                  m.personId === p.id ? (
                    <Typography.Text strong>{m.name}</Typography.Text>
                  ) : (
                    <Link to={`/persons/${m.personId}`} data-testid="member-link">
                      {m.name}
                    </Link>
                  ),
              },
              { key: 'relation', title: t('base.person.relation'), dataIndex: 'relation' },
              { key: 'sex', title: t('base.fields.sex'), render: (_, m) => label('sex', m.sex) },
              { key: 'birthYear', title: t('base.fields.birthYear'), render: (_, m) => orDash(m.birthYear) },
            ]}
          />
        </div>
      ))}
    </Card>
  );
}

function Dwelling({ p }: { p: PersonProfile }) {
  const { t } = useTranslation();
  const d = p.dwelling;
  return (
    <Card size="small" title={t('base.person.dwelling')} data-testid="person-dwelling">
      {d ? (
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'building',
              label: t('base.person.building'),
              children: (
                <Link to={`/buildings/${d.buildingId}`} data-testid="person-building-link">
                  <HomeOutlined /> {d.buildingName}
                </Link>
              ),
            },
            { key: 'address', label: t('base.buildings.address'), children: d.buildingAddress },
            {
              key: 'room',
              label: t('base.person.room'),
              children: (
                <Space size={8}>
                  {[d.unitLabel, d.roomNo].filter(Boolean).join(' ')}
                  {d.rental && <Tag color="orange">{t('base.person.rental')}</Tag>}
                </Space>
              ),
            },
            { key: 'code', label: t('base.buildings.addressCode'), children: <Typography.Text code>{d.addressCode}</Typography.Text> },
          ]}
        />
      ) : (
        <Typography.Text type="secondary">{t('base.person.noDwelling')}</Typography.Text>
      )}
    </Card>
  );
}

function Organisations({ items }: { items: PersonOrganisation[] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('base.person.organisations')} data-testid="person-organisations">
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t('base.person.noOrganisations')}</Typography.Text>
      ) : (
        <Table<PersonOrganisation>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={items}
          columns={[
            { key: 'name', title: t('base.buildings.name'), dataIndex: 'name' },
            { key: 'kind', title: t('base.person.kind'), dataIndex: 'kind' },
            { key: 'role', title: t('base.person.role'), dataIndex: 'role' },
            { key: 'since', title: t('base.person.since'), render: (_, o) => orDash(o.since) },
          ]}
        />
      )}
    </Card>
  );
}

function Care({ items }: { items: PersonCare[] }) {
  const { t } = useTranslation();
  const label = useBaseLabel();
  return (
    <Card size="small" title={t('base.person.care')} data-testid="person-care">
      <Table<PersonCare>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={items}
        columns={[
          { key: 'kind', title: t('base.person.kind'), render: (_, c) => label('careKinds', c.kind) },
          { key: 'needs', title: t('base.person.needs'), dataIndex: 'needs' },
          { key: 'helper', title: t('base.person.helper'), dataIndex: 'helper' },
          { key: 'lastVisitOn', title: t('base.person.lastVisitOn'), render: (_, c) => orDash(c.lastVisitOn) },
          { key: 'status', title: t('base.person.recordStatus'), render: (_, c) => label('recordStatuses', c.status) },
        ]}
      />
    </Card>
  );
}

/** Present only when the server sent watch records: it sends those the reader is responsible for, and no hint of others. */
function Watched({ items }: { items: PersonWatch[] }) {
  const { t } = useTranslation();
  const label = useBaseLabel();
  return (
    <Card
      size="small"
      title={t('base.person.watched')}
      extra={
        <Tooltip title={t('base.person.watchedNote')}>
          <LockOutlined className="muted-icon" />
        </Tooltip>
      }
      data-testid="person-watched"
    >
      <Table<PersonWatch>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={items}
        columns={[
          { key: 'kind', title: t('base.person.kind'), render: (_, w) => label('watchedKinds', w.kind) },
          { key: 'riskLevel', title: t('base.person.riskLevel'), render: (_, w) => label('riskLevels', w.riskLevel) },
          { key: 'followUpDays', title: t('base.person.followUpDays'), dataIndex: 'followUpDays' },
          { key: 'lastFollowUpOn', title: t('base.person.lastFollowUpOn'), render: (_, w) => orDash(w.lastFollowUpOn) },
          { key: 'status', title: t('base.person.recordStatus'), render: (_, w) => label('recordStatuses', w.status) },
        ]}
      />
    </Card>
  );
}
