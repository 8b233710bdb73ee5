import { Card, Col, Descriptions, type DescriptionsProps, Row, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useBilingual } from '../../i18n';
import { useMe } from '../shared/session';
import { ChangePasswordForm } from './change-password-form';

/** 个人中心: who I am, what I may see, and my password. */
export default function MePage() {
  const { t } = useTranslation();
  const pick = useBilingual();
  const me = useMe();
  const { scope } = me;
  const path = [...scope.path.filter((step) => step.code !== scope.division.code), scope.division].map((step) => step.name).join(' / ');

  const items: DescriptionsProps['items'] = [
    { key: 'username', label: t('me.username'), children: me.username },
    { key: 'displayName', label: t('me.displayName'), children: me.displayName },
    { key: 'role', label: t('me.role'), children: <Tag color="blue">{pick(me.roleName)}</Tag> },
    { key: 'scopeKind', label: t('me.scopeKind'), children: t(`scopeKinds.${scope.kind}`) },
    { key: 'scope', label: t('me.scope'), children: <span data-testid="me-scope">{path}</span> },
  ];
  if (scope.department) items.push({ key: 'department', label: t('me.department'), children: scope.department.name });
  if (scope.kind === 'grids') {
    items.push({
      key: 'grids',
      label: t('me.gridCodes'),
      children: scope.gridCodes.length ? (
        <Space size={[4, 4]} wrap>
          {scope.gridCodes.map((code) => (
            <Tag key={code}>{code}</Tag>
          ))}
        </Space>
      ) : (
        '—'
      ),
    });
  }
  items.push({
    key: 'permissions',
    label: t('me.permissions'),
    children: (
      <Space size={[4, 4]} wrap>
        {me.permissions.map((permission) => (
          <Tag key={permission}>{permission}</Tag>
        ))}
      </Space>
    ),
  });

  return (
    <Row gutter={[16, 16]} data-testid="me-page">
      <Col xs={24} xl={14}>
        <Card title={t('me.profile')}>
          <Descriptions column={1} bordered size="middle" items={items} />
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card title={t('me.changePassword')}>
          <ChangePasswordForm />
        </Card>
      </Col>
    </Row>
  );
}
