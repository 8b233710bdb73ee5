import { CheckCircleOutlined } from '@ant-design/icons';
import { Alert, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { GridChangeIssue } from '../../api/types';
import { useLang } from '../../i18n';
import { boundsOf } from '../territory/map-geometry';

export type Bounds = [number, number, number, number];

/** Where a finding is, to fly to: its area, or a small box round its spot. */
export function issueBounds(issue: GridChangeIssue): Bounds | null {
  if (issue.geometry) return boundsOf([issue.geometry]);
  const [x, y] = issue.at ?? [];
  if (x === undefined || y === undefined) return null;
  const d = 0.0008;
  return [x - d, y - d, x + d, y + d];
}

interface Props {
  issues: GridChangeIssue[];
  /** The findings are of an earlier version of the items: save to validate again. */
  stale?: boolean;
  onPick?: (issue: GridChangeIssue) => void;
}

/** The validation's findings: problems (which block) first, then warnings. A click flies to one. */
export function ChangeIssues({ issues, stale = false, onPick }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const problems = issues.filter((i) => i.severity === 'problem').length;
  const sorted = [...issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'problem' ? -1 : 1));
  return (
    <div className="change-issues" data-testid="change-issues">
      {stale && <Alert type="info" showIcon title={t('changes.staleValidation')} className="change-issues-stale" />}
      {issues.length === 0 ? (
        <Typography.Text type="success" data-testid="change-valid">
          <CheckCircleOutlined /> {t('changes.noIssues')}
        </Typography.Text>
      ) : (
        <>
          <Typography.Text type={problems > 0 ? 'danger' : 'warning'} data-testid="change-issue-summary">
            {t('changes.issueSummary', { count: problems, problems, warnings: issues.length - problems })}
          </Typography.Text>
          <List
            size="small"
            dataSource={sorted}
            renderItem={(issue) => (
              <List.Item className="change-issue" data-testid={`change-issue-${issue.kind}`}>
                <Tag color={issue.severity === 'problem' ? 'red' : 'orange'}>{t(`changes.severity.${issue.severity}`)}</Tag>
                {onPick && issueBounds(issue) ? (
                  <button type="button" className="change-issue-link" onClick={() => onPick(issue)}>
                    {lang === 'en' ? issue.message : issue.messageZh}
                  </button>
                ) : (
                  <span>{lang === 'en' ? issue.message : issue.messageZh}</span>
                )}
              </List.Item>
            )}
          />
        </>
      )}
    </div>
  );
}
