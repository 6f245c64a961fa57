/**
 * Outbox messages as effects of a source (a firing, a report of a period, a test request): their ids derive from the
 * source, the channel and the recipient, so writing the same effect twice is one message (decision 0012).
 */
import { sha256Hex } from '../../core/canonical-json.ts';
import type { OutboxChannel, OutboxDraft, WorkspaceDirectory } from '../ports/monitoring-repository.ts';

export function outboxMessageId(sourceId: string, channel: OutboxChannel, recipientKey: string): string {
  return `m_${sha256Hex(`${sourceId}|${channel}|${recipientKey}`).slice(0, 40)}`;
}

interface DraftBase {
  readonly workspaceId: string;
  readonly customerId: string | null;
  readonly sourceId: string;
  /** The event type, e.g. `clock.breach`, `report.ready`. */
  readonly kind: string;
}

export function emailDraft(base: DraftBase, address: string, payload: unknown): OutboxDraft {
  return {
    ...base,
    id: outboxMessageId(base.sourceId, 'email', address.toLowerCase()),
    channel: 'email',
    recipient: address,
    subscriptionId: null,
    payload,
  };
}

/** One message per active subscription of the workspace to the event type. */
export function webhookDrafts(base: DraftBase, directory: WorkspaceDirectory, payload: unknown): OutboxDraft[] {
  return directory.webhooks
    .filter((hook) => hook.eventTypes.includes(base.kind))
    .map((hook) => ({
      ...base,
      id: outboxMessageId(base.sourceId, 'webhook', hook.id),
      channel: 'webhook',
      recipient: hook.url,
      subscriptionId: hook.id,
      payload,
    }));
}
