/**
 * The mapping from audit rows to ticket events, one incident at a time. Each row of a ServiceNow audit export is the
 * whole incident record after one update; an event is what changed between a row and the previous one. The rules,
 * and why, are in docs/decisions/0005-servicenow-import.md; in short:
 *
 * - first row: `opened` at `opened_at` (priority, impact, urgency, service = category, status), then whatever the
 *   first row already says (assignee, a resolution) at its `sys_updated_at`;
 * - later rows, at `sys_updated_at`, in this order: `priority` (priority, impact or urgency changed), `assigned`
 *   (assigned_to changed), then the state change (`status`, `reopened`, `resolved`, `closed`, `cancelled`);
 * - ids are `${number}:${sys_mod_count}:${type}` (`#2`, `#3` after a repeated sys_mod_count);
 * - an event never goes back in time: a row older than the previous event is moved to it (and reported).
 *
 * Rows arrive already validated (see read-incidents.ts); the builder only diffs them.
 */
import type { TicketEvent } from '../../core/clocks/ticket-event.ts';
import { formatInstant } from '../../core/time/instant.ts';
import { fieldText, isDigits, optionalText } from './export-columns.ts';
import { finalValuesOf } from './final-values.ts';
import type { ImportProblemKind, ServiceNowIncident } from './import-types.ts';
import type { IncidentContext } from './incident-context.ts';
import type { StatusCategory, StatusMappingEntry } from './status-mapping.ts';

type Lifecycle = 'open' | 'resolved' | 'closed' | 'cancelled';

type MutableEvent = { -readonly [K in keyof TicketEvent]: TicketEvent[K] };

/** Accumulates one incident's rows (contiguous in the file) and derives its events as they come. */
export class IncidentBuilder {
  readonly number: string;
  private readonly context: IncidentContext;
  private readonly continuation: boolean;
  private readonly events: TicketEvent[] = [];
  private readonly eventLines: number[] = [];
  private readonly lines: number[] = [];
  private readonly modCounts: string[] = [];
  private previous: readonly string[] | undefined;
  private openedAt = 0;
  private status = '';
  private lifecycle: Lifecycle = 'open';
  private everEnded = false;
  private replied = false;
  private lastAt = Number.NEGATIVE_INFINITY;
  private breachRecordedAt: number | null = null;
  private rowKey = '';
  private rowLine = 0;
  private rowAdjusted = false;

  constructor(number: string, context: IncidentContext, continuation: boolean) {
    this.number = number;
    this.context = context;
    this.continuation = continuation;
  }

  /** Number of events derived so far. */
  get eventCount(): number {
    return this.events.length;
  }

  /** Adds the next valid row of this incident (file order) and derives its events. */
  addRow(
    fields: readonly string[],
    line: number,
    updatedAt: number,
    openedAt: number,
    state: StatusMappingEntry,
    modCount: string,
  ): void {
    this.rowLine = line;
    this.rowAdjusted = false;
    this.rowKey = this.keyOf(modCount);
    this.lines.push(line);
    const previous = this.previous;
    if (previous === undefined) {
      this.openWith(fields, updatedAt, openedAt, state);
    } else {
      this.applyUpdate(fields, previous, updatedAt, state);
    }
    if (this.breachRecordedAt === null && fieldText(fields, this.context.columns.madeSla) === 'false') {
      this.breachRecordedAt = updatedAt;
    }
    this.previous = fields;
  }

  /** The finished incident; undefined when no row was added. */
  finish(): ServiceNowIncident | undefined {
    const last = this.previous;
    if (last === undefined) return undefined;
    const final = finalValuesOf(last, {
      context: this.context,
      number: this.number,
      line: this.lines[this.lines.length - 1] ?? 0,
      openedAt: this.openedAt,
      status: this.status,
      breachRecordedAt: this.breachRecordedAt,
    });
    return {
      number: this.number,
      events: this.events,
      eventLineNumbers: this.eventLines,
      final,
      lineNumbers: this.lines,
      continuation: this.continuation,
    };
  }

  private openWith(fields: readonly string[], updatedAt: number, openedAt: number, state: StatusMappingEntry): void {
    const columns = this.context.columns;
    this.openedAt = openedAt;
    this.lastAt = openedAt;
    this.status = isOpenCategory(state.category) ? state.status : 'new';
    const opened = this.newEvent('opened', openedAt);
    opened.status = this.status;
    setPriorityFields(opened, fields, columns.priority, columns.impact, columns.urgency);
    const service = optionalText(fields, columns.category);
    if (service !== null) opened.service = service;
    this.push(opened);
    const assignee = optionalText(fields, columns.assignedTo);
    if (assignee !== null) {
      const assigned = this.newEvent('assigned', updatedAt);
      assigned.assignee = assignee;
      this.push(assigned);
    }
    this.enterState(state, false, updatedAt);
    this.inferReply(state, updatedAt);
  }

