/**
 * Who hears of a firing and through which channel (decision 0012). Recipients named by role or keyword resolve to
 * the workspace's users, whose preferences pick in-app and/or e-mail; plain addresses get e-mail. A customer's user
 * is never told about another customer's ticket. Webhooks go to every active subscription of the event type.
 */
import type { FiringPlan } from '../../core/monitoring/threshold-firings.ts';
import { scopeAdmits } from '../access/principal.ts';
import type { NotificationDraft, OutboxDraft, Recipient, WorkspaceDirectory } from '../ports/monitoring-repository.ts';
import type { ClockAlert } from '../ports/notification-content.ts';
import type { TicketRecord } from '../ports/ticket-repository.ts';
import { emailDraft, webhookDrafts } from './outbox-drafts.ts';

export interface FiringContext {
  readonly workspaceId: string;
  readonly ticket: TicketRecord;
  readonly directory: WorkspaceDirectory;
  /** The zone used for plain addresses and users without one (the agreement's or customer's, else UTC). */
  readonly fallbackTimeZone: string;
}

export interface FiringEffects {
  readonly notifications: NotificationDraft[];
  readonly outbox: OutboxDraft[];
}

export function clockAlertOf(plan: FiringPlan, context: FiringContext, actions: readonly string[]): ClockAlert {
  const { ticket, directory } = context;
  return {
    kind: plan.kind,
    percent: plan.percent,
    reachedAt: plan.reachedAt,
    ticket: {
      id: ticket.id,
      title: ticket.title,
      externalRef: ticket.externalRef,
      priority: ticket.priority,
      assignee: ticket.assignee,
    },
    customer: { id: ticket.customerId, name: directory.customers.get(ticket.customerId)?.name ?? '' },
    agreement:
      ticket.agreementId === null
        ? null
        : { id: ticket.agreementId, title: directory.agreements.get(ticket.agreementId) ?? '' },
    target: { id: plan.targetId, metric: plan.metric, durationMs: plan.durationMs },
    dueAt: plan.cycle.dueAt,
    breachAt: plan.cycle.breachAt,
    usedMs: plan.cycle.usedMs,
    remainingMs: plan.cycle.remainingMs,
    actions,
  };
}

export function effectsOf(plan: FiringPlan, alert: ClockAlert, context: FiringContext): FiringEffects {
  const { workspaceId, ticket, directory } = context;
  const { users, addresses } = resolveRecipients(plan, ticket, directory);
  const notifications: NotificationDraft[] = [];
  const outbox: OutboxDraft[] = [];
  const base = { workspaceId, customerId: ticket.customerId, sourceId: plan.id, kind: `clock.${plan.kind}` };
  const emailed = new Set<string>();
  const email = (address: string, timeZone: string) => {
    const key = address.toLowerCase();
    if (emailed.has(key)) return;
    emailed.add(key);
    outbox.push(emailDraft(base, address, { alert, recipientTimeZone: timeZone }));
  };
  for (const user of users) {
    if (!user.preferences.kinds[plan.kind]) continue;
    if (user.preferences.inApp) {
      notifications.push({
        workspaceId,
        userId: user.userId,
        customerId: ticket.customerId,
        sourceId: plan.id,
        kind: plan.kind,
        title: titleOf(alert),
        body: bodyOf(alert),
        link: `/tickets/${ticket.id}`,
        payload: alert,
      });
    }
    if (user.preferences.email) {
      email(user.email, user.preferences.timeZone ?? user.timeZone ?? context.fallbackTimeZone);
    }
  }
  for (const address of addresses) email(address, context.fallbackTimeZone);
  outbox.push(...webhookDrafts(base, directory, alert));
  return { notifications, outbox };
}

function titleOf(alert: ClockAlert): string {
  const what =
    alert.kind === 'breach'
      ? 'Breached'
      : alert.kind === 'escalation'
        ? `Escalation at ${alert.percent}%`
        : `Warning: ${alert.percent}% used`;
  const ref = alert.ticket.externalRef ?? alert.ticket.title;
  return `${what}: ${alert.target.id} on ${ref}`;
}

function bodyOf(alert: ClockAlert): string {
  const parts = [`${alert.ticket.title} (${alert.customer.name})`];
  if (alert.actions.length > 0) parts.push(alert.actions.join('; '));
  return parts.join(' - ');
}

function resolveRecipients(
  plan: FiringPlan,
  ticket: TicketRecord,
  directory: WorkspaceDirectory,
): { users: Recipient[]; addresses: string[] } {
  const users = new Map<string, Recipient>();
  const addresses = new Set<string>();
  // A customer's user hears only of their own customer's tickets, whatever the agreement names.
  const add = (user: Recipient | undefined) => {
    if (user && scopeAdmits(user, ticket.customerId)) users.set(user.userId, user);
  };
  const byAddress = (address: string) =>
    directory.recipients.find((user) => user.email.toLowerCase() === address.toLowerCase());
  const managers = () => directory.recipients.filter((user) => user.role === 'manager');
  for (const name of plan.notify) {
    if (name === 'assignee') {
      const assignee = assigneeOf(ticket, directory);
      if (assignee) add(assignee);
      else if (ticket.assignee?.includes('@')) addresses.add(ticket.assignee);
      else if (plan.kind !== 'breach') for (const manager of managers()) add(manager);
    } else if (name === 'owner') {
      const ownerId = ticket.service === null ? undefined : directory.serviceOwners.get(ticket.service);
      add(directory.recipients.find((user) => user.userId === ownerId));
    } else if (name === 'manager') {
      for (const manager of managers()) add(manager);
    } else if (name === 'customer_contact') {
      const representatives = directory.recipients.filter(
        (user) => user.role === 'customer' && user.customerId === ticket.customerId,
      );
      for (const user of representatives) add(user);
      if (representatives.length === 0) {
        for (const address of directory.customers.get(ticket.customerId)?.contacts ?? []) addresses.add(address);
      }
    } else {
      const user = byAddress(name);
      if (user) add(user);
      else addresses.add(name);
    }
  }
  return { users: [...users.values()], addresses: [...addresses] };
}

function assigneeOf(ticket: TicketRecord, directory: WorkspaceDirectory): Recipient | undefined {
  const assignee = ticket.assignee?.trim().toLowerCase();
  if (!assignee) return undefined;
  return directory.recipients.find(
    (user) => user.email.toLowerCase() === assignee || user.name.toLowerCase() === assignee,
  );
}
