/**
 * Prometheus Alertmanager's webhook, version 4 (docs/connectors.md#alertmanager). One notification carries a group
 * of alerts; each alert is one outage, identified across notifications by its `fingerprint` (a hash of its labels),
 * so the `resolved` notification of an alert finds the outage its `firing` one opened. The group as a whole (its
 * `groupKey` and status) is reported beside the alerts, not as an outage of its own: it would count them twice.
 */
import { refuse, type VendorOutage, type WebhookNormalisation } from './connector-types.ts';
import { arrayAt, describeValue, isRecord, type JsonRecord, recordAt, textAt } from './payload-fields.ts';
import { compareInstants, instantFromText } from './vendor-instant.ts';

/** Go's zero time, which Alertmanager writes for "no end": the alert has not ended, or its end is unknown. */
const goZeroTime = /^0001-01-01T00:00:00(?:\.0+)?Z$/;

export function normaliseAlertmanagerWebhook(payload: unknown): WebhookNormalisation {
  if (!isRecord(payload)) return refuse('NOT_A_ALERTMANAGER_PAYLOAD', 'an Alertmanager webhook is a JSON object');
  const version = payload.version;
  if (version !== undefined && version !== '4') {
    return refuse(
      'NOT_A_ALERTMANAGER_PAYLOAD',
      `webhook version ${describeValue(version)}: Covenant reads Alertmanager's version "4"`,
    );
  }
  const alerts = arrayAt(payload, 'alerts');
  const groupStatus = textAt(payload, 'status');
  if (alerts === undefined || groupStatus === null) {
    return refuse('NOT_A_ALERTMANAGER_PAYLOAD', 'an Alertmanager webhook carries "status" and an "alerts" array');
  }
  const outages: VendorOutage[] = [];
  for (const [index, alert] of alerts.entries()) {
    const outage = isRecord(alert) ? outageOfAlert(alert) : null;
    if (outage === null) {
      return refuse(
        'NOT_A_ALERTMANAGER_PAYLOAD',
        `alerts[${index}] is no alert: each carries "status" and a "fingerprint" or "labels"`,
      );
    }
    outages.push(outage);
  }
  const groupKey = textAt(payload, 'groupKey');
  return groupKey === null ? { outages } : { outages, group: groupOutage(groupKey, groupStatus, outages) };
}

function outageOfAlert(alert: JsonRecord): VendorOutage | null {
  const state = textAt(alert, 'status');
  const id = textAt(alert, 'fingerprint') ?? labelSetOf(recordAt(alert, 'labels'));
  if (state === null || id === null) return null;
  return { id, state, startedAt: instantOrNone(alert.startsAt), endedAt: endOf(state, alert.endsAt) };
}

/**
 * Alertmanager before 0.19 sent no fingerprint; the alert's identity is then its label set, written in Prometheus's
 * notation with the names sorted (`{alertname="HighCPU",host="a"}`), so it is the same in every notification.
 */
function labelSetOf(labels: JsonRecord | undefined): string | null {
  if (labels === undefined) return null;
  const pairs = Object.entries(labels)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return pairs.length === 0 ? null : `{${pairs.join(',')}}`;
}

function instantOrNone(text: unknown): string | null {
  const instant = instantFromText(text);
  return instant === null || goZeroTime.test(instant) ? null : instant;
}

/**
 * Only a resolved alert has ended. A firing alert's endsAt is no end: newer Alertmanagers fill it with the instant the
 * alert will expire unless Prometheus re-sends it, a guess that moves with every evaluation.
 */
function endOf(state: string, endsAt: unknown): string | null {
  return state === 'resolved' ? instantOrNone(endsAt) : null;
}

/** The group started with its first alert and, once resolved, ended with its last. */
function groupOutage(groupKey: string, state: string, alerts: readonly VendorOutage[]): VendorOutage {
  const starts = alerts.flatMap((alert) => (alert.startedAt === null ? [] : [alert.startedAt]));
  const ends = alerts.flatMap((alert) => (alert.endedAt === null ? [] : [alert.endedAt]));
  const earliest = starts.reduce<string | null>(
    (first, instant) => (first === null || compareInstants(instant, first) < 0 ? instant : first),
    null,
  );
  const latest = ends.reduce<string | null>(
    (last, instant) => (last === null || compareInstants(instant, last) > 0 ? instant : last),
    null,
  );
  return { id: groupKey, state, startedAt: earliest, endedAt: state === 'resolved' ? latest : null };
}
