/**
 * Use-cases of the e-mail settings (decision 0016). The SMTP server is configuration (environment variables read by
 * src/config), not data: administrators see whether it is set, where it points and the sender address, never its
 * credentials, and can send themselves a test e-mail through the outbox to check it end to end.
 */
import { type Principal, requirePermission } from '../access/principal.ts';
import { conflict, notFound } from '../app-error.ts';
import type { RandomSource } from '../ports/security.ts';
import type { Clock, Store } from '../ports/store.ts';
import { requireUser } from './require-user.ts';
import { TEST_MESSAGE_KIND, type TestEmailPayload, testMessageId } from './test-messages.ts';

export interface EmailSettings {
  readonly configured: boolean;
  /** The SMTP host (without credentials); null when not configured. */
  readonly host: string | null;
  /** The sender address; null when not configured. */
  readonly from: string | null;
}

export const unconfiguredEmail: EmailSettings = { configured: false, host: null, from: null };

export function getEmailSettings(principal: Principal, settings: EmailSettings | undefined): EmailSettings {
  requirePermission(principal, 'workspace.manage');
  return settings ?? unconfiguredEmail;
}

/**
 * Queues a test e-mail to the calling administrator's own address (an API token has none: NOTIFICATIONS_NEED_A_USER).
 * Without an SMTP server it answers 409 EMAIL_NOT_CONFIGURED rather than queue a message that cannot leave.
 */
export async function sendTestEmail(
  { store, clock, random }: { store: Store; clock: Clock; random: RandomSource },
  principal: Principal,
  settings: EmailSettings | undefined,
  idempotencyKey?: string | undefined,
): Promise<{ outboxId: string; recipient: string }> {
  requirePermission(principal, 'workspace.manage');
  const userId = requireUser(principal, 'test e-mails');
  if (!settings?.configured) {
    throw conflict('EMAIL_NOT_CONFIGURED', 'no SMTP server is configured (set COVENANT_SMTP_URL); nothing can be sent');
  }
  const now = clock.now();
  return store.transaction(async (repositories) => {
    const user = await repositories.users.get(principal.workspaceId, userId);
    if (!user) throw notFound('user', userId);
    const nonce = idempotencyKey === undefined ? random.token(16) : `key:${idempotencyKey}`;
    const outboxId = testMessageId('email', user.id, nonce);
    const payload: TestEmailPayload = { test: { requestedBy: principal.label, requestedAt: now } };
    await repositories.monitoring.enqueue(
      [
        {
          id: outboxId,
          workspaceId: principal.workspaceId,
          customerId: null,
          channel: 'email',
          kind: TEST_MESSAGE_KIND,
          recipient: user.email,
          subscriptionId: null,
          sourceId: null,
          payload,
        },
      ],
      now,
    );
    return { outboxId, recipient: user.email };
  });
}
