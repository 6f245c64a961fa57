/**
 * Lint rules on targets: every priority has a response and a resolution target, every target has its numbers, unit
 * and calendar, clocks pause only on statuses a ticket can wait in and stop on statuses a ticket is answered with, and
 * durations mean what the author thinks.
 */

import { formatDuration } from '../time/index.ts';
import { averageWorkingHoursPerDay, isRoundTheClock } from './agreement-calendars.ts';
import type { Target, TicketTarget } from './agreement-schema.ts';
import { defineLintRule, type FindingMaker, type LintContext, type LintFinding } from './lint-types.ts';
import { formatHoursDuration, MS_PER_DAY_OF_BUSINESS_TIME, MS_PER_HOUR } from './quantities.ts';
import { ticketMetrics } from './schema-targets.ts';
import { writtenDays } from './written-durations.ts';

function isTicketTarget(target: Target): target is TicketTarget {
  return (ticketMetrics as readonly string[]).includes(target.metric);
}

function priorityCoverageRule(metric: 'first_response' | 'resolution', id: string, noun: string) {
  return defineLintRule(id, 'error', `A priority level has no ${noun} target.`, (agreement, _context, finding) => {
    const covered = new Set(
      agreement.spec.targets.flatMap((target) => (target.metric === metric ? target.priorities : [])),
    );
    return agreement.spec.priorities.levels.flatMap((level, index) =>
      covered.has(level)
        ? []
        : [
            finding(
              `spec.priorities.levels.${index}`,
              `priority ${level} has no ${noun} target`,
              `add a ${metric} target, e.g. { id: ${level.toLowerCase()}-${metric === 'first_response' ? 'response' : 'resolution'}, metric: ${metric}, priorities: [${level}], within: PT4H, calendar: business, goal: 90% }`,
            ),
          ],
    );
  });
}

const targetIncompleteRule = defineLintRule(
  'target-incomplete',
  'error',
  'A target lacks its number, its unit or its calendar.',
  (agreement, _context, finding) =>
    agreement.spec.targets.flatMap((target, index) => missingParts(target, `spec.targets.${index}`, finding)),
);

function missingParts(target: Target, path: string, finding: FindingMaker): LintFinding[] {
  const findings: LintFinding[] = [];
  const name = `target "${target.id}"`;
  const needCalendar = () =>
    findings.push(
      finding(
        `${path}.calendar`,
        `${name} has no calendar`,
        'name a calendar, e.g. calendar: business (or a 24x7 one)',
      ),
    );
  const needGoal = () =>
    findings.push(finding(`${path}.goal`, `${name} has no goal`, 'state the share that must be met, e.g. goal: 95%'));
  if (isTicketTarget(target)) {
    if (target.calendar === undefined) needCalendar();
    if (target.goal === undefined) needGoal();
    const [field, duration] = target.metric === 'periodic_update' ? ['every', target.every] : ['within', target.within];
    if (duration === 0) {
      findings.push(finding(`${path}.${field}`, `${name} has a zero duration`, `give a duration, e.g. ${field}: PT4H`));
    }
  } else if (target.metric === 'availability' || target.metric === 'mean_resolution_time') {
    if (target.calendar === undefined) needCalendar();
    if (target.metric === 'mean_resolution_time' && target.objective === 0) {
      findings.push(finding(`${path}.objective`, `${name} has a zero objective`, 'give a duration, e.g. PT6H'));
    }
  } else if (target.metric === 'otif') {
    if (target.goal === undefined) needGoal();
  } else if (target.unit === undefined) {
    findings.push(finding(`${path}.unit`, `${name} has no unit`, 'state the unit, e.g. unit: "points (1-5)"'));
  }
  return findings;
}

const unreachablePauseStatusRule = defineLintRule(
  'unreachable-pause-status',
  'error',
  'A clock pauses on a status that is not a pending status of the workflow.',
  (agreement, _context, finding) =>
    agreement.spec.targets.flatMap((target, index) => {
      if (!isTicketTarget(target)) return [];
      return target.pauseOn.flatMap((name, i) => {
        const status = agreement.spec.statuses.find((candidate) => candidate.name === name);
        if (status?.category === 'pending') return [];
        const pending = agreement.spec.statuses.filter((s) => s.category === 'pending').map((s) => s.name);
        const instead =
          pending.length > 0 ? `pause on a pending status (${pending.join(', ')})` : 'add a pending status';
        return [
          finding(
            `spec.targets.${index}.pauseOn.${i}`,
            status
              ? `"${name}" has the category ${status.category}; a ticket waits (and a clock pauses) only in pending statuses`
              : `"${name}" is not a status of the workflow`,
            `${instead}, or give "${name}" the category pending`,
          ),
        ];
      });
    }),
);

/**
 * A response status the ticket does not move to while it is being answered: back to a `new` status, or to one of
 * the resolved, closed or cancelled categories, whose `status` event does not resolve anything (only the life-cycle
 * events do, and they stop the cycle anyway).
 */
