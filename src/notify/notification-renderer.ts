/**
 * The `NotificationRenderer` port, implemented by the templates and webhook payloads of this folder: the outbox job
 * stores notification content as data and asks this, at delivery time, for the e-mail or the webhook `data`.
 */
import type { AcknowledgementEmail, ConversationReplyEmail } from '../app/ports/conversation-mail.ts';
import type { ClockAlert, RenderedEmail, ReportReady } from '../app/ports/notification-content.ts';
import type { NotificationRenderer } from '../app/ports/outbound-channels.ts';
import { renderClockAlertEmail } from './templates/clock-alert-email.ts';
import { renderAcknowledgementEmail, renderConversationReplyEmail } from './templates/conversation-emails.ts';
import type { EmailRenderOptions } from './templates/email-formatting.ts';
import { renderReportReadyEmail } from './templates/report-ready-email.ts';
import { clockAlertWebhookData, notificationTestWebhookData, reportReadyWebhookData } from './webhook-payloads.ts';

export interface ChannelRendererOptions {
  /** Covenant's public address, for the links in webhook payloads; null leaves them null. */
  readonly baseUrl: string | null;
}

export class ChannelNotificationRenderer implements NotificationRenderer {
  readonly #baseUrl: string | null;

  constructor(options: ChannelRendererOptions) {
    this.#baseUrl = options.baseUrl;
  }

  clockAlertEmail(alert: ClockAlert, options: EmailRenderOptions): RenderedEmail {
    return renderClockAlertEmail(alert, options);
  }

  reportReadyEmail(report: ReportReady, options: EmailRenderOptions): RenderedEmail {
    return renderReportReadyEmail(report, options);
  }

  conversationReplyEmail(reply: ConversationReplyEmail): RenderedEmail {
    return renderConversationReplyEmail(reply);
  }

  acknowledgementEmail(acknowledgement: AcknowledgementEmail, options: { baseUrl: string }): RenderedEmail {
    return renderAcknowledgementEmail(acknowledgement, options);
  }

  /**
   * `clock.*`: the payload is a ClockAlert (or `{ alert }`); `report.ready`: a ReportReady (or `{ report }`);
   * `notification.test`: `{ requestedAt: epoch ms, requestedBy }`. Any other kind is a programming error and throws.
   */
  webhookData(kind: string, payload: unknown): unknown {
    const links = { baseUrl: this.#baseUrl };
    if (kind === 'clock.warning' || kind === 'clock.escalation' || kind === 'clock.breach') {
      return clockAlertWebhookData(unwrap<ClockAlert>(payload, 'alert'), links);
    }
    if (kind === 'report.ready') return reportReadyWebhookData(unwrap<ReportReady>(payload, 'report'), links);
    if (kind === 'notification.test') {
      const test = (payload ?? {}) as { requestedAt?: unknown; requestedBy?: unknown };
      if (typeof test.requestedAt !== 'number') throw new Error('notification.test needs requestedAt (epoch ms)');
      return notificationTestWebhookData(
        test.requestedAt,
        typeof test.requestedBy === 'string' ? test.requestedBy : null,
      );
    }
    throw new Error(`no webhook payload is defined for the kind ${kind}`);
  }
}

/** The content itself, or the content under `key` (the shape the outbox uses for e-mails). */
function unwrap<T>(payload: unknown, key: string): T {
  if (payload === null || typeof payload !== 'object') throw new Error(`the ${key} payload is not an object`);
  const wrapped = (payload as Record<string, unknown>)[key];
  return (wrapped !== undefined && wrapped !== null && typeof wrapped === 'object' ? wrapped : payload) as T;
}
