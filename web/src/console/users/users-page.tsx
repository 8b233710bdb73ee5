import { PlusOutlined, ReloadOutlined, UnlockOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Select, Space, Table, type TableProps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listUsers, unlockUser } from '../../api/client';
import type { Role, UserListQuery, UserSort, UserSummary } from '../../api/types';
import { useBilingual, useLang } from '../../i18n';
import { formatDateTime } from '../shared/format';
import { allRoles } from '../shared/roles';
import { useSession } from '../shared/session';
import { ErrorAlert } from '../shared/error-alert';
import { useErrorText } from '../shared/use-error-text';
import { useQueryResult } from '../shared/use-query-result';
import { CreateUserModal } from './create-user-modal';
import { UserDrawer } from './user-drawer';
import { UserStatus } from './user-status';

type SortField = 'username' | 'displayName' | 'createdAt';

function sortOrder(sort: UserSort | undefined, field: SortField) {
  if (sort === field) return 'ascend' as const;
  if (sort === `-${field}`) return 'descend' as const;
  return null;
}

/** 用户: accounts under the user's jurisdiction, paged and sorted by the server. */
export default function UsersPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const pick = useBilingual();
  const { can } = useSession();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [query, setQuery] = useState<UserListQuery>({ page: 1, pageSize: 20, sort: 'username' });
  const { data, loading, error, reload } = useQueryResult(listUsers, query);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const manage = can('user.manage');

  async function unlock(user: UserSummary) {
    try {
      await unlockUser(user.id);
      message.success(t('users.unlocked'));
      reload();
    } catch (caught) {
      message.error(errorText(caught));
    }
  }

  const sortable = (field: SortField) => ({
    sorter: true,
    sortOrder: sortOrder(query.sort, field),
    sortDirections: ['ascend', 'descend'] as ('ascend' | 'descend')[],
  });

  const columns: TableProps<UserSummary>['columns'] = [
    {
      key: 'username',
      dataIndex: 'username',
      title: t('users.username'),
      ...sortable('username'),
      render: (value: string) => <Typography.Text strong>{value}</Typography.Text>,
    },
    { key: 'displayName', dataIndex: 'displayName', title: t('users.displayName'), ...sortable('displayName') },
    { key: 'role', title: t('users.role'), render: (_, user) => pick(user.roleName) },
    { key: 'division', title: t('users.division'), render: (_, user) => user.division.name },
    { key: 'department', title: t('users.department'), render: (_, user) => user.department?.name ?? '—' },
    { key: 'phone', dataIndex: 'phoneMasked', title: t('users.phone'), render: (value: string | null) => value ?? '—' },
    { key: 'status', title: t('users.status'), render: (_, user) => <UserStatus disabled={user.disabled} locked={user.locked} /> },
    { key: 'createdAt', dataIndex: 'createdAt', title: t('users.createdAt'), ...sortable('createdAt'), render: (value: string) => formatDateTime(value, lang) },
  ];
  if (manage) {
    columns.push({
      key: 'actions',
      title: t('users.actions'),
      render: (_, user) =>
        user.locked ? (
          <Button
            size="small"
            icon={<UnlockOutlined />}
            onClick={(event) => {
              event.stopPropagation();
              void unlock(user);
            }}
          >
            {t('users.unlock')}
          </Button>
        ) : null,
    });
  }

  const onChange: TableProps<UserSummary>['onChange'] = (pagination, _filters, sorter) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = one?.order ? (one.columnKey as SortField) : undefined;
    const sort = field ? ((one?.order === 'descend' ? `-${field}` : field) as UserSort) : 'username';
    const pageSize = pagination.pageSize ?? query.pageSize;
    setQuery({ ...query, sort, pageSize, page: pageSize !== query.pageSize ? 1 : (pagination.current ?? 1) });
  };

  return (
    <Card
      title={t('users.title')}
      data-testid="users-page"
      extra={
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('users.searchPlaceholder')}
            onSearch={(value) => setQuery({ ...query, q: value.trim() || undefined, page: 1 })}
            style={{ width: 220 }}
            data-testid="users-search"
          />
          <Select<Role>
            allowClear
            placeholder={t('users.roleFilter')}
            style={{ width: 200 }}
            value={query.role}
            onChange={(role) => setQuery({ ...query, role, page: 1 })}
            options={allRoles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => reload()} aria-label={t('common.retry')} />
          {manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="users-create">
              {t('users.create')}
            </Button>
          )}
        </Space>
      }
    >
      <ErrorAlert className="form-alert" error={error} />
      <Table<UserSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        onChange={onChange}
        onRow={(user) => ({ onClick: () => setOpenId(user.id), className: 'clickable-row' })}
        pagination={{
          current: data?.page ?? query.page,
          pageSize: data?.pageSize ?? query.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
        }}
        scroll={{ x: 'max-content' }}
        data-testid="users-table"
      />
      <UserDrawer id={openId} onClose={() => setOpenId(null)} onChanged={() => reload()} />
      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(user) => {
          setCreating(false);
          reload();
          setOpenId(user.id);
        }}
      />
    </Card>
  );
}
