import { Alert, App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, changePassword } from '../../api/client';
import { useMe, useSession } from '../shared/session';
import { ErrorAlert } from '../shared/error-alert';
import { useErrorText } from '../shared/use-error-text';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export function ChangePasswordForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { refreshMe } = useSession();
  const me = useMe();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(values: Values) {
    setSaving(true);
    setError(null);
    try {
      await changePassword(values.currentPassword, values.newPassword);
      form.resetFields();
      message.success(t('me.changed'));
      await refreshMe(); // clears mustChangePassword
    } catch (caught) {
      const field = caught instanceof ApiError ? caught.fieldName : undefined;
      if (field === 'currentPassword' || field === 'newPassword') form.setFields([{ name: field, errors: [errorText(caught)] }]);
      else setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="change-password-form">
      {me.mustChangePassword && <Alert className="form-alert" type="warning" showIcon title={t('layout.mustChangePassword')} />}
      <ErrorAlert className="form-alert" error={error} />
      {/* lets password managers file the new password under the right account */}
      <input type="text" name="username" autoComplete="username" value={me.username} readOnly hidden />
      <Form.Item name="currentPassword" label={t('me.currentPassword')} rules={[{ required: true, message: t('me.currentRequired') }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('me.newPassword')}
        extra={t('me.passwordHelp')}
        rules={[
          { required: true, message: t('me.newRequired') },
          { min: 10, message: t('me.tooShort') },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('me.confirmPassword')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('me.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: async (_, value: string) => {
              if (value && value !== getFieldValue('newPassword')) throw new Error(t('me.mismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving}>
        {t('me.changePassword')}
      </Button>
    </Form>
  );
}
