/**
 * Lint: the checks a draft must pass before it can be sent for approval (docs/semantics.md#agreements-as-code). A
 * parsed agreement is valid; lint asks whether it is a good agreement: measurable wording, every priority covered,
 * complete targets, caps on credits, measurable termination triggers. Errors block submission; warnings are for the
 * author to weigh.
 *
 * Rules are plain objects, so a caller can add its own (`options.rules`): the "history says this target cannot be
 * met" check (feasibility, docs/semantics.md#agreements-as-code) needs ticket history, which the core does not have,
 * and is such a rule supplied by the application layer.
 */
import { defineAgreementCalendars } from './agreement-calendars.ts';
import type { Agreement } from './agreement-schema.ts';
import { calendarZonesOf } from './agreement-time-zone.ts';
import type { CalendarResolver } from './calendar-reference.ts';
import { documentLintRules } from './lint-document-rules.ts';
import { targetLintRules } from './lint-target-rules.ts';
import { timeZoneLintRules } from './lint-time-zone-rules.ts';
import type { LintContext, LintFinding, LintRule } from './lint-types.ts';

export interface LintOptions {
  /** Extra rules run after the built-in ones, e.g. a feasibility check against the provider's ticket history. */
  readonly rules?: readonly LintRule[];
  /** Resolves references to workspace calendars, so the rules see their hours; unresolved references are skipped. */
  readonly resolveCalendar?: CalendarResolver;
  /**
   * Whether the document writes `term.timezone` (`writesTermTimeZone` of its text): the normalised model always
   * states a zone, so it cannot tell a chosen one from a derived one. Left out, a zone other than UTC counts as
   * written (calendars that disagree give UTC when nobody chose) and the zone is not checked against the calendars.
   */
  readonly termTimeZoneWritten?: boolean;
  /**
   * The target durations as the document writes them (`writtenDurationsOf` of its text), so findings quote the
   * author's words. Left out, `day-based-duration` cannot tell `P1D` from `PT24H` and stays silent.
   */
  readonly writtenDurations?: ReadonlyMap<string, string>;
}

/** The built-in rules, in the order their findings are reported. */
export const builtInLintRules: readonly LintRule[] = [...documentLintRules, ...timeZoneLintRules, ...targetLintRules];

/** Lints a parsed agreement; findings are ordered by rule, then by path within a rule. */
export function lintAgreement(agreement: Agreement, options: LintOptions = {}): LintFinding[] {
  const context: LintContext = {
    calendars: defineAgreementCalendars(agreement, options.resolveCalendar),
    calendarZones: calendarZonesOf(agreement, options.resolveCalendar),
    termTimeZoneWritten: options.termTimeZoneWritten,
    writtenDurations: options.writtenDurations ?? new Map(),
  };
  return [...builtInLintRules, ...(options.rules ?? [])].flatMap((rule) => rule.check(agreement, context));
}

/** True when any finding is an error (which blocks submission for approval). */
export function hasLintErrors(findings: readonly LintFinding[]): boolean {
  return findings.some((finding) => finding.severity === 'error');
}
