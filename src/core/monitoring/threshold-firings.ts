/**
 * What a ticket's clocks call for, as of their evaluation: one firing per warning threshold, escalation level and
 * breach that a cycle has reached (decision 0012). A firing's id is derived from what it is about (ticket, target,
 * cycle start, kind, level), so the scheduler can record it with "insert if absent" and never act twice, whichever
 * instance or restart sees it first; a new cycle (e.g. the next response after a customer reply) starts anew.
 */
import type { Agreement } from '../agreement/index.ts';
import { sha256Hex } from '../canonical-json.ts';
import type { ClockResult, CycleResult } from '../clocks/index.ts';

export type FiringKind = 'warning' | 'escalation' | 'breach';

export interface FiringPlan {
  readonly id: string;
  readonly targetId: string;
  readonly metric: string;
  readonly durationMs: number;
  readonly cycleStart: number;
  readonly kind: FiringKind;
  readonly percent: number;
  readonly reachedAt: number;
  readonly cycle: CycleResult;
  /** Recipients: `assignee`, `owner`, `manager`, `customer_contact` or e-mail addresses. */
  readonly notify: readonly string[];
  readonly reassignTo: string | null;
  readonly raisePriority: boolean;
  readonly openDeviation: boolean;
  /** Why nothing is sent for it (it was reached before Covenant knew the ticket), or null. */
  readonly suppressed: string | null;
}

export interface FiringInput {
  readonly ticketId: string;
  /** When the ticket was recorded in Covenant: thresholds reached before it are history, not news. */
  readonly ticketRecordedAt: number;
  readonly clocks: readonly ClockResult[];
  /** The governing agreement version's content; null when the ticket has none. */
  readonly agreement: Agreement | null;
}

/** Who hears of a warning threshold and of a breach that no escalation level names. */
const warningRecipients = ['assignee'];
const breachRecipients = ['assignee', 'manager'];

export function planFirings(input: FiringInput): FiringPlan[] {
  const plans: FiringPlan[] = [];
  for (const clock of input.clocks) {
    const target = input.agreement?.spec.targets.find((candidate) => candidate.id === clock.targetId);
    const warnAt = new Set<number>(target && 'warnAt' in target ? (target.warnAt as number[]) : []);
    const levels = (input.agreement?.spec.escalation ?? [])
      .map((level, index) => ({ level, index }))
      .filter(({ level }) => level.targets === undefined || level.targets.includes(clock.targetId));
    for (const cycle of clock.cycles) {
      if (cycle.state === 'cancelled') continue;
      const base = { input, clock, cycle };
      for (const crossing of cycle.crossed) {
        if (warnAt.has(crossing.percent)) {
          plans.push(plan(base, 'warning', crossing.percent, crossing.at, 'w', { notify: warningRecipients }));
        }
        for (const { level, index } of levels) {
          if (level.at !== crossing.percent) continue;
          plans.push(
            plan(base, 'escalation', crossing.percent, crossing.at, `e${index}`, {
              notify: level.notify,
              reassignTo: level.reassignTo ?? null,
              raisePriority: level.raisePriority,
              openDeviation: level.openDeviation,
            }),
          );
        }
      }
      if (cycle.breachAt !== null) {
        plans.push(plan(base, 'breach', 100, cycle.breachAt, 'b', { notify: breachRecipients }));
      }
    }
  }
  return plans;
}

/** How many firings a clock's cycles call for: stored with the clock so the sweep can tell when news arrived. */
export function crossingCount(clock: ClockResult): number {
  let count = 0;
  for (const cycle of clock.cycles) {
    if (cycle.state === 'cancelled') continue;
    count += cycle.crossed.length + (cycle.breachAt === null ? 0 : 1);
  }
  return count;
}

/** The priority one level more urgent than `current` in the agreement's levels, or null at the top or unknown. */
export function raisedPriority(agreement: Agreement, current: string | null): string | null {
  if (current === null) return null;
  const levels = agreement.spec.priorities?.levels ?? [];
  const index = levels.indexOf(current);
  return index > 0 ? (levels[index - 1] ?? null) : null;
}

function plan(
  base: { input: FiringInput; clock: ClockResult; cycle: CycleResult },
  kind: FiringKind,
  percent: number,
  reachedAt: number,
  discriminator: string,
  effects: {
    notify: readonly string[];
    reassignTo?: string | null;
    raisePriority?: boolean;
    openDeviation?: boolean;
  },
): FiringPlan {
  const { input, clock, cycle } = base;
  const identity = [input.ticketId, clock.targetId, cycle.start, discriminator, percent].join('|');
  return {
    id: `f_${sha256Hex(identity).slice(0, 40)}`,
    targetId: clock.targetId,
    metric: clock.metric,
    durationMs: clock.durationMs,
    cycleStart: cycle.start,
    kind,
    percent,
    reachedAt,
    cycle,
    notify: effects.notify,
    reassignTo: effects.reassignTo ?? null,
    raisePriority: effects.raisePriority ?? false,
    openDeviation: effects.openDeviation ?? false,
    suppressed: reachedAt < input.ticketRecordedAt ? 'reached before the ticket was recorded in Covenant' : null,
  };
}
