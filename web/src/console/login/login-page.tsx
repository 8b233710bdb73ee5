import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { ApiError, login } from '../../api/client';
import { Brand } from '../layout/brand';
import { LanguageSwitch } from '../shared/language-switch';
import { useSession } from '../shared/session';
import { ErrorAlert } from '../shared/error-alert';
import { useErrorText } from '../shared/use-error-text';
import { DemoAccounts } from './demo-accounts';
import './login.css';

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { me, meta, metaError, reloadMeta, setMe } = useSession();
  const [form] = Form.useForm<LoginForm>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errorText = useErrorText();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;

  // Signed in (now or already): a first or reset password has to be changed before anything else.
  if (me) return <Navigate to={me.mustChangePassword ? '/me' : from && from !== '/login' ? from : '/territory'} replace />;

  async function submit(values: LoginForm) {
    setSubmitting(true);
    setError(null);
    try {
      const { me: signedIn } = await login(values.username.trim(), values.password);
      setMe(signedIn);
    } catch (caught) {
      setError(caught);
      if (caught instanceof ApiError && caught.fieldName && caught.fieldName in values) {
        form.setFields([{ name: caught.fieldName as keyof LoginForm, errors: [errorText(caught)] }]);
      }
    } finally {
      setSubmitting(false);
    }
  }

  function fill(username: string) {
    setError(null);
    form.setFieldsValue({ username, password: meta?.demoPassword ?? '' });
  }

  return (
    <div className="login-page">
      <div className="login-topbar">
        <LanguageSwitch size="small" />
      </div>
      <main className="login-main">
        <div className="login-panel">
          <Brand size="large" />
          <Card className="login-card" title={t('login.heading')}>
            <ErrorAlert className="form-alert" error={error} data-testid="login-error" />
            <Form<LoginForm> form={form} layout="vertical" requiredMark={false} onFinish={submit} autoComplete="on" size="large">
              <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
                <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
              </Form.Item>
              <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
                {t('login.submit')}
              </Button>
            </Form>
          </Card>
        </div>
        {metaError !== null && !meta && (
          <Alert
            className="login-meta-error"
            type="warning"
            showIcon
            title={t('login.metaFailed')}
            description={errorText(metaError)}
            action={
              <Button size="small" onClick={reloadMeta}>
                {t('common.retry')}
              </Button>
            }
          />
        )}
        {meta?.demo && <DemoAccounts meta={meta} onPick={fill} />}
      </main>
      <footer className="login-footer">
        <Typography.Text type="secondary">
          {t('login.footer')}
          {meta && ` · ${t('app.version', { version: meta.version })}`}
        </Typography.Text>
      </footer>
    </div>
  );
}
