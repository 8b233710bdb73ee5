// Table columns the case lists share: the case (number linking to the case page, title, matter and
// source), status, light and due time, place, lead unit, pending requests, flags. Auto layout: the
// case column takes what the others leave beside the side panel.
import { Badge, type TableColumnType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseSummary } from '../../api/types';
import { useLang } from '../../i18n';
import { DivisionName } from '../shared/division-name';
import { formatDateTime } from '../shared/format';
import { useCaseLabels } from './case-labels';
import { CaseFlags, CaseStatusTag, DeadlineLight } from './case-tags';

type Column = TableColumnType<CaseSummary>;
export type CaseColumn = 'case' | 'status' | 'light' | 'matter' | 'place' | 'lead' | 'pending' | 'created' | 'flags';

export function useCaseColumns(): Record<CaseColumn, Column> {
  const { t } = useTranslation();
  const lang = useLang();
  const labels = useCaseLabels();
  return {
    case: {
      key: 'case',
      title: t('cases.field.title'),
      render: (_, c) => (
        <div className="case-cell">
          <Link to={`/cases/${c.id}`} onClick={(e) => e.stopPropagation()} data-testid="case-link">
            {c.number}
          </Link>
          <span className="case-cell-title">{c.title}</span>
          <Typography.Text type="secondary" className="case-cell-meta">
            {[c.matterName, labels.source(c.source)].filter(Boolean).join(' · ')}
          </Typography.Text>
        </div>
      ),
    },
    status: {
      key: 'status',
      title: t('cases.field.status'),
      dataIndex: 'status',
      width: 88,
      render: (s: CaseSummary['status']) => <CaseStatusTag status={s} />,
    },
    light: {
      key: 'light',
      title: t('cases.field.due'),
      width: 150,
      render: (_, c) => <DeadlineLight light={c.light} dueAt={c.dueAt} provisional={c.dueProvisional} compact />,
    },
    matter: { key: 'matter', title: t('cases.field.matter'), dataIndex: 'matterName', width: 120, render: (name: string | null) => name ?? '—' },
    place: { key: 'place', title: t('cases.field.place'), dataIndex: 'divisionCode', width: 120, render: (code: string) => <DivisionName code={code} short /> },
    lead: { key: 'lead', title: t('cases.field.leadUnit'), dataIndex: 'leadUnitName', width: 160, render: (name: string | null) => name ?? '—' },
    pending: {
      key: 'pending',
      title: t('cases.field.pending'),
      dataIndex: 'pendingRequests',
      width: 76,
      render: (n: number) => (n > 0 ? <Badge count={n} data-testid="case-pending" /> : null),
    },
    created: { key: 'created', title: t('cases.field.createdAt'), dataIndex: 'createdAt', width: 170, render: (at: string) => formatDateTime(at, lang) },
    flags: { key: 'flags', title: '', width: 110, render: (_, c) => <CaseFlags c={c} /> },
  };
}
