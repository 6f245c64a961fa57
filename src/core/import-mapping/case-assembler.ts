/**
 * Groups mapped rows into cases and decides which candidate events are real changes, in file order per case:
 *
 * - the first `opened` of a case opens it, carrying the first row's priority (or impact and urgency) and service;
 *   without an `openedAt` column and without a value mapped to `opened`, the case's first row opens it at its instant;
 * - a `status` (or a later `opened`) equal to the current status is no change; after a resolution or closure it is a
 *   `reopened` with that status; `resolved`, `closed` and `cancelled` repeated in the same state are no change;
 * - a row whose priority (or impact/urgency) differs from the case's current one adds a `priority` event at its instant;
 * - a candidate stated by every row (`once`) is recorded once; repeats of other keys are numbered in file order.
 *
 * Rows need not be grouped by case in the file; the state kept per case is small (its state, status, priority and the
 * keys it used), so memory grows with the number of cases and events, not with the text of the rows.
 */
import type { TicketEvent } from '../clocks/ticket-event.ts';
import type { CompiledImportMapping } from './compile-mapping.ts';
import { eventKeySource, importEventKey } from './event-key.ts';
import type { CandidateEvent, CaseFacts, MappedRow } from './map-row.ts';

type LifeState = 'unopened' | 'open' | 'resolved' | 'closed' | 'cancelled';

interface CaseState {
  state: LifeState;
  status: string | undefined;
  priority: string;
  /** Identities of the case's events (event-key.ts) and how often each occurred. */
  readonly keys: Map<string, number>;
}

/** What a row added to its case: the new events, in order (none when the row changed nothing). */
export interface AssembledRow {
  readonly caseId: string;
  readonly newCase: boolean;
  readonly events: readonly TicketEvent[];
}

export class CaseAssembler {
  private readonly cases = new Map<string, CaseState>();
  private readonly opensOnFirstRow: boolean;
  private readonly tracksPriorityChanges: boolean;
  private eventCount = 0;

  /**
   * `opensOnFirstRow`: the mapping has no column for the opening instant and no value mapped to `opened`.
   * `tracksPriorityChanges`: rows are changes (an event log), so a new priority on a row is a `priority` event;
   * a snapshot states the ticket's last priority only.
   */
  constructor(options: { opensOnFirstRow: boolean; tracksPriorityChanges: boolean }) {
    this.opensOnFirstRow = options.opensOnFirstRow;
    this.tracksPriorityChanges = options.tracksPriorityChanges;
  }

  get tickets(): number {
    return this.cases.size;
  }

  get events(): number {
    return this.eventCount;
  }

  /** Adds one mapped row with events (ignored rows and problems never reach the assembler). */
  add(row: Extract<MappedRow, { outcome: 'events' }>): AssembledRow {
    let state = this.cases.get(row.caseId);
    const newCase = state === undefined;
    if (state === undefined) {
      state = { state: 'unopened', status: undefined, priority: '', keys: new Map() };
      this.cases.set(row.caseId, state);
    }
    const events: TicketEvent[] = [];
    const facts = row.facts;
    for (const candidate of row.events) {
      if (candidate.once && state.keys.has(candidate.key)) continue;
      const opening = state.state === 'unopened' && (candidate.type === 'opened' || this.opensOnFirstRow);
      if (opening) {
        const source = candidate.type === 'opened' ? candidate.key : eventKeySource([row.caseId, 'opened']);
        const opened = this.openingOf(source, candidate, facts);
        if (this.keep(state, source, true)) events.push(opened);
        state.state = 'open';
        state.status = opened.status;
        state.priority = priorityKey(facts);
        if (candidate.type === 'opened' || candidate.type === 'status') continue;
      }
      const event = this.transition(state, candidate);
      if (event !== undefined && this.keep(state, candidate.key, candidate.once)) {
        const id = candidate.once ? importEventKey(candidate.key) : this.numbered(state, candidate.key);
        events.push({ ...event, id });
      }
    }
    const priority = priorityKey(facts);
    const at = row.events.at(-1)?.occurredAt;
    if (
      this.tracksPriorityChanges &&
      state.state !== 'unopened' &&
      priority !== '' &&
      priority !== state.priority &&
      at !== undefined
    ) {
      state.priority = priority;
      const key = eventKeySource([row.caseId, 'priority', at, priority]);
      if (this.keep(state, key, false)) {
        events.push({ id: this.numbered(state, key), type: 'priority', occurredAt: at, ...priorityFields(facts) });
      }
    }
    this.eventCount += events.length;
    return { caseId: row.caseId, newCase, events };
  }

