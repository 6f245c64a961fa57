/**
 * Words that make an obligation unmeasurable ("as soon as possible", "best effort", ...), with what to write instead,
 * and the prose fields of an agreement they are looked for in. Matching is case-insensitive on whole words, so
 * "timely" is found in "in a Timely manner" but not in "untimely" or in identifiers (ids are not prose).
 */

/** One vague term and the measurable wording that should replace it. */
export interface VagueTerm {
  readonly term: string;
  readonly suggestion: string;
}

const duration = 'state a duration and its calendar, e.g. "within 4 business hours (business calendar)"';
const commitment = 'state a measurable commitment, e.g. "resolve 90% of P2 tickets within 8 business hours"';
const cadence = 'state a cadence, e.g. "every month (P1M)" or "every Monday"';
const condition = 'state the condition and the action, e.g. "when a P1 ticket has been open for 2 hours"';

export const vagueTerms: readonly VagueTerm[] = [
  { term: 'as soon as possible', suggestion: duration },
  { term: 'as soon as practicable', suggestion: duration },
  { term: 'as soon as reasonably practicable', suggestion: duration },
  { term: 'asap', suggestion: duration },
  { term: 'promptly', suggestion: duration },
  { term: 'immediately', suggestion: 'state a duration, e.g. "within 15 minutes (PT15M)"' },
  { term: 'without undue delay', suggestion: duration },
  { term: 'undue delay', suggestion: duration },
  { term: 'reasonable time', suggestion: duration },
  { term: 'reasonable period', suggestion: duration },
  { term: 'timely', suggestion: duration },
  { term: 'in due course', suggestion: duration },
  { term: 'shortly', suggestion: duration },
  { term: 'quickly', suggestion: duration },
  { term: 'earliest convenience', suggestion: duration },
  { term: 'reasonable efforts', suggestion: commitment },
  { term: 'commercially reasonable', suggestion: commitment },
  { term: 'best effort', suggestion: commitment },
  { term: 'best efforts', suggestion: commitment },
  { term: 'best endeavours', suggestion: commitment },
  { term: 'best endeavors', suggestion: commitment },
  { term: 'high availability', suggestion: 'state an availability objective, e.g. "99.9% of the production calendar"' },
  { term: 'as needed', suggestion: condition },
  { term: 'as appropriate', suggestion: condition },
  { term: 'where appropriate', suggestion: condition },
  { term: 'if necessary', suggestion: condition },
  { term: 'when necessary', suggestion: condition },
  { term: 'regularly', suggestion: cadence },
  { term: 'periodically', suggestion: cadence },
  { term: 'from time to time', suggestion: cadence },
];

/** Prose fields, as dotted paths where `*` stands for any list index; identifiers and enumerations are not prose. */
export const prosePaths: readonly string[] = [
  'metadata.title',
  'metadata.description',
  'spec.version.notes',
  'spec.services.*.name',
  'spec.services.*.description',
  'spec.services.*.scope.*',
  'spec.channels.*.description',
  'spec.statuses.*.description',
  'spec.targets.*.name',
  'spec.targets.*.description',
  'spec.exclusions.forceMajeure',
  'spec.exclusions.customerCaused',
  'spec.exclusions.plannedMaintenance',
  'spec.exclusions.other.*',
  'spec.responsibilities.provider.*',
  'spec.responsibilities.customer.*',
  'spec.termination.*.right',
];

/** Longest terms first, so "without undue delay" is reported once rather than also as "undue delay". */
const byLength = [...vagueTerms].sort((a, b) => b.term.length - a.term.length);
const pattern = new RegExp(
  `(?<![\\p{L}\\p{N}])(${byLength.map((entry) => entry.term.replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`,
  'giu',
);

/** The vague terms in a text, each once, in order of first appearance. */
export function findVagueTerms(text: string): VagueTerm[] {
  const found: VagueTerm[] = [];
  for (const match of text.matchAll(pattern)) {
    const words = match[1]!.toLowerCase().replace(/\s+/g, ' ');
    const entry = vagueTerms.find((candidate) => candidate.term === words);
    if (entry && !found.includes(entry)) found.push(entry);
  }
  return found;
}
