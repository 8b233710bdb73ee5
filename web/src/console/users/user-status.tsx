import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

export function UserStatus({ disabled, locked }: { disabled: boolean; locked: boolean }) {
  const { t } = useTranslation();
  if (!disabled && !locked) return <Tag color="success">{t('users.normal')}</Tag>;
  return (
    <Space size={4}>
      {disabled && <Tag color="default">{t('users.disabled')}</Tag>}
      {locked && <Tag color="error">{t('users.locked')}</Tag>}
    </Space>
  );
}
