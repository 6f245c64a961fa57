/** Agreements as code (docs/semantics.md#agreements-as-code): the public surface of `core/agreement`. */
export {
  averageWorkingHoursPerDay,
  defineAgreementCalendars,
  isRoundTheClock,
} from './agreement-calendars.ts';
export type { AgreementIssue } from './agreement-issues.ts';
export {
  type Agreement,
  type AgreementInput,
  type AgreementMetadata,
  type AgreementSpec,
  type AvailabilityTarget,
  agreementSchema,
  type Channel,
  type Credits,
  type EscalationLevel,
  type KpiTarget,
  type MeanResolutionTimeTarget,
  type OtifTarget,
  type Priorities,
  type Service,
  type Status,
  type Target,
  type TargetMetric,
  type TerminationClause,
  type TicketTarget,
} from './agreement-schema.ts';
export {
  type CalendarZones,
  calendarZonesOf,
  withTimeZoneOfCalendars,
  writesTermTimeZone,
  zoneOfCalendars,
} from './agreement-time-zone.ts';
export {
  type Approval,
  agreementEffectiveFrom,
  agreementTermEndsAt,
  allowedVersionActions,
  newVersionState,
  type Party,
  transitionVersion,
  type VersionAction,
  type VersionActionType,
  type VersionState,
  type VersionStatus,
  versionStatuses,
} from './approval.ts';
export {
  type CalendarReference,
  type CalendarResolver,
  calendarReferencesOf,
  isCalendarReference,
} from './calendar-reference.ts';
export { agreementContentHash, canonicalAgreementJson } from './canonical-agreement.ts';
export { clockPolicyOf, isTicketTarget } from './clock-policy.ts';
export { statusAfterCustomerReply } from './customer-reply-status.ts';
export {
  type DescribedAgreementChange,
  describeAgreementChanges,
  describeValueAt,
} from './describe-agreement-changes.ts';
export { type AgreementChange, diffAgreements } from './diff-agreements.ts';
export {
  assessFeasibility,
  type FeasibilityOptions,
  type HistoricalTicket,
  historyFeasibilityRule,
  type TargetFeasibility,
} from './feasibility.ts';
export {
  type GoverningVersionOptions,
  type InForceSpan,
  inForceSpans,
  selectGoverningVersion,
  type VersionActivity,
  versionInForceAt,
} from './governing-version.ts';
export { agreementJsonSchema, agreementJsonSchemaText } from './json-schema.ts';
export { builtInLintRules, hasLintErrors, type LintOptions, lintAgreement } from './lint-agreement.ts';
export type { LintContext, LintFinding, LintRule, LintSeverity } from './lint-types.ts';
export { defineLintRule, type FindingMaker } from './lint-types.ts';
export { metricName, metricNameInSentence, metricNames } from './metric-names.ts';
export { locateAgreementIssues, parseAgreement, validateAgreement } from './parse-agreement.ts';
export {
  type CalendarPeriod,
  parseBusinessDuration,
  parseCalendarPeriod,
  parsePercent,
} from './quantities.ts';
export { type CreditRule, type CreditTier, notifyKeywords, type TerminationTrigger } from './schema-remedies.ts';
export { responseKinds, type TicketMetric, ticketMetrics } from './schema-targets.ts';
export { defaultStatuses, type StatusCategory, statusCategories } from './schema-workflow.ts';
export type { AgreementFormat } from './source-document.ts';
export { type VagueTerm, vagueTerms } from './vague-terms.ts';
export { writtenDays, writtenDurationsOf } from './written-durations.ts';
