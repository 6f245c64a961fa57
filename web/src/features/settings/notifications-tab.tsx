/** The signed-in user's notifications, newest first, with marking as read. */
import { useState } from 'react';
import { monitoringApi } from '../../api/monitoring-api.ts';
import { AsyncView } from '../../components/async-view.tsx';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { FormError } from '../../components/feedback.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { formatInstant } from '../../components/time-format.ts';
import { useResource } from '../../components/use-resource.ts';
import { Link } from '../../routes/router.tsx';

const PAGE_SIZE = 20;

export function NotificationsTab() {
  const [offset, setOffset] = useState(0);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const notifications = useResource(
    () => monitoringApi.notifications({ limit: PAGE_SIZE, offset, unread: unreadOnly ? true : undefined }),
    [offset, unreadOnly],
  );
  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      notifications.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section className="stack" aria-label="Notifications">
      <div className="row">
        <label className="check">
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(event) => {
              setUnreadOnly(event.target.checked);
              setOffset(0);
            }}
          />
          Unread only
        </label>
        <Button variant="secondary" onClick={() => void act(() => monitoringApi.markAllRead())}>
          Mark all read
        </Button>
        {notifications.data && <span className="small muted">{notifications.data.unread} unread</span>}
      </div>
      <FormError error={error} />
      <AsyncView
        resource={notifications}
        what="notifications"
        isEmpty={(page) => page.data.length === 0}
        empty="No notifications."
      >
        {(page) => (
          <>
            <ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
              {page.data.map((notification) => (
                <li key={notification.id} className="card">
                  <div className="row">
                    <Badge
                      tone={notification.kind === 'breach' ? 'red' : notification.kind === 'warning' ? 'amber' : 'blue'}
                    >
                      {notification.kind}
                    </Badge>
                    <strong>
                      {notification.link ? (
                        <Link to={notification.link}>{notification.title}</Link>
                      ) : (
                        notification.title
                      )}
                    </strong>
                    {!notification.readAt && <Badge tone="blue">unread</Badge>}
                  </div>
                  <p style={{ whiteSpace: 'pre-wrap' }}>{notification.body}</p>
                  <div className="row small muted">
                    {formatInstant(notification.createdAt)}
                    {!notification.readAt && (
                      <Button variant="link" onClick={() => void act(() => monitoringApi.markRead(notification.id))}>
                        Mark read
                      </Button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
            <Pagination page={page.page} onChange={setOffset} label="notifications" />
          </>
        )}
      </AsyncView>
    </section>
  );
}
