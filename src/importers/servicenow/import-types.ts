/**
 * The shapes the ServiceNow importer hands back: one incident at a time with its ticket events and final values,
 * problems as data (never console output, never an exception for a bad row), progress and totals.
 */
import type { TicketEvent } from '../../core/clocks/ticket-event.ts';
import type { StatusMapping } from './status-mapping.ts';
import type { Compression } from './text-chunks.ts';

/**
 * What went wrong, row by row. `error` problems skip the row (or, for `csv_syntax`, the record); `warning` problems
 * keep it and say what was adjusted.
 */
export const importProblemKinds = [
  'csv_syntax',
  'wrong_field_count',
  'missing_number',
  'bad_timestamp',
  'bad_sys_mod_count',
  'unknown_state',
  'incident_reappears',
  'duplicate_sys_mod_count',
  'event_time_adjusted',
  'reopen_without_resolution',
  'bad_final_value',
] as const;

export type ImportProblemKind = (typeof importProblemKinds)[number];

/** One problem found while importing, with the 1-based line where its record starts (the header is line 1). */
export interface ImportProblem {
  readonly kind: ImportProblemKind;
  /** `error`: the row was skipped. `warning`: the row was used; `message` says how. */
  readonly severity: 'error' | 'warning';
  readonly line: number;
  /** The incident number, when the row has one. */
  readonly number: string | null;
  readonly message: string;
}

/** Reported every `progressEvery` rows and once at the end. */
export interface ImportProgress {
  /** Data rows read so far (the header is not counted; malformed rows are). */
  readonly rows: number;
  /** Incidents completed so far. */
  readonly incidents: number;
  /** Bytes read from the input so far (compressed bytes for gzip). */
  readonly bytes: number;
}

/** Totals of one import; complete once the iteration has ended. */
export interface ImportStats extends ImportProgress {
  readonly events: number;
  /** Rows not used (every `error` problem except `csv_syntax`, which is not a row). */
  readonly skippedRows: number;
  readonly problems: number;
  readonly problemsByKind: Readonly<Partial<Record<ImportProblemKind, number>>>;
  /**
   * Rows per `incident_state` label as exported (mapped or not), over the rows with the right number of fields: what
   * a status mapping override is checked against (a label the log never has is most likely a typo).
   */
  readonly rowsByState: Readonly<Record<string, number>>;
}

/** How to read an export. Only `timeZone` is required. */
export interface ServiceNowImportOptions {
  /**
   * IANA zone of the instance's wall-clock timestamps (the export has none), e.g. `America/Sao_Paulo` for the UCI log.
   */
  readonly timeZone: string;
  /** Labels to add to or replace in `servicenowStatusMapping`. */
  readonly statusMapping?: StatusMapping | undefined;
  /** Default `auto`: gzip is recognised by its magic bytes. */
  readonly compression?: Compression | undefined;
  /**
   * Opt-in: emit one `agent_reply` at the first row where the incident is in an `open` or `pending` status (Active,
   * Awaiting ...) before it was ever resolved, as a stand-in for the first response the log does not record.
   * Default false: the log has no replies, so response targets cannot be measured from it.
   */
  readonly inferFirstResponse?: boolean | undefined;
  readonly onProblem?: ((problem: ImportProblem) => void) | undefined;
  readonly onProgress?: ((progress: ImportProgress) => void) | undefined;
  /** Rows between two progress reports; default 10,000. */
  readonly progressEvery?: number | undefined;
}

/** The incident as its last row left it (the file's last row of the incident; ServiceNow's final values). */
export interface ServiceNowFinalValues {
  /** Covenant status name of the last row's `incident_state`. */
  readonly status: string;
  readonly active: boolean | null;
  /** `made_sla` of the last row: ServiceNow's own SLA verdict, the ground truth to compare replays with. */
  readonly madeSla: boolean | null;
  /** `sys_updated_at` of the first row whose `made_sla` is false: when ServiceNow first recorded a breach. */
  readonly breachRecordedAt: number | null;
  readonly priority: string | null;
  readonly impact: string | null;
  readonly urgency: string | null;
  readonly category: string | null;
  readonly subcategory: string | null;
  readonly symptom: string | null;
  readonly assignmentGroup: string | null;
  readonly assignedTo: string | null;
  readonly contactType: string | null;
  readonly location: string | null;
  readonly caller: string | null;
  readonly closedCode: string | null;
  readonly resolvedBy: string | null;
  readonly problemId: string | null;
  readonly vendor: string | null;
  readonly knowledge: boolean | null;
  /** `opened_at` of the first row: the instant of the `opened` event. */
  readonly openedAt: number;
  /** `resolved_at` (ServiceNow's field; the resolved event itself is at the state change, see the decision record). */
  readonly resolvedAt: number | null;
  readonly closedAt: number | null;
  readonly reopenCount: number | null;
  readonly reassignmentCount: number | null;
  /** `sys_mod_count` of the last row. */
  readonly modCount: number | null;
}

/** One incident: its events in order, its final values, and where its rows are in the file. */
export interface ServiceNowIncident {
  readonly number: string;
  /** Sorted by `occurredAt` (never decreasing), ids unique within the incident and stable across re-imports. */
  readonly events: readonly TicketEvent[];
  /** The line of the row each event came from, parallel to `events`. */
  readonly eventLineNumbers: readonly number[];
  readonly final: ServiceNowFinalValues;
  /** Lines of the rows used, in file order. */
  readonly lineNumbers: readonly number[];
  /**
   * True when this number had already been emitted earlier in the file (an `incident_reappears` problem): these rows
   * are a fragment, imported as if they were the whole incident; ids repeat where the rows repeat.
   */
  readonly continuation: boolean;
}
