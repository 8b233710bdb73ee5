import { Descriptions, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getGridBaseSummary } from '../../api/base-client';
import { residencies } from '../../api/base-types';
import { ErrorAlert } from '../shared/error-alert';
import { useQueryResult } from '../shared/use-query-result';
import { useBaseLabel } from './base-labels';

/** Counts by kind as tags, or "none". */
function KindCounts({ counts, group }: { counts: Record<string, number>; group: 'careKinds' | 'watchedKinds' }) {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (entries.length === 0) return <Typography.Text type="secondary">{t('base.summary.none')}</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      {entries.map(([kind, n]) => (
        <Tag key={kind}>
          {label(group, kind)} {n}
        </Tag>
      ))}
    </Space>
  );
}

/**
 * 基础信息 on the grid card (GET /api/grids/:code/base-summary): persons by residency (each a link to the
 * persons page filtered by grid and residency), households, buildings, rentals, organisations, key units
 * and places, care persons and, for the roles responsible, watched persons; open disputes and hazards.
 */
export function GridBaseSummaryPanel({ code }: { code: string }) {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const { data, error, reload } = useQueryResult(getGridBaseSummary, code);
  const s = data?.gridCode === code ? data : null;
  if (!s) return error ? <ErrorAlert error={error} onRetry={reload} /> : <Skeleton active paragraph={{ rows: 3 }} />;
  const persons = (residency?: string) => `/persons?gridCode=${encodeURIComponent(code)}${residency ? `&residency=${residency}` : ''}`;
  return (
    <Descriptions
      size="small"
      column={2}
      data-testid="grid-base-summary"
      items={[
        {
          key: 'persons',
          label: t('base.summary.persons'),
          span: 2,
          children: (
            <Space size={8} wrap>
              <Link to={persons()} data-testid="grid-summary-persons">
                {s.persons.total}
              </Link>
              {residencies.map((r) => (
                <Link key={r} to={persons(r)}>
                  {label('residency', r)} {s.persons[r]}
                </Link>
              ))}
            </Space>
          ),
        },
        { key: 'households', label: t('base.summary.households'), children: s.households },
        { key: 'buildings', label: t('base.summary.buildings'), children: <Link to={`/buildings?gridCode=${encodeURIComponent(code)}`}>{s.buildings}</Link> },
        { key: 'dwellings', label: t('base.summary.dwellings'), children: s.dwellings },
        { key: 'rentals', label: t('base.summary.rentals'), children: s.rentals.active },
        { key: 'organisations', label: t('base.summary.organisations'), children: s.organisations },
        { key: 'keyUnits', label: t('base.summary.keyUnits'), children: s.keyUnits },
        { key: 'keyPlaces', label: t('base.summary.keyPlaces'), children: s.keyPlaces },
        { key: 'disputes', label: t('base.summary.disputes'), children: s.disputes.open },
        { key: 'hazards', label: t('base.summary.hazards'), children: s.hazards.open },
        { key: 'care', label: t('base.summary.care'), span: 2, children: <KindCounts counts={s.care} group="careKinds" /> },
        ...(s.watched === null
          ? []
          : [{ key: 'watched', label: t('base.summary.watched'), span: 2, children: <KindCounts counts={s.watched} group="watchedKinds" /> }]),
      ]}
    />
  );
}
