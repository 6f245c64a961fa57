/**
 * Problems of a mapped import, as data: every row that cannot be used is reported with where it is (line, column),
 * what it held and why, under a stable kind that tooling and `--json` summaries count by. Nothing is dropped silently.
 */

export const importProblemKinds = [
  // Reading the file (src/importers/tabular).
  'csv_syntax',
  'wrong_field_count',
  'bad_json',
  'not_an_object',
  // Mapping a row (map-row.ts).
  'missing_case_id',
  'missing_timestamp',
  'bad_timestamp',
  'missing_event_value',
  'unknown_event_value',
  'unknown_priority',
  'unknown_impact',
  'unknown_urgency',
  'unknown_customer',
  'unknown_service',
  'unknown_actor',
] as const;

export type ImportProblemKind = (typeof importProblemKinds)[number];

/** One unusable row (or record): the row is not imported; `reason` says why in words. */
export interface ImportProblem {
  readonly kind: ImportProblemKind;
  /** 1-based line where the record starts in the file (the header is line 1), or the row number of a spreadsheet. */
  readonly line: number;
  /** The column at fault, when there is one. */
  readonly column: string | null;
  /** The value at fault, as read. */
  readonly value: string | null;
  readonly reason: string;
}
