/**
 * What the tabular readers hand the mapped import: a header (CSV and XLSX), then rows with their line numbers and
 * problems in file order, so a strict import can stop at the first one and a report can say where each is.
 */
import type { ImportProblem, ImportRow } from '../../core/import-mapping/index.ts';

export type TabularItem =
  | { readonly kind: 'header'; readonly columns: readonly string[] }
  | { readonly kind: 'row'; readonly row: ImportRow }
  | { readonly kind: 'problem'; readonly problem: ImportProblem };

export const tabularFormats = ['csv', 'jsonl', 'xlsx'] as const;
export type TabularFormat = (typeof tabularFormats)[number];

/** A file that cannot be read at all (corrupt gzip or XLSX, an undecodable encoding, no header); stable codes. */
export class TabularReadError extends Error {
  override readonly name = 'TabularReadError';
  constructor(
    readonly code: 'IMPORT_FILE_UNREADABLE' | 'IMPORT_ENCODING_INVALID' | 'IMPORT_FILE_EMPTY' | 'IMPORT_SHEET_MISSING',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
