import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { divisionPrefix } from '../../../../server/src/modules/territory/division-code.js';
import { listUnits, updateUnit } from '../../api/client';
import type { Unit, UnitKind } from '../../api/types';
import { ErrorAlert } from '../shared/error-alert';
import { levelName } from '../shared/division-labels';
import { useMe, useSession } from '../shared/session';
import { useErrorText } from '../shared/use-error-text';
import { useQueryResult } from '../shared/use-query-result';
import { UnitModal } from './unit-modal';
import { type UnitTreeRow, unitTree } from './unit-tree';

export const unitKindColour: Record<UnitKind, string> = {
  centre: 'blue',
  department: 'geekblue',
  subUnit: 'cyan',
  townOffice: 'purple',
  socialOrganisation: 'gold',
};

const loadUnits = () => listUnits();
const noQuery = {};

/**
 * 承办单位: departments and their sub-units, the centres, town offices and social organisations
 * (Art. 5, 6), by division. A centre registers and changes the units of its own jurisdiction.
 */
export default function UnitsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const me = useMe();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { data, loading, error, reload } = useQueryResult(loadUnits, noQuery);
  const [modal, setModal] = useState<{ editing: Unit | null } | null>(null);
  const units = data?.items ?? [];
  const byId = new Map(units.map((u) => [u.id, u]));
  const prefix = divisionPrefix(me.scope.division.code);
  const mine = (u: Unit) => can('unit.manage') && u.divisionCode.startsWith(prefix);

  async function toggle(u: Unit) {
    try {
      await updateUnit(u.id, { disabled: !u.disabled });
      void message.success(u.disabled ? t('units.enabled') : t('units.disabledDone'));
      reload();
    } catch (caught) {
      void message.error(errorText(caught));
    }
  }

  return (
    <div data-testid="units-page">
      <Typography.Title level={3}>{t('units.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('units.subtitle')}</Typography.Paragraph>
      <ErrorAlert className="form-alert" error={error} onRetry={reload} />
      <Card
        size="small"
        extra={
          can('unit.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ editing: null })} data-testid="unit-create">
              {t('units.create')}
            </Button>
          )
        }
      >
        {data && (
          <Table<UnitTreeRow>
            rowKey="key"
            size="small"
            pagination={false}
            loading={loading}
            dataSource={unitTree(units)}
            expandable={{ defaultExpandAllRows: true }}
            data-testid="units-table"
            columns={[
              {
                title: t('units.name'),
                key: 'name',
                render: (_, row) =>
                  row.type === 'division' ? (
                    <Space>
                      <Typography.Text strong>{row.name}</Typography.Text>
                      <Typography.Text type="secondary">{levelName(t, row.level as 1)}</Typography.Text>
                    </Space>
                  ) : (
                    <Space wrap>
                      {row.unit.name}
                      <Tag color={unitKindColour[row.unit.kind]}>{t(`units.kinds.${row.unit.kind}`)}</Tag>
                      {row.unit.disabled && <Tag>{t('units.disabled')}</Tag>}
                    </Space>
                  ),
              },
              { title: t('units.code'), key: 'code', width: 180, render: (_, row) => (row.type === 'unit' ? row.unit.code : null) },
              {
                title: t('units.parent'),
                key: 'parent',
                render: (_, row) => (row.type === 'unit' && row.unit.parentId ? (byId.get(row.unit.parentId)?.name ?? '—') : null),
              },
              {
                title: t('units.actions'),
                key: 'actions',
                width: 150,
                render: (_, row) =>
                  row.type === 'unit' && mine(row.unit) ? (
                    <Space>
                      <Button size="small" type="link" onClick={() => setModal({ editing: row.unit })}>
                        {t('common.edit')}
                      </Button>
                      <Popconfirm
                        title={row.unit.disabled ? t('units.enableConfirm', { name: row.unit.name }) : t('units.disableConfirm', { name: row.unit.name })}
                        onConfirm={() => void toggle(row.unit)}
                      >
                        <Button size="small" type="link" danger={!row.unit.disabled}>
                          {row.unit.disabled ? t('units.enable') : t('units.disable')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ) : null,
              },
            ]}
          />
        )}
      </Card>
      <UnitModal
        editing={modal?.editing ?? null}
        open={modal !== null}
        units={units}
        onClose={() => setModal(null)}
        onSaved={(unit) => {
          setModal(null);
          void message.success(t('units.saved', { name: unit.name }));
          reload();
        }}
      />
    </div>
  );
}
