import { Card, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Meta } from '../../api/types';
import { useBilingual } from '../../i18n';

/** In demo mode, the seeded accounts: one click fills the login form. */
export function DemoAccounts({ meta, onPick }: { meta: Meta; onPick: (username: string) => void }) {
  const { t } = useTranslation();
  const pick = useBilingual();
  return (
    <Card className="login-demo" size="small" title={t('login.demoTitle')} data-testid="demo-accounts">
      <div className="login-demo-hint">
        <Typography.Text type="secondary">{t('login.demoHint')} </Typography.Text>
        <Typography.Text code copyable>
          {meta.demoPassword ?? ''}
        </Typography.Text>
      </div>
      <div className="login-demo-grid">
        {meta.demoAccounts.map((account) => (
          <button
            type="button"
            key={account.username}
            className="login-demo-account"
            onClick={() => onPick(account.username)}
            data-testid={`demo-account-${account.username}`}
          >
            <span className="login-demo-account-head">
              <Typography.Text strong>{account.username}</Typography.Text>
              <Tag color="blue" variant="filled">
                {pick(account.roleName)}
              </Tag>
            </span>
            <Typography.Text type="secondary" className="login-demo-account-desc">
              {pick(account.description)}
            </Typography.Text>
          </button>
        ))}
      </div>
    </Card>
  );
}
