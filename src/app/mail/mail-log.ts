/**
 * The intake log for managers (docs/mail.md#the-intake-log): every message received, newest first, with what became
 * of it; and the release of a held message (loop protection held it): it is taken in now, as if it had just passed the
 * check, and measured from when it arrived. A release sends no acknowledgement: the sender was just producing a loop.
 */
import { type Principal, requirePermission } from '../access/principal.ts';
import { conflict, notFound } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type { InboundMailRecord, InboundOutcome, MailboxRecord } from '../ports/mail-repository.ts';
import type { Store } from '../ports/store.ts';
import type { MailIntakeDependencies } from './mail-intake-settings.ts';
import { routeInboundMessage } from './route-inbound-message.ts';
import { finish, type IntakeResult } from './take-in-mail.ts';

export interface MailLogPage {
  readonly items: readonly InboundMailRecord[];
  /** Where the next page starts; null on the last page. */
  readonly next: { readonly receivedAt: number; readonly id: string } | null;
}

export async function readMailLog(
  store: Store,
  principal: Principal,
  query: {
    outcome?: InboundOutcome | undefined;
    limit: number;
    after?: { receivedAt: number; id: string } | undefined;
  },
): Promise<MailLogPage> {
  requirePermission(principal, 'mail.triage');
  const rows = await store.read.inboundMail.log(principal.workspaceId, {
    outcome: query.outcome,
    limit: query.limit + 1,
    before: query.after,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, next: rows.length > query.limit && last ? { receivedAt: last.receivedAt, id: last.id } : null };
}

export async function releaseHeldMail(
  dependencies: MailIntakeDependencies,
  principal: Principal,
  id: string,
): Promise<IntakeResult> {
  requirePermission(principal, 'mail.triage');
  const { store, clock, mail } = dependencies;
  return store.transaction(async (repositories) => {
    const held = await repositories.inboundMail.lock(principal.workspaceId, id);
    if (!held) throw notFound('inbound mail', id);
    if (held.outcome !== 'held' || held.raw === null) {
      throw conflict('MAIL_NOT_HELD', `the message is not held (it was taken in as ${held.outcome})`, {
        outcome: held.outcome,
      });
    }
    const mailbox =
      (held.mailboxId === null ? null : await repositories.mailboxes.get(principal.workspaceId, held.mailboxId)) ??
      detachedMailbox(principal.workspaceId);
    const message = await mail.parser.parse(held.raw, {
      listMailIsAutomatic: mailbox.listMailIsAutomatic,
      maxAttachmentBytes: mail.limits.maxAttachmentBytes,
    });
    const now = clock.now();
    const routed = await routeInboundMessage(repositories, {
      workspaceId: principal.workspaceId,
      mailbox,
      inbound: held,
      message,
      arrivedAt: held.receivedAt,
      now,
      recentFromSender: null,
      limits: mail.limits,
    });
    const result = await finish(repositories, dependencies, {
      mailbox,
      inbound: held,
      message,
      routed,
      now,
      acknowledge: false,
    });
    await recordChange(repositories, principal, now, {
      action: 'mail.released',
      entityType: 'inbound_mail',
      entityId: id,
      customerId: routed.settlement.customerId,
      before: { outcome: held.outcome, reason: held.reason },
      after: { outcome: result.outcome, reason: result.reason, ticketId: result.ticketId },
    });
    return result;
  });
}

/** The mailbox of a message whose mailbox was deleted since: by sender, no service, the defaults. */
export function detachedMailbox(workspaceId: string): MailboxRecord {
  return {
    id: '00000000-0000-0000-0000-000000000000',
    workspaceId,
    name: '(deleted mailbox)',
    kind: 'forward',
    host: null,
    port: null,
    tls: null,
    username: null,
    passwordSet: false,
    folder: 'INBOX',
    processedAction: 'flag',
    processedFolder: null,
    customerId: null,
    service: null,
    category: null,
    acknowledge: false,
    listMailIsAutomatic: true,
    enabled: false,
    uidValidity: null,
    state: null,
    stateError: null,
    stateAt: null,
    revision: 0,
    createdAt: 0,
    updatedAt: 0,
  };
}
