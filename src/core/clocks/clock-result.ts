/** What clock evaluation produces: per ticket, one clock per applicable target, each with its cycles. */

export const ticketMetrics = ['first_response', 'next_response', 'periodic_update', 'resolution'] as const;
export type TicketMetric = (typeof ticketMetrics)[number];

export type CycleState = 'running' | 'paused' | 'met' | 'breached' | 'cancelled';

/** A warning threshold or escalation level that a cycle reached, and when. */
export interface ThresholdCrossing {
  /** Percent of the target duration, e.g. 75. */
  readonly percent: number;
  readonly at: number;
}

/** One measured exchange: a resolution, a first response, one next response, one periodic update. */
export interface CycleResult {
  readonly state: CycleState;
  readonly start: number;
  /** When the cycle stopped (reply, resolution, cancellation); null while it runs, is paused or runs breached. */
  readonly stop: number | null;
  /**
   * The instant at which the used time reaches the duration, projected with the pauses known so far; null while
   * paused before reaching the duration, and for cancelled cycles.
   */
  readonly dueAt: number | null;
  /** Equal to `dueAt` when breached, else null. */
  readonly breachAt: number | null;
  /** Business milliseconds used, pauses excluded, up to `stop` or now. */
  readonly usedMs: number;
  /** max(0, duration - used). */
  readonly remainingMs: number;
  /** used / duration * 100 (may exceed 100). */
  readonly percentUsed: number;
  /** Warning thresholds and escalation levels reached so far, in order. */
  readonly crossed: readonly ThresholdCrossing[];
}

export interface ClockResult {
  readonly targetId: string;
  readonly metric: TicketMetric;
  readonly durationMs: number;
  readonly calendar: string;
  /** Cycles in start order. */
  readonly cycles: readonly CycleResult[];
  /**
   * The next instant at which this clock changes without any new event (a threshold is reached, a breach occurs,
   * an exclusion window starts or ends); null when nothing will happen on its own.
   */
  readonly nextCheckAt: number | null;
}

export interface TicketEvaluation {
  readonly openedAt: number | null;
  /** The priority in force at evaluation time (the one that decides which targets apply). */
  readonly priority: string | null;
  readonly service: string | null;
  readonly status: string | null;
  /** open | resolved | closed | cancelled, as of evaluation time. */
  readonly lifecycle: 'open' | 'resolved' | 'closed' | 'cancelled' | 'not_opened';
  readonly clocks: readonly ClockResult[];
  /** Earliest nextCheckAt over the clocks. */
  readonly nextCheckAt: number | null;
}
