/** Tickets, their clocks and events. */
import { api, type Query } from './client.ts';
import type { CallInput, TicketMessage } from './conversation-types.ts';
import type { Page, Ticket, TicketTimeline, TicketWithClocks, UnmeasuredCounts } from './types.ts';

export interface OpenTicketBody {
  customerId?: string;
  agreementId?: string;
  title: string;
  description?: string;
  service?: string;
  category?: string;
  channel?: string;
  impact?: string;
  urgency?: string;
  priority?: string;
  /** A ticket opened by phone: the call's start is its opening, and the call is logged on it. */
  call?: CallInput;
}

export interface MessageBody {
  kind: 'reply' | 'note';
  text: string;
  cc?: string[];
}

export interface TicketEventBody {
  type: string;
  occurredAt: string;
  status?: string;
  priority?: string;
  assignee?: string;
  key?: string;
}

export const ticketsApi = {
  list: (query: Query, signal?: AbortSignal) => api.get<Page<Ticket>>('/api/v1/tickets', query, signal),
  get: (id: string) => api.get<TicketWithClocks>(`/api/v1/tickets/${id}`),
  notMeasured: (query: { customerId?: string }, signal?: AbortSignal) =>
    api.get<UnmeasuredCounts>('/api/v1/tickets/not-measured', query, signal),
  timeline: (id: string) => api.get<TicketTimeline>(`/api/v1/tickets/${id}/timeline`),
  /** The Idempotency-Key makes a double submit (or a retry after a lost answer) open one ticket, not two. */
  open: (body: OpenTicketBody, idempotencyKey: string) =>
    api.post<Ticket>('/api/v1/tickets', body, { 'idempotency-key': idempotencyKey }),
  recordEvent: (id: string, body: TicketEventBody) => api.post<unknown>(`/api/v1/tickets/${id}/events`, body),
  messages: (id: string, signal?: AbortSignal) =>
    api.get<{ items: TicketMessage[] }>(`/api/v1/tickets/${id}/messages`, undefined, signal),
  postMessage: (id: string, body: MessageBody, idempotencyKey: string) =>
    api.post<TicketMessage>(`/api/v1/tickets/${id}/messages`, body, { 'idempotency-key': idempotencyKey }),
  logCall: (id: string, body: CallInput, idempotencyKey: string) =>
    api.post<TicketMessage>(`/api/v1/tickets/${id}/calls`, body, { 'idempotency-key': idempotencyKey }),
};
