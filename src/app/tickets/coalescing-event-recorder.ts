/**
 * Records ticket events from concurrent requests together when they queue up (decision 0020). A request starts its
 * own round at once while fewer than `maxRounds` are in flight, so a quiet server answers each request as before;
 * when requests arrive faster than rounds finish, the ones waiting are recorded in the next round together: one read,
 * one guarded write and one commit for all of them. A queue that forms behind a slow disk flush or a busy CPU then
 * drains in a few rounds instead of growing, because the cost of a round hardly grows with the requests in it.
 *
 * Each request keeps its own outcome: refusals that need the tickets (not found, out of scope, before the opening)
 * fail only their request, and a round that fails as a whole is retried request by request, so one request can never
 * make another fail.
 */
import type { Principal } from '../access/principal.ts';
import type { Clock, Store } from '../ports/store.ts';
import {
  checkEventRequest,
  type EventRequest,
  type RecordEventsResult,
  recordRequest,
  recordTogether,
  recordUnderLocks,
  type TicketEventInput,
} from './record-ticket-events.ts';

export interface EventRecorder {
  record(
    principal: Principal,
    items: readonly { ticketId: string; event: TicketEventInput }[],
  ): Promise<RecordEventsResult>;
}

export interface CoalescingOptions {
  /** Rounds in flight at once; a request arriving when all are busy waits for the next round. */
  readonly maxRounds?: number;
  /** Events per round; a request with more is recorded on its own. */
  readonly maxEventsPerRound?: number;
  /** Told the number of requests of each round as it starts (metrics). */
  readonly onRound?: (requests: number) => void;
}

interface Waiting extends EventRequest {
  resolve(result: RecordEventsResult): void;
  reject(error: unknown): void;
}

export function coalescingEventRecorder(
  dependencies: { store: Store; clock: Clock },
  { maxRounds = 4, maxEventsPerRound = 500, onRound }: CoalescingOptions = {},
): EventRecorder {
  const queue: Waiting[] = [];
  /** Tickets that rounds in flight are writing (a ticket may be in two: a request larger than a round runs alone). */
  const busy = new Map<string, number>();
  let inFlight = 0;

  /**
   * The oldest waiting request that can go and those after it of the same workspace, up to the round's size. A
   * request whose tickets a round in flight is writing waits for that round, so that rounds of this process never
   * refuse each other's optimistic writes; requests after it that name those tickets wait too, keeping their order.
   */
  function nextRound(): Waiting[] {
    const round: Waiting[] = [];
    const held = new Set<string>();
    let workspaceId: string | null = null;
    let events = 0;
    for (let index = 0; index < queue.length && events < maxEventsPerRound; ) {
      const waiting = queue[index]!;
      const free = waiting.ticketIds.every((id) => !busy.has(id) && !held.has(id));
      const sameWorkspace = workspaceId === null || waiting.principal.workspaceId === workspaceId;
      const fits = round.length === 0 || events + waiting.items.length <= maxEventsPerRound;
      if (free && sameWorkspace && fits) {
        workspaceId = waiting.principal.workspaceId;
        round.push(waiting);
        events += waiting.items.length;
        queue.splice(index, 1);
      } else {
        for (const id of waiting.ticketIds) held.add(id);
        index++;
      }
    }
    return round;
  }

  function startRounds(): void {
    while (inFlight < maxRounds && queue.length > 0) {
      const round = nextRound();
      if (round.length === 0) return;
      onRound?.(round.length);
      inFlight++;
      const tickets = round.flatMap((waiting) => waiting.ticketIds);
      for (const id of tickets) busy.set(id, (busy.get(id) ?? 0) + 1);
      void run(round).finally(() => {
        for (const id of tickets) {
          const count = busy.get(id)! - 1;
          if (count === 0) busy.delete(id);
          else busy.set(id, count);
        }
        inFlight--;
        startRounds();
      });
    }
  }

  async function run(round: readonly Waiting[]): Promise<void> {
    const now = dependencies.clock.now();
    let outcomes: Awaited<ReturnType<typeof recordTogether>>;
    try {
      outcomes = await recordTogether(dependencies, round[0]!.principal.workspaceId, round, now);
    } catch (error) {
      if (round.length === 1) {
        round[0]!.reject(error);
        return;
      }
      // Whatever failed the round fails only its own request when each is recorded alone.
      await Promise.all(round.map((waiting) => settle(waiting, recordRequest(dependencies, waiting))));
      return;
    }
    if (outcomes === null) {
      // The tickets kept changing under the optimistic writes: each request takes its tickets' locks.
      await Promise.all(round.map((waiting) => settle(waiting, recordUnderLocks(dependencies, waiting, now))));
      return;
    }
    outcomes.forEach((outcome, index) => {
      if (outcome.ok) round[index]!.resolve(outcome.result);
      else round[index]!.reject(outcome.error);
    });
  }

  function settle(waiting: Waiting, recording: Promise<RecordEventsResult>): Promise<void> {
    return recording.then(waiting.resolve, waiting.reject);
  }

  return {
    async record(principal, items) {
      const request = checkEventRequest(principal, items);
      if (items.length > maxEventsPerRound) return recordRequest(dependencies, request);
      return new Promise<RecordEventsResult>((resolve, reject) => {
        queue.push({ ...request, resolve, reject });
        startRounds();
      });
    },
  };
}
