/**
 * What every incident of one import shares: where the columns are, how timestamps read, the options that change the
 * mapping, and where problems go. Built once per import by read-incidents.ts.
 */
import type { ColumnIndexes } from './export-columns.ts';
import type { ImportProblemKind } from './import-types.ts';
import type { TimestampParser } from './servicenow-timestamp.ts';

/** Shared, read-only settings of one import. */
export interface IncidentContext {
  readonly columns: ColumnIndexes;
  readonly timeZone: string;
  /** For the final values (`resolved_at`, `closed_at`); rows' own timestamps are parsed before the builder. */
  readonly parseTimestamp: TimestampParser;
  readonly inferFirstResponse: boolean;
  readonly report: (
    kind: ImportProblemKind,
    severity: 'error' | 'warning',
    line: number,
    number: string | null,
    message: string,
  ) => void;
}
