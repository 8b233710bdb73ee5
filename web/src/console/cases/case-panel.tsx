// The selected case beside a list (the dispatch desk, the unit's cases): what it is, where, the
// routing suggestion and possible duplicates (desk), pending requests, and the action bar. After an
// action the panel shows the case as the server answered and the page refreshes its list.
import { Card, Descriptions, Empty, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseDetail } from '../../api/types';
import { useLang } from '../../i18n';
import { ErrorAlert } from '../shared/error-alert';
import { formatDateTime } from '../shared/format';
import { CaseActionBar } from './case-action-bar';
import { useCaseLabels } from './case-labels';
import { CaseMap } from './case-map';
import { CaseRequests } from './case-requests';
import { CaseFlags, CaseStatusTag, DeadlineLight } from './case-tags';
import { RoutingSuggestion } from './routing-suggestion';
import { SimilarCases } from './similar-cases';
import { useCase } from './use-case';

/** City → community names, below the city. */
export function placePath(c: Pick<CaseDetail, 'places'>): string {
  return c.places
    .filter((p) => p.level > 1)
    .map((p) => p.name)
    .join(' / ');
}

/** `refresh`: the page's list was reloaded (or the selected row clicked again): load the case again too. */
export function CasePanel({ id, mode, refresh, onChanged }: { id: string | null; mode: 'desk' | 'unit'; refresh: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const labels = useCaseLabels();
  const { data: c, error, loading, reload, set } = useCase(id, refresh);
  const done = (next: CaseDetail) => {
    set(next);
    onChanged();
  };

  if (!id) {
    return (
      <Card size="small" className="case-panel">
        <Empty description={t('cases.selectHint')} />
      </Card>
    );
  }
  return (
    <Card
      size="small"
      className="case-panel"
      data-testid="case-panel"
      title={
        c ? (
          <Space size={6}>
            <span data-testid="case-panel-number">{c.number}</span>
            <CaseStatusTag status={c.status} />
          </Space>
        ) : (
          <Spin size="small" />
        )
      }
      extra={c && <Link to={`/cases/${c.id}`}>{t('cases.open')}</Link>}
    >
      <ErrorAlert error={error} onRetry={reload} />
      {!c && loading && <Spin />}
      {c && (
        <div className="case-panel-body">
          <Typography.Title level={5} className="case-panel-title">
            {c.title}
          </Typography.Title>
          <CaseFlags c={c} />
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'due', label: t('cases.field.due'), children: <DeadlineLight light={c.light} dueAt={c.dueAt} provisional={c.dueProvisional} /> },
              { key: 'matter', label: t('cases.field.matter'), children: c.matterName ? `${c.matterCode} ${c.matterName}` : '—' },
              { key: 'place', label: t('cases.field.place'), children: [placePath(c), c.address].filter(Boolean).join(' ') },
              { key: 'source', label: t('cases.field.source'), children: labels.source(c.source) },
              {
                key: 'reporter',
                label: t('cases.field.reporter'),
                children: [c.reporterName, c.reporterContact].filter(Boolean).join(' ') || '—',
              },
              { key: 'created', label: t('cases.field.createdAt'), children: formatDateTime(c.createdAt, lang) },
              ...(c.leadUnitName ? [{ key: 'lead', label: t('cases.field.leadUnit'), children: c.leadUnitName }] : []),
              ...(mode === 'unit' && c.myUnit
                ? [
                    {
                      key: 'mine',
                      label: t('cases.field.units'),
                      children: t('cases.unit.myRole', { role: labels.unitRole(c.myUnit.role), status: labels.assignmentStatus(c.myUnit.status) }),
                    },
                  ]
                : []),
            ]}
          />
          {c.description && <Typography.Paragraph className="case-panel-description">{c.description}</Typography.Paragraph>}
          <CaseMap c={c} name="panel" className="case-map-small" />
          {mode === 'desk' && c.capacity.centre && ['reported', 'accepted', 'registered'].includes(c.status) && <RoutingSuggestion c={c} />}
          {mode === 'desk' && <SimilarCases c={c} onDone={done} />}
          <CaseRequests c={c} onDone={done} pendingOnly />
          <CaseActionBar c={c} onDone={done} />
        </div>
      )}
    </Card>
  );
}
