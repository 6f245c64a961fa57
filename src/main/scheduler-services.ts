/**
 * Composition of the scheduler: the store, the system clock and the real channels (SMTP when configured, HTTP
 * webhooks, the templates). Used by `npm start` (in-process sweep) and by `covenant worker`.
 */
import { systemPrincipal } from '../app/access/principal.ts';
import type { OutboxDelivery } from '../app/monitoring/deliver-outbox.ts';
import type { Store } from '../app/ports/store.ts';
import type { CovenantConfig } from '../config/config.ts';
import type { Metrics } from '../http/metrics.ts';
import { type RunningScheduler, type SchedulerLogger, startScheduler } from '../jobs/scheduler.ts';
import { HttpWebhookSender } from '../notify/http-webhook-sender.ts';
import { ChannelNotificationRenderer } from '../notify/notification-renderer.ts';
import { SmtpEmailSender } from '../notify/smtp-email-sender.ts';
import { renderAgreementReportPdf } from '../reports/report-pdf.ts';
import { systemClock } from './platform-services.ts';

export function outboxDeliveryOf(store: Store, config: CovenantConfig, baseUrl: string): OutboxDelivery {
  return {
    store,
    clock: systemClock,
    email: config.smtpUrl ? new SmtpEmailSender({ url: config.smtpUrl, from: config.mailFrom }) : null,
    webhooks: new HttpWebhookSender(),
    renderer: new ChannelNotificationRenderer({ baseUrl }),
    baseUrl,
    secrets: store.read.monitoring,
    // The closed period's published report (frozen on first use, as the API would serve it), as a PDF.
    reportAttachment: async (workspaceId, agreementId, period) => {
      const { pdf, fileName } = await renderAgreementReportPdf(
        { store, clock: systemClock },
        systemPrincipal(workspaceId, 'scheduled report'),
        agreementId,
        { period },
      );
      return { filename: fileName, contentType: 'application/pdf', content: pdf };
    },
  };
}

export function startConfiguredScheduler(
  store: Store,
  config: CovenantConfig,
  baseUrl: string,
  logger: SchedulerLogger,
  metrics?: Metrics,
): RunningScheduler {
  return startScheduler(outboxDeliveryOf(store, config, baseUrl), {
    logger,
    leaseMs: config.outboxLeaseMs,
    onSweep: (result) => {
      if (!metrics) return;
      metrics.firings.inc({ outcome: 'acted' }, result.firings - result.suppressed);
      metrics.firings.inc({ outcome: 'suppressed' }, result.suppressed);
      for (const delay of result.delays) metrics.firingDelay.observe(delay / 1000);
    },
    onDelivery: (pass) => {
      if (!metrics) return;
      metrics.outboxDeliveries.inc({ outcome: 'delivered' }, pass.delivered);
      metrics.outboxDeliveries.inc({ outcome: 'retried' }, pass.retried);
      metrics.outboxDeliveries.inc({ outcome: 'dead' }, pass.dead);
    },
  });
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
