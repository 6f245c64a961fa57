/** Importing any ticket history by a mapping file (docs/import-mapping.md): the public surface of the pure part. */
export { type AssembledRow, CaseAssembler, caseAssemblerFor } from './case-assembler.ts';
export {
  type CompiledImportMapping,
  compileImportMapping,
  compileImportMappingText,
  ImportMappingError,
  type ImportMappingErrorCode,
  type ImportMappingIssue,
  importMappingErrorCodes,
} from './compile-mapping.ts';
export { eventKeySource, importEventKey } from './event-key.ts';
export { type ImportProblem, type ImportProblemKind, importProblemKinds } from './import-problem.ts';
export { importMappingJsonSchema, importMappingJsonSchemaText } from './json-schema.ts';
export { type CandidateEvent, type CaseFacts, createRowMapper, type ImportRow, type MappedRow } from './map-row.ts';
export { type ImportMapping, importMappingSchema, type MappedEventType, mappedEventTypes } from './mapping-schema.ts';
export { compileTimestampFormat, type TimestampReader } from './timestamp-format.ts';
