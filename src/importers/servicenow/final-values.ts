/**
 * An incident's final values come from its last row: the UCI log is "enriched", so `resolved_at`, `closed_at`,
 * `closed_code` and `resolved_by` hold the final outcome on every row, and `made_sla` on the last row is ServiceNow's
 * own verdict. They are kept beside the events (not turned into events) so a replay can be compared with them.
 */
import { fieldText, optionalBoolean, optionalCount, optionalText } from './export-columns.ts';
import type { ServiceNowFinalValues } from './import-types.ts';
import type { IncidentContext } from './incident-context.ts';

/** What the builder knows beyond the last row itself. */
export interface FinalValuesInput {
  readonly context: IncidentContext;
  readonly number: string;
  /** Line of the last row, for problems. */
  readonly line: number;
  readonly openedAt: number;
  readonly status: string;
  readonly breachRecordedAt: number | null;
}

/** The final values of an incident from its last row. A malformed `resolved_at`/`closed_at` is reported and null. */
export function finalValuesOf(last: readonly string[], input: FinalValuesInput): ServiceNowFinalValues {
  const columns = input.context.columns;
  return {
    status: input.status,
    active: optionalBoolean(last, columns.active),
    madeSla: optionalBoolean(last, columns.madeSla),
    breachRecordedAt: input.breachRecordedAt,
    priority: optionalText(last, columns.priority),
    impact: optionalText(last, columns.impact),
    urgency: optionalText(last, columns.urgency),
    category: optionalText(last, columns.category),
    subcategory: optionalText(last, columns.subcategory),
    symptom: optionalText(last, columns.symptom),
    assignmentGroup: optionalText(last, columns.assignmentGroup),
    assignedTo: optionalText(last, columns.assignedTo),
    contactType: optionalText(last, columns.contactType),
    location: optionalText(last, columns.location),
    caller: optionalText(last, columns.callerId),
    closedCode: optionalText(last, columns.closedCode),
    resolvedBy: optionalText(last, columns.resolvedBy),
    problemId: optionalText(last, columns.problemId),
    vendor: optionalText(last, columns.vendor),
    knowledge: optionalBoolean(last, columns.knowledge),
    openedAt: input.openedAt,
    resolvedAt: finalInstant(last, columns.resolvedAt, 'resolved_at', input),
    closedAt: finalInstant(last, columns.closedAt, 'closed_at', input),
    reopenCount: optionalCount(last, columns.reopenCount),
    reassignmentCount: optionalCount(last, columns.reassignmentCount),
    modCount: optionalCount(last, columns.sysModCount),
  };
}

function finalInstant(last: readonly string[], column: number, name: string, input: FinalValuesInput): number | null {
  const text = fieldText(last, column);
  if (text === '?' || text === '') return null;
  const instant = input.context.parseTimestamp(text);
  if (instant !== undefined) return instant;
  input.context.report(
    'bad_final_value',
    'warning',
    input.line,
    input.number,
    `${name} ${JSON.stringify(text)} is not a timestamp; taken as missing`,
  );
  return null;
}
