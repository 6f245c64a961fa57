/**
 * One row of a file (column name -> text) through a compiled mapping: the case it belongs to, the ticket's facts it
 * states (priority, customer, title...) and the candidate events it records, or the one problem that makes it
 * unusable. Pure and per row; what depends on the case's earlier rows (is this status a change? a reopening?) is the
 * case assembler's (case-assembler.ts).
 */
import type { TicketEventType } from '../clocks/ticket-event.ts';
import type { CompiledImportMapping } from './compile-mapping.ts';
import { eventKeySource } from './event-key.ts';
import type { ImportProblem, ImportProblemKind } from './import-problem.ts';
import type { EventValue, ImportMapping, ValueMap } from './mapping-schema.ts';
import type { TimestampReader } from './timestamp-format.ts';

/** A row as a reader yields it: its 1-based line (or spreadsheet row) and its cells by column name. */
export interface ImportRow {
  readonly line: number;
  readonly values: Readonly<Record<string, string | undefined>>;
}

/** What a row says about its ticket; absent fields say nothing. */
export interface CaseFacts {
  readonly priority?: string | undefined;
  readonly impact?: string | undefined;
  readonly urgency?: string | undefined;
  readonly customer?: string | undefined;
  readonly service?: string | undefined;
  readonly title?: string | undefined;
  readonly description?: string | undefined;
}

/** An event a row records, before the case assembler decides whether it changes anything. */
export interface CandidateEvent {
  readonly type: TicketEventType;
  readonly occurredAt: number;
  readonly status?: string | undefined;
  /**
   * What identifies the event (event-key.ts), hashed into its key when it is recorded; numbered by the assembler when
   * `once` is false and it repeats.
   */
  readonly key: string;
  /** A fact of the case stated by every row (its opening...): repeats are the same event, not new ones. */
  readonly once: boolean;
}

export type MappedRow =
  | {
      readonly outcome: 'events';
      readonly line: number;
      readonly caseId: string;
      readonly facts: CaseFacts;
      readonly events: readonly CandidateEvent[];
    }
  /** The row's event value is mapped to `ignore`: read, counted and deliberately not imported. */
  | { readonly outcome: 'ignored'; readonly line: number; readonly caseId: string }
  | { readonly outcome: 'problem'; readonly problem: ImportProblem };

/** Builds the row function of a compiled mapping. */
export function createRowMapper(compiled: CompiledImportMapping): (row: ImportRow) => MappedRow {
  const { mapping, missingValues } = compiled;
  const readAt = compiled.createTimestampReader();
  const readOpenedAt = compiled.createTimestampReader();
  const readResolvedAt = compiled.createTimestampReader();
  const readClosedAt = compiled.createTimestampReader();
  const lookUpEvent = eventLookup(mapping);

  return (row) => {
    const cell = (column: string): string | undefined => {
      const raw = row.values[column];
      if (raw === undefined) return undefined;
      const text = raw.trim();
      return missingValues.has(text) || text === '' ? undefined : text;
    };
    const problem = (kind: ImportProblemKind, column: string | null, value: string | null, reason: string) =>
      ({ outcome: 'problem', problem: { kind, line: row.line, column, value, reason } }) as const;

    const caseId = cell(mapping.caseId);
    if (caseId === undefined) {
      return problem('missing_case_id', mapping.caseId, row.values[mapping.caseId] ?? null, 'the case id is empty');
    }
    const instant = (column: string, reader: TimestampReader, required: boolean) => {
      const text = cell(column);
      if (text === undefined) {
        return required ? problem('missing_timestamp', column, row.values[column] ?? null, 'no timestamp') : undefined;
      }
      const value = reader(text);
      if (value === undefined) {
        const reason = `not a timestamp of the format "${mapping.timestamps.format}"`;
        return problem('bad_timestamp', column, text, reason);
      }
      return value;
    };

    const facts = readFacts(mapping, cell);
    if ('kind' in facts) return problem(facts.kind, facts.column, facts.value, facts.reason);
    const events: CandidateEvent[] = [];

    if (mapping.shape === 'snapshot') {
      const snapshot = mapping.snapshot!;
      const openedAt = instant(snapshot.openedAt, readOpenedAt, true);
      if (typeof openedAt !== 'number') return openedAt!;
      events.push({ type: 'opened', occurredAt: openedAt, key: eventKeySource([caseId, 'opened']), once: true });
      for (const [type, column, reader] of [
        ['resolved', snapshot.resolvedAt, readResolvedAt],
        ['closed', snapshot.closedAt, readClosedAt],
      ] as const) {
        if (column === undefined) continue;
        const at = instant(column, reader, false);
        if (at === undefined) continue;
        if (typeof at !== 'number') return at;
        events.push({ type, occurredAt: at, key: eventKeySource([caseId, type, at]), once: true });
      }
      return { outcome: 'events', line: row.line, caseId, facts, events };
    }

    const eventLog = mapping.eventLog!;
    const at = instant(eventLog.at, readAt, true);
    if (typeof at !== 'number') return at!;
    const found = lookUpEvent(cell);
    if ('missing' in found) {
      return problem('missing_event_value', found.missing, null, 'the event column is empty');
    }
    if ('unknown' in found) {
      return problem('unknown_event_value', found.column, found.unknown, 'the mapping lists no event for this value');
    }
    if (found.value === 'ignore') return { outcome: 'ignored', line: row.line, caseId };
    let type: TicketEventType;
    if (found.value.event === 'reply') {
      const actor = readActor(mapping, cell);
      if (typeof actor !== 'string') return problem('unknown_actor', actor.column, actor.value, actor.reason);
      type = actor === 'agent' ? 'agent_reply' : 'customer_reply';
    } else {
      type = found.value.event;
    }
    if (eventLog.openedAt !== undefined) {
      const openedAt = instant(eventLog.openedAt, readOpenedAt, true);
      if (typeof openedAt !== 'number') return openedAt!;
      events.push({ type: 'opened', occurredAt: openedAt, key: eventKeySource([caseId, 'opened']), once: true });
    }
    const status = found.value.status;
    const sequence = eventLog.sequence === undefined ? undefined : cell(eventLog.sequence);
    const key =
      sequence === undefined
        ? eventKeySource([caseId, 'row', at, type, status ?? ''])
        : eventKeySource([caseId, 'sequence', sequence, type]);
    events.push({ type, occurredAt: at, status, key, once: sequence !== undefined });
    return { outcome: 'events', line: row.line, caseId, facts, events };
  };
}

