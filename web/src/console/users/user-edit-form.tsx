import { App, Button, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, updateUser } from '../../api/client';
import type { UpdateUserBody, UserDetail } from '../../api/types';
import { ErrorAlert } from '../shared/error-alert';
import { useErrorText } from '../shared/use-error-text';

interface Values {
  displayName: string;
  phone: string;
}

/** Changes the name and phone; only the fields that differ are sent. */
export function UserEditForm({ user, onSaved, onCancel }: { user: UserDetail; onSaved: (user: UserDetail) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function save(values: Values) {
    const body: UpdateUserBody = {};
    if (values.displayName.trim() !== user.displayName) body.displayName = values.displayName.trim();
    const phone = values.phone.trim() || null;
    if (phone !== user.phone) body.phone = phone;
    if (Object.keys(body).length === 0) return onCancel();
    setSaving(true);
    setError(null);
    try {
      const saved = await updateUser(user.id, body);
      message.success(t('users.updated'));
      onSaved(saved);
    } catch (caught) {
      if (caught instanceof ApiError && (caught.fieldName === 'displayName' || caught.fieldName === 'phone')) {
        form.setFields([{ name: caught.fieldName, errors: [errorText(caught)] }]);
      } else setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form<Values> form={form} layout="vertical" initialValues={{ displayName: user.displayName, phone: user.phone ?? '' }} onFinish={save}>
      <ErrorAlert className="form-alert" error={error} />
      <Form.Item
        name="displayName"
        label={t('users.displayName')}
        rules={[{ required: true, whitespace: true, max: 50, message: t('users.required', { field: t('users.displayName') }) }]}
      >
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="phone" label={t('users.phone')} rules={[{ pattern: /^[0-9+\- ]{5,20}$/, message: t('users.phonePattern') }]}>
        <Input allowClear />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('common.save')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}
