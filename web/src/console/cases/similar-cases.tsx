// Possible duplicates: open cases of the same matter near the case's point (GET /api/cases/similar),
// each with "merge into this" for a centre while the case is not yet dispatched.
import { List, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { similarCases } from '../../api/client';
import type { CaseDetail, CaseStatus, SimilarCase } from '../../api/types';
import { ErrorAlert } from '../shared/error-alert';
import { MergeAction } from './actions/centre-actions';
import { mayTake } from './case-labels';
import { CaseStatusTag } from './case-tags';

export function SimilarCases({ c, onDone }: { c: CaseDetail; onDone: (next: CaseDetail) => void }) {
  const { t } = useTranslation();
  const [found, setFound] = useState<{ radius: number; items: SimilarCase[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { id, matterCode, lng, lat, version } = c;

  // biome-ignore lint/correctness/useExhaustiveDependencies: asked again when the case changes (version)
  useEffect(() => {
    if (!matterCode || lng === null || lat === null) return;
    let live = true;
    similarCases(matterCode, lng, lat)
      .then((value) => {
        if (!live) return;
        setFound(value);
        setError(null);
      })
      .catch((caught: unknown) => live && setError(caught));
    return () => {
      live = false;
    };
  }, [id, matterCode, lng, lat, version]);

  if (!matterCode || lng === null || lat === null) return null;
  const others = (found?.items ?? []).filter((s) => s.id !== id);
  const mayMerge = c.capacity.centre && mayTake('merge', c.status);
  return (
    <div className="case-similar" data-testid="case-similar">
      <Typography.Text strong>{t('cases.desk.similar')}</Typography.Text>
      <ErrorAlert error={error} />
      {found && others.length === 0 && (
        <Typography.Paragraph type="secondary" className="case-similar-none">
          {t('cases.desk.similarNone', { radius: found.radius })}
        </Typography.Paragraph>
      )}
      {others.length > 0 && (
        <List
          size="small"
          dataSource={others}
          renderItem={(s) => (
            <List.Item data-testid={`similar-${s.number}`} actions={mayMerge ? [<MergeAction key="merge" c={c} into={s} onDone={onDone} />] : undefined}>
              <Space size={4} wrap>
                <Link to={`/cases/${s.id}`}>{s.number}</Link>
                <span>{s.title}</span>
                <CaseStatusTag status={s.status as CaseStatus} />
                <Typography.Text type="secondary">{t('cases.desk.distance', { distance: s.distance })}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
