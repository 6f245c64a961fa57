/**
 * The webhook payload sample (test/fixtures/webhook-sample): each payload's file, the event name its delivery carried
 * and what `normaliseWebhook` must make of it, translated from the manifest's words into Covenant's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ConnectorAction,
  ConnectorVendor,
  WebhookNormalisation,
} from '../../src/core/connectors/connector-types.ts';
import { repoRoot } from './run-cli.ts';

interface ManifestOutage {
  alert_or_incident_id: string;
  state: string;
  started_at: string | null;
  ended_at: string | null;
  alerts?: ManifestOutage[];
}

interface ManifestTicketEvent {
  external_ticket_id: string;
  action: string;
  status_after: string | null;
  priority_after: string | null;
  occurred_at: string | null;
  actor_is_customer: boolean | null;
}

interface ManifestCase {
  id: string;
  vendor: ConnectorVendor;
  event: string;
  expected: ManifestTicketEvent | ManifestOutage;
}

export interface WebhookSampleCase {
  readonly id: string;
  readonly vendor: ConnectorVendor;
  /** The path from the repository's root, as the CLI tests pass it. */
  readonly file: string;
  /** The event name the delivery carried in a header (GitHub, GitLab) or its body names (Jira); else undefined. */
  readonly eventName: string | undefined;
  readonly expected: WebhookNormalisation;
}

const folder = 'test/fixtures/webhook-sample';

/** Vendors whose event name is part of the delivery (a header, or Jira's webhookEvent) rather than a description. */
const vendorsNamingEvents: readonly ConnectorVendor[] = ['github', 'gitlab', 'jira'];

export function webhookSampleCases(): WebhookSampleCase[] {
  const manifest = readJson<ManifestCase[]>('manifest.json');
  const githubHeaders = readJson<{ deliveries: Record<string, Record<string, string>> }>(
    'github-delivery-headers.json',
  );
  return manifest.map(({ id, vendor, event, expected }) => ({
    id,
    vendor,
    file: `${folder}/${vendor}/${id}.json`,
    eventName:
      vendor === 'github'
        ? githubHeaders.deliveries[id]?.['X-GitHub-Event']
        : vendorsNamingEvents.includes(vendor)
          ? event
          : undefined,
    expected: 'external_ticket_id' in expected ? { events: [ticketEvent(expected)] } : outages(expected),
  }));
}

/** The parsed payload of a case. */
export function samplePayload(sample: Pick<WebhookSampleCase, 'file'>): unknown {
  return JSON.parse(readFileSync(join(repoRoot, sample.file), 'utf8'));
}

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(join(repoRoot, folder, name), 'utf8')) as T;
}

function ticketEvent(expected: ManifestTicketEvent) {
  return {
    externalId: expected.external_ticket_id,
    action: expected.action as ConnectorAction,
    status: expected.status_after,
    priority: expected.priority_after,
    occurredAt: expected.occurred_at,
    actorIsCustomer: expected.actor_is_customer,
  };
}

/** An Alertmanager group lists its alerts, each an outage; the group itself is reported beside them. */
function outages(expected: ManifestOutage): WebhookNormalisation {
  const outage = (entry: ManifestOutage) => ({
    id: entry.alert_or_incident_id,
    state: entry.state,
    startedAt: entry.started_at,
    endedAt: entry.ended_at,
  });
  if (expected.alerts === undefined) return { outages: [outage(expected)] };
  return { outages: expected.alerts.map(outage), group: outage(expected) };
}
