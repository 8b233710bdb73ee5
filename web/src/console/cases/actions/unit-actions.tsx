// A handling unit's actions on a case dispatched to it: claim, feed back, ask for a return (naming the
// unit that is responsible), an extension or a suspension; and the on-site verification of a result.
import { DatePicker, Form, Input, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { claimCase, feedbackCase, requestExtension, requestReturn, requestSuspension, verifyCase } from '../../../api/client';
import type { SuspensionKind } from '../../../api/types';
import { suspensionKindOptions, useCaseLabels } from '../case-labels';
import { type ActionProps, AttachmentUpload, ConfirmAction, FormAction, ReasonItem, UnitSelect } from './action-kit';

export function ClaimAction({ c, onDone }: ActionProps) {
  const { t } = useTranslation();
  return (
    <ConfirmAction
      label={t('cases.do.claim')}
      testId="action-claim"
      type="primary"
      confirm={t('cases.confirm.claim')}
      run={() => claimCase(c.id)}
      onDone={onDone}
    />
  );
}

export function FeedbackAction({ c, onDone }: ActionProps) {
  const { t } = useTranslation();
  return (
    <FormAction<{ result: string; attachmentIds?: string[] }>
      label={t('cases.do.feedback')}
      testId="action-feedback"
      type="primary"
      fields={['result', 'attachmentIds']}
      run={(v) => feedbackCase(c.id, { result: v.result, ...(v.attachmentIds?.length ? { attachmentIds: v.attachmentIds } : {}) })}
      onDone={onDone}
    >
      <Form.Item name="result" label={t('cases.form.result')} rules={[{ required: true, whitespace: true, message: t('cases.form.required') }]}>
        <Input.TextArea rows={4} maxLength={4000} data-testid="field-result" />
      </Form.Item>
      <Form.Item name="attachmentIds" label={t('cases.form.attachments')}>
        <AttachmentUpload />
      </Form.Item>
    </FormAction>
  );
}

/** "Not ours": the responsible unit is not checked here, so the server's reason (a return must name one) shows under the field. */
export function ReturnAction({ c, onDone }: ActionProps) {
  const { t } = useTranslation();
  return (
    <FormAction<{ responsibleUnitId?: string; reason: string }>
      label={t('cases.do.return')}
      testId="action-return"
      fields={['responsibleUnitId', 'reason']}
      run={(v) => requestReturn(c.id, { reason: v.reason, ...(v.responsibleUnitId ? { responsibleUnitId: v.responsibleUnitId } : {}) })}
      onDone={onDone}
    >
      <Form.Item name="responsibleUnitId" label={t('cases.form.responsibleUnit')} extra={t('cases.form.responsibleUnitHelp')}>
        <UnitSelect caseId={c.id} exclude={c.myUnit ? [c.myUnit.unitId] : []} testId="return-unit" />
      </Form.Item>
      <ReasonItem />
    </FormAction>
  );
}

export function ExtensionAction({ c, onDone }: ActionProps) {
  const { t } = useTranslation();
  const current = c.dueAt ? Date.parse(c.dueAt) : 0;
  return (
    <FormAction<{ dueAt: { toISOString(): string }; reason: string }>
      label={t('cases.do.extension')}
      testId="action-extension"
      fields={['dueAt', 'reason']}
      run={(v) => requestExtension(c.id, { dueAt: v.dueAt.toISOString(), reason: v.reason })}
      onDone={onDone}
    >
      <Form.Item name="dueAt" label={t('cases.form.dueAt')} rules={[{ required: true, message: t('cases.form.required') }]}>
        <DatePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          disabledDate={(d) => d.endOf('day').valueOf() < current}
          data-testid="extension-due"
        />
      </Form.Item>
      <ReasonItem />
    </FormAction>
  );
}

export function SuspensionAction({ c, onDone }: ActionProps) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  return (
    <FormAction<{ kind: SuspensionKind; reason: string }>
      label={t('cases.do.suspension')}
      testId="action-suspension"
      fields={['kind', 'reason']}
      run={(v) => requestSuspension(c.id, v)}
      onDone={onDone}
    >
      <Form.Item name="kind" label={t('cases.form.kind')} rules={[{ required: true, message: t('cases.form.required') }]}>
        <Select options={suspensionKindOptions.map((k) => ({ value: k, label: labels.suspensionKind(k) }))} data-testid="suspension-kind" />
      </Form.Item>
      <ReasonItem />
    </FormAction>
  );
}

/** The grid worker (or a centre) checks the result: passed closes the case, failed sends it back as rework. */
export function VerifyAction({ c, onDone }: ActionProps) {
  const { t } = useTranslation();
  return (
    <FormAction<{ passed: boolean; opinion?: string }>
      label={t('cases.do.verify')}
      testId="action-verify"
      type="primary"
      fields={['opinion']}
      run={(v) => verifyCase(c.id, { passed: v.passed, opinion: v.opinion?.trim() ?? '' })}
      onDone={onDone}
    >
      <Form.Item name="passed" label={t('cases.form.passed')} rules={[{ required: true, message: t('cases.form.required') }]}>
        <Radio.Group data-testid="verify-passed">
          <Radio value={true}>{t('cases.form.passedYes')}</Radio>
          <Radio value={false}>{t('cases.form.passedNo')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="opinion" label={t('cases.form.opinion')}>
        <Input.TextArea rows={2} maxLength={1000} data-testid="field-opinion" />
      </Form.Item>
    </FormAction>
  );
}