type CellReader = (column: string) => string | undefined;
type EventFound =
  | { readonly value: EventValue }
  | { readonly missing: string }
  | { readonly column: string; readonly unknown: string };

/** The event value of a row: by its one column's value, or by the first rule whose columns all match. */
function eventLookup(mapping: ImportMapping): (cell: CellReader) => EventFound {
  const event = mapping.event;
  if (event === undefined) return () => ({ value: 'ignore' });
  if ('column' in event) {
    const values = new Map(Object.entries(event.values));
    return (cell) => {
      const text = cell(event.column);
      if (text === undefined) return { missing: event.column };
      const value = values.get(text);
      return value === undefined ? { column: event.column, unknown: text } : { value };
    };
  }
  const rules = event.rules.map((rule) => ({ when: Object.entries(rule.when), becomes: rule.becomes }));
  return (cell) => {
    for (const rule of rules) {
      if (rule.when.every(([column, expected]) => (cell(column) ?? '') === expected)) return { value: rule.becomes };
    }
    const seen = event.columns.map((column) => `${column}=${JSON.stringify(cell(column) ?? '')}`).join(', ');
    return { column: event.columns.join('+'), unknown: seen };
  };
}

type FactsProblem = Omit<ImportProblem, 'line'>;

function readFacts(mapping: ImportMapping, cell: CellReader): CaseFacts | FactsProblem {
  const facts: Record<string, string | undefined> = {};
  const fields = [
    ['priority', mapping.priority, 'unknown_priority'],
    ['impact', mapping.impact, 'unknown_impact'],
    ['urgency', mapping.urgency, 'unknown_urgency'],
    ['customer', mapping.customer, 'unknown_customer'],
    ['service', mapping.service, 'unknown_service'],
  ] as const;
  for (const [field, source, kind] of fields) {
    if (source === undefined) continue;
    if ('fixed' in source) {
      facts[field] = source.fixed;
      continue;
    }
    const mapped = mapValue(source, cell);
    if (mapped !== null && typeof mapped === 'object') {
      const reason = `the mapping's ${field}.values lists no such value (and gives no default)`;
      return { kind, column: source.column, value: mapped.unknown, reason };
    }
    facts[field] = mapped ?? undefined;
  }
  const text = mapping.text;
  if (text?.title !== undefined) facts.title = cell(text.title);
  if (text?.description !== undefined) {
    const columns = Array.isArray(text.description) ? text.description : [text.description];
    const parts = columns.map(cell).filter((part): part is string => part !== undefined);
    facts.description = parts.length === 0 ? undefined : parts.join('\n\n');
  }
  return facts;
}

/** The Covenant value of a column through its value map; null when the cell is empty. */
function mapValue(source: ValueMap, cell: CellReader): string | null | { unknown: string } {
  const text = cell(source.column);
  if (text === undefined) return null;
  if (source.values === undefined) return text;
  const mapped = Object.hasOwn(source.values, text) ? source.values[text] : source.default;
  return mapped ?? { unknown: text };
}

function readActor(
  mapping: ImportMapping,
  cell: CellReader,
): 'agent' | 'customer' | { column: string | null; value: string | null; reason: string } {
  const actor = mapping.actor;
  if (actor === undefined) {
    return { column: null, value: null, reason: 'a reply needs `actor` in the mapping to tell agent from customer' };
  }
  const text = cell(actor.column);
  const mapped = text !== undefined && Object.hasOwn(actor.values, text) ? actor.values[text] : actor.default;
  if (mapped === undefined) {
    return {
      column: actor.column,
      value: text ?? null,
      reason: 'the mapping does not say whether this is an agent or a customer',
    };
  }
  return mapped;
}
