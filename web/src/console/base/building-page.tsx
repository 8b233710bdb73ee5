import { ArrowLeftOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { Card, Descriptions, Drawer, List, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { getBuildingView } from '../../api/base-client';
import type { BuildingRental, BuildingResident, BuildingRoom, BuildingView } from '../../api/base-types';
import { ApiError } from '../../api/client';
import { DivisionName } from '../shared/division-name';
import { ErrorAlert } from '../shared/error-alert';
import { useQueryResult } from '../shared/use-query-result';
import { orDash, useBaseLabel } from './base-labels';
import { ResidencyTag } from './residency-tag';
import './base.css';

/** Rooms of one unit by floor, the top floor first (as the building stands); rooms without a floor last. */
function byFloor(rooms: BuildingRoom[]): [number | null, BuildingRoom[]][] {
  const floors = new Map<number | null, BuildingRoom[]>();
  for (const room of rooms) floors.set(room.floor, [...(floors.get(room.floor) ?? []), room]);
  return [...floors.entries()].sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : b - a));
}

/**
 * 以房管人: a building, its units, floors and rooms as cards (room number, use, rental tag, who lives
 * there); a room opens a drawer with its residents (masked), households and rentals with tenants and
 * the police check. GET /api/buildings/:id/view answers it whole.
 */
export default function BuildingPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const label = useBaseLabel();
  const { data, error, reload } = useQueryResult(getBuildingView, id);
  // The room stays while the drawer slides out; `drawerOpen` says whether it is shown.
  const [open, setOpen] = useState<{ unitLabel: string; room: BuildingRoom } | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const view = data?.building.id === id ? data : null;

  if (!view) {
    if (error instanceof ApiError && error.status === 404) {
      return <Result status="404" title="404" subTitle={t('base.building.notFound')} extra={<Link to="/buildings">{t('base.building.back')}</Link>} />;
    }
    return (
      <div className="base-page">
        <ErrorAlert error={error} onRetry={reload} />
        {!error && <Spin className="page-spin" />}
      </div>
    );
  }
  const b = view.building;
  return (
    <div className="base-page" data-testid="building-page">
      <Link to="/buildings" className="base-back">
        <ArrowLeftOutlined /> {t('base.building.back')}
      </Link>
      <Card
        className="base-header"
        title={
          <Space size={8} wrap>
            <Typography.Title level={4} className="base-title" data-testid="building-name">
              {b.name}
            </Typography.Title>
            <Tag>{label('buildingKinds', b.kind)}</Tag>
          </Space>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'address', label: t('base.buildings.address'), children: b.address },
            { key: 'code', label: t('base.buildings.addressCode'), children: <Typography.Text code>{b.addressCode}</Typography.Text> },
            { key: 'floors', label: t('base.buildings.floors'), children: orDash(b.floors) },
            { key: 'division', label: t('base.buildings.division'), children: <DivisionName code={b.divisionCode} /> },
            { key: 'grid', label: t('base.buildings.grid'), children: <Typography.Text code>{b.gridCode}</Typography.Text> },
          ]}
        />
        <Typography.Text type="secondary" data-testid="building-totals">
          {t('base.building.totals', view.totals)}
        </Typography.Text>
      </Card>
      {view.units.length === 0 ? (
        <Card>
          <Typography.Text type="secondary">{t('base.building.noRooms')}</Typography.Text>
        </Card>
      ) : (
        <div className="building-units" data-testid="building-units">
          {view.units.map((unit) => (
            <Card key={unit.unitLabel} size="small" className="building-unit" title={unit.unitLabel || t('base.building.noUnit')} data-testid="building-unit">
              {byFloor(unit.rooms).map(([floor, rooms]) => (
                <div key={floor ?? 'none'} className="building-floor">
                  <div className="building-floor-label">{floor === null ? t('base.building.noFloor') : t('base.building.floor', { floor })}</div>
                  <div className="building-rooms">
                    {rooms.map((room) => (
                      <RoomCard
                        key={room.dwellingId}
                        room={room}
                        onOpen={() => {
                          setOpen({ unitLabel: unit.unitLabel, room });
                          setDrawerOpen(true);
                        }}
                      />
                    ))}
                  </div>
                </div>
              ))}
            </Card>
          ))}
        </div>
      )}
      <RoomDrawer view={view} open={open} shown={drawerOpen} onClose={() => setDrawerOpen(false)} />
    </div>
  );
}

function RoomCard({ room, onOpen }: { room: BuildingRoom; onOpen: () => void }) {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const names = room.residents.map((r) => r.name);
  return (
    <Card
      size="small"
      hoverable
      className={names.length === 0 ? 'building-room building-room-vacant' : 'building-room'}
      onClick={onOpen}
      data-testid="building-room"
      data-room={room.roomNo}
    >
      <div className="building-room-head">
        <Typography.Text strong>{room.roomNo}</Typography.Text>
        <Space size={2}>
          {room.use !== 'residential' && <Tag className="building-room-tag">{label('uses', room.use)}</Tag>}
          {room.rental && (
            <Tag color="orange" className="building-room-tag" data-testid="room-rental-tag">
              {t('base.building.rental')}
            </Tag>
          )}
        </Space>
      </div>
      <div className="building-room-residents" data-testid="room-residents">
        {names.length === 0 ? (
          <Typography.Text type="secondary">{t('base.building.vacant')}</Typography.Text>
        ) : (
          <Typography.Text ellipsis={{ tooltip: names.join('、') }}>{names.join('、')}</Typography.Text>
        )}
      </div>
    </Card>
  );
}