  private applyUpdate(
    fields: readonly string[],
    previous: readonly string[],
    updatedAt: number,
    state: StatusMappingEntry,
  ): void {
    const columns = this.context.columns;
    if (
      fieldText(fields, columns.priority) !== fieldText(previous, columns.priority) ||
      fieldText(fields, columns.impact) !== fieldText(previous, columns.impact) ||
      fieldText(fields, columns.urgency) !== fieldText(previous, columns.urgency)
    ) {
      const priority = this.newEvent('priority', updatedAt);
      setPriorityFields(priority, fields, columns.priority, columns.impact, columns.urgency);
      this.push(priority);
    }
    const assignee = fieldText(fields, columns.assignedTo);
    if (assignee !== fieldText(previous, columns.assignedTo)) {
      const assigned = this.newEvent('assigned', updatedAt);
      if (assignee !== '?' && assignee !== '') assigned.assignee = assignee;
      this.push(assigned);
    }
    const reopenCount = fieldText(fields, columns.reopenCount);
    const previousReopenCount = fieldText(previous, columns.reopenCount);
    const reopenIncreased =
      reopenCount !== previousReopenCount &&
      isDigits(reopenCount) &&
      isDigits(previousReopenCount) &&
      Number(reopenCount) > Number(previousReopenCount);
    this.enterState(state, reopenIncreased, updatedAt);
    this.inferReply(state, updatedAt);
  }

  /** The life-cycle rules: see the table in docs/decisions/0005-servicenow-import.md. */
  private enterState(state: StatusMappingEntry, reopenIncreased: boolean, updatedAt: number): void {
    const category = state.category;
    const ends = !isOpenCategory(category);
    if (reopenIncreased && this.lifecycle === 'open') {
      this.report('reopen_without_resolution', 'reopen_count increased while the incident was not resolved');
    } else if (reopenIncreased && ends) {
      // Reopened and ended again between two rows: a zero-length reopen keeps the count of reopens right.
      this.push(this.newEvent('reopened', updatedAt));
      this.lifecycle = 'open';
    }
    if (!ends) {
      if (this.lifecycle !== 'open') {
        const reopened = this.newEvent('reopened', updatedAt);
        reopened.status = state.status;
        this.push(reopened);
        this.lifecycle = 'open';
      } else if (state.status !== this.status) {
        const changed = this.newEvent('status', updatedAt);
        changed.status = state.status;
        this.push(changed);
      }
    } else if (this.lifecycle !== category) {
      this.push(this.newEvent(category as 'resolved' | 'closed' | 'cancelled', updatedAt));
      this.lifecycle = category as Lifecycle;
      this.everEnded = true;
    }
    this.status = state.status;
  }

  private inferReply(state: StatusMappingEntry, updatedAt: number): void {
    if (!this.context.inferFirstResponse || this.replied || this.everEnded) return;
    if (state.category !== 'open' && state.category !== 'pending') return;
    this.replied = true;
    this.push(this.newEvent('agent_reply', updatedAt));
  }

  private newEvent(type: TicketEvent['type'], rowTime: number): MutableEvent {
    return { id: `${this.rowKey}:${type}`, type, occurredAt: this.notBeforeLastEvent(rowTime) };
  }

  private push(event: TicketEvent): void {
    this.events.push(event);
    this.eventLines.push(this.rowLine);
  }

  private notBeforeLastEvent(rowTime: number): number {
    if (rowTime >= this.lastAt) {
      this.lastAt = rowTime;
      return rowTime;
    }
    if (!this.rowAdjusted) {
      this.rowAdjusted = true;
      this.report(
        'event_time_adjusted',
        `sys_updated_at is before the incident's previous event (or its opened_at); its events are moved to ${formatInstant(this.lastAt, this.context.timeZone)}`,
      );
    }
    return this.lastAt;
  }

  private keyOf(modCount: string): string {
    let earlier = 0;
    for (const seen of this.modCounts) if (seen === modCount) earlier++;
    this.modCounts.push(modCount);
    if (earlier === 0) return `${this.number}:${modCount}`;
    this.report(
      'duplicate_sys_mod_count',
      `sys_mod_count ${modCount} repeats; event ids get the suffix #${earlier + 1}`,
    );
    return `${this.number}:${modCount}#${earlier + 1}`;
  }

  private report(kind: ImportProblemKind, message: string): void {
    this.context.report(kind, 'warning', this.rowLine, this.number, message);
  }
}

function isOpenCategory(category: StatusCategory): boolean {
  return category === 'new' || category === 'open' || category === 'pending';
}

function setPriorityFields(
  event: MutableEvent,
  fields: readonly string[],
  priorityColumn: number,
  impactColumn: number,
  urgencyColumn: number,
): void {
  const priority = optionalText(fields, priorityColumn);
  const impact = optionalText(fields, impactColumn);
  const urgency = optionalText(fields, urgencyColumn);
  if (priority !== null) event.priority = priority;
  if (impact !== null) event.impact = impact;
  if (urgency !== null) event.urgency = urgency;
}
