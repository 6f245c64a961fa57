/**
 * Use-cases of webhook subscriptions (decision 0016), for administrators: where alerts are POSTed, for which event
 * types, signed with which secret. The secret is generated here and shown once (at creation and at a rotation);
 * reads never return it, nor does the audit log. A rotation replaces the secret at once: messages already queued are
 * signed with the new one when they are sent.
 */
import { type Principal, requirePermission } from '../access/principal.ts';
import { invalid, notFound } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type { WebhookDeliveryRecord, WebhookRecord, WebhookValues } from '../ports/notification-repository.ts';
import type { WebhookDestinationPolicy } from '../ports/outbound-channels.ts';
import type { Page, PageRequest } from '../ports/pagination.ts';
import type { RandomSource } from '../ports/security.ts';
import type { Clock, Store } from '../ports/store.ts';
import { TEST_MESSAGE_KIND, type TestWebhookPayload, testMessageId } from './test-messages.ts';

export interface WebhookDependencies {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly webhookDestinations: WebhookDestinationPolicy;
}

export interface WebhookInput {
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly description?: string | null | undefined;
  readonly active?: boolean | undefined;
}

export interface WebhookChanges extends Partial<WebhookInput> {
  /** Replace the signing secret; the new one is returned once. */
  readonly rotateSecret?: boolean | undefined;
}

/** A subscription with the secret that was just generated (the only time it is shown). */
export interface WebhookWithSecret {
  readonly webhook: WebhookRecord;
  readonly secret: string | null;
}

export const WEBHOOK_URL_MAX_LENGTH = 2000;
const SECRET_PREFIX = 'whsec_';

/**
 * Only http(s) to a host, without credentials in the URL (the signing secret is how a receiver trusts us), and not to
 * an internal address as written (loopback, private...: 400 WEBHOOK_URL_ADDRESS_REFUSED unless allow-listed; names
 * are judged again by the sender at every connection, by what they resolve to).
 */
