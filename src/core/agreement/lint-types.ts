/** The shapes lint works with, apart from the runner so that rule modules and the runner do not import each other. */
import type { CalendarDefinition } from '../time/index.ts';
import type { Agreement } from './agreement-schema.ts';
import type { CalendarZones } from './agreement-time-zone.ts';

export type LintSeverity = 'error' | 'warning';

/** One finding: where, which rule, how bad, what is wrong and what to write instead. */
export interface LintFinding {
  readonly path: string;
  readonly rule: string;
  readonly severity: LintSeverity;
  readonly message: string;
  readonly suggestion: string;
}

/** What every rule gets besides the agreement: its calendars, defined once, and what only the document knows. */
export interface LintContext {
  readonly calendars: ReadonlyMap<string, CalendarDefinition>;
  /** The zones of the calendars, references resolved as far as the resolver knows them. */
  readonly calendarZones: CalendarZones;
  /** Whether the document writes `term.timezone`; undefined when the caller cannot tell (see `LintOptions`). */
  readonly termTimeZoneWritten: boolean | undefined;
  /** The target durations as the document writes them, by path; empty when the caller has no text (`LintOptions`). */
  readonly writtenDurations: ReadonlyMap<string, string>;
}

/** A lint rule: a stable id and a check that returns its findings (each carrying the rule id). */
export interface LintRule {
  readonly id: string;
  readonly description: string;
  check(agreement: Agreement, context: LintContext): LintFinding[];
}

/** Makes a finding of the rule being defined. */
export type FindingMaker = (path: string, message: string, suggestion: string) => LintFinding;

/** Defines a rule whose findings all have one severity. */
export function defineLintRule(
  id: string,
  severity: LintSeverity,
  description: string,
  check: (agreement: Agreement, context: LintContext, finding: FindingMaker) => LintFinding[],
): LintRule {
  const finding: FindingMaker = (path, message, suggestion) => ({ path, rule: id, severity, message, suggestion });
  return { id, description, check: (agreement, context) => check(agreement, context, finding) };
}
