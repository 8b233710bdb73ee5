import { Breadcrumb, Descriptions, type DescriptionsProps, Drawer, Empty, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getGrid } from '../../api/client';
import type { GridCard as GridCardData, GridKind } from '../../api/types';
import { useLang } from '../../i18n';
import { GridBaseSummaryPanel } from '../base/grid-base-summary';
import { ErrorAlert } from '../shared/error-alert';
import { formatDateTime } from '../shared/format';
import { gridRoles } from '../shared/roles';
import { useSession } from '../shared/session';

/** Distinct colours per grid kind, shared by the map layers, the legend and the card's tag. */
export const gridColours: Record<GridKind, string> = { basic: '#08979c', dedicated: '#cf1322', micro: '#722ed1' };

/** 2 650 m² below a tenth of a square kilometre, 0.27 km² above. */
export function formatArea(areaM2: number, lang: string): string {
  const locale = lang === 'en' ? 'en-GB' : 'zh-CN';
  if (areaM2 < 100_000) return `${Math.round(areaM2).toLocaleString(locale)} m²`;
  return `${(areaM2 / 1_000_000).toLocaleString(locale, { maximumFractionDigits: 2 })} km²`;
}

export function GridKindTag({ kind }: { kind: GridKind }) {
  const { t } = useTranslation();
  return <Tag color={gridColours[kind]}>{t(`grids.kinds.${kind}`)}</Tag>;
}

interface Props {
  code: string | null;
  onOpen: (code: string) => void;
  onPickDivision: (code: string) => void;
  onClose: () => void;
}

/** The grid card in a drawer beside the map: where the grid lies, its team, micro grids and history. */
export function GridCardDrawer({ code, onOpen, onPickDivision, onClose }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const { can } = useSession();
  const [grid, setGrid] = useState<GridCardData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt is the retry button's trigger
  useEffect(() => {
    if (!code) return;
    let live = true;
    setGrid(null);
    setError(null);
    getGrid(code)
      .then((value) => live && setGrid(value))
      .catch((caught: unknown) => live && setError(caught));
    return () => {
      live = false;
    };
  }, [code, attempt]);

  let body: ReactNode;
  if (error !== null) {
    body = <ErrorAlert error={error} onRetry={() => setAttempt((n) => n + 1)} />;
  } else if (!grid || grid.code !== code) {
    body = <Skeleton active paragraph={{ rows: 8 }} title={false} />;
  } else {
    const team = gridRoles.map((role) => ({ role, members: grid.team.filter((member) => member.role === role) }));
    const items: DescriptionsProps['items'] = [
      {
        key: 'code',
        label: t('grids.code'),
        children: (
          <Typography.Text copyable data-testid="grid-card-code">
            {grid.code}
          </Typography.Text>
        ),
      },
      {
        key: 'kind',
        label: t('grids.kind'),
        children: (
          <Space size={4} wrap>
            <GridKindTag kind={grid.kind} />
            {grid.status === 'retired' && <Tag>{t('grids.retired')}</Tag>}
          </Space>
        ),
      },
      {
        key: 'path',
        label: t('grids.community'),
        children: (
          <Breadcrumb
            items={grid.path.map((step) => ({
              key: step.code,
              title: step.name,
              href: `#${step.code}`,
              onClick: (event) => {
                event.preventDefault();
                onPickDivision(step.code);
              },
            }))}
          />
        ),
      },
    ];
    if (grid.parentCode) {
      const parent = grid.parentCode;
      items.push({ key: 'parent', label: t('grids.parent'), children: <Typography.Link onClick={() => onOpen(parent)}>{parent}</Typography.Link> });
    }
    if (grid.placeName) items.push({ key: 'place', label: t('grids.place'), children: grid.placeName });
    items.push(
      { key: 'area', label: t('grids.area'), children: formatArea(grid.areaM2, lang) },
      { key: 'households', label: t('grids.households'), children: grid.households.toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN') },
    );
    if (grid.kind !== 'micro') {
      items.push({
        key: 'team',
        label: t('grids.team'),
        children: (
          <div data-testid="grid-card-team">
            {grid.kind === 'basic' && !grid.teamComplete && (
              <Tag color="warning" data-testid="grid-team-incomplete">
                {t('grids.teamIncomplete')}
              </Tag>
            )}
            {team.map(({ role, members }) => (
              <div key={role}>
                <Typography.Text type="secondary">{t(`roles.${role}`)}：</Typography.Text>
                {members.length > 0 ? members.map((member) => member.displayName).join('、') : <Typography.Text type="secondary">—</Typography.Text>}
              </div>
            ))}
          </div>
        ),
      });
    }
    if (grid.kind === 'basic') items.push({ key: 'micro', label: t('grids.microCount'), children: grid.microGrids.length });
    body = (
      <>
        <Typography.Title level={5} className="division-card-name" data-testid="grid-card-name">
          {grid.name}
        </Typography.Title>
        <Descriptions size="small" column={1} items={items} />
        {can('base.read') && (
          <>
            <Typography.Title level={5}>{t('base.summary.title')}</Typography.Title>
            <GridBaseSummaryPanel code={grid.code} />
          </>
        )}
        <Typography.Title level={5}>{t('grids.history')}</Typography.Title>
        {grid.history.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Timeline
            items={grid.history.map((version) => ({
              key: version.id,
              color: version.validTo ? 'gray' : 'green',
              content: (
                <div>
                  <div>
                    {version.name}
                    {version.changeId && (
                      <Link to={`/grid-changes/${version.changeId}`} className="grid-card-change-link">
                        {t('grids.changeLink')}
                      </Link>
                    )}
                  </div>
                  <Typography.Text type="secondary">
                    {formatDateTime(version.validFrom, lang)} → {version.validTo ? formatDateTime(version.validTo, lang) : t('grids.toNow')}
                  </Typography.Text>
                  <div>
                    <Typography.Text type="secondary">
                      {formatArea(version.areaM2, lang)} · {t('grids.householdsCount', { count: version.households })}
                    </Typography.Text>
                  </div>
                </div>
              ),
            }))}
          />
        )}
      </>
    );
  }

  return (
    <Drawer
      open={code !== null}
      onClose={onClose}
      mask={false}
      size={400}
      title={t('grids.cardTitle')}
      extra={
        grid?.code === code && grid.status === 'current' && can('grid.propose') ? (
          <Link to={`/grid-changes/new?community=${grid.path.at(-1)?.code ?? ''}`} data-testid="grid-card-propose">
            {t('grids.proposeChange')}
          </Link>
        ) : null
      }
      destroyOnHidden
      data-testid="grid-card"
      rootClassName="grid-card-drawer"
      // Inside the map card, over the map's right side, so the header and the tree stay usable.
      getContainer={false}
      rootStyle={{ position: 'absolute' }}
    >
      <div data-testid="grid-card-body">{body}</div>
    </Drawer>
  );
}
