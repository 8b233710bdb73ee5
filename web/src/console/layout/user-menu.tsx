import { DownOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Dropdown, type MenuProps, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useBilingual } from '../../i18n';
import { useMe, useSession } from '../shared/session';
import { useErrorText } from '../shared/use-error-text';

/** Who is signed in, with what role, over which area; opens 个人中心 and 退出登录. */
export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const { logout } = useSession();
  const pick = useBilingual();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const scopeName = me.scope.kind === 'department' && me.scope.department ? me.scope.department.name : me.scope.division.name;

  const items: MenuProps['items'] = [
    { key: 'me', icon: <UserOutlined />, label: t('nav.me') },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout'), danger: true },
  ];

  async function onClick({ key }: { key: string }) {
    if (key === 'me') navigate('/me');
    if (key === 'logout') {
      try {
        await logout();
      } catch (error) {
        message.error(errorText(error));
      }
    }
  }

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <button type="button" className="user-menu" data-testid="user-menu">
        <Space size={8}>
          <Avatar size="small" icon={<UserOutlined />} className="user-menu-avatar" />
          <Typography.Text strong>{me.displayName}</Typography.Text>
          <Tag color="blue" className="user-menu-tag">
            {pick(me.roleName)}
          </Tag>
          <Typography.Text type="secondary" className="user-menu-scope" title={t('layout.scope')}>
            {scopeName}
          </Typography.Text>
          <DownOutlined className="user-menu-caret" />
        </Space>
      </button>
    </Dropdown>
  );
}
