/**
 * The per-cycle rows reports read (migration 0003, decision 0014), kept with the clock projection. The rows the new
 * clocks give are compared here with the rows read with the tickets (the projection base), so the projection's
 * statement writes only the rows that differ and deletes the ones that are gone, instead of comparing every cycle of
 * the tickets in SQL: that comparison made the statement three times dearer to plan and run than everything else it
 * does. A change to a cycle that counted (or stopped) more than 48 hours ago is a correction of the past: the days of
 * its old and new instants are candidates for a marker in clock_cycle_changes, and the statement keeps those older
 * than 48 hours by the database's clock, the clock the report cache judges by (results-history.store.ts).
 */
import type { ProjectionWrite, TicketRecord } from '../../app/ports/ticket-repository.ts';
import type { CycleResult } from '../../core/clocks/index.ts';
import { jsonOf } from './row-mapping.ts';

/** A row of clock_cycles, named as its columns (the statement reads these objects with jsonb_to_recordset). */
export interface CycleRow {
  readonly ticket_id: string;
  readonly target_id: string;
  readonly ordinal: number;
  readonly customer_id: string;
  readonly agreement_id: string | null;
  readonly version_id: string | null;
  readonly metric: string;
  readonly state: string;
  readonly priority: string | null;
  readonly service: string | null;
  readonly external_ref: string | null;
  readonly stop_ms: number | null;
  readonly due_ms: number | null;
  readonly breach_ms: number | null;
  readonly used_ms: number;
  readonly counted_ms: number | null;
}

/** The columns compared (every column but the key and the workspace). */
const COMPARED = [
  'customer_id',
  'agreement_id',
  'version_id',
  'metric',
  'state',
  'priority',
  'service',
  'external_ref',
  'stop_ms',
  'due_ms',
  'breach_ms',
  'used_ms',
  'counted_ms',
] as const satisfies readonly (keyof CycleRow)[];

/**
 * The stored rows of a ticket as SQL: a JSON array of tuples `[target_id, ordinal, ...COMPARED]`, by the primary key's
 * leading column. `ticket` is the SQL expression of the ticket id.
 */
export function storedCycleTuplesSql(ticket: string): string {
  return `(SELECT coalesce(json_agg(json_build_array(cc.target_id, cc.ordinal, ${COMPARED.map((column) => `cc.${column}`).join(', ')})), '[]'::json)
           FROM clock_cycles cc WHERE cc.ticket_id = ${ticket})`;
}

/** The rows of one ticket from `storedCycleTuplesSql`. */
export function storedCycleRows(ticketId: string, raw: unknown): CycleRow[] {
  const tuples = jsonOf<unknown[][] | null>(raw) ?? [];
  return tuples.map((tuple) => {
    const row: Record<string, unknown> = { ticket_id: ticketId, target_id: tuple[0], ordinal: Number(tuple[1]) };
    COMPARED.forEach((column, index) => {
      row[column] = tuple[index + 2] ?? null;
    });
    return row as unknown as CycleRow;
  });
}

export interface CycleChanges {
  readonly upserts: readonly CycleRow[];
  readonly deletes: readonly { ticket_id: string; target_id: string; ordinal: number }[];
  /** Days (start instants) whose cached monthly counts a change may void, with the earliest instant in each. */
  readonly markers: readonly { customer_id: string; agreement_id: string; day_ms: number; instant: number }[];
  /** Every row of each ticket written, once the changes are applied (the base of its next projection). */
  readonly current: ReadonlyMap<string, readonly CycleRow[]>;
}

const DAY_MS = 86_400_000;

/** What the projection `write` changes in the per-cycle rows of its tickets, against the rows of its base. */
export function cycleChanges(write: ProjectionWrite): CycleChanges {
  const tickets = new Map(write.tickets.map((ticket) => [ticket.id, ticket]));
  const stored = new Map<string, CycleRow>();
  for (const ticket of write.tickets) {
    for (const row of (write.base.storedCycles.get(ticket.id) ?? []) as CycleRow[]) stored.set(keyOf(row), row);
  }
  const upserts: CycleRow[] = [];
  const current = new Map<string, CycleRow[]>(write.tickets.map((ticket) => [ticket.id, []]));
  const markers = new Map<string, { customer_id: string; agreement_id: string; day_ms: number; instant: number }>();
  const mark = (row: CycleRow | undefined) => {
    if (row === undefined || row.agreement_id === null) return;
    for (const instant of [row.counted_ms, row.stop_ms]) {
      if (instant === null) continue;
      const day = Math.floor(instant / DAY_MS) * DAY_MS;
      const key = `${row.customer_id}\u0000${row.agreement_id}\u0000${day}`;
      const known = markers.get(key);
      if (known === undefined || instant < known.instant) {
        markers.set(key, { customer_id: row.customer_id, agreement_id: row.agreement_id, day_ms: day, instant });
      }
    }
  };
  for (const clock of write.clocks) {
    const ticket = tickets.get(clock.ticketId);
    if (ticket === undefined)
      throw new Error(`the projection write has clocks of ticket ${clock.ticketId} but not the ticket`);
    const summary = write.summaries.get(clock.ticketId);
    clock.cycles.forEach((cycle, index) => {
      const row = cycleRow(ticket, clock, cycle, index + 1, summary);
      current.get(ticket.id)!.push(row);
      const key = keyOf(row);
      const before = stored.get(key);
      stored.delete(key);
      if (before !== undefined && COMPARED.every((column) => before[column] === row[column])) return;
      upserts.push(row);
      mark(before);
      mark(row);
    });
  }
  // What is left of the stored rows is no longer computed: a cycle or a whole clock that is gone.
  const deletes = [...stored.values()].map((row) => {
    mark(row);
    return { ticket_id: row.ticket_id, target_id: row.target_id, ordinal: row.ordinal };
  });
  return { upserts, deletes, markers: [...markers.values()], current };
}

function cycleRow(
  ticket: TicketRecord,
  clock: ProjectionWrite['clocks'][number],
  cycle: CycleResult,
  ordinal: number,
  summary: { readonly priority: string | null; readonly agreementVersionId: string | null } | undefined,
): CycleRow {
  const stop = instantOrNull(cycle.stop);
  const due = instantOrNull(cycle.dueAt);
  const breach = instantOrNull(cycle.breachAt);
  return {
    ticket_id: ticket.id,
    target_id: clock.targetId,
    ordinal,
    customer_id: clock.customerId,
    agreement_id: ticket.agreementId,
    // the ticket's summary as the same statement writes it
    version_id: summary === undefined ? ticket.agreementVersionId : summary.agreementVersionId,
    metric: clock.metric,
    state: cycle.state,
    priority: summary === undefined ? ticket.priority : summary.priority,
    service: ticket.service,
    external_ref: ticket.externalRef,
    stop_ms: stop,
    due_ms: due,
    breach_ms: breach,
    used_ms: instantOrNull(cycle.usedMs) ?? 0,
    // the instant the cycle counts at (docs/semantics.md#ticket-targets-in-a-period): met at its stop, breached at its
    // breach instant, running at its due instant (judged against now by the queries)
    counted_ms:
      cycle.state === 'met' ? stop : cycle.state === 'breached' ? breach : cycle.state === 'running' ? due : null,
  };
}

/** As the JSON of the clock's cycles would give it: what is not a finite number is null. */
function instantOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function keyOf(row: Pick<CycleRow, 'ticket_id' | 'target_id' | 'ordinal'>): string {
  return `${row.ticket_id}\u0000${row.target_id}\u0000${row.ordinal}`;
}