export function requireWebhookUrl(url: string, destinations: WebhookDestinationPolicy): string {
  const refuse = (reason: string) =>
    invalid('WEBHOOK_URL_INVALID', `the webhook URL ${reason}`, { url: url.slice(0, 200), reason });
  if (url.length > WEBHOOK_URL_MAX_LENGTH) throw refuse(`is longer than ${WEBHOOK_URL_MAX_LENGTH} characters`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse('is not an absolute URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw refuse('must start with https:// or http://');
  if (parsed.hostname === '') throw refuse('has no host');
  if (parsed.username !== '' || parsed.password !== '') {
    throw refuse('must not carry a user name or password (receivers verify the signature instead)');
  }
  const refusal = destinations.refusalOf(parsed);
  if (refusal !== null) {
    throw invalid('WEBHOOK_URL_ADDRESS_REFUSED', `the webhook URL is refused: ${refusal}`, {
      url: url.slice(0, 200),
      reason: refusal,
    });
  }
  return url;
}

const newSecret = (random: RandomSource) => `${SECRET_PREFIX}${random.token(32)}`;
const uniqueTypes = (types: readonly string[]) => [...new Set(types)];

export async function listWebhooks(
  store: Store,
  principal: Principal,
  page: PageRequest,
): Promise<Page<WebhookRecord>> {
  requirePermission(principal, 'workspace.manage');
  return store.read.notifications.listWebhooks(principal.workspaceId, page);
}

export async function getWebhook(store: Store, principal: Principal, id: string): Promise<WebhookRecord> {
  requirePermission(principal, 'workspace.manage');
  const webhook = await store.read.notifications.getWebhook(principal.workspaceId, id);
  if (!webhook) throw notFound('webhook', id);
  return webhook;
}

export async function createWebhook(
  { store, clock, random, webhookDestinations }: WebhookDependencies,
  principal: Principal,
  input: WebhookInput,
): Promise<WebhookWithSecret> {
  requirePermission(principal, 'workspace.manage');
  const values: WebhookValues = {
    url: requireWebhookUrl(input.url, webhookDestinations),
    eventTypes: uniqueTypes(input.eventTypes),
    description: input.description ?? null,
    active: input.active ?? true,
  };
  const secret = newSecret(random);
  const now = clock.now();
  return store.transaction(async (repositories) => {
    const webhook = await repositories.notifications.createWebhook(
      principal.workspaceId,
      { ...values, secret, createdBy: principal.userId },
      now,
    );
    await recordChange(repositories, principal, now, {
      action: 'webhook.created',
      entityType: 'webhook',
      entityId: webhook.id,
      after: webhook,
    });
    return { webhook, secret };
  });
}

export async function updateWebhook(
  { store, clock, random, webhookDestinations }: WebhookDependencies,
  principal: Principal,
  id: string,
  changes: WebhookChanges,
): Promise<WebhookWithSecret> {
  requirePermission(principal, 'workspace.manage');
  const url = changes.url === undefined ? undefined : requireWebhookUrl(changes.url, webhookDestinations);
  const now = clock.now();
  return store.transaction(async (repositories) => {
    const before = await repositories.notifications.getWebhook(principal.workspaceId, id);
    if (!before) throw notFound('webhook', id);
    const values: WebhookValues = {
      url: url ?? before.url,
      eventTypes: changes.eventTypes === undefined ? before.eventTypes : uniqueTypes(changes.eventTypes),
      description: changes.description === undefined ? before.description : changes.description,
      active: changes.active ?? before.active,
    };
    const secret = changes.rotateSecret === true ? newSecret(random) : undefined;
    const unchanged =
      values.url === before.url &&
      values.description === before.description &&
      values.active === before.active &&
      values.eventTypes.join('\n') === before.eventTypes.join('\n');
    if (unchanged && secret === undefined) return { webhook: before, secret: null };
    const after = (await repositories.notifications.updateWebhook(
      principal.workspaceId,
      id,
      { ...values, secret },
      now,
    ))!;
    await recordChange(repositories, principal, now, {
      action: unchanged ? 'webhook.secret_rotated' : 'webhook.updated',
      entityType: 'webhook',
      entityId: id,
      before,
      after: { ...after, secretRotated: secret !== undefined },
    });
    return { webhook: after, secret: secret ?? null };
  });
}

export async function deleteWebhook({ store, clock }: WebhookDependencies, principal: Principal, id: string) {
  requirePermission(principal, 'workspace.manage');
  await store.transaction(async (repositories) => {
    const before = await repositories.notifications.getWebhook(principal.workspaceId, id);
    if (!before) throw notFound('webhook', id);
    await repositories.notifications.deleteWebhook(principal.workspaceId, id);
    await recordChange(repositories, principal, clock.now(), {
      action: 'webhook.deleted',
      entityType: 'webhook',
      entityId: id,
      before,
    });
  });
}

export async function listWebhookDeliveries(
  store: Store,
  principal: Principal,
  id: string,
  page: PageRequest,
): Promise<Page<WebhookDeliveryRecord>> {
  requirePermission(principal, 'workspace.manage');
  if (!(await store.read.notifications.getWebhook(principal.workspaceId, id))) throw notFound('webhook', id);
  return store.read.notifications.listWebhookDeliveries(principal.workspaceId, id, page);
}

/**
 * Queues a `notification.test` message to the subscription, active or not (checking it before switching it on is
 * the point), whatever event types it has chosen. Returns the outbox id to follow in the delivery log.
 */
export async function sendTestWebhook(
  { store, clock, random }: WebhookDependencies,
  principal: Principal,
  id: string,
  idempotencyKey?: string | undefined,
): Promise<{ outboxId: string; recipient: string }> {
  requirePermission(principal, 'workspace.manage');
  const now = clock.now();
  return store.transaction(async (repositories) => {
    const webhook = await repositories.notifications.getWebhook(principal.workspaceId, id);
    if (!webhook) throw notFound('webhook', id);
    const nonce = idempotencyKey === undefined ? random.token(16) : `key:${idempotencyKey}`;
    const outboxId = testMessageId('webhook', webhook.id, nonce);
    const payload: TestWebhookPayload = { requestedAt: now, requestedBy: principal.label };
    await repositories.monitoring.enqueue(
      [
        {
          id: outboxId,
          workspaceId: principal.workspaceId,
          customerId: null,
          channel: 'webhook',
          kind: TEST_MESSAGE_KIND,
          recipient: webhook.url,
          subscriptionId: webhook.id,
          sourceId: null,
          payload,
        },
      ],
      now,
    );
    return { outboxId, recipient: webhook.url };
  });
}
