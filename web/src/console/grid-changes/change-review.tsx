// The review of a change: the community's grids now and as the change would leave them, side by side
// on two maps that move together, with the validation's findings; the city centre approves or
// rejects with a reason (Art. 7). Anyone who may see the change sees this page; only the city centre
// gets the decision buttons, and only the proposer's side may withdraw.
import { CheckOutlined, CloseOutlined, RollbackOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Input, Modal, Space, Tag, Typography } from 'antd';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, approveGridChange, rejectGridChange, withdrawGridChange } from '../../api/client';
import type { GridChangeDetail, GridChangeIssue } from '../../api/types';
import { useLang } from '../../i18n';
import { DivisionName } from '../shared/division-name';
import { ErrorAlert } from '../shared/error-alert';
import { formatDateTime } from '../shared/format';
import { useSession } from '../shared/session';
import { afterState, stateCounts } from './change-draft';
import { type Bounds, ChangeIssues, issueBounds } from './change-issues';
import { ChangeMap, stateColours } from './change-map';
import { ChangeStatusTag } from './change-status';

interface Props {
  change: GridChangeDetail;
  onChanged: () => void;
}

export function ChangeReview({ change, onChanged }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const { meta, can } = useSession();
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [decisionError, setDecisionError] = useState<unknown>(null);
  const [deciding, setDeciding] = useState<'approve' | 'reject' | null>(null);
  const [decisionReason, setDecisionReason] = useState('');
  const [focus, setFocus] = useState<{ bounds: Bounds; key: number } | null>(null);

  // Once approved, the community's current grids already are the "after": show the items alone.
  const decided = change.status === 'approved';
  const before = useMemo(() => afterState(decided ? [] : change.before, []), [change.before, decided]);
  const after = useMemo(() => afterState(decided ? [] : change.before, change.items), [change.before, change.items, decided]);
  const touched = change.items.flatMap((i) => (i.code ? [i.code] : []));
  const counts = stateCounts(after);

  // The two maps move together.
  const maps = useRef<MapLibreMap[]>([]);
  const syncing = useRef(false);
  function link(map: MapLibreMap) {
    maps.current.push(map);
    const follow = () => {
      if (syncing.current) return;
      syncing.current = true;
      for (const other of maps.current) if (other !== map) other.jumpTo({ center: map.getCenter(), zoom: map.getZoom() });
      syncing.current = false;
    };
    map.on('move', follow);
    return () => {
      map.off('move', follow);
      maps.current = maps.current.filter((m) => m !== map);
    };
  }

  async function decide() {
    setBusy(true);
    setDecisionError(null);
    try {
      if (deciding === 'approve') {
        const result = await approveGridChange(change.id, decisionReason.trim() || undefined);
        const join = (codes: string[]) => codes.join(t('changes.codeSeparator')) || '—';
        message.success(t('changes.approved', { issued: join(result.issued), retired: join(result.retired) }));
      } else if (deciding === 'reject') {
        await rejectGridChange(change.id, decisionReason.trim());
        message.success(t('changes.rejected'));
      }
      setDeciding(null);
      onChanged();
    } catch (caught) {
      // Validation found problems again (the community changed meanwhile) or another decision came
      // first: show why in the dialog, and the change as it is now behind it.
      setDecisionError(caught);
      if (caught instanceof ApiError && caught.status === 409) onChanged();
    } finally {
      setBusy(false);
    }
  }

  async function withdraw() {
    setBusy(true);
    try {
      await withdrawGridChange(change.id);
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const pick = (issue: GridChangeIssue) => {
    const bounds = issueBounds(issue);
    if (bounds) setFocus({ bounds, key: Date.now() });
  };
  const open = change.status === 'submitted';

  return (
    <div className="change-review" data-testid="change-review">
      <Card size="small" className="change-review-head">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'kind', label: t('changes.kind'), children: t(`changes.kinds.${change.kind}`) },
            { key: 'status', label: t('changes.status'), children: <ChangeStatusTag status={change.status} /> },
            { key: 'community', label: t('changes.community'), children: <DivisionName code={change.communityCode} withCode /> },
            { key: 'reason', label: t('changes.reason'), span: 3, children: change.reason },
            { key: 'proposer', label: t('changes.proposedBy'), children: change.proposedByName },
            { key: 'created', label: t('changes.createdAt'), children: formatDateTime(change.createdAt, lang) },
            { key: 'submitted', label: t('changes.submittedAt'), children: formatDateTime(change.submittedAt, lang) || '—' },
            {
              key: 'decided',
              label: change.status === 'withdrawn' ? t('changes.withdrawnAt') : t('changes.decidedAt'),
              children: change.decidedAt ? `${formatDateTime(change.decidedAt, lang)} ${change.decidedByName ?? ''}` : '—',
            },
            ...(change.decisionReason ? [{ key: 'decision', label: t('changes.decisionReason'), span: 3, children: change.decisionReason }] : []),
          ]}
        />
        <Space wrap className="change-review-actions">
          {open && can('grid.approve') && (
            <>
              <Button type="primary" icon={<CheckOutlined />} onClick={() => setDeciding('approve')} disabled={!change.valid} data-testid="change-approve">
                {t('changes.approve')}
              </Button>
              <Button danger icon={<CloseOutlined />} onClick={() => setDeciding('reject')} data-testid="change-reject">
                {t('changes.reject')}
              </Button>
            </>
          )}
          {(open || change.status === 'draft') && can('grid.propose') && (
            <Button
              icon={<RollbackOutlined />}
              onClick={() => modal.confirm({ title: t('changes.confirmWithdraw'), onOk: withdraw })}
              loading={busy}
              data-testid="change-withdraw"
            >
              {t('changes.withdraw')}
            </Button>
          )}
        </Space>
        <ErrorAlert error={error} />
      </Card>
      <div className="change-review-body">
        {!decided && (
          <Card size="small" className="change-review-side" title={t('changes.before')} data-testid="change-before">
            <ChangeMap name="before" basemap={meta?.basemap ?? null} data={before} selected={touched} onReady={link} fitKey={change.id} focus={focus} />
          </Card>
        )}
        <Card
          size="small"
          className="change-review-side"
          title={
            <Space size={4} wrap>
              {decided ? t('changes.items') : t('changes.after')}
              <Tag color={stateColours.new}>{t('changes.states.new', { count: counts.new })}</Tag>
              <Tag color={stateColours.redrawn}>{t('changes.states.redrawn', { count: counts.redrawn })}</Tag>
              <Tag color={stateColours.retired}>{t('changes.states.retired', { count: counts.retired })}</Tag>
            </Space>
          }
          data-testid="change-after"
        >
          <ChangeMap name="after" basemap={meta?.basemap ?? null} data={after} issues={change.validation} onReady={link} fitKey={change.id} focus={focus} />
        </Card>
        <Card size="small" className="change-review-issues" title={t('changes.validation')}>
          <ChangeIssues issues={change.validation} onPick={pick} />
        </Card>
      </div>
      <Modal
        open={deciding !== null}
        title={deciding === 'approve' ? t('changes.approveTitle') : t('changes.rejectTitle')}
        okText={deciding === 'approve' ? t('changes.approve') : t('changes.reject')}
        okButtonProps={{
          danger: deciding === 'reject',
          disabled: deciding === 'reject' && decisionReason.trim().length < 2,
          loading: busy,
          ...{ 'data-testid': 'change-decide-ok' },
        }}
        onOk={() => void decide()}
        onCancel={() => {
          setDeciding(null);
          setDecisionError(null);
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{deciding === 'approve' ? t('changes.approveHint') : t('changes.rejectHint')}</Typography.Paragraph>
        <Input.TextArea
          value={decisionReason}
          onChange={(e) => setDecisionReason(e.target.value)}
          rows={3}
          maxLength={500}
          data-testid="change-decision-reason"
        />
        <ErrorAlert error={decisionError} />
      </Modal>
    </div>
  );
}
