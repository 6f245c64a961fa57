/**
 * Atlassian Statuspage subscriber webhooks (docs/connectors.md#statuspage): an incident update (`incident`, with the
 * incident as it now stands) or a component update (`component_update` and `component`). An incident is one outage
 * identified by its id; its status is Statuspage's (investigating, identified, monitoring, resolved, postmortem; for
 * maintenances scheduled, in_progress, verifying, completed).
 */
import { refuse, type VendorOutage, type WebhookNormalisation } from './connector-types.ts';
import { idAt, isRecord, type JsonRecord, recordAt, textAt } from './payload-fields.ts';
import { instantFromText } from './vendor-instant.ts';

/** The statuses after which an incident or maintenance is over; an incident re-opened leaves them again. */
const endedStatuses = ['resolved', 'postmortem', 'completed'];

export function normaliseStatuspageWebhook(payload: unknown): WebhookNormalisation {
  if (!isRecord(payload)) return refuse('NOT_A_STATUSPAGE_PAYLOAD', 'a Statuspage webhook is a JSON object');
  const incident = recordAt(payload, 'incident');
  if (incident !== undefined) {
    const outage = incidentOutage(incident);
    return outage === null
      ? refuse('NOT_A_STATUSPAGE_PAYLOAD', 'the "incident" of a Statuspage webhook carries its "id" and "status"')
      : { outages: [outage] };
  }
  const update = recordAt(payload, 'component_update');
  if (update !== undefined) {
    const outage = componentOutage(update, recordAt(payload, 'component'));
    return outage === null
      ? refuse('NOT_A_STATUSPAGE_PAYLOAD', 'a "component_update" carries the "component_id" and its "new_status"')
      : { outages: [outage] };
  }
  return refuse(
    'NOT_A_STATUSPAGE_PAYLOAD',
    'a Statuspage webhook carries an "incident" or a "component_update" (with "meta" and "page")',
  );
}

/** Ended at `resolved_at`, once the incident's status says it is over. */
function incidentOutage(incident: JsonRecord): VendorOutage | null {
  const id = idAt(incident, 'id');
  const state = textAt(incident, 'status');
  if (id === null || state === null) return null;
  const endedAt = endedStatuses.includes(state) ? instantFromText(incident.resolved_at) : null;
  return { id, state, startedAt: startOf(incident, state), endedAt };
}

/**
 * When the incident says it started (`started_at`: newer payloads carry it, and a backfilled incident sets it in the
 * past), else when it was created. A maintenance starts when it was scheduled for, and has not started while it is
 * still `scheduled`.
 */
function startOf(incident: JsonRecord, state: string): string | null {
  const startedAt = instantFromText(incident.started_at);
  if (startedAt !== null) return startedAt;
  const scheduledFor = instantFromText(incident.scheduled_for);
  if (scheduledFor === null) return instantFromText(incident.created_at);
  return state === 'scheduled' ? null : scheduledFor;
}

/**
 * A component's status change is the start of an outage when the component leaves `operational`, and its end when
 * it returns; the other end is in another delivery, so it is null here.
 */
function componentOutage(update: JsonRecord, component: JsonRecord | undefined): VendorOutage | null {
  const id = idAt(update, 'component_id') ?? idAt(component, 'id');
  const state = textAt(update, 'new_status');
  if (id === null || state === null) return null;
  const changedAt = instantFromText(update.created_at);
  const operational = state === 'operational';
  return { id, state, startedAt: operational ? null : changedAt, endedAt: operational ? changedAt : null };
}
