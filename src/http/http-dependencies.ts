/** What the HTTP layer is given by the composition (src/main/composition.ts). Nothing is optional (decision 0028). */
import type { MailServices } from '../app/mail/mail-intake-settings.ts';
import type { MailboxChangeSignal } from '../app/ports/mail-intake.ts';
import type { MailboxProbe } from '../app/ports/mailbox-probe.ts';
import type { WebhookDestinationPolicy } from '../app/ports/outbound-channels.ts';
import type { PasswordHasher, RandomSource } from '../app/ports/security.ts';
import type { Clock, Store } from '../app/ports/store.ts';
import type { EventRecorder } from '../app/tickets/coalescing-event-recorder.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { Metrics } from './metrics.ts';
import type { WebUiSource } from './web-ui.ts';

export interface HttpDependencies {
  readonly store: Store;
  readonly clock: Clock;
  readonly passwords: PasswordHasher;
  readonly random: RandomSource;
  readonly loginThrottle: LoginThrottle;
  readonly metrics: Metrics;
  /** Records ticket events, together with other requests' when they queue up. */
  readonly eventRecorder: EventRecorder;
  /** The public address is https: the session cookie has the Secure flag and answers carry HSTS. */
  readonly secureCookies: boolean;
  readonly version: string;
  /** Outgoing e-mail as configured (host and sender only, never credentials). */
  readonly emailSettings: { configured: boolean; host: string | null; from: string | null };
  /** The built web UI served at / (its state says when there is none to serve). */
  readonly webUi: WebUiSource;
  /** Which webhook URLs may be saved (internal addresses only when allow-listed; decision 0034). */
  readonly webhookDestinations: WebhookDestinationPolicy;
  /** E-mail intake and the outgoing conversation: the MIME parser, the limits, Covenant's Message-ID domain. */
  readonly mail: MailServices;
  /** Checks a mailbox's IMAP settings now (POST /mailboxes/:id/check). */
  readonly mailboxProbe: MailboxProbe;
  /** Told when a mailbox is added, changed or removed: this process's watchers follow at once. */
  readonly mailboxChanges: MailboxChangeSignal;
}
