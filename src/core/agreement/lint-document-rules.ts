/**
 * Lint rules on the agreement as a document: measurable wording in the prose, calendars that actually open, credits
 * that are capped and tiered sensibly, termination rights with measurable triggers, named signatories.
 */
import { hasAnyWorkingTime } from '../time/index.ts';
import { defineLintRule, type LintFinding, type LintRule } from './lint-types.ts';
import { findVagueTerms, prosePaths } from './vague-terms.ts';

const vagueTermRule = defineLintRule(
  'vague-term',
  'error',
  'Prose uses a term that cannot be measured ("as soon as possible", "best effort", ...).',
  (agreement, _context, finding) =>
    proseFields(agreement).flatMap(({ path, text }) =>
      findVagueTerms(text).map((entry) =>
        finding(path, `"${entry.term}" is not measurable`, `replace "${entry.term}": ${entry.suggestion}`),
      ),
    ),
);

const calendarWithoutWorkingTimeRule = defineLintRule(
  'calendar-without-working-time',
  'error',
  'A calendar never opens, so no deadline on it can be computed.',
  (_agreement, context, finding) =>
    [...context.calendars]
      .filter(([, definition]) => !hasAnyWorkingTime(definition))
      .map(([name]) =>
        finding(
          `spec.calendars.${name}`,
          `calendar "${name}" has no working time at all`,
          'give it weekly hours, e.g. weekly: [{ days: [mon, tue, wed, thu, fri], start: "08:00", end: "17:00" }]',
        ),
      ),
);

const creditsWithoutCapRule = defineLintRule(
  'credits-without-cap',
  'error',
  'Service credits have no monthly cap.',
  (agreement, _context, finding) => {
    const credits = agreement.spec.credits;
    if (!credits || credits.monthlyCap !== undefined) return [];
    return [
      finding(
        'spec.credits.monthlyCap',
        "service credits have no monthly cap, so the provider's liability is unbounded",
        'add monthlyCap, e.g. monthlyCap: 30% (and rollingTwelveMonthCap for the year)',
      ),
    ];
  },
);

const creditTiersInconsistentRule = defineLintRule(
  'credit-tiers-inconsistent',
  'warning',
  'A deeper credit tier gives no more credit than a shallower one.',
  (agreement, _context, finding) => {
    const findings: LintFinding[] = [];
    agreement.spec.credits?.rules.forEach((rule, index) => {
      if (!('tiers' in rule)) return;
      // Tiers are sorted from the shallowest (highest `below`) to the deepest.
      rule.tiers.slice(1).forEach((tier, i) => {
        const shallower = rule.tiers[i]!;
        if (tier.credit <= shallower.credit) {
          findings.push(
            finding(
              `spec.credits.rules.${index}.tiers`,
              `below ${tier.below}% gives ${tier.credit}%, no more than the ${shallower.credit}% of the tier below ${shallower.below}%`,
              'give deeper tiers (lower results) a larger credit; the deepest tier reached applies, tiers do not add up',
            ),
          );
        }
      });
    });
    return findings;
  },
);

const terminationWithoutTriggerRule = defineLintRule(
  'termination-without-measurable-trigger',
  'error',
  'A termination right has no measurable trigger.',
  (agreement, _context, finding) =>
    agreement.spec.termination.flatMap((clause, index) =>
      clause.trigger
        ? []
        : [
            finding(
              `spec.termination.${index}`,
              `the right "${clause.right}" has no measurable trigger`,
              'add a trigger, e.g. trigger: { target: p1-resolution, missedConsecutivePeriods: 3 } or { target: p1-resolution, missedOf: { missed: 4, periods: 6 } }',
            ),
          ],
    ),
);

const signatoriesMissingRule = defineLintRule(
  'signatories-missing',
  'warning',
  'A party names no signatory, so anyone with the right role may approve for it.',
  (agreement, _context, finding) =>
    (['provider', 'customer'] as const)
      .filter((party) => agreement.spec.signatories[party].length === 0)
      .map((party) =>
        finding(
          `spec.signatories.${party}`,
          `no ${party} signatory is named`,
          `name the people who approve for the ${party}, e.g. signatories: { ${party}: [name@${party}.example] }`,
        ),
      ),
);

export const documentLintRules: readonly LintRule[] = [
  vagueTermRule,
  calendarWithoutWorkingTimeRule,
  creditsWithoutCapRule,
  creditTiersInconsistentRule,
  terminationWithoutTriggerRule,
  signatoriesMissingRule,
];

/** Every prose string of the agreement with its path. */
function proseFields(value: unknown): { path: string; text: string }[] {
  const patterns = prosePaths.map((path) => path.split('.'));
  const fields: { path: string; text: string }[] = [];
  const visit = (node: unknown, path: readonly string[]) => {
    const candidates = patterns.filter((pattern) => matchesPrefix(pattern, path));
    if (candidates.length === 0) return;
    if (typeof node === 'string') {
      if (candidates.some((pattern) => pattern.length === path.length))
        fields.push({ path: path.join('.'), text: node });
    } else if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) visit(item, [...path, String(index)]);
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) visit(child, [...path, key]);
    }
  };
  visit(value, []);
  return fields;
}

function matchesPrefix(pattern: readonly string[], path: readonly string[]): boolean {
  if (path.length > pattern.length) return false;
  return path.every(
    (segment, index) => pattern[index] === segment || (pattern[index] === '*' && /^\d+$/.test(segment)),
  );
}
