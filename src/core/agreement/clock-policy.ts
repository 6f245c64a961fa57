/**
 * The agreement as the clock engine sees it: its ticket targets with durations, compiled calendars, pause statuses,
 * what counts as a response, and thresholds (warning thresholds plus the escalation levels that apply to each target), and the priority
 * matrix. Cached per agreement object, so evaluating thousands of tickets compiles nothing twice. An agreement whose
 * calendars refer to workspace calendars needs a resolver, and its policy depends on what the resolver answers, so
 * it is not cached here (the caller knows when the workspace calendars change).
 */
import type { ClockPolicy, ClockTarget } from '../clocks/index.ts';
import { DomainError } from '../errors.ts';
import { type CalendarInput, compileCalendar } from '../time/index.ts';
import type { Agreement, TicketTarget } from './agreement-schema.ts';
import { type CalendarResolver, calendarReferencesOf, isCalendarReference } from './calendar-reference.ts';

const policies = new WeakMap<Agreement, ClockPolicy>();

/**
 * The clock policy of a valid agreement; throws AGREEMENT_INVALID when a ticket target has no calendar, and
 * AGREEMENT_UNKNOWN_REFERENCE when a target's calendar refers to a workspace calendar that `resolve` does not know.
 */
export function clockPolicyOf(agreement: Agreement, resolve?: CalendarResolver): ClockPolicy {
  if (calendarReferencesOf(agreement.spec.calendars).size > 0) return buildClockPolicy(agreement, resolve);
  let policy = policies.get(agreement);
  if (policy === undefined) {
    policy = buildClockPolicy(agreement, resolve);
    policies.set(agreement, policy);
  }
  return policy;
}

function calendarInputOf(agreement: Agreement, name: string, path: string, resolve?: CalendarResolver): CalendarInput {
  const calendar = agreement.spec.calendars[name]!;
  if (!isCalendarReference(calendar)) return calendar;
  const resolved = resolve?.(calendar.use);
  if (resolved === undefined) {
    throw new DomainError(
      'AGREEMENT_UNKNOWN_REFERENCE',
      `${path}: calendar "${name}" refers to the workspace calendar "${calendar.use}", which ${resolve ? 'does not exist' : 'was not resolved'}`,
      {
        issues: [
          { path: `spec.calendars.${name}.use`, code: 'AGREEMENT_UNKNOWN_REFERENCE', message: 'unknown calendar' },
        ],
      },
    );
  }
  return resolved;
}

function buildClockPolicy(agreement: Agreement, resolve: CalendarResolver | undefined): ClockPolicy {
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
      calendar: compileCalendar(calendarInputOf(agreement, target.calendar, `spec.targets.${index}`, resolve)),
      pauseOn: target.pauseOn,
      respondedBy: target.respondedBy,
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
