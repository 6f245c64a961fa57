/**
 * How each list of an agreement is identified, shared by the canonical form (and so the content hash) and the diff,
 * so that "no diff" and "same hash" always agree:
 * - keyed lists (targets, services, statuses, credit rules) are matched by their key and their order is presentation;
 * - set lists (a target's priorities, pause statuses and responses, recipients, calendar hours, ...) are compared as
 *   sets;
 * - every other list is ordered (escalation levels, channels, responsibilities, termination clauses, levels).
 *
 * Paths here are dotted patterns in which `*` stands for a list item or a record entry (a calendar name, a label).
 */

export type ListIdentity = { readonly kind: 'keyed'; readonly key: string } | { readonly kind: 'set' | 'ordered' };

const keyedLists: Readonly<Record<string, string>> = {
  'spec.services': 'id',
  'spec.targets': 'id',
  'spec.statuses': 'name',
  'spec.credits.rules': 'target',
};

const setLists = new Set([
  'spec.services.*.scope',
  'spec.services.*.environment.systems',
  'spec.services.*.environment.incidentCategories',
  'spec.targets.*.priorities',
  'spec.targets.*.pauseOn',
  'spec.targets.*.warnAt',
  'spec.targets.*.respondedBy',
  'spec.escalation.*.notify',
  'spec.escalation.*.targets',
  'spec.credits.rules.*.tiers',
  'spec.reporting.recipients',
  'spec.signatories.provider',
  'spec.signatories.customer',
  'spec.calendars.*.weekly',
  'spec.calendars.*.weekly.*.days',
  'spec.calendars.*.holidays',
  'spec.calendars.*.holidays.dates',
  'spec.calendars.*.holidays.region',
  'spec.calendars.*.overrides',
  'spec.calendars.*.overrides.*.intervals',
]);

/** Objects whose keys are names chosen by the author rather than fields of the schema. */
const records = new Set(['metadata.labels', 'spec.calendars', 'spec.priorities.matrix', 'spec.priorities.matrix.*']);

export function listIdentity(pattern: string): ListIdentity {
  const key = keyedLists[pattern];
  if (key !== undefined) return { kind: 'keyed', key };
  return { kind: setLists.has(pattern) ? 'set' : 'ordered' };
}

/** The pattern of a child: `*` for a list item or a record entry, the field name otherwise. */
export function childPattern(pattern: string, key: string | number, parentIsList: boolean): string {
  const segment = parentIsList || records.has(pattern) ? '*' : String(key);
  return pattern === '' ? segment : `${pattern}.${segment}`;
}
