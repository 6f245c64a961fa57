/** Period measurement: ticket-target attainment, ticket flow, availability, OTIF, KPIs and RAG. */
export {
  AT_RISK_PERCENT_USED,
  type AttainmentProjection,
  isAtRisk,
  type ProjectionEvidence,
  projectAttainment,
} from './attainment-projection.ts';
export {
  type AvailabilityInput,
  type AvailabilityResult,
  type AvailabilityTrace,
  type DowntimeBreakdown,
  type MaintenanceMode,
  type MaintenancePolicy,
  type MaintenanceTreatment,
  type MaintenanceWindow,
  measureAvailability,
  type Outage,
  type OutageSeverity,
} from './availability.ts';
export {
  divideRoundingHalfAwayFromZero,
  type ExactDecimal,
  exactDecimalOf,
  formatFixed,
  percentOf,
  roundHalfAwayFromZero,
} from './decimal.ts';
export { type Direction, evaluateKpi, type KpiInput, type KpiResult, marginOf } from './kpi.ts';
export {
  type DeliveryLine,
  judgeLine,
  type LineOutcome,
  measureOtif,
  type OtifCounts,
  type OtifOptions,
  type OtifPolicy,
  type OtifResult,
} from './otif.ts';
export { assertPeriod, isInPeriod, type Period } from './period.ts';
export { type RagInput, type RagReasonCode, type RagResult, type RagStatus, rateRag } from './rag.ts';
export { intersectSpans, type SpanSet, spanLength, subtractSpans, unionOfSpans } from './span-set.ts';
export { backlogAt, isOpenAt, measureTicketFlow, type TicketFlowResult, type TicketSummary } from './ticket-flow.ts';
export {
  type AttainmentCounts,
  type CountedBreach,
  type CycleCount,
  countCycleInPeriod,
  type MeasuredCycle,
  measureTicketTargets,
  type PriorityAttainment,
  type TicketTargetOptions,
  type TicketTargetResult,
} from './ticket-targets.ts';
export { nearestRankPercentile, summarizeValues, type ValueSummary } from './value-summary.ts';
