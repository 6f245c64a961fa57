/**
 * Checks between sections that a schema cannot express: names that must be unique, and every reference (a target's
 * calendar, service, priorities, pause statuses and response statuses; credit rules and termination triggers naming
 * targets; matrix cells naming priority levels) pointing at something the agreement defines. Works on whatever
 * sections parsed, so a broken section does not hide the reference errors of the others.
 */
import type { DomainErrorCode } from '../errors.ts';
import { parseIsoDate } from '../time/civil-date.ts';
import type { AgreementIssue } from './agreement-issues.ts';
import type { SpecSections } from './agreement-schema.ts';
import { ticketMetrics } from './schema-targets.ts';

type Spec = Partial<SpecSections>;
type TargetSection = NonNullable<Spec['targets']>;

const creditMetrics = {
  tiers: new Set<string>([...ticketMetrics, 'availability', 'otif']),
  perBreach: new Set<string>(ticketMetrics),
};

/**
 * Every cross-reference problem of the sections given. A section missing from `spec` (as a key) did not parse and is
 * not checked; `calendarNames` is undefined when the calendar names are unknown.
 */
export function checkCrossReferences(spec: Spec, calendarNames: ReadonlySet<string> | undefined): AgreementIssue[] {
  const issues: AgreementIssue[] = [];
  const add = (path: string, code: DomainErrorCode, message: string) => {
    issues.push({ path, code, message });
  };
  const reference = (name: string, known: ReadonlySet<string> | undefined, path: string, what: string) => {
    if (known === undefined || known.has(name)) return;
    const listed = [...known].slice(0, 12).join(', ');
    add(
      path,
      'AGREEMENT_UNKNOWN_REFERENCE',
      `unknown ${what} "${name}"; ${listed ? `defined: ${listed}` : `none is defined`}`,
    );
  };

  const services = spec.services && uniqueNames(spec.services, (s) => s.id, 'spec.services', 'id', 'service', add);
  const statuses = spec.statuses && uniqueNames(spec.statuses, (s) => s.name, 'spec.statuses', 'name', 'status', add);
  const levels = spec.priorities
    ? uniqueNames(spec.priorities.levels, (level) => level, 'spec.priorities.levels', undefined, 'priority', add)
    : 'priorities' in spec
      ? new Set<string>() // parsed, and absent: no levels at all
      : undefined;
  const targets = spec.targets && uniqueNames(spec.targets, (t) => t.id, 'spec.targets', 'id', 'target', add);

  if (spec.term) checkTerm(spec, add);
  const matrix = spec.priorities?.matrix;
  if (matrix) checkMatrix(matrix, levels, reference, add);
  const defaultLevel = spec.priorities?.default;
  if (defaultLevel !== undefined) reference(defaultLevel, levels, 'spec.priorities.default', 'priority');

  spec.targets?.forEach((target, index) => {
    const path = `spec.targets.${index}`;
    if ('calendar' in target && target.calendar !== undefined) {
      reference(target.calendar, calendarNames, `${path}.calendar`, 'calendar');
    }
    if (target.service !== undefined) reference(target.service, services, `${path}.service`, 'service');
    if ('priorities' in target) {
      for (const [i, level] of (target.priorities ?? []).entries()) {
        reference(level, levels, `${path}.priorities.${i}`, 'priority');
      }
    }
    if ('pauseOn' in target) {
      for (const [i, status] of target.pauseOn.entries()) reference(status, statuses, `${path}.pauseOn.${i}`, 'status');
    }
    if ('respondedBy' in target) {
      for (const [i, entry] of (target.respondedBy ?? []).entries()) {
        if (typeof entry === 'object') reference(entry.status, statuses, `${path}.respondedBy.${i}.status`, 'status');
      }
    }
  });
  spec.channels?.forEach((channel, index) => {
    if (channel.calendar) reference(channel.calendar, calendarNames, `spec.channels.${index}.calendar`, 'calendar');
  });
  if (spec.reporting?.calendar) {
    reference(spec.reporting.calendar, calendarNames, 'spec.reporting.calendar', 'calendar');
  }

  const byId = spec.targets && new Map(spec.targets.map((target) => [target.id, target]));
  spec.escalation?.forEach((level, index) => {
    level.targets?.forEach((id, i) => {
      const path = `spec.escalation.${index}.targets.${i}`;
      reference(id, targets, path, 'target');
      const target = byId?.get(id);
      if (target && !(ticketMetrics as readonly string[]).includes(target.metric)) {
        add(
          path,
          'AGREEMENT_INCOMPATIBLE_REFERENCE',
          `escalation applies to ticket targets; "${id}" is ${target.metric}`,
        );
      }
    });
  });
  if (spec.credits) checkCreditRules(spec.credits.rules, byId, targets, reference, add);
  spec.termination?.forEach((clause, index) => {
    if (clause.trigger) reference(clause.trigger.target, targets, `spec.termination.${index}.trigger.target`, 'target');
  });
  return issues;
}

