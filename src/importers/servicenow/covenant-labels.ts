/**
 * ServiceNow writes priorities, impacts and urgencies as numbered labels (`1 - Critical`, `2 - Medium`). Agreement
 * priority levels and matrix keys are short names without spaces (`P1`, `high`), so the replay and the import map
 * them: `N - <label>` priority becomes `PN`; impact and urgency `1 - High` / `2 - Medium` / `3 - Low` become `high` /
 * `medium` / `low`. Other values are kept as they are.
 */
import type { TicketEvent } from '../../core/clocks/ticket-event.ts';

const numberedLabel = /^(\d+)\s*-\s*(.+)$/;

export function covenantPriority(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const match = numberedLabel.exec(label);
  return match ? `P${match[1]}` : label;
}

export function covenantLevel(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const match = numberedLabel.exec(label);
  return match ? match[2]!.trim().toLowerCase() : label;
}

/** The event with its priority, impact and urgency in Covenant's short form. */
export function withCovenantLabels(event: TicketEvent): TicketEvent {
  if (event.priority === undefined && event.impact === undefined && event.urgency === undefined) return event;
  return {
    ...event,
    priority: covenantPriority(event.priority),
    impact: covenantLevel(event.impact),
    urgency: covenantLevel(event.urgency),
  };
}
