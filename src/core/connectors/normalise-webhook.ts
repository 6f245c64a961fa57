/**
 * The one way in for a vendor's webhook payload (docs/connectors.md): the parsed JSON body and, where the vendor
 * names its event in a header rather than the body, that name (GitHub's `X-GitHub-Event`, GitLab's
 * `X-Gitlab-Event`; Jira's `webhookEvent` may be given too and must then agree). Pure: no clock, no I/O, so
 * `covenant connector explain` and a webhook endpoint make the same thing of the same bytes.
 */
import { normaliseAlertmanagerWebhook } from './alertmanager-webhook.ts';
import type { ConnectorVendor, WebhookNormalisation } from './connector-types.ts';
import { normaliseFreshdeskWebhook } from './freshdesk-webhook.ts';
import { normaliseGitHubDelivery } from './github-webhook.ts';
import { normaliseGitLabHook } from './gitlab-webhook.ts';
import { normaliseJiraWebhook } from './jira-webhook.ts';
import { normaliseStatuspageWebhook } from './statuspage-webhook.ts';
import { normaliseZendeskEvent } from './zendesk-webhook.ts';

/**
 * What one payload becomes: ticket events, outages, or a stable error code saying why neither. Never throws on a
 * payload, whatever its shape. The event name is ignored by vendors whose body names the event alone.
 */
export function normaliseWebhook(vendor: ConnectorVendor, payload: unknown, eventName?: string): WebhookNormalisation {
  const event = eventName?.trim() === '' ? undefined : eventName?.trim();
  switch (vendor) {
    case 'github':
      return normaliseGitHubDelivery(payload, event);
    case 'jira':
      return normaliseJiraWebhook(payload, event);
    case 'zendesk':
      return normaliseZendeskEvent(payload);
    case 'gitlab':
      return normaliseGitLabHook(payload, event);
    case 'freshdesk':
      return normaliseFreshdeskWebhook(payload);
    case 'alertmanager':
      return normaliseAlertmanagerWebhook(payload);
    case 'statuspage':
      return normaliseStatuspageWebhook(payload);
  }
}
