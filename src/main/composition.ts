/**
 * The one composition of Covenant (decision 0028): every dependency the server, the worker, the CLI and the tests use
 * is built here, from the configuration and an open database. Nothing is optional: a capability exists for users
 * only if this function wires it, so a test that builds its world through it exercises what `npm start` runs.
 * Process-wide caches (clock policies, the projections' configuration, verified API tokens, the projection memory)
 * are created here and handed to the store, never kept in module globals.
 */
import { systemPrincipal } from '../app/access/principal.ts';
import type { MailServices } from '../app/mail/mail-intake-settings.ts';
import { imapConnections, type MailIntakeSinkOptions, mailIntakeSink } from '../app/mail/mail-intake-sink.ts';
import type { OutboxDelivery } from '../app/monitoring/deliver-outbox.ts';
import type { MailboxConnectionLoader, MailIntakeSink } from '../app/ports/mail-intake.ts';
import type { Clock } from '../app/ports/store.ts';
import { createProcessCaches } from '../app/process-caches.ts';
import { coalescingEventRecorder } from '../app/tickets/coalescing-event-recorder.ts';
import type { CovenantConfig } from '../config/config.ts';
import { domainOfSender } from '../core/mail/mail-identity.ts';
import type { HttpDependencies } from '../http/http-dependencies.ts';
import { LoginThrottle } from '../http/login-throttle.ts';
import { createMetrics } from '../http/metrics.ts';
import type { WebUiSource } from '../http/web-ui.ts';
import { sanitizeMailHtml } from '../mail/html-body.ts';
import { ImapMailboxProbe } from '../mail/imap-mailbox-probe.ts';
import { MailboxChangeRelay, type RunningMailboxWatchers, startMailboxWatchers } from '../mail/mailbox-watchers.ts';
import { parseMail } from '../mail/parse-mail.ts';
import { HttpWebhookSender } from '../notify/http-webhook-sender.ts';
import { ChannelNotificationRenderer } from '../notify/notification-renderer.ts';
import { SmtpEmailSender } from '../notify/smtp-email-sender.ts';
import { WebhookDestinations } from '../notify/webhook-destination-policy.ts';
import { renderAgreementReportPdf } from '../reports/report-pdf.ts';
import type { DatabaseHandle } from '../store/database.ts';
import { ProjectionMemory } from '../store/repositories/projection-memory.ts';
import { createStore } from '../store/store.ts';
import { argon2idPasswords, systemClock, systemRandom } from './platform-services.ts';

export interface CompositionInput {
  readonly config: CovenantConfig;
  readonly handle: DatabaseHandle;
  /** The application's time: the system clock in every process; tests pass one they move themselves. */
  readonly clock: Clock;
  readonly version: string;
  /** The web UI this process serves; processes that serve no pages pass `noWebUi`. */
  readonly webUi: WebUiSource;
}

/** Everything the server and the commands are given (the scheduler adds its channels: `composeDelivery`). */
export type CovenantDependencies = HttpDependencies & {
  /** Where webhooks may go: checked when a subscription is saved and at every connection the sender makes. */
  readonly webhookDestinations: WebhookDestinations;
  /** Relays the API's mailbox changes to the watchers `startMailIntake` runs in this process. */
  readonly mailboxChanges: MailboxChangeRelay;
};

export function composeCovenant(input: CompositionInput): CovenantDependencies {
  const { config, handle, clock } = input;
  const store = createStore(handle, { projections: new ProjectionMemory(), caches: createProcessCaches() });
  const metrics = createMetrics();
  return {
    store,
    clock,
    passwords: argon2idPasswords,
    random: systemRandom,
    loginThrottle: new LoginThrottle(() => clock.now()),
    metrics,
    eventRecorder: coalescingEventRecorder(
      { store, clock },
      { onRound: (requests) => metrics.eventRoundRequests.observe(requests) },
    ),
    secureCookies: config.publicUrl?.startsWith('https://') ?? false,
    version: input.version,
    emailSettings: emailSettingsOf(config),
    webUi: input.webUi,
    webhookDestinations: new WebhookDestinations(config.webhookAllowHosts),
    mail: mailServicesOf(config),
    mailboxProbe: new ImapMailboxProbe(),
    mailboxChanges: new MailboxChangeRelay(),
  };
}

/**
 * What the IMAP watchers need: the sink that takes their messages in (failures go to `onFailure`, the message stays
 * in its folder) and the connections of every workspace's enabled IMAP mailboxes, read again on each call.
 */
