/**
 * How ServiceNow incident states become Covenant status names and categories. Agreements name these status names in
 * `pauseOn`, so they are part of the public contract: stable, lower_snake_case, documented here and in
 * docs/decisions/0005-servicenow-import.md. A deployment whose ServiceNow instance has its own states passes an
 * override; the override is validated once, before any row is read.
 */

import { type StatusCategory, statusCategories } from '../../core/agreement/schema-workflow.ts';

/**
 * The status categories of docs/semantics.md#status-categories (the agreement's own list): every status name maps to
 * one of them. For the importer the category decides which event entering the state produces, and so what the clocks do:
 *
 * - `new`, `open`: the incident is open; clocks run (a `status` event, or `reopened` after a resolution).
 * - `pending`: open too; a clock pauses only where the target names the status in `pauseOn` (names, not the category).
 * - `resolved`: a `resolved` event: resolution clocks stop there and are judged; a later open state reopens.
 * - `closed`: a `closed` event: the resolution when the incident was not resolved before; closed is final.
 * - `cancelled`: a `cancelled` event: the clocks still running are cancelled (a breach already reached stays).
 */
export { type StatusCategory, statusCategories };

/** What one ServiceNow `incident_state` label means to Covenant. */
export interface StatusMappingEntry {
  /** The Covenant status name (lower_snake_case), e.g. `awaiting_user_info`. */
  readonly status: string;
  readonly category: StatusCategory;
}

/** `incident_state` label (exactly as exported) to status name and category. */
export type StatusMapping = Readonly<Record<string, StatusMappingEntry>>;

/**
 * The default mapping. The first eight labels are the states of the UCI incident log; `In Progress`, `On Hold` and
 * `Canceled` are the states of current ServiceNow releases, included so their exports import without an override.
 *
 * | incident_state       | status               | category  | event produced on entering it          |
 * |----------------------|----------------------|-----------|----------------------------------------|
 * | `New`                | `new`                | new       | `status` (or `reopened` after resolve) |
 * | `Active`             | `active`             | open      | `status` (or `reopened`)               |
 * | `In Progress`        | `in_progress`        | open      | `status` (or `reopened`)               |
 * | `Awaiting User Info` | `awaiting_user_info` | pending   | `status` (or `reopened`)               |
 * | `Awaiting Evidence`  | `awaiting_evidence`  | pending   | `status` (or `reopened`)               |
 * | `Awaiting Vendor`    | `awaiting_vendor`    | pending   | `status` (or `reopened`)               |
 * | `Awaiting Problem`   | `awaiting_problem`   | pending   | `status` (or `reopened`)               |
 * | `On Hold`            | `on_hold`            | pending   | `status` (or `reopened`)               |
 * | `Resolved`           | `resolved`           | resolved  | `resolved`                             |
 * | `Closed`             | `closed`             | closed    | `closed`                               |
 * | `Canceled`           | `cancelled`          | cancelled | `cancelled`                            |
 *
 * Any other label (the log has `-100` on 5 rows) is reported as a problem and its row is skipped.
 */
export const servicenowStatusMapping: StatusMapping = Object.freeze({
  New: { status: 'new', category: 'new' },
  Active: { status: 'active', category: 'open' },
  'In Progress': { status: 'in_progress', category: 'open' },
  'Awaiting User Info': { status: 'awaiting_user_info', category: 'pending' },
  'Awaiting Evidence': { status: 'awaiting_evidence', category: 'pending' },
  'Awaiting Vendor': { status: 'awaiting_vendor', category: 'pending' },
  'Awaiting Problem': { status: 'awaiting_problem', category: 'pending' },
  'On Hold': { status: 'on_hold', category: 'pending' },
  Resolved: { status: 'resolved', category: 'resolved' },
  Closed: { status: 'closed', category: 'closed' },
  Canceled: { status: 'cancelled', category: 'cancelled' },
});

const STATUS_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** Whether a text can be a status name: lower_snake_case, as agreements write them. */
export function isStatusName(text: string): boolean {
  return STATUS_NAME.test(text);
}

/**
 * The status name a state label gets when a mapping names only its category: the default mapping's name for a known
 * label (agreements' `pauseOn` keep working when only the category changes), else the label in lower_snake_case
 * (`Work in Progress` -> `work_in_progress`). Undefined when the label has no such form (`-100`, `2nd line`).
 */
export function statusNameForLabel(label: string): string | undefined {
  if (Object.hasOwn(servicenowStatusMapping, label)) return servicenowStatusMapping[label]!.status;
  const derived = label
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return STATUS_NAME.test(derived) ? derived : undefined;
}

/** A status mapping that cannot be used: the message names the offending label. */
export class StatusMappingError extends Error {
  override readonly name = 'StatusMappingError';
}

/**
 * The default mapping with the override's labels added or replaced, as a Map for the per-row lookup. Throws
 * StatusMappingError for a status name that is not lower_snake_case or an unknown category.
 */
export function resolveStatusMapping(override: StatusMapping | undefined): ReadonlyMap<string, StatusMappingEntry> {
  const merged = new Map<string, StatusMappingEntry>(Object.entries(servicenowStatusMapping));
  for (const [label, entry] of Object.entries(override ?? {})) {
    if (!STATUS_NAME.test(entry.status)) {
      throw new StatusMappingError(`status name for "${label}" must be lower_snake_case, got "${entry.status}"`);
    }
    if (!(statusCategories as readonly string[]).includes(entry.category)) {
      throw new StatusMappingError(
        `category for "${label}" must be one of ${statusCategories.join(', ')}, got "${entry.category}"`,
      );
    }
    merged.set(label, { status: entry.status, category: entry.category });
  }
  return merged;
}
