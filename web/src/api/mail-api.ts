/** Mailboxes (admin), the triage of mail from unknown senders and the intake log (manager, admin). */
import { api } from './client.ts';
import type { Mailbox, MailboxInput, MailLogEntry, TriageItem } from './conversation-types.ts';

export interface MailLogPage {
  readonly items: MailLogEntry[];
  readonly nextCursor: string | null;
}

export const mailApi = {
  mailboxes: async (): Promise<Mailbox[]> => (await api.get<{ items: Mailbox[] }>('/api/v1/mailboxes')).items,
  mailbox: (id: string) => api.get<Mailbox>(`/api/v1/mailboxes/${id}`),
  createMailbox: (body: MailboxInput) => api.post<Mailbox>('/api/v1/mailboxes', body),
  updateMailbox: (id: string, body: Partial<MailboxInput>) => api.patch<Mailbox>(`/api/v1/mailboxes/${id}`, body),
  deleteMailbox: (id: string) => api.delete(`/api/v1/mailboxes/${id}`),
  checkMailbox: (id: string) => api.post<{ ok: boolean; error?: string }>(`/api/v1/mailboxes/${id}/check`),

  triage: () => api.get<{ items: TriageItem[] }>('/api/v1/mail/triage'),
  assign: (
    id: string,
    body: { customerId: string; agreementId?: string; rememberSender: 'contact' | 'domain' | null },
  ) => api.post<{ ticketId: string; ticketKey: string }>(`/api/v1/mail/triage/${id}/assign`, body),

  log: (query: { outcome?: string; limit?: number; cursor?: string | null }, signal?: AbortSignal) =>
    api.get<MailLogPage>('/api/v1/mail/log', query, signal),
  release: (id: string) => api.post<unknown>(`/api/v1/mail/log/${id}/release`),
};
