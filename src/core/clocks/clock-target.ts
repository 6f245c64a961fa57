/**
 * What the clock engine needs to know about a ticket target, independent of how an agreement spells it. The
 * agreement module maps its targets onto these; tests and tools can build them directly.
 */
import type { CompiledCalendar } from '../time/index.ts';
import type { TicketMetric } from './clock-result.ts';

/**
 * A move that counts as a response (docs/semantics.md#what-counts-as-a-response): `public_reply` (an agent's public
 * reply), `call` (a logged phone call) or `{status}` (a change to that status).
 */
export type ResponseEntry = 'public_reply' | 'call' | { readonly status: string };

export interface ClockTarget {
  readonly id: string;
  readonly metric: TicketMetric;
  /** Priorities the target applies to; only the ticket's priority in force at evaluation time decides. */
  readonly priorities: readonly string[];
  /** `within` for response and resolution targets, `every` for periodic updates; business milliseconds, > 0. */
  readonly durationMs: number;
  readonly calendarName: string;
  readonly calendar: CompiledCalendar;
  /** Status names during which the target's cycles pause. */
  readonly pauseOn: readonly string[];
  /**
   * Response and update targets: what stops a cycle as a response (and, for next_response, what a customer message
   * must follow to start one). Default: public replies only. A resolution target ignores it.
   */
  readonly respondedBy?: readonly ResponseEntry[] | undefined;
  /** Resolution targets only: a reopen resumes the one cycle, or restarts a new one. */
  readonly reopen: 'resume' | 'restart';
  /** Warning thresholds and escalation levels, in percent of the duration (may exceed 100). */
  readonly thresholds: readonly number[];
  /** When set, the target applies only to tickets of this service. */
  readonly service?: string | undefined;
}

/** A declared exclusion window (force majeure, agreed maintenance): pauses every target of the covered services. */
export interface ExclusionWindow {
  readonly from: number;
  readonly to: number;
  /** Services covered; undefined means all. */
  readonly services?: readonly string[] | undefined;
}

/** The agreement-level rules a ticket's clocks are evaluated with. */
export interface ClockPolicy {
  readonly targets: readonly ClockTarget[];
  /** impact -> urgency -> priority, used when events carry impact and urgency instead of a priority. */
  readonly priorityMatrix?: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined;
}
