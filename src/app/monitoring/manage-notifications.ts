/**
 * Use-cases of a user's in-app notifications (decision 0016): the sweep writes them (firing-effects.ts); here the
 * user lists them and marks them read. Every query names the calling user, so another user's notification is not
 * found (404), never shown.
 */
import { type Principal, requirePermission } from '../access/principal.ts';
import { notFound } from '../app-error.ts';
import type { NotificationPage, NotificationRecord } from '../ports/notification-repository.ts';
import type { PageRequest } from '../ports/pagination.ts';
import type { Clock, Store } from '../ports/store.ts';
import { requireUser } from './require-user.ts';

export async function listMyNotifications(
  store: Store,
  principal: Principal,
  page: PageRequest,
  filter: { unread?: boolean | undefined },
): Promise<NotificationPage> {
  requirePermission(principal, 'notifications.read');
  const userId = requireUser(principal, 'notifications');
  return store.read.notifications.listNotifications(principal.workspaceId, userId, page, filter);
}

export async function markNotificationRead(
  { store, clock }: { store: Store; clock: Clock },
  principal: Principal,
  id: string,
): Promise<NotificationRecord> {
  requirePermission(principal, 'notifications.read');
  const userId = requireUser(principal, 'notifications');
  const notification = await store.read.notifications.markNotificationRead(
    principal.workspaceId,
    userId,
    id,
    clock.now(),
  );
  if (!notification) throw notFound('notification', id);
  return notification;
}

/** Marks all of the user's unread notifications read; returns how many were unread. */
export async function markAllNotificationsRead(
  { store, clock }: { store: Store; clock: Clock },
  principal: Principal,
): Promise<number> {
  requirePermission(principal, 'notifications.read');
  const userId = requireUser(principal, 'notifications');
  return store.read.notifications.markAllNotificationsRead(principal.workspaceId, userId, clock.now());
}
