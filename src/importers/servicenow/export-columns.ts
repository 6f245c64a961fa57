/**
 * Columns are found by header name, not position, so an export with the columns in another order, or without the
 * optional ones, still imports. Five columns carry the event log itself and are required; the rest only fill the
 * incident's final values and default to missing.
 */

/** The columns without which no event can be derived. */
export const requiredColumns = ['number', 'incident_state', 'sys_mod_count', 'opened_at', 'sys_updated_at'] as const;

/** Position of each column used, or -1 when the export lacks it. */
export interface ColumnIndexes {
  readonly count: number;
  readonly number: number;
  readonly incidentState: number;
  readonly active: number;
  readonly reassignmentCount: number;
  readonly reopenCount: number;
  readonly sysModCount: number;
  readonly madeSla: number;
  readonly callerId: number;
  readonly openedAt: number;
  readonly sysUpdatedAt: number;
  readonly contactType: number;
  readonly location: number;
  readonly category: number;
  readonly subcategory: number;
  readonly symptom: number;
  readonly impact: number;
  readonly urgency: number;
  readonly priority: number;
  readonly assignmentGroup: number;
  readonly assignedTo: number;
  readonly knowledge: number;
  readonly problemId: number;
  readonly vendor: number;
  readonly closedCode: number;
  readonly resolvedBy: number;
  readonly resolvedAt: number;
  readonly closedAt: number;
}

/** Column indexes from a header row, or the names of the required columns it lacks. */
export function indexColumns(header: readonly string[]): ColumnIndexes | { readonly missing: string[] } {
  const position = new Map<string, number>();
  header.forEach((name, index) => {
    const key = name.trim().toLowerCase();
    if (!position.has(key)) position.set(key, index);
  });
  const missing = requiredColumns.filter((name) => !position.has(name));
  if (missing.length > 0) return { missing };
  const at = (name: string): number => position.get(name) ?? -1;
  return {
    count: header.length,
    number: at('number'),
    incidentState: at('incident_state'),
    active: at('active'),
    reassignmentCount: at('reassignment_count'),
    reopenCount: at('reopen_count'),
    sysModCount: at('sys_mod_count'),
    madeSla: at('made_sla'),
    callerId: at('caller_id'),
    openedAt: at('opened_at'),
    sysUpdatedAt: at('sys_updated_at'),
    contactType: at('contact_type'),
    location: at('location'),
    category: at('category'),
    subcategory: at('subcategory'),
    symptom: at('u_symptom'),
    impact: at('impact'),
    urgency: at('urgency'),
    priority: at('priority'),
    assignmentGroup: at('assignment_group'),
    assignedTo: at('assigned_to'),
    knowledge: at('knowledge'),
    problemId: at('problem_id'),
    vendor: at('vendor'),
    closedCode: at('closed_code'),
    resolvedBy: at('resolved_by'),
    resolvedAt: at('resolved_at'),
    closedAt: at('closed_at'),
  };
}

/** The field's text, or `?` (ServiceNow's "missing") when the column is absent. */
export function fieldText(fields: readonly string[], index: number): string {
  return index < 0 ? '?' : (fields[index] ?? '?');
}

/** The field, or null when missing (`?` or empty). */
export function optionalText(fields: readonly string[], index: number): string | null {
  const text = fieldText(fields, index);
  return text === '?' || text === '' ? null : text;
}

/** `true`/`false`, or null when missing or anything else. */
export function optionalBoolean(fields: readonly string[], index: number): boolean | null {
  const text = fieldText(fields, index);
  return text === 'true' ? true : text === 'false' ? false : null;
}

/** A non-negative integer, or null when missing or malformed. */
export function optionalCount(fields: readonly string[], index: number): number | null {
  const text = fieldText(fields, index);
  return isDigits(text) ? Number(text) : null;
}

/** True for a non-empty string of ASCII digits. */
export function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
