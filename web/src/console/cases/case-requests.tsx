// A case's return, extension and suspension requests; a centre decides the pending ones here.
import { List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/types';
import { useLang } from '../../i18n';
import { formatDateTime } from '../shared/format';
import { DecideRequestAction } from './actions/centre-actions';
import { useCaseLabels } from './case-labels';

const statusColour: Record<string, string> = { pending: 'processing', approved: 'success', rejected: 'default' };

/** `titled`: with its own heading (beside a list); the case page puts it in a titled card instead. */
export function CaseRequests({
  c,
  onDone,
  pendingOnly = false,
  titled = true,
}: {
  c: CaseDetail;
  onDone: (next: CaseDetail) => void;
  pendingOnly?: boolean;
  titled?: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const labels = useCaseLabels();
  const requests = pendingOnly ? c.requests.filter((r) => r.status === 'pending') : c.requests;
  if (requests.length === 0) return null;
  return (
    <List
      className="case-requests"
      size="small"
      header={titled ? <Typography.Text strong>{t('cases.page.requests')}</Typography.Text> : undefined}
      dataSource={requests}
      data-testid="case-requests"
      renderItem={(r) => (
        <List.Item
          data-testid={`case-request-${r.kind}`}
          actions={r.status === 'pending' && c.capacity.centre ? [<DecideRequestAction key="decide" c={c} request={r} onDone={onDone} />] : undefined}
        >
          <List.Item.Meta
            title={
              <Space size={4} wrap>
                <Tag>{labels.requestKind(r.kind)}</Tag>
                <Tag color={statusColour[r.status] ?? 'default'}>{labels.requestStatus(r.status)}</Tag>
                <span>{r.unitName}</span>
                <Typography.Text type="secondary">{formatDateTime(r.createdAt, lang)}</Typography.Text>
              </Space>
            }
            description={
              <>
                <div>{r.reason}</div>
                {r.responsibleUnitName && <div>{t('cases.page.responsible', { unit: r.responsibleUnitName })}</div>}
                {r.requestedDueAt && <div>{t('cases.page.requestedDue', { due: formatDateTime(r.requestedDueAt, lang) })}</div>}
                {r.suspensionReason && <div>{labels.suspensionKind(r.suspensionReason)}</div>}
                {r.decisionOpinion && <div>{t('cases.page.decision', { opinion: r.decisionOpinion })}</div>}
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}