type Add = (path: string, code: DomainErrorCode, message: string) => void;
type Reference = (name: string, known: ReadonlySet<string> | undefined, path: string, what: string) => void;

function uniqueNames<T>(
  items: readonly T[],
  nameOf: (item: T) => string,
  listPath: string,
  field: string | undefined,
  what: string,
  add: Add,
): Set<string> {
  const names = new Set<string>();
  items.forEach((item, index) => {
    const name = nameOf(item);
    if (names.has(name)) {
      add(
        `${listPath}.${index}${field ? `.${field}` : ''}`,
        'AGREEMENT_DUPLICATE_ID',
        `${what} "${name}" is defined twice`,
      );
    }
    names.add(name);
  });
  return names;
}

function checkTerm(spec: Spec, add: Add): void {
  const term = spec.term!;
  const start = parseIsoDate(term.start);
  const end = term.end === undefined ? undefined : parseIsoDate(term.end);
  if (start !== undefined && end !== undefined && end < start) {
    add('spec.term.end', 'AGREEMENT_INVALID', `the term ends (${term.end}) before it starts (${term.start})`);
    return;
  }
  if (term.renewal !== 'none' && term.end === undefined) {
    add('spec.term.end', 'AGREEMENT_INVALID', `a term with renewal "${term.renewal}" needs an end date`);
  }
  const effectiveText = spec.version?.effective;
  const effective = effectiveText === undefined ? undefined : parseIsoDate(effectiveText);
  if (effective === undefined || start === undefined) return;
  if (effective < start || (end !== undefined && effective > end)) {
    add('spec.version.effective', 'AGREEMENT_INVALID', `the effective date ${effectiveText} is outside the term`);
  }
}

function checkMatrix(
  matrix: Record<string, Record<string, string>>,
  levels: ReadonlySet<string> | undefined,
  reference: Reference,
  add: Add,
): void {
  const urgencies = new Set(Object.values(matrix).flatMap((row) => Object.keys(row)));
  for (const [impact, row] of Object.entries(matrix)) {
    for (const [urgency, level] of Object.entries(row)) {
      reference(level, levels, `spec.priorities.matrix.${impact}.${urgency}`, 'priority');
    }
    const missing = [...urgencies].filter((urgency) => !(urgency in row));
    if (missing.length > 0) {
      add(
        `spec.priorities.matrix.${impact}`,
        'AGREEMENT_INVALID',
        `impact "${impact}" has no priority for urgency ${missing.map((u) => `"${u}"`).join(', ')}; every impact needs every urgency`,
      );
    }
  }
}

function checkCreditRules(
  rules: NonNullable<Spec['credits']>['rules'],
  byId: ReadonlyMap<string, TargetSection[number]> | undefined,
  targets: ReadonlySet<string> | undefined,
  reference: Reference,
  add: Add,
): void {
  const seen = new Set<string>();
  rules.forEach((rule, index) => {
    const path = `spec.credits.rules.${index}.target`;
    if (seen.has(rule.target)) {
      add(
        path,
        'AGREEMENT_DUPLICATE_ID',
        `target "${rule.target}" already has a credit rule; give one rule per target`,
      );
    }
    seen.add(rule.target);
    reference(rule.target, targets, path, 'target');
    const target = byId?.get(rule.target);
    const kind = 'tiers' in rule ? 'tiers' : 'perBreach';
    if (target && !creditMetrics[kind].has(target.metric)) {
      const expected = kind === 'tiers' ? 'ticket, availability or otif targets' : 'ticket targets';
      add(
        path,
        'AGREEMENT_INCOMPATIBLE_REFERENCE',
        `${kind} credits apply to ${expected}; "${rule.target}" is ${target.metric}`,
      );
    }
  });
}