export function composeMailIntake(
  dependencies: CovenantDependencies,
  onFailure: MailIntakeSinkOptions['onFailure'] = () => {},
): { sink: MailIntakeSink; connections: MailboxConnectionLoader } {
  const { store, clock, random, mail } = dependencies;
  return {
    sink: mailIntakeSink({ store, clock, random, mail }, { onFailure }),
    connections: () => imapConnections(store),
  };
}

/**
 * Watches every workspace's enabled IMAP mailboxes and takes their mail in (the mailboxes are read again every 30 s,
 * so a mailbox added, changed or disabled in the API is followed). Runs where the scheduler runs: in `covenant serve`,
 * or in `covenant worker` when the server's sweep is off. Every instance may run it: intake is exactly-once.
 */
export function startMailIntake(dependencies: CovenantDependencies, logger: MailIntakeLogger): RunningMailboxWatchers {
  const { sink, connections } = composeMailIntake(dependencies, ({ mailboxId, uid, error }) =>
    logger.error({ err: error, mailboxId, uid }, 'a message could not be taken in; it stays in its folder'),
  );
  const watchers = startMailboxWatchers(connections, sink, { logger });
  dependencies.mailboxChanges.follow(() => {
    // The watchers reload in turn; a failed load is logged by them and tried again at the next.
    void watchers.reload();
  });
  return {
    ...watchers,
    async stop() {
      dependencies.mailboxChanges.follow(null);
      await watchers.stop();
    },
  };
}

export interface MailIntakeLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** E-mail intake's parser and limits, and the domain of the Message-IDs Covenant sends (its sender's). */
export function mailServicesOf(config: CovenantConfig): MailServices {
  return {
    parser: { parse: parseMail },
    limits: config.mailIntake,
    intakeConcurrency: config.mailIntakeConcurrency,
    messageIdDomain: domainOfSender(config.mailFrom),
    sanitizeHtml: sanitizeMailHtml,
  };
}

/**
 * The composition of a process that serves no pages (the worker, the CLI's database commands, benchmarks, tests), on
 * the system clock unless one is given.
 */
export function composeHeadless(
  config: CovenantConfig,
  handle: DatabaseHandle,
  version: string,
  clock: Clock = systemClock,
): CovenantDependencies {
  return composeCovenant({ config, handle, clock, version, webUi: noWebUi });
}

/** The web UI of a process that serves no pages (the worker, the CLI). */
export const noWebUi: WebUiSource = {
  directory: null,
  state: () => ({ kind: 'unavailable', reason: 'this process serves no web UI' }),
};

/**
 * What the scheduler's sweep and outbox delivery use: the composed store and clock and the real outbound channels
 * (SMTP when configured, HTTP webhooks, the templates). `baseUrl` is where users reach the server (links in e-mails
 * and webhooks), known once the server listens.
 */
export function composeDelivery(
  { store, clock, webhookDestinations }: CovenantDependencies,
  config: CovenantConfig,
  baseUrl: string,
): OutboxDelivery {
  return {
    store,
    clock,
    email: config.smtpUrl ? new SmtpEmailSender({ url: config.smtpUrl, from: config.mailFrom }) : null,
    webhooks: new HttpWebhookSender({ destinations: webhookDestinations }),
    renderer: new ChannelNotificationRenderer({ baseUrl }),
    baseUrl,
    secrets: store.read.monitoring,
    // The closed period's published report (frozen on first use, as the API would serve it), as a PDF.
    reportAttachment: async (workspaceId, agreementId, period) => {
      const { pdf, fileName } = await renderAgreementReportPdf(
        { store, clock },
        systemPrincipal(workspaceId, 'scheduled report'),
        agreementId,
        { period },
      );
      return { filename: fileName, contentType: 'application/pdf', content: pdf };
    },
  };
}

/** What the e-mail settings endpoint may show: the SMTP host and sender, never the credentials. */
export function emailSettingsOf(config: CovenantConfig): {
  configured: boolean;
  host: string | null;
  from: string | null;
} {
  if (!config.smtpUrl) return { configured: false, host: null, from: null };
  let host: string | null = null;
  try {
    const url = new URL(config.smtpUrl);
    host = url.port ? `${url.hostname}:${url.port}` : url.hostname;
  } catch {
    host = null;
  }
  return { configured: true, host, from: config.mailFrom };
}
