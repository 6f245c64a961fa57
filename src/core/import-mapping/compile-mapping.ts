/**
 * Validates an import mapping (YAML text or an already-parsed value) once, before any row is read, and compiles it:
 * timestamp readers, value lookups and the list of columns the file must have. Every mistake is reported at its path
 * in the mapping (`event.values.Closed.event: ...`), in the style of the agreement's validation (validation-issues.ts).
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { canonicalTimeZone } from '../time/time-zone.ts';
import { formatPath, toDomainIssues } from '../validation-issues.ts';
import { type ImportMapping, importMappingSchema } from './mapping-schema.ts';
import { compileTimestampFormat, type TimestampReader } from './timestamp-format.ts';

export const importMappingErrorCodes = ['IMPORT_MAPPING_PARSE_ERROR', 'IMPORT_MAPPING_INVALID'] as const;
export type ImportMappingErrorCode = (typeof importMappingErrorCodes)[number];

/** One mistake in a mapping: where it is and what is wrong. */
export interface ImportMappingIssue {
  readonly path: string;
  readonly code: ImportMappingErrorCode;
  readonly message: string;
}

/** A mapping that cannot be used; `issues` lists every mistake found, the message names the first. */
export class ImportMappingError extends Error {
  override readonly name = 'ImportMappingError';
  readonly code: ImportMappingErrorCode;
  readonly issues: readonly ImportMappingIssue[];

  constructor(issues: readonly ImportMappingIssue[]) {
    const first = issues[0]!;
    const where = first.path === '' ? '' : `${first.path}: `;
    super(
      issues.length === 1 ? `${where}${first.message}` : `${issues.length} problems, first: ${where}${first.message}`,
    );
    this.code = first.code;
    this.issues = issues;
  }
}

/** A validated mapping with what reading rows needs precomputed. */
export interface CompiledImportMapping {
  readonly mapping: ImportMapping;
  /** Every column the mapping reads: the file's header must contain them all. */
  readonly columns: readonly string[];
  /** A reader of timestamp cells in the mapping's format and zone; one per column, as each caches its last value. */
  readonly createTimestampReader: () => TimestampReader;
  readonly missingValues: ReadonlySet<string>;
}

/** Parses YAML (or JSON) text and compiles it. */
export function compileImportMappingText(text: string): CompiledImportMapping {
  let value: unknown;
  try {
    value = parseYaml(text, { prettyErrors: false });
  } catch (error) {
    const message = error instanceof YAMLParseError ? error.message : String(error);
    throw new ImportMappingError([{ path: '', code: 'IMPORT_MAPPING_PARSE_ERROR', message: `not YAML: ${message}` }]);
  }
  return compileImportMapping(value);
}

/** Validates a parsed mapping and compiles it; throws ImportMappingError listing every mistake. */
export function compileImportMapping(value: unknown): CompiledImportMapping {
  const parsed = importMappingSchema.safeParse(value);
  if (!parsed.success) {
    // The house translation of zod issues; the code is this module's own, not a domain code.
    const issues = toDomainIssues(parsed.error.issues, 'REQUEST_INVALID').map((issue) => ({
      path: issue.path,
      code: 'IMPORT_MAPPING_INVALID' as const,
      message: issue.message,
    }));
    throw new ImportMappingError(issues);
  }
  const mapping = parsed.data;
  const issues: ImportMappingIssue[] = [];
  const invalid = (path: readonly PropertyKey[], message: string) =>
    issues.push({ path: formatPath(path), code: 'IMPORT_MAPPING_INVALID', message });
  const zone = canonicalTimeZone(mapping.timestamps.zone);
  if (zone === undefined) invalid(['timestamps', 'zone'], `unknown IANA time zone "${mapping.timestamps.zone}"`);
  const reader = compileTimestampFormat(mapping.timestamps.format, zone ?? 'UTC');
  if ('error' in reader) invalid(['timestamps', 'format'], reader.error);
  if (mapping.event !== undefined && 'columns' in mapping.event) {
    const known = new Set(mapping.event.columns);
    mapping.event.rules.forEach((rule, index) => {
      for (const column of Object.keys(rule.when)) {
        if (!known.has(column))
          invalid(['event', 'rules', index, 'when', column], `"${column}" is not in event.columns`);
      }
    });
  }
  if (issues.length > 0) throw new ImportMappingError(issues);
  return {
    mapping,
    columns: columnsOf(mapping),
    createTimestampReader: () => compileTimestampFormat(mapping.timestamps.format, zone!) as TimestampReader,
    missingValues: new Set(mapping.missingValues ?? ['']),
  };
}

function columnsOf(mapping: ImportMapping): string[] {
  const columns = [mapping.caseId];
  const add = (column: string | undefined) => {
    if (column !== undefined) columns.push(column);
  };
  add(mapping.eventLog?.at);
  add(mapping.eventLog?.openedAt);
  add(mapping.eventLog?.sequence);
  add(mapping.snapshot?.openedAt);
  add(mapping.snapshot?.resolvedAt);
  add(mapping.snapshot?.closedAt);
  if (mapping.event !== undefined) {
    if ('column' in mapping.event) add(mapping.event.column);
    else columns.push(...mapping.event.columns);
  }
  for (const source of [mapping.priority, mapping.impact, mapping.urgency, mapping.actor]) add(source?.column);
  for (const source of [mapping.customer, mapping.service]) {
    if (source !== undefined && 'column' in source) add(source.column);
  }
  add(mapping.text?.title);
  const description = mapping.text?.description;
  if (Array.isArray(description)) columns.push(...description);
  else add(description);
  return [...new Set(columns)];
}
