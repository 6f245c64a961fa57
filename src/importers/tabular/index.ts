/** Readers of tabular files for the mapped import (docs/import-mapping.md#readers): CSV, JSON Lines, XLSX, gzip. */
export { sniffDelimiter } from './csv-rows.ts';
export {
  type FileImportProblem,
  MappedImportColumnsError,
  type MappedImportFile,
  type MappedImportOptions,
  type MappedImportResult,
  type MappedImportStats,
  runMappedImport,
} from './mapped-import.ts';
export { formatOfName, readTabularRows, type TabularReadOptions } from './read-tabular.ts';
export { type TabularFormat, type TabularItem, TabularReadError, tabularFormats } from './tabular-types.ts';
export type { TextEncoding } from './text-decoding.ts';