  private openingOf(keySource: string, candidate: CandidateEvent, facts: CaseFacts): TicketEvent {
    const id = importEventKey(keySource);
    const status = candidate.type === 'opened' || candidate.type === 'status' ? candidate.status : undefined;
    return {
      id,
      type: 'opened',
      occurredAt: candidate.occurredAt,
      ...(status === undefined ? {} : { status }),
      ...priorityFields(facts),
      ...(facts.service === undefined ? {} : { service: facts.service }),
    };
  }

  /** The event a candidate makes in the case's current state (without its id), or undefined when it changes nothing. */
  private transition(state: CaseState, candidate: CandidateEvent): Omit<TicketEvent, 'id'> | undefined {
    const { occurredAt, status } = candidate;
    const withStatus = status === undefined ? {} : { status };
    switch (candidate.type) {
      case 'opened':
      case 'status': {
        if (state.state === 'resolved' || state.state === 'closed' || state.state === 'cancelled') {
          state.state = 'open';
          state.status = status;
          return { type: 'reopened', occurredAt, ...withStatus };
        }
        if (status === undefined || status === state.status) return undefined;
        state.status = status;
        return { type: 'status', occurredAt, status };
      }
      case 'resolved':
      case 'closed':
      case 'cancelled': {
        if (state.state === candidate.type) return undefined;
        state.state = candidate.type;
        if (status !== undefined) state.status = status;
        return { type: candidate.type, occurredAt, ...withStatus };
      }
      case 'reopened': {
        state.state = 'open';
        if (status !== undefined) state.status = status;
        return { type: 'reopened', occurredAt, ...withStatus };
      }
      default:
        return { type: candidate.type, occurredAt, ...withStatus };
    }
  }

  /** Whether a key is new to the case; a repeated `once` key is the same event again. */
  private keep(state: CaseState, key: string, once: boolean): boolean {
    if (!once) return true;
    if (state.keys.has(key)) return false;
    state.keys.set(key, 1);
    return true;
  }

  private numbered(state: CaseState, source: string): string {
    const occurrence = (state.keys.get(source) ?? 0) + 1;
    state.keys.set(source, occurrence);
    return importEventKey(source, occurrence);
  }
}

/** The assembler a mapping calls for: who opens a case, and whether rows are changes (an event log). */
export function caseAssemblerFor({ mapping }: CompiledImportMapping): CaseAssembler {
  const event = mapping.event;
  const eventValues =
    event === undefined
      ? []
      : 'column' in event
        ? Object.values(event.values)
        : event.rules.map((rule) => rule.becomes);
  const mapsValueToOpened = eventValues.some((value) => value !== 'ignore' && value.event === 'opened');
  return new CaseAssembler({
    opensOnFirstRow: mapping.shape === 'event_log' && mapping.eventLog?.openedAt === undefined && !mapsValueToOpened,
    tracksPriorityChanges: mapping.shape === 'event_log',
  });
}

function priorityKey(facts: CaseFacts): string {
  if (facts.priority !== undefined) return `p:${facts.priority}`;
  if (facts.impact !== undefined || facts.urgency !== undefined)
    return `iu:${facts.impact ?? ''}/${facts.urgency ?? ''}`;
  return '';
}

function priorityFields(facts: CaseFacts): Pick<TicketEvent, 'priority' | 'impact' | 'urgency'> {
  if (facts.priority !== undefined) return { priority: facts.priority };
  return {
    ...(facts.impact === undefined ? {} : { impact: facts.impact }),
    ...(facts.urgency === undefined ? {} : { urgency: facts.urgency }),
  };
}
