/**
 * Builds small ServiceNow exports for the importer's unit tests: a row is the UCI log's 36 columns with plain
 * defaults, overridden by column name, so each test shows only what it is about.
 */
import { Readable } from 'node:stream';
import {
  type ImportProblem,
  type ImportProgress,
  type ImportStats,
  readServiceNowIncidents,
  type ServiceNowImportOptions,
  type ServiceNowIncident,
} from '../../../src/importers/servicenow/index.ts';

export const columns = [
  'number',
  'incident_state',
  'active',
  'reassignment_count',
  'reopen_count',
  'sys_mod_count',
  'made_sla',
  'caller_id',
  'opened_by',
  'opened_at',
  'sys_created_by',
  'sys_created_at',
  'sys_updated_by',
  'sys_updated_at',
  'contact_type',
  'location',
  'category',
  'subcategory',
  'u_symptom',
  'cmdb_ci',
  'impact',
  'urgency',
  'priority',
  'assignment_group',
  'assigned_to',
  'knowledge',
  'u_priority_confirmation',
  'notify',
  'problem_id',
  'rfc',
  'vendor',
  'caused_by',
  'closed_code',
  'resolved_by',
  'resolved_at',
  'closed_at',
] as const;

export type Column = (typeof columns)[number];

const defaults: Record<Column, string> = {
  number: 'INC0000001',
  incident_state: 'New',
  active: 'true',
  reassignment_count: '0',
  reopen_count: '0',
  sys_mod_count: '0',
  made_sla: 'true',
  caller_id: 'Caller 1',
  opened_by: 'Opened by  1',
  opened_at: '1/3/2016 09:00',
  sys_created_by: '?',
  sys_created_at: '?',
  sys_updated_by: 'Updated by 1',
  sys_updated_at: '1/3/2016 09:00',
  contact_type: 'Phone',
  location: 'Location 1',
  category: 'Category 1',
  subcategory: 'Subcategory 1',
  u_symptom: 'Symptom 1',
  cmdb_ci: '?',
  impact: '2 - Medium',
  urgency: '2 - Medium',
  priority: '3 - Moderate',
  assignment_group: 'Group 1',
  assigned_to: '?',
  knowledge: 'false',
  u_priority_confirmation: 'false',
  notify: 'Do Not Notify',
  problem_id: '?',
  rfc: '?',
  vendor: '?',
  caused_by: '?',
  closed_code: '?',
  resolved_by: '?',
  resolved_at: '?',
  closed_at: '?',
};

/** One CSV line: the defaults with the given columns replaced. */
export function row(values: Partial<Record<Column, string>> = {}): string {
  return columns.map((column) => values[column] ?? defaults[column]).join(',');
}

/** A whole export: the header, then the lines, each ending with a line feed. */
export function csv(...lines: string[]): string {
  return `${[columns.join(','), ...lines].join('\n')}\n`;
}

/** Rows of one incident: each entry overrides the previous row's values, like successive audit updates. */
export function updates(...changes: Partial<Record<Column, string>>[]): string[] {
  let current: Partial<Record<Column, string>> = {};
  return changes.map((change, index) => {
    current = { ...current, sys_mod_count: String(index), ...change };
    return row(current);
  });
}

export interface ImportOutcome {
  readonly incidents: ServiceNowIncident[];
  readonly problems: ImportProblem[];
  readonly progress: ImportProgress[];
  readonly stats: ImportStats;
}

/** Imports bytes or text given as one or more chunks (Sao Paulo time unless the options say otherwise). */
export async function importChunks(
  chunks: readonly (string | Uint8Array)[],
  options: Partial<ServiceNowImportOptions> = {},
): Promise<ImportOutcome> {
  const problems: ImportProblem[] = [];
  const progress: ImportProgress[] = [];
  const stream = readServiceNowIncidents(Readable.from(chunks), {
    timeZone: 'America/Sao_Paulo',
    onProblem: (problem) => problems.push(problem),
    onProgress: (report) => progress.push(report),
    ...options,
  });
  const incidents: ServiceNowIncident[] = [];
  for await (const incident of stream) incidents.push(incident);
  return { incidents, problems, progress, stats: stream.stats };
}

/** Imports one CSV text. */
export function importCsv(text: string, options: Partial<ServiceNowImportOptions> = {}): Promise<ImportOutcome> {
  return importChunks([text], options);
}

/** The instant of an ISO-8601 time with offset, for expectations written by hand. */
export function instant(iso: string): number {
  return Date.parse(iso);
}

/** Events without ids, for the tests that are about types, times and values. */
export function eventSummaries(incident: ServiceNowIncident | undefined): Record<string, unknown>[] {
  return (incident?.events ?? []).map(({ id: _id, ...rest }) => rest);
}