function RoomDrawer({
  view,
  open,
  shown,
  onClose,
}: {
  view: BuildingView;
  open: { unitLabel: string; room: BuildingRoom } | null;
  shown: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const room = open?.room;
  return (
    <Drawer
      open={shown && open !== null}
      onClose={onClose}
      size={640}
      title={room ? `${view.building.name} ${t('base.building.drawerTitle', { unit: open?.unitLabel ?? '', room: room.roomNo })}` : ''}
      data-testid="room-drawer"
    >
      {room && (
        <Space orientation="vertical" size={16} className="building-drawer">
          <Descriptions
            size="small"
            column={2}
            items={[
              { key: 'use', label: t('base.building.use'), children: label('uses', room.use) },
              { key: 'rental', label: t('base.person.rental'), children: room.rental ? t('common.yes') : t('common.no') },
              { key: 'code', label: t('base.buildings.addressCode'), span: 2, children: <Typography.Text code>{room.addressCode}</Typography.Text> },
            ]}
          />
          <div>
            <Typography.Title level={5}>{t('base.building.residents')}</Typography.Title>
            <Table<BuildingResident>
              size="small"
              rowKey="personId"
              pagination={false}
              dataSource={room.residents}
              locale={{ emptyText: t('base.building.noResidents') }}
              scroll={{ x: 'max-content' }}
              data-testid="room-residents-table"
              columns={[
                {
                  key: 'name',
                  title: t('base.fields.name'),
                  render: (_, r) => (
                    <Link to={`/persons/${r.personId}`} data-testid="resident-link">
                      {r.name}
                    </Link>
                  ),
                },
                { key: 'sex', title: t('base.fields.sex'), render: (_, r) => label('sex', r.sex) },
                { key: 'birthYear', title: t('base.fields.birthYear'), render: (_, r) => orDash(r.birthYear) },
                { key: 'residency', title: t('base.fields.residency'), render: (_, r) => <ResidencyTag residency={r.residency} /> },
                {
                  key: 'id',
                  title: t('base.fields.idNumber'),
                  render: (_, r) => (
                    <span className="masked-value" data-testid="resident-id-masked">
                      {orDash(r.idNumberMasked)}
                    </span>
                  ),
                },
                { key: 'phone', title: t('base.fields.phone'), render: (_, r) => <span className="masked-value">{orDash(r.phoneMasked)}</span> },
              ]}
            />
          </div>
          <div>
            <Typography.Title level={5}>{t('base.building.households')}</Typography.Title>
            {room.households.length === 0 ? (
              <Typography.Text type="secondary">{t('base.building.noHouseholds')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={room.households}
                renderItem={(h) => (
                  <List.Item data-testid="room-household">
                    {t('base.person.householdNo')} {h.householdNo}
                    <Typography.Text type="secondary">
                      {t('base.building.head')}: {orDash(h.headName)}
                    </Typography.Text>
                  </List.Item>
                )}
              />
            )}
          </div>
          <div>
            <Typography.Title level={5}>{t('base.building.rentals')}</Typography.Title>
            {room.rentals.length === 0 ? (
              <Typography.Text type="secondary">{t('base.building.noRentals')}</Typography.Text>
            ) : (
              room.rentals.map((rental) => <RentalCard key={rental.id} rental={rental} />)
            )}
          </div>
        </Space>
      )}
    </Drawer>
  );
}

function RentalCard({ rental }: { rental: BuildingRental }) {
  const { t, i18n } = useTranslation();
  const statusKey = `base.building.rentalStatus.${rental.status}`;
  const status = i18n.exists(statusKey) ? t(statusKey as 'base.building.rentalStatus.active') : rental.status;
  return (
    <Card size="small" className="building-rental" data-testid="room-rental">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'landlord', label: t('base.building.landlord'), children: rental.landlordName },
          { key: 'contract', label: t('base.building.contractNo'), children: orDash(rental.contractNo) },
          { key: 'period', label: t('base.building.period'), children: `${rental.startsOn} → ${rental.endsOn ?? '…'}` },
          { key: 'status', label: t('base.fields.status'), children: <Tag color={rental.status === 'active' ? 'green' : 'default'}>{status}</Tag> },
          {
            key: 'police',
            label: t('base.building.policeCheck'),
            children: rental.policeCheckedOn ? (
              <Space size={4} data-testid="rental-police-checked">
                <SafetyCertificateOutlined className="building-police-ok" />
                {t('base.building.policeChecked', { date: rental.policeCheckedOn })}
              </Space>
            ) : (
              <Space size={4} data-testid="rental-police-unchecked">
                <WarningOutlined className="building-police-missing" />
                {t('base.building.policeUnchecked')}
              </Space>
            ),
          },
          {
            key: 'tenants',
            label: t('base.building.tenants'),
            children:
              rental.tenants.length === 0 ? (
                '—'
              ) : (
                <Space size={8} wrap>
                  {rental.tenants.map((tenant) => (
                    <Link key={tenant.personId} to={`/persons/${tenant.personId}`} data-testid="tenant-link">
                      {tenant.name}
                    </Link>
                  ))}
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}
