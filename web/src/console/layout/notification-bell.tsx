// The notification bell in the header: the newest notifications on open, then live ones from the
// server-sent event stream (GET /api/notifications/stream; EventSource reconnects by itself and the
// server resumes after the Last-Event-ID). Each live one shows a short toast, raises the unread count,
// and is published to the pages (shared/live-notifications.ts) so their lists reload.
import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { listNotifications } from '../../api/client';
import type { AppNotification } from '../../api/types';
import { publishNotification } from '../shared/live-notifications';
import { useSession } from '../shared/session';

const KEEP = 30;

export function NotificationBell() {
  const { can } = useSession();
  if (!can('notification.read')) return null;
  return <Bell />;
}

function Bell() {
  const { t, i18n } = useTranslation();
  const { notification } = App.useApp();
  const navigate = useNavigate();
  const [items, setItems] = useState<AppNotification[]>([]);
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [live, setLive] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: one stream for the bell's lifetime; t and notification are stable enough for a toast
  useEffect(() => {
    let source: EventSource | null = null;
    let stopped = false;
    listNotifications(KEEP)
      .then((page) => {
        if (stopped) return;
        setItems([...page.items].reverse());
        // Only what comes after the newest one already listed arrives live.
        source = new EventSource(`/api/notifications/stream?after=${page.next}`);
        source.addEventListener('open', () => setLive(true));
        source.addEventListener('error', () => setLive(false));
        source.addEventListener('notification', (event) => {
          const n = JSON.parse((event as MessageEvent<string>).data) as AppNotification;
          setItems((old) => [n, ...old.filter((o) => o.seq !== n.seq)].slice(0, KEEP));
          setUnread((u) => u + 1);
          notification.info({
            key: `notification-${n.seq}`,
            title: t(`notifications.kinds.${n.kind}`, { defaultValue: n.kind }),
            description: n.caseNumber ? `${n.caseNumber} · ${n.title}` : n.title,
            placement: 'bottomRight',
            duration: 6,
          });
          publishNotification(n);
        });
      })
      .catch(() => undefined);
    return () => {
      stopped = true;
      source?.close();
    };
  }, []);

  const content = (
    <div className="notification-list" data-testid="notification-list">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(n) => (
            <List.Item
              key={n.seq}
              data-testid="notification-item"
              onClick={() => {
                setOpen(false);
                if (n.caseId) navigate(`/cases/${n.caseId}`);
              }}
              style={{ cursor: n.caseId ? 'pointer' : 'default' }}
            >
              <List.Item.Meta
                title={
                  <span>
                    <Typography.Text strong>{t(`notifications.kinds.${n.kind}`, { defaultValue: n.kind })}</Typography.Text>
                    {n.caseNumber && <Typography.Text type="secondary"> · {n.caseNumber}</Typography.Text>}
                  </span>
                }
                description={
                  <span>
                    {n.title}
                    <br />
                    <Typography.Text type="secondary">{new Date(n.createdAt).toLocaleString(i18n.language)}</Typography.Text>
                  </span>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setUnread(0);
      }}
      title={`${t('notifications.title')}${live ? '' : ` · ${t('notifications.offline')}`}`}
      content={content}
    >
      <Badge count={unread} size="small" data-testid="notification-count">
        <Button type="text" icon={<BellOutlined />} aria-label={t('notifications.title')} data-testid="notification-bell" data-live={live ? '1' : '0'} />
      </Badge>
    </Popover>
  );
}
