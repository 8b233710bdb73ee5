// The full history of a case: one timeline item per step, with who, which unit, the opinion, when the
// step started and finished, its due time and whether it finished overdue.
import { Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseStep } from '../../api/types';
import { useLang } from '../../i18n';
import { formatDateTime } from '../shared/format';
import { useCaseLabels } from './case-labels';

const finishing = new Set(['verifyPass', 'selfResolve', 'archive']);
const refusing = new Set(['reject', 'cancel', 'verifyFail', 'rejectReturn', 'rejectExtension', 'rejectSuspension']);

export function CaseTimeline({ steps }: { steps: CaseStep[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const labels = useCaseLabels();
  return (
    <Timeline
      className="case-timeline"
      data-testid="case-timeline"
      items={steps.map((s) => ({
        key: s.id,
        color: s.overdue || refusing.has(s.action) ? 'red' : finishing.has(s.action) ? 'green' : 'blue',
        content: (
          <div className="case-step" data-testid="case-step" data-action={s.action}>
            <Space size={6} wrap>
              <Typography.Text strong data-testid="case-step-action">
                {labels.action(s.action)}
              </Typography.Text>
              {s.fromStatus && s.fromStatus !== s.toStatus && (
                <Typography.Text type="secondary">
                  {labels.status(s.fromStatus as never)} → {labels.status(s.toStatus as never)}
                </Typography.Text>
              )}
              {s.overdue && <Tag color="red">{t('cases.overdue')}</Tag>}
            </Space>
            <div className="case-step-who" data-testid="case-step-who">
              {[s.actorName ?? t('cases.page.system'), s.unitName].filter(Boolean).join(' · ')}
            </div>
            {s.opinion && <div className="case-step-opinion">{s.opinion}</div>}
            <Typography.Text type="secondary" className="case-step-time" data-testid="case-step-time">
              {s.startedAt === s.finishedAt
                ? formatDateTime(s.finishedAt, lang)
                : t('cases.page.stepTime', { started: formatDateTime(s.startedAt, lang), finished: formatDateTime(s.finishedAt, lang) })}
              {s.dueAt && `（${t('cases.page.stepDue', { due: formatDateTime(s.dueAt, lang) })}）`}
            </Typography.Text>
          </div>
        ),
      }))}
    />
  );
}
