// /grid-changes/new and /grid-changes/:id: a draft opens in the editor for the centres that propose;
// anything else (submitted, decided, or a reader who may not propose) opens the review.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Result, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { getGridChange } from '../../api/client';
import type { GridChange, GridChangeDetail } from '../../api/types';
import { ErrorAlert } from '../shared/error-alert';
import { useSession } from '../shared/session';
import { ChangeEditor } from './change-editor';
import { ChangeReview } from './change-review';
import { ChangeStatusTag } from './change-status';
import './grid-changes.css';

export default function ChangePage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { id = 'new' } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const [detail, setDetail] = useState<GridChangeDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt reloads; a draft saved here is already held
  useEffect(() => {
    if (id === 'new' || (detail?.id === id && attempt === 0)) return;
    let live = true;
    setError(null);
    getGridChange(id)
      .then((value) => live && setDetail(value))
      .catch((caught: unknown) => live && setError(caught));
    return () => {
      live = false;
    };
  }, [id, attempt]);

  function saved(change: GridChange, leave: boolean) {
    setDetail((previous) => ({ ...change, before: previous?.id === change.id ? previous.before : [] }));
    if (id !== change.id) navigate(`/grid-changes/${change.id}`, { replace: true });
    // Submitted or withdrawn: load the review with the community's grids.
    if (leave) setAttempt((n) => n + 1);
  }

  const editing = id === 'new' || (detail?.status === 'draft' && can('grid.propose'));
  let body: React.ReactNode;
  if (id === 'new' && !can('grid.propose')) body = <Result status="403" title="403" subTitle={t('common.noPermission')} />;
  else if (error) body = <ErrorAlert error={error} onRetry={() => setAttempt((n) => n + 1)} />;
  else if (id !== 'new' && detail?.id !== id) body = <Skeleton active />;
  else if (editing) body = <ChangeEditor change={detail} initialCommunity={search.get('community') ?? undefined} onSaved={saved} />;
  else if (detail) body = <ChangeReview change={detail} onChanged={() => setAttempt((n) => n + 1)} />;

  return (
    <div className="change-page">
      <Space className="change-page-title" align="center">
        <Link to="/grid-changes">
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('changes.backToList')} />
        </Link>
        <Typography.Title level={4} className="change-page-heading">
          {id === 'new' ? t('changes.newTitle') : editing ? t('changes.editTitle') : t('changes.reviewTitle')}
        </Typography.Title>
        {detail && detail.id === id && <ChangeStatusTag status={detail.status} />}
      </Space>
      {body}
    </div>
  );
}
