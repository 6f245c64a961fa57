/**
 * What this process last read or wrote of tickets' projection state (the ticket row and its version, its events, its
 * per-cycle rows), so that recording the next event on a ticket skips the read: one round trip instead of two
 * (decision 0021). A remembered state may be stale — another server, a CLI, a rebuild or a configuration change wrote
 * since — and that is safe only because it is used for guarded writes alone: the write checks the ticket row's version
 * (every change to a ticket's events or projection makes a new one) and the workspace's configuration revision, and
 * writes nothing if either moved. A refused guard forgets the tickets, so the retry reads them from the database.
 *
 * Bounded: least recently used tickets go first, and a ticket with a very long history is not remembered at all.
 */
import type { StoredTicketEvent, TicketRecord } from '../../app/ports/ticket-repository.ts';
import type { CycleRow } from './clock-cycle-rows.ts';

export interface RememberedTicket {
  readonly ticket: TicketRecord;
  /** The version (xmin) of the ticket row this state belongs to. */
  readonly rowVersion: string;
  readonly events: readonly StoredTicketEvent[];
  readonly cycles: readonly CycleRow[];
}

export interface ProjectionMemoryLimits {
  readonly maxTickets: number;
  /** Events held over all tickets (a few hundred bytes each). */
  readonly maxEvents: number;
  /** A ticket with more events than this is always read from the database. */
  readonly maxEventsPerTicket: number;
}

const DEFAULT_LIMITS: ProjectionMemoryLimits = { maxTickets: 20_000, maxEvents: 100_000, maxEventsPerTicket: 2_000 };

interface Entry {
  readonly workspaceId: string;
  readonly revision: number;
  readonly state: RememberedTicket;
}

export class ProjectionMemory {
  /** By `${workspaceId}:${ticketId}`, least recently used first (a Map keeps insertion order). */
  private readonly entries = new Map<string, Entry>();
  /** The newest configuration revision seen per workspace: a state read under an older one is of no use. */
  private readonly revisions = new Map<string, number>();
  private events = 0;
  private hits = 0;
  private misses = 0;
  private refusals = 0;

  constructor(private readonly limits: ProjectionMemoryLimits = DEFAULT_LIMITS) {}

  /** The remembered states of all `ids`, under one configuration revision, or null if any is missing. */
  recall(workspaceId: string, ids: readonly string[]): { revision: number; tickets: RememberedTicket[] } | null {
    const revision = this.revisions.get(workspaceId);
    const found: Entry[] = [];
    for (const id of ids) {
      const entry = this.entries.get(keyOf(workspaceId, id));
      if (revision === undefined || entry === undefined || entry.revision !== revision) {
        this.misses++;
        return null;
      }
      found.push(entry);
    }
    for (const entry of found) this.touch(entry);
    this.hits++;
    return { revision: revision!, tickets: found.map((entry) => entry.state) };
  }

  /** The remembered state of one ticket, whatever its revision (to extend it after a write). */
  peek(workspaceId: string, id: string): RememberedTicket | undefined {
    return this.entries.get(keyOf(workspaceId, id))?.state;
  }

  /** Remembers states read (or written) together under the workspace's configuration revision `revision`. */
  remember(workspaceId: string, revision: number, states: readonly RememberedTicket[]): void {
    if (revision !== this.revisions.get(workspaceId)) {
      this.revisions.delete(workspaceId);
      this.revisions.set(workspaceId, revision);
      if (this.revisions.size > this.limits.maxTickets) this.revisions.delete(this.revisions.keys().next().value!);
    }
    for (const state of states) {
      if (state.events.length > this.limits.maxEventsPerTicket) this.forget(workspaceId, [state.ticket.id]);
      else this.touch({ workspaceId, revision, state });
    }
    this.trim();
  }

  /** A guarded write over these tickets was refused: whatever is remembered of them is stale. */
  refused(workspaceId: string, ids: readonly string[]): void {
    this.refusals++;
    this.forget(workspaceId, ids);
  }

  forget(workspaceId: string, ids: readonly string[]): void {
    for (const id of ids) this.drop(keyOf(workspaceId, id));
  }

  /**
   * Counts for tests and diagnosis: recalls that found every ticket, those that did not, and guarded writes refused
   * (a remembered state was stale, or another writer came first).
   */
  stats(): { tickets: number; events: number; hits: number; misses: number; refusals: number } {
    return {
      tickets: this.entries.size,
      events: this.events,
      hits: this.hits,
      misses: this.misses,
      refusals: this.refusals,
    };
  }

  /** Stores the entry as the most recently used (replacing what was remembered of its ticket). */
  private touch(entry: Entry): void {
    const key = keyOf(entry.workspaceId, entry.state.ticket.id);
    this.drop(key);
    this.entries.set(key, entry);
    this.events += entry.state.events.length;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.events -= entry.state.events.length;
  }

  private trim(): void {
    while (this.entries.size > this.limits.maxTickets || this.events > this.limits.maxEvents) {
      this.drop(this.entries.keys().next().value!);
    }
  }
}

function keyOf(workspaceId: string, ticketId: string): string {
  return `${workspaceId}:${ticketId}`;
}
