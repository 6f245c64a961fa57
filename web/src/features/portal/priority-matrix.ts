/**
 * The priority a reported incident gets and the promises that come with it, from the agreement version in force:
 * impact x urgency -> priority through the agreement's matrix, then the ticket targets for that priority. The server
 * derives the priority the same way when the ticket is opened with impact and urgency.
 */
import type { AgreementContent, AgreementTarget, CalendarDefinition } from '../../api/types.ts';
import { metricName } from '../../components/metric-names.ts';
import { formatDuration } from '../../components/time-format.ts';

export interface MatrixChoices {
  readonly impacts: string[];
  readonly urgencies: string[];
}

/** Impacts and urgencies, the most severe first (ordered by the best priority each can produce). */
export function matrixChoices(content: AgreementContent): MatrixChoices {
  const matrix = content.spec?.priorities?.matrix ?? {};
  const levels = content.spec?.priorities?.levels ?? [];
  const rank = (priority: string | undefined) => {
    const index = priority === undefined ? -1 : levels.indexOf(priority);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  const impacts = Object.keys(matrix);
  const urgencies = [...new Set(impacts.flatMap((impact) => Object.keys(matrix[impact] ?? {})))];
  const bestOfImpact = (impact: string) => Math.min(...Object.values(matrix[impact] ?? {}).map(rank));
  const bestOfUrgency = (urgency: string) => Math.min(...impacts.map((impact) => rank(matrix[impact]?.[urgency])));
  return {
    impacts: impacts.sort((a, b) => bestOfImpact(a) - bestOfImpact(b) || a.localeCompare(b)),
    urgencies: urgencies.sort((a, b) => bestOfUrgency(a) - bestOfUrgency(b) || a.localeCompare(b)),
  };
}

export function priorityOf(content: AgreementContent, impact: string, urgency: string): string | null {
  return content.spec?.priorities?.matrix?.[impact]?.[urgency] ?? null;
}

export interface ServicePromise {
  readonly targetId: string;
  readonly what: string;
  readonly within: string;
  readonly hours: string;
  readonly goal: string | null;
}

/** The metrics of ticket targets: what a customer is promised for a ticket of a priority. */
const ticketMetrics = ['first_response', 'next_response', 'resolution', 'periodic_update'];

/** The ticket targets that apply to a priority, in words. */
export function promisesFor(content: AgreementContent, priority: string): ServicePromise[] {
  const targets = content.spec?.targets ?? [];
  return targets
    .filter((target) => ticketMetrics.includes(target.metric) && (target.priorities ?? []).includes(priority))
    .map((target) => ({
      targetId: target.id,
      what: metricName(target.metric),
      within: describeDuration(target),
      hours: describeCalendar(content, target.calendar),
      goal: target.goal === undefined ? null : `${target.goal} % of tickets`,
    }));
}

function describeDuration(target: AgreementTarget): string {
  const milliseconds = target.within ?? target.every;
  if (milliseconds === undefined) return '—';
  const text = formatDuration(milliseconds, 'business');
  return target.metric === 'periodic_update' ? `every ${text}` : `within ${text}`;
}

const dayNames: Record<string, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

export function describeCalendar(content: AgreementContent, name: string | undefined): string {
  if (!name) return 'calendar not stated';
  const calendar = content.spec?.calendars?.[name] as CalendarDefinition | { use: string } | undefined;
  if (calendar === undefined) return `the “${name}” calendar`;
  if (calendar === '24x7') return 'around the clock';
  if ('use' in calendar) return `the “${calendar.use}” calendar`;
  if (calendar.weekly === '24x7') return `around the clock (${calendar.timezone})`;
  const spans = calendar.weekly.map((entry) => {
    const days = entry.days ?? (entry.day ? [entry.day] : []);
    const first = dayNames[days[0] ?? ''] ?? '';
    const last = dayNames[days.at(-1) ?? ''] ?? '';
    return `${days.length > 1 ? `${first}–${last}` : first} ${entry.start}–${entry.end}`;
  });
  return `business hours ${spans.join(', ')} (${calendar.timezone})`;
}
