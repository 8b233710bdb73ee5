import {
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BorderOuterOutlined,
  AlertOutlined,
  CalendarOutlined,
  DatabaseOutlined,
  EnvironmentOutlined,
  ForkOutlined,
  InboxOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  TeamOutlined,
  SendOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Alert, Button, Layout, Menu, type MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { LanguageSwitch } from '../shared/language-switch';
import { overdueRoles } from '../shared/roles';
import { useMe, useSession } from '../shared/session';
import { Brand } from './brand';
import { NotificationBell } from './notification-bell';
import { UserMenu } from './user-menu';

const collapsedKey = 'wangge.siderCollapsed';
/** The pages of the 基础信息 menu group: it opens when one of them is shown. */
const baseKeys = [
  '/persons',
  '/buildings',
  '/households',
  '/organisations',
  '/watched-persons',
  '/care-persons',
  '/disputes',
  '/hazards',
  '/base-grants',
  '/base-quality',
  '/base-imports',
];

export function ConsoleLayout() {
  const { t } = useTranslation();
  const { can } = useSession();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(collapsedKey) === '1');

  function toggle() {
    localStorage.setItem(collapsedKey, collapsed ? '0' : '1');
    setCollapsed(!collapsed);
  }

  const items: MenuProps['items'] = [
    { key: '/territory', icon: <EnvironmentOutlined />, label: t('nav.territory') },
    can('case.dispatch') ? { key: '/desk', icon: <SendOutlined />, label: t('nav.desk') } : null,
    can('case.handle') ? { key: '/unit-cases', icon: <InboxOutlined />, label: t('nav.unitCases') } : null,
    overdueRoles.includes(me.role) ? { key: '/overdue', icon: <AlertOutlined />, label: t('nav.overdue') } : null,
    can('base.read')
      ? {
          key: 'base',
          icon: <DatabaseOutlined />,
          label: t('base.nav.group'),
          // The watched persons only for the roles responsible for them (watched.read); the rest by permission.
          children: [
            { key: '/persons', label: t('base.nav.persons') },
            { key: '/households', label: t('base.nav.households') },
            { key: '/buildings', label: t('base.nav.buildings') },
            { key: '/organisations', label: t('base.nav.organisations') },
            can('watched.read') ? { key: '/watched-persons', label: t('base.nav.watched') } : null,
            { key: '/care-persons', label: t('base.nav.care') },
            { key: '/disputes', label: t('base.nav.disputes') },
            { key: '/hazards', label: t('base.nav.hazards') },
            can('base.grant') ? { key: '/base-grants', label: t('base.nav.grants') } : null,
            can('base.quality') ? { key: '/base-quality', label: t('base.nav.quality') } : null,
            can('base.import') || can('base.export') ? { key: '/base-imports', label: t('base.nav.imports') } : null,
          ],
        }
      : null,
    can('grid.propose') || can('grid.approve') ? { key: '/grid-changes', icon: <BorderOuterOutlined />, label: t('nav.gridChanges') } : null,
    can('calendar.read') ? { key: '/calendar', icon: <CalendarOutlined />, label: t('nav.calendar') } : null,
    can('matter.read') ? { key: '/matter-lists', icon: <UnorderedListOutlined />, label: t('nav.matters') } : null,
    can('routing.read') ? { key: '/routing', icon: <ForkOutlined />, label: t('nav.routing') } : null,
    can('unit.read') ? { key: '/units', icon: <ApartmentOutlined />, label: t('nav.units') } : null,
    can('user.read') ? { key: '/users', icon: <TeamOutlined />, label: t('nav.users') } : null,
    can('audit.read') ? { key: '/audit', icon: <AuditOutlined />, label: t('nav.audit') } : null,
    { type: 'divider' },
    {
      key: 'api-docs',
      icon: <ApiOutlined />,
      label: (
        <a href="/api/docs" target="_blank" rel="noopener noreferrer">
          {t('nav.apiDocs')}
        </a>
      ),
    },
  ];
  const selected = `/${location.pathname.split('/')[1] ?? ''}`;

  return (
    <Layout className="console">
      <Layout.Sider className="console-sider" theme="dark" width={208} collapsedWidth={64} collapsed={collapsed} trigger={null}>
        <Link to="/territory" className="console-brand-link">
          <Brand collapsed={collapsed} />
        </Link>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          defaultOpenKeys={baseKeys.includes(selected) ? ['base'] : []}
          items={items}
          data-testid="console-menu"
          onClick={({ key }) => key.startsWith('/') && navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="console-header">
          <Button
            type="text"
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={toggle}
            aria-label={collapsed ? t('layout.expand') : t('layout.collapse')}
          />
          <div className="console-header-right">
            <NotificationBell />
            <LanguageSwitch size="small" />
            <UserMenu />
          </div>
        </Layout.Header>
        <Layout.Content className="console-content">
          {me.mustChangePassword && location.pathname !== '/me' && (
            <Alert
              className="console-banner"
              type="warning"
              showIcon
              title={t('layout.mustChangePassword')}
              action={
                <Button size="small" type="primary" onClick={() => navigate('/me')}>
                  {t('layout.goChange')}
                </Button>
              }
            />
          )}
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
