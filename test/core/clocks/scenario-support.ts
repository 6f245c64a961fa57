/** Turns a scenario of the SLA-clock conformance file into engine inputs, and results back into its format. */
import type {
  ClockPolicy,
  ClockTarget,
  CycleResult,
  ResponseEntry,
  TicketEvaluation,
  TicketEvent,
} from '../../../src/core/clocks/index.ts';
import { compileCalendar, formatInstantUtc, parseInstant } from '../../../src/core/time/index.ts';

export interface Scenario {
  id: string;
  description: string;
  tags: string[];
  calendars: Record<string, unknown>;
  targets: {
    id: string;
    metric: ClockTarget['metric'];
    priorities: string[];
    within?: number;
    every?: number;
    calendar: string;
    pauseOn: string[];
    reopen: 'resume' | 'restart';
    /** Only in test/fixtures/response-scenarios.json: what counts as a response (default: public replies). */
    respondedBy?: ResponseEntry[];
  }[];
  exclusions: { from: string; to: string }[];
  events: { id: string; at: string; type: TicketEvent['type']; status?: string; priority?: string }[];
  now: string;
  expected: Record<string, ExpectedCycle[]>;
  twinOf?: string;
}

export interface ExpectedCycle {
  state: string;
  start: string;
  stop: string | null;
  dueAt: string | null;
  breachAt: string | null;
  usedMinutes: number;
}

export function policyOf(scenario: Scenario, thresholds: number[] = []): ClockPolicy {
  return {
    targets: scenario.targets.map((target) => ({
      id: target.id,
      metric: target.metric,
      priorities: target.priorities,
      durationMs: (target.within ?? target.every ?? 0) * 60_000,
      calendarName: target.calendar,
      calendar: compileCalendar(scenario.calendars[target.calendar]),
      pauseOn: target.pauseOn,
      reopen: target.reopen,
      respondedBy: target.respondedBy,
      thresholds,
    })),
  };
}

export function eventsOf(scenario: Scenario): TicketEvent[] {
  return scenario.events.map((event) => ({
    id: event.id,
    type: event.type,
    occurredAt: parseInstant(event.at),
    status: event.status,
    priority: event.priority,
  }));
}

export function exclusionsOf(scenario: Scenario) {
  return scenario.exclusions.map((window) => ({ from: parseInstant(window.from), to: parseInstant(window.to) }));
}

const utc = (instant: number | null) => (instant === null ? null : formatInstantUtc(instant));

export function asScenarioCycles(evaluation: TicketEvaluation, targetIds: string[]): Record<string, ExpectedCycle[]> {
  const result: Record<string, ExpectedCycle[]> = {};
  for (const id of targetIds) {
    const clock = evaluation.clocks.find((candidate) => candidate.targetId === id);
    result[id] = (clock?.cycles ?? []).map((cycle: CycleResult) => ({
      state: cycle.state,
      start: utc(cycle.start)!,
      stop: utc(cycle.stop),
      dueAt: utc(cycle.dueAt),
      breachAt: utc(cycle.breachAt),
      usedMinutes: cycle.usedMs / 60_000,
    }));
  }
  return result;
}

/** The expected cycles with every instant normalised to the same UTC rendering as the engine's. */
export function normaliseExpected(expected: Record<string, ExpectedCycle[]>): Record<string, ExpectedCycle[]> {
  const norm = (text: string | null) => (text === null ? null : formatInstantUtc(parseInstant(text)));
  return Object.fromEntries(
    Object.entries(expected).map(([id, cycles]) => [
      id,
      cycles.map((cycle) => ({
        state: cycle.state,
        start: norm(cycle.start)!,
        stop: norm(cycle.stop),
        dueAt: norm(cycle.dueAt),
        breachAt: norm(cycle.breachAt),
        usedMinutes: cycle.usedMinutes,
      })),
    ]),
  );
}
