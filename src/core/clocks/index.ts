/** SLA clocks: the public surface of `core/clocks`. */
export { AT_RISK_PERCENT_USED, isAtRisk } from './at-risk.ts';
export type {
  ClockResult,
  CycleResult,
  CycleState,
  ThresholdCrossing,
  TicketEvaluation,
  TicketMetric,
} from './clock-result.ts';
export { ticketMetrics } from './clock-result.ts';
export type { ClockPolicy, ClockTarget, ExclusionWindow, ResponseEntry } from './clock-target.ts';
export { type EvaluationOptions, evaluateTicketClocks } from './evaluate-ticket-clocks.ts';
export { defaultResponses } from './responses.ts';
export {
  type EventChannel,
  eventChannels,
  orderTicketEvents,
  type TicketEvent,
  type TicketEventType,
  ticketEventSchema,
  ticketEventTypes,
} from './ticket-event.ts';
export {
  type UnmeasuredReason,
  unmeasuredReasonOf,
  unmeasuredReasons,
  unmeasuredReasonTexts,
} from './ticket-measurement.ts';
