/**
 * Monitoring and notifications (decision 0016): the clock queue, the attention queue, deviations, in-app notifications and preferences,
 * webhooks with their delivery log, the outbox, e-mail settings.
 */
import { api, type Query } from './client.ts';
import type {
  AppNotification,
  AttentionQueue,
  Deviation,
  EmailSettings,
  MonitoredClock,
  NotificationPreferences,
  OutboxMessage,
  Webhook,
  WebhookDelivery,
} from './monitoring-types.ts';
import type { Page } from './types.ts';

export const monitoringApi = {
  clocks: (query: Query, signal?: AbortSignal) => api.get<Page<MonitoredClock>>('/api/v1/clocks', query, signal),
  attention: (query: Query, signal?: AbortSignal) => api.get<AttentionQueue>('/api/v1/clocks/attention', query, signal),
  deviations: (query: Query) => api.get<Page<Deviation>>('/api/v1/deviations', query),
  notifications: (query: Query) => api.get<Page<AppNotification> & { unread: number }>('/api/v1/notifications', query),
  markRead: (id: string) => api.post<AppNotification>(`/api/v1/notifications/${id}/read`),
  markAllRead: () => api.post<{ marked: number }>('/api/v1/notifications/read-all'),
  preferences: () => api.get<NotificationPreferences>('/api/v1/me/notification-preferences'),
  savePreferences: (body: NotificationPreferences) =>
    api.put<NotificationPreferences>('/api/v1/me/notification-preferences', body),

  webhooks: (query: Query) => api.get<Page<Webhook>>('/api/v1/webhooks', query),
  createWebhook: (body: { url: string; eventTypes: string[]; description?: string }) =>
    api.post<Webhook & { secret: string }>('/api/v1/webhooks', body),
  updateWebhook: (id: string, body: Partial<{ url: string; eventTypes: string[]; active: boolean }>) =>
    api.patch<Webhook>(`/api/v1/webhooks/${id}`, body),
  deleteWebhook: (id: string) => api.delete(`/api/v1/webhooks/${id}`),
  deliveries: (id: string, query: Query) => api.get<Page<WebhookDelivery>>(`/api/v1/webhooks/${id}/deliveries`, query),
  testWebhook: (id: string) => api.post<{ outboxId: string; recipient: string }>(`/api/v1/webhooks/${id}/test`),

  outbox: (query: Query) => api.get<Page<OutboxMessage>>('/api/v1/outbox', query),
  retryOutbox: (id: string) => api.post<OutboxMessage>(`/api/v1/outbox/${encodeURIComponent(id)}/retry`),
  emailSettings: () => api.get<EmailSettings>('/api/v1/settings/email'),
  testEmail: (idempotencyKey: string) =>
    api.post<{ outboxId: string; recipient: string }>(
      '/api/v1/settings/email/test',
      {},
      {
        'idempotency-key': idempotencyKey,
      },
    ),
};
