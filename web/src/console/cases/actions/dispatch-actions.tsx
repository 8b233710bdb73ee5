// The road from a report to its units: accept → register → dispatch, taken from wherever the case
// stands on it. "受理并派遣" walks it in one click to the units the routing list suggests; the manual
// dispatch walks it to the units the centre picks (a reason required when they differ from the
// list: the server says so on body.reason, shown under the field). A step that fails stops the walk
// and is shown with the server's words; the steps before it stay done, and a retry goes on from there.
import { SendOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { App, Button, type ButtonProps, Form, Input, Modal, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, acceptCase, dispatchCase, registerCase } from '../../../api/client';
import type { CaseDetail, CaseStatus, DispatchBody } from '../../../api/types';
import { ErrorAlert } from '../../shared/error-alert';
import { useErrorText } from '../../shared/use-error-text';
import { type ActionProps, MatterSelect, UnitSelect } from './action-kit';

type RoadStep = 'accept' | 'register' | 'dispatch';

const roadFrom: Partial<Record<CaseStatus, RoadStep[]>> = {
  reported: ['accept', 'register', 'dispatch'],
  accepted: ['register', 'dispatch'],
  registered: ['dispatch'],
};

interface Progress {
  steps: RoadStep[];
  /** Steps finished so far. */
  done: number;
  error: unknown;
  running: boolean;
}

class RoadError extends Error {
  constructor(
    readonly step: RoadStep,
    readonly failure: unknown,
    readonly latest: CaseDetail,
  ) {
    super(`${step} failed`);
  }
}

/** Walks the road for `c`, reporting progress; throws a RoadError naming the step that failed. */
function useDispatchRoad() {
  const [progress, setProgress] = useState<Progress | null>(null);
  async function walk(c: CaseDetail, body: DispatchBody, matterCode?: string): Promise<CaseDetail> {
    const steps = roadFrom[c.status] ?? [];
    let latest = c;
    setProgress({ steps, done: 0, error: null, running: true });
    for (const [i, step] of steps.entries()) {
      try {
        if (step === 'accept') latest = await acceptCase(latest.id);
        else if (step === 'register') latest = await registerCase(latest.id, matterCode);
        else latest = await dispatchCase(latest.id, body);
      } catch (caught) {
        setProgress({ steps, done: i, error: caught, running: false });
        throw new RoadError(step, caught, latest);
      }
      setProgress({ steps, done: i + 1, error: null, running: i + 1 < steps.length });
    }
    return latest;
  }
  return { progress, walk, reset: () => setProgress(null) };
}

/** The road as antd Steps: done, running, failed with the server's reason. */
function RoadProgress({ progress, testId }: { progress: Progress; testId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <Steps
      className="case-road"
      size="small"
      data-testid={testId}
      items={progress.steps.map((step, i) => {
        const failed = i === progress.done && progress.error !== null;
        const status = i < progress.done ? 'finish' : failed ? 'error' : i === progress.done && progress.running ? 'process' : 'wait';
        return {
          title: t(`cases.steps.${step}`),
          status,
          description: failed ? (
            <Typography.Text type="danger" data-testid={`${testId}-error`}>
              {t('cases.progressFailed', { step: t(`cases.steps.${step}`) })}：{errorText(progress.error)}
            </Typography.Text>
          ) : undefined,
        };
      })}
    />
  );
}

/** The one-click button's label key: what the click will run from this state. */
function roadKey(status: CaseStatus) {
  if (status === 'reported') return 'cases.do.acceptAndDispatch' as const;
  if (status === 'accepted') return 'cases.do.registerAndDispatch' as const;
  return 'cases.do.dispatchAsSuggested' as const;
}

/** 受理并派遣: one click, to the units the routing list suggests. Offered when the case has a matter and a suggestion. */
export function AcceptAndDispatchAction({ c, onDone }: ActionProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { progress, walk } = useDispatchRoad();
  async function go() {
    try {
      const next = await walk(c, {});
      void message.success(t('cases.done.dispatched'));
      onDone(next);
    } catch (caught) {
      if (caught instanceof RoadError) onDone(caught.latest);
    }
  }
  return (
    <>
      <Button type="primary" icon={<ThunderboltOutlined />} loading={progress?.running} onClick={() => void go()} data-testid="action-accept-dispatch">
        {t(roadKey(c.status))}
      </Button>
      {progress && progress.error !== null && (
        <div className="case-action-progress">
          <RoadProgress progress={progress} testId="accept-dispatch-progress" />
        </div>
      )}
    </>
  );
}

interface DispatchValues {
  leadUnitId?: string;
  assistUnitIds?: string[];
  reason?: string;
  opinion?: string;
  matterCode?: string;
}

const dispatchFields = new Set(['leadUnitId', 'assistUnitIds', 'reason', 'opinion', 'matterCode']);

/** Manual dispatch: the centre picks the lead and assisting units; taken through accept and register first when needed. */
export function DispatchAction({ c, onDone }: ActionProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<DispatchValues>();
  const { progress, walk, reset } = useDispatchRoad();
  const needsMatter = !c.matterCode && c.status !== 'registered';

  async function submit(values: DispatchValues) {
    setError(null);
    const body: DispatchBody = {
      leadUnitId: values.leadUnitId,
      assistUnitIds: values.assistUnitIds ?? [],
      ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}),
      ...(values.opinion?.trim() ? { opinion: values.opinion.trim() } : {}),
    };
    try {
      const next = await walk(c, body, values.matterCode);
      setOpen(false);
      void message.success(t('cases.done.dispatched'));
      onDone(next);
    } catch (caught) {
      if (!(caught instanceof RoadError)) throw caught;
      const field = caught.failure instanceof ApiError ? caught.failure.fieldName : undefined;
      if (field && dispatchFields.has(field)) form.setFields([{ name: field as keyof DispatchValues, errors: [errorText(caught.failure)] }]);
      else setError(caught.failure);
      if (caught.latest !== c) onDone(caught.latest);
    }
  }

  return (
    <>
      <Button
        icon={<SendOutlined />}
        onClick={() => {
          reset();
          setError(null);
          setOpen(true);
        }}
        data-testid="action-dispatch"
      >
        {t('cases.do.dispatchManually')}
      </Button>
      <Modal
        open={open}
        title={t('cases.do.dispatchManually')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('cases.do.dispatchManually')}
        okButtonProps={{ loading: progress?.running, 'data-testid': 'action-dispatch-ok' } as ButtonProps}
        destroyOnHidden
        width={560}
      >
        {progress && <RoadProgress progress={progress} testId="dispatch-progress" />}
        <ErrorAlert className="form-alert" error={error} />
        <Form<DispatchValues>
          form={form}
          layout="vertical"
          onFinish={(values) => void submit(values)}
          initialValues={{
            leadUnitId: c.suggestion?.leadUnitId,
            assistUnitIds: c.suggestion?.assistUnits.map((u) => u.id) ?? [],
          }}
          data-testid="action-dispatch-form"
        >
          {needsMatter && (
            <Form.Item
              name="matterCode"
              label={t('cases.form.matter')}
              extra={t('cases.form.matterHelp')}
              rules={[{ required: true, message: t('cases.form.required') }]}
            >
              <MatterSelect testId="dispatch-matter" />
            </Form.Item>
          )}
          <Form.Item name="leadUnitId" label={t('cases.form.leadUnit')} rules={[{ required: true, message: t('cases.form.required') }]}>
            <UnitSelect caseId={c.id} testId="dispatch-lead" />
          </Form.Item>
          <Form.Item name="assistUnitIds" label={t('cases.form.assistUnits')}>
            <UnitSelect caseId={c.id} multiple testId="dispatch-assist" />
          </Form.Item>
          <Form.Item name="reason" label={t('cases.form.dispatchReason')} extra={t('cases.form.dispatchReasonHelp')}>
            <Input.TextArea rows={2} maxLength={1000} data-testid="dispatch-reason" />
          </Form.Item>
          <Form.Item name="opinion" label={t('cases.form.opinion')}>
            <Input.TextArea rows={2} maxLength={1000} data-testid="dispatch-opinion" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
