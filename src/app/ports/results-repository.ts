/**
 * Storage port of period results (decisions 0010 and 0014): aggregate queries over the stored clock projection (its
 * cycles, one per row with the instant at which each counts; never the events) and the facts of one agreement, so a
 * report costs a few statements whatever the number of tickets. Instants are epoch milliseconds; every query is bounded by the workspace and the agreement.
 *
 * How a stored cycle counts (the rule of `core/measure` `countCycleInPeriod`, applied in SQL): `met` at its stop,
 * `breached` at its breach instant, and a cycle stored `running` whose due instant lies before `now` counts as
 * breached at its due instant, which is what a fresh evaluation at `now` would say (the scheduler normally stores
 * that). A `running` cycle due at or after `now` is open and due at `dueAt`.
 */
import type { TicketMetric, UnmeasuredReason } from '../../core/clocks/index.ts';
import type { DeliveryRecord } from './delivery-repository.ts';
import type { MaintenanceWindowRecord } from './maintenance-window-repository.ts';
import type { OutageRecord } from './outage-repository.ts';

/** A half-open period `[from, to)`; periods of one query are given in order and do not overlap. */
export interface ResultsBucket {
  readonly from: number;
  readonly to: number;
}

/** The cycles of one agreement's tickets, judged at `now`. */
export interface CycleScope {
  readonly workspaceId: string;
  readonly agreementId: string;
  readonly now: number;
}

/** Counts of cycles that count in a bucket, by target, ticket priority and the version the ticket is pinned to. */
export interface CycleCountRow {
  /** Index of the bucket in the query's list. */
  readonly bucket: number;
  readonly targetId: string;
  readonly metric: TicketMetric;
  readonly priority: string | null;
  readonly versionId: string | null;
  readonly met: number;
  readonly breached: number;
  /** Open (running, not yet due) cycles whose due instant lies in the bucket. */
  readonly openDue: number;
}

/**
 * A cycle that has not stopped (breached in the period, or open and due in it): its stored used time is as of
 * `evaluatedAt`.
 */
export interface OpenBreachedCycle {
  readonly ticketId: string;
  readonly customerId: string;
  readonly targetId: string;
  /** 1-based position of the cycle in the clock's cycles. */
  readonly ordinal: number;
  readonly versionId: string | null;
  readonly service: string | null;
  /** The ticket's current status name (a target pauses on some). */
  readonly status: string | null;
  readonly usedMs: number;
  readonly evaluatedAt: number;
}

/** The used time of a cycle as of `now`, replacing the stored one. */
export interface UsedTimeOverride {
  readonly ticketId: string;
  readonly targetId: string;
  readonly ordinal: number;
  readonly usedMs: number;
}

/** Used time of the cycles counted in a period, per target; the percentiles are nearest-rank (decision 0003). */
export interface UsedTimeRow {
  readonly targetId: string;
  readonly count: number;
  readonly sumMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly medianMs: number;
  readonly p90Ms: number;
}

export interface BreachRow {
  readonly targetId: string;
  readonly ticketId: string;
  readonly externalRef: string | null;
  readonly priority: string | null;
  readonly breachAt: number;
  readonly stop: number | null;
  readonly usedMs: number;
}

/** Stopped resolution cycles (met or breached) whose stop lies in a bucket, by ticket priority and service. */
export interface ResolutionTimeRow {
  readonly bucket: number;
  readonly priority: string | null;
  readonly service: string | null;
  readonly count: number;
  readonly sumMs: number;
}

export interface KpiValueOfPeriod {
  readonly targetId: string;
  readonly period: string;
  readonly value: number;
  readonly note: string | null;
}

/** What the reported period needs of its cycles, read in one pass (bucket 0 is the period). */
export interface PeriodCycles {
  readonly counts: readonly CycleCountRow[];
  readonly usedTime: readonly UsedTimeRow[];
  /** At most `breachLimit` per target, by breach instant. */
  readonly breaches: readonly BreachRow[];
  readonly resolutionTimes: readonly ResolutionTimeRow[];
}

/**
 * What earlier periods need of their cycles (bucket i is the i-th period given). Counts are per target only: their
 * `priority` and `versionId` are null.
 */
