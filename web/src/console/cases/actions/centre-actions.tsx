// A centre's actions on a case besides dispatching (dispatch-actions.tsx): accept, refuse, register
// under a matter, change the matter, escalate, cancel, resume, archive, merge a duplicate, and decide
// a unit's request. One component per action, used by the desk, the case page and anywhere else.
import { Form, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  acceptCase,
  archiveCase,
  cancelCase,
  decideRequest,
  escalateCase,
  mergeCase,
  reclassifyCase,
  registerCase,
  rejectCase,
  resumeCase,
} from '../../../api/client';
import type { CaseRequest } from '../../../api/types';
import { useCaseLabels } from '../case-labels';
import { type ActionProps, ConfirmAction, FormAction, MatterSelect, OpinionItem, ReasonItem, UnitSelect } from './action-kit';

export function AcceptAction({ c, onDone }: ActionProps) {
  const { t } = useTranslation();
  return <ConfirmAction label={t('cases.do.accept')} testId="action-accept" confirm={t('cases.confirm.accept')} run={() => acceptCase(c.id)} onDone={onDone} />;
}

export function RejectAction({ c, onDone }: ActionProps) {
  const { t } = useTranslation();
  return (
    <FormAction<{ reason: string }>
      label={t('cases.do.reject')}
      testId="action-reject"
      danger
      fields={['reason']}
      run={(v) => rejectCase(c.id, v.reason)}
      onDone={onDone}
    >
      <ReasonItem />
    </FormAction>
  );
}

export function RegisterAction({ c, onDone }: ActionProps) {
  const { t } = useTranslation();
  return (
    <FormAction<{ matterCode: string }>
      label={t('cases.do.register')}
      testId="action-register"
      fields={['matterCode']}
      initialValues={{ matterCode: c.matterCode ?? undefined }}
      run={(v) => registerCase(c.id, v.matterCode)}
      onDone={onDone}
    >
      <Form.Item
        name="matterCode"
        label={t('cases.form.matter')}
        extra={t('cases.form.matterHelp')}
        rules={[{ required: true, message: t('cases.form.required') }]}
      >
        <MatterSelect testId="register-matter" />
      </Form.Item>
    </FormAction>
  );
}

export function ReclassifyAction({ c, onDone }: ActionProps) {
  const { t } = useTranslation();
  return (
    <FormAction<{ matterCode: string; reason: string }>
      label={t('cases.do.reclassify')}
      testId="action-reclassify"
      fields={['matterCode', 'reason']}
      run={(v) => reclassifyCase(c.id, v.matterCode, v.reason)}
      onDone={onDone}
    >
      <Form.Item name="matterCode" label={t('cases.form.matter')} rules={[{ required: true, message: t('cases.form.required') }]}>
        <MatterSelect testId="reclassify-matter" />
      </Form.Item>
      <ReasonItem />
    </FormAction>
  );
}

export function EscalateAction({ c, onDone }: ActionProps) {
  const { t } = useTranslation();
  return (
    <FormAction<{ reason: string }>
      label={t('cases.do.escalate')}
      testId="action-escalate"
      fields={['reason']}
      run={(v) => escalateCase(c.id, v.reason)}
      onDone={onDone}
    >
      <ReasonItem />
    </FormAction>
  );
}

export function CancelAction({ c, onDone }: ActionProps) {
  const { t } = useTranslation();
  return (
    <FormAction<{ reason: string }>
      label={t('cases.do.cancel')}
      testId="action-cancel"
      danger
      fields={['reason']}
      run={(v) => cancelCase(c.id, v.reason)}
      onDone={onDone}
    >
      <ReasonItem />
    </FormAction>
  );
}

export function ResumeAction({ c, onDone }: ActionProps) {
  const { t } = useTranslation();
  return (
    <FormAction<{ opinion?: string }>
      label={t('cases.do.resume')}
      testId="action-resume"
      fields={['opinion']}
      run={(v) => resumeCase(c.id, v.opinion)}
      onDone={onDone}
    >
      <OpinionItem />
    </FormAction>
  );
}

export function ArchiveAction({ c, onDone }: ActionProps) {
  const { t } = useTranslation();
  return (
    <ConfirmAction label={t('cases.do.archive')} testId="action-archive" confirm={t('cases.confirm.archive')} run={() => archiveCase(c.id)} onDone={onDone} />
  );
}

/** Merges this case, as a duplicate, into `into` (a possible duplicate the desk found nearby). */
export function MergeAction({ c, into, onDone }: ActionProps & { into: { id: string; number: string } }) {
  const { t } = useTranslation();
  return (
    <ConfirmAction
      label={t('cases.desk.mergeInto')}
      testId={`action-merge-${into.number}`}
      size="small"
      confirm={t('cases.desk.mergeConfirm', { number: into.number })}
      run={() => mergeCase(c.id, into.id)}
      onDone={onDone}
    />
  );
}

interface DecisionValues {
  approve: boolean;
  opinion?: string;
  leadUnitId?: string;
}

/** Approve or refuse a unit's pending return, extension or suspension request. */
export function DecideRequestAction({ c, request, onDone }: ActionProps & { request: CaseRequest }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const kind = labels.requestKind(request.kind);
  return (
    <FormAction<DecisionValues>
      label={`${t('cases.do.approve')} / ${t('cases.do.refuse')}`}
      title={t('cases.decideTitle', { kind })}
      testId={`action-decide-${request.kind}`}
      type="primary"
      fields={['opinion', 'leadUnitId']}
      initialValues={{ leadUnitId: request.responsibleUnitId ?? undefined }}
      run={(v) =>
        decideRequest(c.id, request.id, {
          approve: v.approve,
          ...(v.opinion?.trim() ? { opinion: v.opinion.trim() } : {}),
          ...(v.approve && request.kind === 'return' && v.leadUnitId ? { leadUnitId: v.leadUnitId } : {}),
        })
      }
      onDone={onDone}
    >
      <Typography.Paragraph>
        {request.unitName}：{request.reason}
      </Typography.Paragraph>
      <Form.Item name="approve" label={t('cases.form.decision')} rules={[{ required: true, message: t('cases.form.required') }]}>
        <Radio.Group data-testid="decide-approve">
          <Radio value={true}>{t('cases.do.approve')}</Radio>
          <Radio value={false}>{t('cases.do.refuse')}</Radio>
        </Radio.Group>
      </Form.Item>
      {request.kind === 'return' && (
        <Form.Item noStyle dependencies={['approve']}>
          {({ getFieldValue }) =>
            getFieldValue('approve') === true && (
              <Form.Item name="leadUnitId" label={t('cases.form.approveReturnTo')}>
                <UnitSelect caseId={c.id} testId="decide-lead" />
              </Form.Item>
            )
          }
        </Form.Item>
      )}
      <OpinionItem />
    </FormAction>
  );
}
