import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, Button, type ButtonProps, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { revealPerson } from '../../api/base-client';
import type { RevealableField, RevealedValue } from '../../api/base-types';
import { ApiError } from '../../api/client';
import { ErrorAlert } from '../shared/error-alert';
import { useSession } from '../shared/session';
import { useErrorText } from '../shared/use-error-text';
import { orDash } from './base-labels';

/**
 * A personal value as the server sent it (masked), with "show full value" for readers holding
 * base.reveal (Art. 10). The full value is asked for with a reason, each time: the server checks
 * both and writes the audit row; the page keeps the answer only while it is shown. `reveal` is the
 * record's reveal call (a person's, an organisation's); test ids are `${testId}`, `-value`, `-reveal`, `-hide`.
 */
export function RevealableValue({
  reveal,
  masked,
  label,
  testId,
}: {
  reveal: (reason: string) => Promise<RevealedValue>;
  masked: string | null;
  label: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [asking, setAsking] = useState(false);
  const [full, setFull] = useState<string | null>(null);
  if (masked === null) return <span>{orDash(masked)}</span>;
  return (
    <span className="masked-field" data-testid={testId}>
      <span className={full ? 'revealed-value' : 'masked-value'} data-testid={`${testId}-value`}>
        {full ?? masked}
      </span>
      {can('base.reveal') &&
        (full ? (
          <Button type="link" size="small" icon={<EyeInvisibleOutlined />} onClick={() => setFull(null)} data-testid={`${testId}-hide`}>
            {t('base.reveal.hide')}
          </Button>
        ) : (
          <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setAsking(true)} data-testid={`${testId}-reveal`}>
            {t('base.reveal.show')}
          </Button>
        ))}
      {asking && (
        <RevealModal
          reveal={reveal}
          label={label}
          onClose={() => setAsking(false)}
          onRevealed={(value) => {
            setAsking(false);
            setFull(value);
          }}
        />
      )}
    </span>
  );
}

/** A person's personal value, revealed through the person's reveal. */
export function MaskedValue({ personId, field, masked, label }: { personId: string; field: RevealableField; masked: string | null; label: string }) {
  return <RevealableValue reveal={(reason) => revealPerson(personId, field, reason)} masked={masked} label={label} testId={`person-${field}`} />;
}

function RevealModal({
  reveal,
  label,
  onClose,
  onRevealed,
}: {
  reveal: (reason: string) => Promise<RevealedValue>;
  label: string;
  onClose: () => void;
  onRevealed: (value: string) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit({ reason }: { reason: string }) {
    setSaving(true);
    setError(null);
    try {
      const answer = await reveal(reason.trim());
      onRevealed(answer.value);
    } catch (caught) {
      if (caught instanceof ApiError && caught.fieldName === 'reason') form.setFields([{ name: 'reason', errors: [errorText(caught)] }]);
      else setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      // Above a drawer it may be opened from (an organisation's): both would start at antd's 1000.
      zIndex={1100}
      open
      title={t('base.reveal.title', { field: label })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('base.reveal.ok')}
      okButtonProps={{ loading: saving, 'data-testid': 'reveal-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Alert type="warning" showIcon className="form-alert" title={<Typography.Text>{t('base.reveal.notice')}</Typography.Text>} />
      <ErrorAlert className="form-alert" error={error} />
      <Form form={form} layout="vertical" onFinish={submit} data-testid="reveal-form">
        <Form.Item name="reason" label={t('base.reveal.reason')} rules={[{ required: true, whitespace: true, message: t('base.reveal.reasonRequired') }]}>
          <Input.TextArea rows={2} maxLength={200} showCount placeholder={t('base.reveal.reasonPlaceholder')} data-testid="reveal-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