export interface HistoryCycles {
  readonly counts: readonly CycleCountRow[];
  readonly resolutionTimes: readonly ResolutionTimeRow[];
}

/** The cycles of one agreement's tickets in earlier periods, for the named targets (and all from an instant on). */
export interface HistoryScope extends CycleScope {
  /** The targets whose counts the history needs (credit rules, termination triggers). */
  readonly targetIds: readonly string[];
  /** From this instant on, every target is counted (a trend of all targets); null: only `targetIds`. */
  readonly allTargetsFrom: number | null;
  /** Whether resolution times are needed too (a mean-resolution-time target named by a credit or a trigger). */
  readonly resolutionTimes: boolean;
}

/**
 * Tickets of an agreement in a period, for the backlog and the reopen rate
 * (docs/semantics.md#ticket-targets-in-a-period), as `core/measure` measureTicketFlow counts them.
 */
export interface TicketFlowRow {
  /** Opened in the period. */
  readonly opened: number;
  /** Whose latest resolution lies in the period. */
  readonly resolved: number;
  /** Of those resolved in the period, reopened at least once. */
  readonly reopened: number;
  /** Open at the start: opened before it and not resolved before it. */
  readonly backlogAtStart: number;
  /** Open at the end. */
  readonly backlogAtEnd: number;
  /**
   * Of those opened in the period, how many are not measured, by reason (decision 0025); reasons with none are left
   * out. Absent from reports published before it was counted.
   */
  readonly unmeasured?: Readonly<Partial<Record<UnmeasuredReason, number>>>;
}

export interface ResultsRepository {
  /**
   * Call first in the report's transaction. Expanding the cycles of every clock makes the planner expect a hundred
   * cycles per clock (the default estimate of a set-returning function), and the inflated cost makes PostgreSQL
   * JIT-compile the queries, which alone costs seconds: the report turns JIT compilation off for its transaction
   * (and gives its sorts enough memory to stay off disk).
   */
  prepareReport(): Promise<void>;
  /**
   * The cycles that count as breached in the period and have not stopped (only unresolved tickets have them): their
   * stored used time is as of `evaluatedAt`.
   */
  openBreachedCycles(scope: CycleScope, period: ResultsBucket): Promise<OpenBreachedCycle[]>;
  /**
   * The open cycles (running, due at or after now) whose due instant lies in the period, with the same fields: what a
   * projection of the running period weighs (decision 0029).
   */
  openCyclesDue(scope: CycleScope, period: ResultsBucket): Promise<OpenBreachedCycle[]>;
  /** Counts, used time (with the overrides), the first `breachLimit` breaches per target and resolution times. */
  periodCycles(
    scope: CycleScope,
    period: ResultsBucket,
    overrides: readonly UsedTimeOverride[],
    breachLimit: number,
  ): Promise<PeriodCycles>;
  /** Counts (of the named targets) and resolution times (when asked) of consecutive earlier periods, oldest first. */
  historyCycles(scope: HistoryScope, buckets: readonly ResultsBucket[]): Promise<HistoryCycles>;
  /** Opened, resolved, reopened and backlog of the agreement's tickets in the period. */
  ticketFlow(scope: Pick<CycleScope, 'workspaceId' | 'agreementId'>, period: ResultsBucket): Promise<TicketFlowRow>;
  /** Outages of the services affecting the customer (its own and workspace-wide ones) overlapping `[from, to)`. */
  outages(
    workspaceId: string,
    customerId: string,
    services: readonly string[],
    range: ResultsBucket,
  ): Promise<OutageRecord[]>;
  /** Maintenance and force-majeure windows affecting the customer overlapping `[from, to)`. */
  maintenanceWindows(workspaceId: string, customerId: string, range: ResultsBucket): Promise<MaintenanceWindowRecord[]>;
  /**
   * Delivery lines promised in `[from, to)` of the agreement, and of its customer without an agreement (they count
   * for every OTIF agreement of the customer).
   */
  deliveries(
    workspaceId: string,
    customerId: string,
    agreementId: string,
    range: ResultsBucket,
  ): Promise<DeliveryRecord[]>;
  kpiValues(workspaceId: string, agreementId: string, periods: readonly string[]): Promise<KpiValueOfPeriod[]>;
}
