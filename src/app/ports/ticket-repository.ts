/**
 * Storage ports of tickets, their append-only events, and the clock projection. Events are never updated or deleted;
 * the projection can always be rebuilt from them.
 */
import type { CycleResult, TicketEvent, TicketMetric, UnmeasuredReason } from '../../core/clocks/index.ts';
import type { DataScope } from '../access/principal.ts';
import type { Page, PageRequest } from './pagination.ts';

export type TicketLifecycle = 'open' | 'resolved' | 'closed' | 'cancelled' | 'not_opened';

export interface TicketRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly customerId: string;
  readonly agreementId: string | null;
  readonly agreementVersionId: string | null;
  readonly externalRef: string | null;
  /** The ticket's key is T-<number> (one sequence numbers every ticket). */
  readonly number: number;
  /** Who asked (the e-mail's sender, the caller, the portal user): where replies go. */
  readonly requesterEmail: string | null;
  readonly requesterName: string | null;
  readonly title: string;
  readonly description: string | null;
  readonly service: string | null;
  readonly category: string | null;
  readonly channel: string | null;
  readonly priority: string | null;
  readonly status: string | null;
  readonly lifecycle: TicketLifecycle;
  readonly assignee: string | null;
  readonly openedAt: number;
  readonly resolvedAt: number | null;
  readonly reopenCount: number;
  readonly eventCount: number;
  /** Why the ticket is not measured; null when it is (decision 0025). */
  readonly unmeasuredReason: UnmeasuredReason | null;
  /** When it was closed or cancelled; null while it is not. */
  readonly closedAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface NewTicket {
  readonly workspaceId: string;
  readonly customerId: string;
  readonly agreementId: string | null;
  readonly agreementVersionId: string | null;
  readonly externalRef: string | null;
  readonly idempotencyKey: string | null;
  readonly requesterEmail: string | null;
  readonly requesterName: string | null;
  readonly title: string;
  readonly description: string | null;
  readonly service: string | null;
  readonly category: string | null;
  readonly channel: string | null;
  readonly openedAt: number;
  readonly createdBy: string | null;
  /** When Covenant recorded it (the application clock): thresholds reached before it are history, not news. */
  readonly recordedAt: number;
}

/** A recorded event: the core event plus who recorded it and when. */
export interface StoredTicketEvent extends TicketEvent {
  readonly ticketId: string;
  readonly sequence: number;
  readonly recordedAt: number;
  readonly actorUserId: string | null;
  readonly actorTokenId: string | null;
}

export interface EventToRecord {
  readonly ticketId: string;
  readonly customerId: string;
  readonly event: TicketEvent;
  readonly actorUserId: string | null;
  readonly actorTokenId: string | null;
}

/**
 * What the store read of the tickets' stored projection, handed back with the write so that it writes only what
 * changed, and checks (optimistic writes) that nothing else wrote to the tickets meanwhile. Opaque to the application.
 */
export interface ProjectionBase {
  /** Per ticket id: the version of the ticket row as read. */
  readonly rowVersions: ReadonlyMap<string, string>;
  /** Per ticket id: the store's per-cycle rows as read. */
  readonly storedCycles: ReadonlyMap<string, readonly unknown[]>;
}

/** Tickets with their events, the workspace's configuration revision and the projection base, read together. */
export interface TicketsForProjection {
  readonly tickets: TicketRecord[];
  readonly events: Map<string, StoredTicketEvent[]>;
  readonly configurationRevision: number;
  readonly base: ProjectionBase;
  /**
   * True when the store answered from its memory of what it last read or wrote (decision 0021): possibly stale. A
   * guarded write detects that; a refusal based on it (ticket not found, event before the opening) must be confirmed
   * by a fresh read.
   */
  readonly remembered?: boolean;
}

export interface ProjectionWrite {
  /** The tickets written (their clocks are replaced; their attributes go into the per-cycle rows). */
  readonly tickets: readonly TicketRecord[];
  /** What the tickets' projection was read as (lockForProjection / readForProjection). */
  readonly base: ProjectionBase;
  readonly events: readonly EventToRecord[];
  readonly clocks: readonly StoredClock[];
  readonly summaries: ReadonlyMap<string, TicketSummary>;
}

export interface TicketSummary {
  readonly priority: string | null;
  readonly status: string | null;
  readonly lifecycle: TicketLifecycle;
  readonly assignee: string | null;
  readonly resolvedAt: number | null;
  readonly reopenCount: number;
  readonly eventCount: number;
  readonly agreementVersionId: string | null;
  readonly unmeasuredReason: UnmeasuredReason | null;
  readonly closedAt: number | null;
}

export interface TicketListFilter {
  readonly customerId?: string | undefined;
  readonly agreementId?: string | undefined;
  readonly lifecycle?: TicketLifecycle | undefined;
  readonly measurement?: 'measured' | 'none' | undefined;
  readonly unmeasuredReason?: UnmeasuredReason | undefined;
  readonly priority?: string | undefined;
  readonly service?: string | undefined;
  readonly openedFrom?: number | undefined;
  readonly openedTo?: number | undefined;
  readonly search?: string | undefined;
  readonly sort?: 'opened' | '-opened' | 'updated' | '-updated' | undefined;
}