const responseStatusCategoryRule = defineLintRule(
  'response-status-category',
  'warning',
  'A target counts a change to a status of category new, resolved, closed or cancelled as a response.',
  (agreement, _context, finding) =>
    agreement.spec.targets.flatMap((target, index) => {
      if (!isTicketTarget(target) || target.respondedBy === undefined) return [];
      return target.respondedBy.flatMap((entry, i) => {
        if (typeof entry !== 'object') return [];
        const status = agreement.spec.statuses.find((candidate) => candidate.name === entry.status);
        if (status === undefined || status.category === 'open' || status.category === 'pending') return [];
        const answering = agreement.spec.statuses
          .filter((s) => s.category === 'open' || s.category === 'pending')
          .map((s) => s.name);
        const why =
          status.category === 'new'
            ? 'a ticket does not go back to a new status to answer the customer'
            : `resolving, closing or cancelling the ticket already stops the cycle, and a status change to "${entry.status}" does not ${status.category === 'cancelled' ? 'cancel' : 'resolve'} the ticket`;
        return [
          finding(
            `spec.targets.${index}.respondedBy.${i}.status`,
            `"${entry.status}" has the category ${status.category}: ${why}`,
            answering.length > 0
              ? `name a status the ticket moves to while it is being worked (${answering.join(', ')}), or leave the entry out`
              : 'leave the entry out',
          ),
        ];
      });
    }),
);

/**
 * Days written on a calendar that is not round the clock: `P2D` is 48 business hours, not two working days. Only
 * what the author wrote in days is flagged (`PT24H` counts hours, as written), and the finding quotes the text.
 */
const dayBasedDurationRule = defineLintRule(
  'day-based-duration',
  'warning',
  'A duration written in days on a calendar that is not 24x7 (a day is 24 business hours, not a working day).',
  (agreement, context, finding) =>
    agreement.spec.targets.flatMap((target, index) =>
      durationsOf(target).flatMap(({ field, ms }) => {
        const path = `spec.targets.${index}.${field}`;
        const written = context.writtenDurations.get(path);
        const calendar = 'calendar' in target ? target.calendar : undefined;
        const definition = calendar === undefined ? undefined : context.calendars.get(calendar);
        if (written === undefined || writtenDays(written) <= 0) return [];
        if (ms <= 0 || !definition || isRoundTheClock(definition)) return [];
        return [dayBasedFinding(path, written, ms, calendar!, context, finding)];
      }),
    ),
);

function durationsOf(target: Target): { field: string; ms: number }[] {
  if (target.metric === 'periodic_update') return [{ field: 'every', ms: target.every }];
  if (isTicketTarget(target)) return [{ field: 'within', ms: target.within }];
  if (target.metric === 'mean_resolution_time') return [{ field: 'objective', ms: target.objective }];
  if (target.metric === 'otif') {
    const early = target.onTime.early;
    return [
      ...(early === undefined ? [] : [{ field: 'onTime.early', ms: early }]),
      { field: 'onTime.late', ms: target.onTime.late },
    ];
  }
  return [];
}

function dayBasedFinding(
  path: string,
  written: string,
  ms: number,
  calendar: string,
  context: LintContext,
  finding: FindingMaker,
): LintFinding {
  const days = writtenDays(written);
  // What the author wrote after the days (`P1DT4H`: 4 hours) stays as it is in both readings.
  const restMs = Math.max(0, ms - days * MS_PER_DAY_OF_BUSINESS_TIME);
  const businessTime = formatDuration(ms, 'business');
  const hoursPerDay = averageWorkingHoursPerDay(context.calendars.get(calendar)!);
  const workingDays = hoursPerDay
    ? `, about ${round(ms / MS_PER_HOUR / hoursPerDay)} working days of ${round(hoursPerDay)} h`
    : '';
  const andRest = restMs > 0 ? ` and ${formatDuration(restMs, 'business')}` : '';
  const meant = hoursPerDay
    ? `if you mean ${days} working day${days === 1 ? '' : 's'}${andRest}, write ${formatHoursDuration(days * hoursPerDay * MS_PER_HOUR + restMs)}; `
    : '';
  return finding(
    path,
    `${written} is ${businessTime} of calendar "${calendar}"${workingDays}`,
    `${meant}if you mean ${businessTime}, write ${formatHoursDuration(ms)}`,
  );
}

const percentLooksLikeFractionRule = defineLintRule(
  'percent-looks-like-fraction',
  'warning',
  'A goal of at most 1% looks like a fraction written without the percent sign.',
  (agreement, _context, finding) =>
    agreement.spec.targets.flatMap((target, index) => {
      const [field, value] =
        target.metric === 'availability'
          ? ['objective', target.objective]
          : 'goal' in target
            ? ['goal', target.goal]
            : ['', undefined];
      if (value === undefined || value > 1) return [];
      const percent = round(value * 100);
      return [
        finding(
          `spec.targets.${index}.${field}`,
          `${field} ${value}% of target "${target.id}" is very low`,
          `percents are written 95% or 95; if you mean ${percent} percent, write ${percent}%`,
        ),
      ];
    }),
);

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export const targetLintRules = [
  priorityCoverageRule('first_response', 'priority-without-response-target', 'first response'),
  priorityCoverageRule('resolution', 'priority-without-resolution-target', 'resolution'),
  targetIncompleteRule,
  unreachablePauseStatusRule,
  responseStatusCategoryRule,
  dayBasedDurationRule,
  percentLooksLikeFractionRule,
];
