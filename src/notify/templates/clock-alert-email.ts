/**
 * The e-mail for a clock alert (a warning threshold, an escalation level, a breach), written for the person who has
 * to act: which ticket, which customer, what is due when in their own time zone, how much business time is left, and
 * what Covenant already did about it.
 */
import type { ClockAlert, RenderedEmail } from '../../app/ports/notification-content.ts';
import { metricName, metricNameInSentence } from '../../core/agreement/index.ts';
import { formatDuration } from '../../core/time/index.ts';
import { ticketLink } from '../covenant-links.ts';
import {
  type EmailRenderOptions,
  formatInstant,
  formatPercent,
  resolveRecipientZone,
  singleLine,
} from './email-formatting.ts';
import { type EmailFact, type EmailSection, renderEmail } from './email-layout.ts';

export function renderClockAlertEmail(alert: ClockAlert, options: EmailRenderOptions): RenderedEmail {
  const zone = resolveRecipientZone(options.recipientTimeZone);
  const target = describeTarget(alert);
  const ticket = describeTicket(alert);
  const customer = singleLine(alert.customer.name, 60);
  const percent = formatPercent(alert.percent);
  const sections: EmailSection[] =
    alert.actions.length > 0 ? [{ kind: 'list', title: 'Actions taken', items: alert.actions } as const] : [];
  return renderEmail({
    subject: `[Covenant] ${subjectLead(alert)}: ${target} on ${ticket} (${customer})`,
    tone: alert.kind,
    heading: heading(alert, target, percent),
    intro: intro(alert, target, percent, zone),
    facts: facts(alert, zone),
    sections,
    link: { label: 'Open the ticket', url: ticketLink(options.baseUrl, alert.ticket.id) },
    footer: `Sent by Covenant SLA monitoring. Times are shown in ${zone}; business time is counted on the target's calendar.`,
  });
}

function subjectLead(alert: ClockAlert): string {
  if (alert.kind === 'breach') return 'Breach';
  return `${alert.kind === 'warning' ? 'Warning' : 'Escalation'} ${formatPercent(alert.percent)}`;
}

/** `P1 resolution`, or just `resolution` for a ticket without a priority. */
function describeTarget(alert: ClockAlert): string {
  const metric = metricNameInSentence(alert.target.metric);
  return alert.ticket.priority ? `${singleLine(alert.ticket.priority, 20)} ${metric}` : metric;
}

/** The external reference people know the ticket by, else its (quoted, shortened) title. */
function describeTicket(alert: ClockAlert): string {
  if (alert.ticket.externalRef) return singleLine(alert.ticket.externalRef, 40);
  return `"${singleLine(alert.ticket.title, 60)}"`;
}

function heading(alert: ClockAlert, target: string, percent: string): string {
  switch (alert.kind) {
    case 'warning':
      return `Warning: ${percent} of the ${target} time used`;
    case 'escalation':
      return `Escalation: ${percent} of the ${target} time used`;
    case 'breach':
      return `Breach: the ${target} target was missed`;
  }
}

function intro(alert: ClockAlert, target: string, percent: string, zone: string): string {
  const who = `Ticket ${describeTicket(alert)} for ${singleLine(alert.customer.name)}`;
  if (alert.kind === 'breach') {
    const breachAt = alert.breachAt ?? alert.dueAt;
    const when = breachAt === null ? '' : ` at ${formatInstant(breachAt, zone)}`;
    return `${who} missed its ${target} target${when}.`;
  }
  const reached =
    alert.kind === 'warning'
      ? `has used ${percent} of its ${target} time`
      : `has reached the escalation level at ${percent} of its ${target} time`;
  const due =
    alert.dueAt === null
      ? 'The clock is paused, so it has no due time right now.'
      : `It is due ${formatInstant(alert.dueAt, zone)}.`;
  return `${who} ${reached}. ${due}`;
}

function facts(alert: ClockAlert, zone: string): EmailFact[] {
  const { ticket } = alert;
  const rows: EmailFact[] = [
    { label: 'Ticket', value: ticket.externalRef ? `${ticket.externalRef}: ${ticket.title}` : ticket.title },
    { label: 'Priority', value: ticket.priority ?? 'none' },
    { label: 'Assignee', value: ticket.assignee ?? 'unassigned' },
    { label: 'Customer', value: alert.customer.name },
  ];
  if (alert.agreement) rows.push({ label: 'Agreement', value: alert.agreement.title });
  rows.push({ label: 'Target', value: `${alert.target.id} (${metricName(alert.target.metric)})` });
  if (alert.kind === 'breach') {
    const breachAt = alert.breachAt ?? alert.dueAt;
    rows.push({ label: 'Breached at', value: breachAt === null ? 'unknown' : formatInstant(breachAt, zone) });
  } else {
    rows.push({
      label: 'Due',
      value: alert.dueAt === null ? 'none while the clock is paused' : formatInstant(alert.dueAt, zone),
    });
    rows.push({ label: 'Threshold reached', value: formatInstant(alert.reachedAt, zone) });
  }
  rows.push({ label: 'Time used', value: describeUsage(alert) });
  rows.push({ label: 'Time remaining', value: businessTime(alert.remainingMs) });
  return rows;
}

const businessTime = (ms: number) => formatDuration(Math.max(0, ms), 'business');

/** `3 business h of 4 business h (75 %)`; past the target `4 business h 30 min of 4 business h (30 business min over)`. */
function describeUsage(alert: ClockAlert): string {
  const used = businessTime(alert.usedMs);
  const duration = businessTime(alert.target.durationMs);
  const overMs = alert.usedMs - alert.target.durationMs;
  if (overMs >= 60_000) return `${used} of ${duration} (${businessTime(overMs)} over)`;
  const usedPercent = alert.target.durationMs > 0 ? (alert.usedMs / alert.target.durationMs) * 100 : alert.percent;
  return `${used} of ${duration} (${formatPercent(usedPercent)})`;
}
