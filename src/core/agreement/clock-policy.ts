/**
 * The agreement as the clock engine sees it: its ticket targets with durations, compiled calendars, pause statuses
 * and thresholds (warning thresholds plus the escalation levels that apply to each target), and the priority
 * matrix. Cached per agreement object, so evaluating thousands of tickets compiles nothing twice.
 */
import type { ClockPolicy, ClockTarget } from '../clocks/index.ts';
import { DomainError } from '../errors.ts';
import { compileCalendar } from '../time/index.ts';
import type { Agreement, TicketTarget } from './agreement-schema.ts';

const policies = new WeakMap<Agreement, ClockPolicy>();

/** The clock policy of a valid agreement; throws AGREEMENT_INVALID when a ticket target has no calendar. */
export function clockPolicyOf(agreement: Agreement): ClockPolicy {
  let policy = policies.get(agreement);
  if (policy === undefined) {
    policy = buildClockPolicy(agreement);
    policies.set(agreement, policy);
  }
  return policy;
}

function buildClockPolicy(agreement: Agreement): ClockPolicy {
  const { spec } = agreement;
  const targets: ClockTarget[] = [];
  spec.targets.forEach((target, index) => {
    if (!isTicketTarget(target)) return;
    if (target.calendar === undefined) {
      throw new DomainError(
        'AGREEMENT_INVALID',
        `spec.targets.${index}: target ${target.id} has no calendar, so its clock cannot run`,
        {
          issues: [
            { path: `spec.targets.${index}.calendar`, code: 'AGREEMENT_INVALID', message: 'a calendar is required' },
          ],
        },
      );
    }
    const escalationLevels = spec.escalation
      .filter((level) => level.targets === undefined || level.targets.includes(target.id))
      .map((level) => level.at);
    targets.push({
      id: target.id,
      metric: target.metric,
      priorities: target.priorities,
      durationMs: target.metric === 'periodic_update' ? target.every : target.within,
      calendarName: target.calendar,
      calendar: compileCalendar(spec.calendars[target.calendar]),
      pauseOn: target.pauseOn,
      reopen: target.metric === 'resolution' ? target.reopen : 'resume',
      thresholds: [...new Set([...target.warnAt, ...escalationLevels])].sort((a, b) => a - b),
      service: target.service,
    });
  });
  return { targets, priorityMatrix: spec.priorities.matrix };
}

export function isTicketTarget(target: Agreement['spec']['targets'][number]): target is TicketTarget {
  return (
    target.metric === 'first_response' ||
    target.metric === 'next_response' ||
    target.metric === 'resolution' ||
    target.metric === 'periodic_update'
  );
}
