// Small pieces every case page shows: the status tag, the deadline light with its due time, and the
// flags (urgent, supervision, rework, provisional).
import { Space, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseLight, CaseStatus, CaseSummary } from '../../api/types';
import { useLang } from '../../i18n';
import { formatDateTime } from '../shared/format';
import { lightColour, statusColour, supervisionColour, useCaseLabels } from './case-labels';

const shortFormats = new Map<string, Intl.DateTimeFormat>();

/** 12/07 09:30: month, day, hours and minutes, local time. */
function formatShort(iso: string, lang: string): string {
  let format = shortFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    shortFormats.set(lang, format);
  }
  return format.format(new Date(iso));
}

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const labels = useCaseLabels();
  return (
    <Tag color={statusColour[status]} data-testid="case-status">
      {labels.status(status)}
    </Tag>
  );
}

/**
 * A green / yellow / red dot, the due time beside it, "provisional" when counted through an unloaded
 * year. `compact`: month, day and minutes only (the full time in the tooltip), for table cells.
 */
export function DeadlineLight({
  light,
  dueAt,
  provisional,
  compact = false,
}: {
  light: CaseLight;
  dueAt: string | null;
  provisional: boolean;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const labels = useCaseLabels();
  return (
    <span className="case-light" data-testid="case-light" data-light={light}>
      <Tooltip title={labels.light(light)}>
        <span className="case-light-dot" style={{ background: lightColour[light] }} role="img" aria-label={labels.light(light)} />
      </Tooltip>
      <span className="case-light-due" title={compact && dueAt ? formatDateTime(dueAt, lang) : undefined}>
        {dueAt ? (compact ? formatShort(dueAt, lang) : formatDateTime(dueAt, lang)) : '—'}
      </span>
      {provisional && dueAt && (
        <Tooltip title={t('cases.provisionalHint')}>
          <Tag color="orange" className="case-light-provisional" data-testid="case-provisional">
            {t('cases.provisional')}
          </Tag>
        </Tooltip>
      )}
    </span>
  );
}

/** Urgent, supervision, rework: only the ones that apply. */
export function CaseFlags({ c }: { c: Pick<CaseSummary, 'urgent' | 'supervision' | 'reworkCount' | 'overdue'> }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  return (
    <Space size={4} wrap>
      {c.urgent && <Tag color="red">{t('cases.urgent')}</Tag>}
      {c.overdue && <Tag color="red">{t('cases.overdue')}</Tag>}
      {c.supervision !== 'none' && <Tag color={supervisionColour[c.supervision] ?? 'blue'}>{labels.supervision(c.supervision)}</Tag>}
      {c.reworkCount > 0 && <Tag color="volcano">{t('cases.rework', { count: c.reworkCount })}</Tag>}
    </Space>
  );
}
