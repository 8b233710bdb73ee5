import { EditOutlined, StopOutlined, UnlockOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, type DescriptionsProps, Drawer, Popconfirm, Skeleton, Space, Tag, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getUser, unlockUser, updateUser } from '../../api/client';
import type { UserDetail } from '../../api/types';
import { useBilingual, useLang } from '../../i18n';
import { formatDateTime } from '../shared/format';
import { useSession } from '../shared/session';
import { ErrorAlert } from '../shared/error-alert';
import { useErrorText } from '../shared/use-error-text';
import { UserEditForm } from './user-edit-form';
import { UserStatus } from './user-status';

interface Props {
  id: string | null;
  onClose: () => void;
  onChanged: () => void;
}

/** One account in full. Opening it reads the full phone number, which the server audits. */
export function UserDrawer({ id, onClose, onChanged }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const pick = useBilingual();
  const { can } = useSession();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [user, setUser] = useState<UserDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const manage = can('user.manage');

  useEffect(() => {
    setUser(null);
    setError(null);
    setEditing(false);
    if (!id) return;
    let live = true;
    getUser(id)
      .then((value) => live && setUser(value))
      .catch((caught: unknown) => live && setError(caught));
    return () => {
      live = false;
    };
  }, [id]);

  /** Runs a change; `run` answers the updated user, or null when it must be read again. */
  async function act(run: () => Promise<UserDetail | null>) {
    if (!user) return;
    setBusy(true);
    try {
      const changed = await run();
      setUser(changed ?? (await getUser(user.id)));
      message.success(t('users.updated'));
      onChanged();
    } catch (caught) {
      message.error(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  let body: ReactNode;
  if (error !== null) body = <ErrorAlert error={error} />;
  else if (!user) body = <Skeleton active paragraph={{ rows: 8 }} />;
  else if (editing) {
    body = (
      <UserEditForm
        user={user}
        onCancel={() => setEditing(false)}
        onSaved={(saved) => {
          setUser(saved);
          setEditing(false);
          onChanged();
        }}
      />
    );
  } else {
    const items: DescriptionsProps['items'] = [
      { key: 'username', label: t('users.username'), children: user.username },
      { key: 'displayName', label: t('users.displayName'), children: user.displayName },
      { key: 'role', label: t('users.role'), children: pick(user.roleName) },
      { key: 'division', label: t('users.division'), children: `${user.division.name}（${user.division.code}）` },
      { key: 'department', label: t('users.department'), children: user.department?.name ?? '—' },
      {
        key: 'phone',
        label: t('users.phone'),
        children: user.phone ? (
          <Space orientation="vertical" size={0}>
            <Typography.Text copyable data-testid="user-phone">
              {user.phone}
            </Typography.Text>
            <Typography.Text type="secondary" className="hint">
              {t('users.phoneAudited')}
            </Typography.Text>
          </Space>
        ) : (
          '—'
        ),
      },
      {
        key: 'grids',
        label: t('users.gridCodes'),
        children: user.gridCodes.length ? (
          <Space size={[4, 4]} wrap>
            {user.gridCodes.map((code) => (
              <Tag key={code}>{code}</Tag>
            ))}
          </Space>
        ) : (
          '—'
        ),
      },
      { key: 'status', label: t('users.status'), children: <UserStatus disabled={user.disabled} locked={user.locked} /> },
      { key: 'mustChange', label: t('users.mustChangePassword'), children: user.mustChangePassword ? t('common.yes') : t('common.no') },
      { key: 'createdAt', label: t('users.createdAt'), children: formatDateTime(user.createdAt, lang) },
    ];
    body = <Descriptions size="small" column={1} bordered items={items} />;
  }

  const actions = manage && user && !editing && (
    <Space>
      {user.locked && (
        <Button icon={<UnlockOutlined />} loading={busy} onClick={() => void act(() => unlockUser(user.id).then(() => null))}>
          {t('users.unlock')}
        </Button>
      )}
      <Popconfirm
        title={user.disabled ? t('users.enableConfirm') : t('users.disableConfirm')}
        onConfirm={() => act(() => updateUser(user.id, { disabled: !user.disabled }))}
      >
        <Button danger={!user.disabled} icon={user.disabled ? <CheckCircleOutlined /> : <StopOutlined />} loading={busy}>
          {user.disabled ? t('users.enable') : t('users.disable')}
        </Button>
      </Popconfirm>
      <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)}>
        {t('common.edit')}
      </Button>
    </Space>
  );

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={520}
      title={user ? `${t('users.detailTitle')} · ${user.displayName}` : t('users.detailTitle')}
      extra={actions}
      destroyOnHidden
      data-testid="user-drawer"
    >
      {body}
    </Drawer>
  );
}
