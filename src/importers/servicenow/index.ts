/**
 * ServiceNow incident audit exports (e.g. the UCI incident event log) as Covenant ticket events: the public surface
 * of the importer. See docs/decisions/0005-servicenow-import.md for the mapping and every data decision.
 */

export { covenantLevel, covenantPriority, withCovenantLabels } from './covenant-labels.ts';
export { requiredColumns } from './export-columns.ts';
export {
  type ImportProblem,
  type ImportProblemKind,
  type ImportProgress,
  type ImportStats,
  importProblemKinds,
  type ServiceNowFinalValues,
  type ServiceNowImportOptions,
  type ServiceNowIncident,
} from './import-types.ts';
export { readServiceNowIncidents, ServiceNowImportError, type ServiceNowIncidentStream } from './read-incidents.ts';
export { createTimestampParser, type TimestampParser } from './servicenow-timestamp.ts';
export {
  isStatusName,
  resolveStatusMapping,
  type StatusCategory,
  type StatusMapping,
  type StatusMappingEntry,
  StatusMappingError,
  servicenowStatusMapping,
  statusCategories,
  statusNameForLabel,
} from './status-mapping.ts';
export type { ByteSource, Compression } from './text-chunks.ts';