export interface StoredClock {
  readonly ticketId: string;
  readonly customerId: string;
  readonly targetId: string;
  readonly metric: TicketMetric;
  readonly state: CycleResult['state'];
  readonly dueAt: number | null;
  readonly breachAt: number | null;
  readonly usedMs: number;
  readonly durationMs: number;
  readonly percentUsed: number;
  readonly cycles: readonly CycleResult[];
  readonly nextCheckAt: number | null;
  readonly evaluatedAt: number;
  /** Thresholds and breaches its cycles reached: more than the sweep acknowledged means something to act on. */
  readonly crossingCount: number;
}

/** The agreements a customer's new ticket could fall under: those with a version that has been active. */
export interface AgreementCandidate {
  readonly agreementId: string;
  readonly slug: string;
}

/** A ticket just inserted, with what projecting its first events needs (no second read of what was just written). */
export interface CreatedTicket {
  readonly ticket: TicketRecord;
  /**
   * The new ticket as `lockForProjection` would answer it: no events yet, the workspace's configuration revision at
   * the insert. Its row is held by the caller's uncommitted insert, which no one else sees: as good as locked.
   */
  readonly forProjection: TicketsForProjection;
}

export interface TicketRepository {
  /** Null when the idempotency key or external reference is already taken (a concurrent twin won). */
  create(ticket: NewTicket): Promise<CreatedTicket | null>;
  get(scope: DataScope, id: string): Promise<TicketRecord | null>;
  /**
   * The ticket created with the idempotency key (unique in the workspace): null when none was, `outside-scope` when
   * one the scope may not see was (nothing of it is returned).
   */
  findByIdempotencyKey(scope: DataScope, key: string): Promise<TicketRecord | 'outside-scope' | null>;
  findByExternalRef(scope: DataScope, externalRef: string): Promise<TicketRecord | null>;
  /**
   * Locks the tickets (in id order), then reads their events (in recorded order, after the lock is held, so none
   * committed meanwhile is missed) and the workspace's configuration revision (what cached agreement versions,
   * calendars and exclusion windows are checked against).
   */
  lockForProjection(workspaceId: string, ids: readonly string[]): Promise<TicketsForProjection>;
  /**
   * Tickets, events, revision and projection base from one snapshot, without locking: for optimistic writes. With
   * `fromMemory`, outside a transaction, the store may answer from its memory instead (`remembered`: possibly stale,
   * for guarded writes only).
   */
  readForProjection(
    workspaceId: string,
    ids: readonly string[],
    options?: { fromMemory?: boolean },
  ): Promise<TicketsForProjection>;
  /**
   * Writes a projection in one statement only if nothing changed since it was read: every ticket row is still the
   * version it was read as (any event, projection or edit makes a new one), and the workspace has the configuration
   * revision it was read with. False when it wrote nothing.
   */
  writeProjectionIfUnchanged(
    workspaceId: string,
    write: ProjectionWrite,
    expected: { configurationRevision: number },
  ): Promise<boolean>;
  /**
   * Writes a projection in one statement: the new events (keys already checked under the ticket lock; a key that
   * exists anyway is skipped), the tickets' clock rows (replacing their previous ones) and their summaries. With
   * `returnTickets`, answers the ticket rows as written (a caller that shows them saves a read); else none.
   */
  writeProjection(
    workspaceId: string,
    write: ProjectionWrite,
    options?: { readonly returnTickets?: boolean },
  ): Promise<TicketRecord[]>;
  list(scope: DataScope, page: PageRequest, filter: TicketListFilter): Promise<Page<TicketRecord>>;
  /** How many tickets of the scope (of one customer, when named) are not measured, by reason. */
  unmeasuredCounts(
    scope: DataScope,
    filter: { customerId?: string | undefined },
  ): Promise<Map<UnmeasuredReason, number>>;
  /**
   * Inserts events without touching the projection (bulk loads followed by a rebuild); returns the
   * `${ticketId}\0${key}` of those that were new.
   */
  appendEvents(workspaceId: string, events: readonly EventToRecord[]): Promise<ReadonlySet<string>>;
  /** Every event of a ticket in recorded order (evaluation sorts by occurredAt, ties kept in this order). */
  eventsOf(scope: DataScope, ticketId: string): Promise<StoredTicketEvent[]>;
  eventsOfMany(workspaceId: string, ticketIds: readonly string[]): Promise<Map<string, StoredTicketEvent[]>>;
  clocksOf(workspaceId: string, ticketId: string): Promise<StoredClock[]>;
  /** Every agreement of the customer, by slug. */
  agreementCandidates(workspaceId: string, customerId: string): Promise<AgreementCandidate[]>;
  /** Gives the customer's tickets without agreement, opened since the instant, to the agreement; how many. */
  attachToAgreement(
    workspaceId: string,
    input: { customerId: string; agreementId: string; openedSince: number },
  ): Promise<number>;
  /** Ticket ids to rebuild: of an agreement, or all, optionally only open ones. */
  idsForRebuild(
    workspaceId: string,
    filter: { agreementIds?: readonly string[]; tickets: 'all' | 'open' | { readonly openSince: number } },
  ): Promise<string[]>;
}

/** Exclusion windows (agreed maintenance, force majeure) that pause ticket clocks. */
export interface ExclusionWindowRecord {
  readonly from: number;
  readonly to: number;
  /** Services covered; null means all. */
  readonly services: readonly string[] | null;
  readonly customerId: string | null;
}

export interface ExclusionWindowSource {
  /** Windows that pause clocks for a customer's tickets (its own and workspace-wide ones). */
  forCustomer(workspaceId: string, customerId: string): Promise<ExclusionWindowRecord[]>;
}
