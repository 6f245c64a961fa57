/**
 * The streaming ServiceNow importer: bytes in, incidents out, one at a time, with memory bounded by one input chunk
 * and one incident (plus the set of incident numbers already seen, to report a number that reappears). It relies on
 * the export being grouped by incident (ServiceNow sorts by `number`) and reports, rather than crashes on, rows that
 * break that or any other expectation. Every row is validated here; incident-builder.ts only diffs valid rows.
 */
import { canonicalTimeZone } from '../../core/time/time-zone.ts';
import { CsvRecordSplitter } from './csv-record-splitter.ts';
import { type ColumnIndexes, indexColumns, isDigits } from './export-columns.ts';
import type { ImportProblemKind, ImportStats, ServiceNowImportOptions, ServiceNowIncident } from './import-types.ts';
import { IncidentBuilder } from './incident-builder.ts';
import type { IncidentContext } from './incident-context.ts';
import { createTimestampParser, type TimestampParser } from './servicenow-timestamp.ts';
import { resolveStatusMapping, type StatusMappingEntry } from './status-mapping.ts';
import { type ByteSource, decodeTextChunks } from './text-chunks.ts';

const DEFAULT_PROGRESS_EVERY = 10_000;

/** The input cannot be imported at all (bad options, no header, a required column missing, corrupt gzip). */
export class ServiceNowImportError extends Error {
  override readonly name = 'ServiceNowImportError';
}

/** The incidents of one export, read lazily; `stats` is complete once the iteration has ended. */
export interface ServiceNowIncidentStream extends AsyncIterable<ServiceNowIncident> {
  readonly stats: ImportStats;
}

/**
 * Reads a ServiceNow incident audit export (CSV, plain or gzip) as incidents with ticket events. Options are checked
 * at once (unknown zone, bad status mapping: ServiceNowImportError / StatusMappingError); row problems go to
 * `onProblem` and the import continues. The stream can be iterated once.
 */
export function readServiceNowIncidents(input: ByteSource, options: ServiceNowImportOptions): ServiceNowIncidentStream {
  const timeZone = canonicalTimeZone(options.timeZone);
  if (timeZone === undefined) throw new ServiceNowImportError(`unknown IANA time zone: ${options.timeZone}`);
  const progressEvery = options.progressEvery ?? DEFAULT_PROGRESS_EVERY;
  if (!Number.isInteger(progressEvery) || progressEvery < 1) {
    throw new ServiceNowImportError(`progressEvery must be a positive integer, got ${progressEvery}`);
  }
  return new IncidentStream(input, options, timeZone, resolveStatusMapping(options.statusMapping), progressEvery);
}

/** The next text chunk; a failure to read or decompress the input is fatal and says so. */
async function readNext(chunks: AsyncGenerator<string>): Promise<IteratorResult<string>> {
  try {
    return await chunks.next();
  } catch (error) {
    throw new ServiceNowImportError(`cannot read the export: ${(error as Error).message}`, { cause: error });
  }
}

class IncidentStream implements ServiceNowIncidentStream {
  private readonly input: ByteSource;
  private readonly options: ServiceNowImportOptions;
  private readonly timeZone: string;
  private readonly mapping: ReadonlyMap<string, StatusMappingEntry>;
  private readonly progressEvery: number;
  private readonly parseUpdatedAt: TimestampParser;
  private readonly parseOpenedAt: TimestampParser;
  private readonly seen = new Set<string>();
  private readonly problemsByKind: Partial<Record<ImportProblemKind, number>> = {};
  private readonly rowsByState = new Map<string, number>();
  private context: IncidentContext | undefined;
  private current: IncidentBuilder | undefined;
  private ready: ServiceNowIncident[] = [];
  private started = false;
  private rows = 0;
  private incidents = 0;
  private events = 0;
  private bytes = 0;
  private problems = 0;
  private skippedRows = 0;

  constructor(
    input: ByteSource,
    options: ServiceNowImportOptions,
    timeZone: string,
    mapping: ReadonlyMap<string, StatusMappingEntry>,
    progressEvery: number,
  ) {
    this.input = input;
    this.options = options;
    this.timeZone = timeZone;
    this.mapping = mapping;
    this.progressEvery = progressEvery;
    this.parseUpdatedAt = createTimestampParser(timeZone);
    this.parseOpenedAt = createTimestampParser(timeZone);
  }

  get stats(): ImportStats {
    return {
      rows: this.rows,
      incidents: this.incidents,
      events: this.events,
      bytes: this.bytes,
      skippedRows: this.skippedRows,
      problems: this.problems,
      problemsByKind: { ...this.problemsByKind },
      rowsByState: Object.fromEntries(this.rowsByState),
    };
  }

  [Symbol.asyncIterator](): AsyncIterator<ServiceNowIncident> {
    if (this.started) throw new ServiceNowImportError('a ServiceNow import stream can be iterated only once');
    this.started = true;
    return this.run();
  }

  private async *run(): AsyncGenerator<ServiceNowIncident> {
    const splitter = new CsvRecordSplitter(
      (fields, line) => this.acceptRecord(fields, line),
      (line, reason) => this.report('csv_syntax', 'error', line, null, reason),
    );
    const chunks = decodeTextChunks(this.input, this.options.compression ?? 'auto', (bytes) => {
      this.bytes += bytes;
    });
    try {
      for (;;) {
        const next = await readNext(chunks);
        if (next.done === true) break;
        splitter.push(next.value);
        if (this.ready.length > 0) yield* this.takeReady();
      }
    } finally {
      await chunks.return(undefined);
    }
    splitter.finish();
    if (this.context === undefined) throw new ServiceNowImportError('the input is empty: no header row');
    this.finishCurrent();
    yield* this.takeReady();
    this.options.onProgress?.({ rows: this.rows, incidents: this.incidents, bytes: this.bytes });
  }

  private takeReady(): ServiceNowIncident[] {
    const batch = this.ready;
    this.ready = [];
    return batch;
  }

  private acceptRecord(fields: string[], line: number): void {
    const context = this.context;
    if (context === undefined) {
      this.context = this.contextFromHeader(fields);
      return;
    }
    this.rows++;
    this.acceptRow(fields, line, context);
    if (this.rows % this.progressEvery === 0) {
      this.options.onProgress?.({ rows: this.rows, incidents: this.incidents, bytes: this.bytes });
    }
  }

  private acceptRow(fields: string[], line: number, context: IncidentContext): void {
    const columns = context.columns;
    if (fields.length !== columns.count) {
      const number = fields.length > columns.number ? (fields[columns.number] ?? null) : null;
      const message = `expected ${columns.count} fields, got ${fields.length}`;
      this.report('wrong_field_count', 'error', line, number, message);
      return;
    }
    const label = fields[columns.incidentState]!;
    this.rowsByState.set(label, (this.rowsByState.get(label) ?? 0) + 1);
    const number = fields[columns.number]!;
    if (number === '' || number === '?') {
      this.report('missing_number', 'error', line, null, 'the number (incident id) is missing');
      return;
    }
    const updatedAt = this.parseUpdatedAt(fields[columns.sysUpdatedAt]!);
    if (updatedAt === undefined) {
      this.reportBadTimestamp(line, number, 'sys_updated_at', fields[columns.sysUpdatedAt]!);
      return;
    }
    const openedAt = this.parseOpenedAt(fields[columns.openedAt]!);
    if (openedAt === undefined) {
      this.reportBadTimestamp(line, number, 'opened_at', fields[columns.openedAt]!);
      return;
    }
    const state = this.mapping.get(label);
    if (state === undefined) {
      const why = label === '-100' ? 'the undocumented state -100' : `the unknown state ${JSON.stringify(label)}`;
      this.report('unknown_state', 'error', line, number, `${why} maps to no status; row skipped`);
      return;
    }
    const modCount = fields[columns.sysModCount]!;
    if (!isDigits(modCount)) {
      const message = `sys_mod_count ${JSON.stringify(modCount)} is not a whole number`;
      this.report('bad_sys_mod_count', 'error', line, number, message);
      return;
    }
    let builder = this.current;
    if (builder === undefined || builder.number !== number) builder = this.startIncident(number, line, context);
    builder.addRow(fields, line, updatedAt, openedAt, state, modCount);
  }

  private contextFromHeader(header: string[]): IncidentContext {
    const columns: ColumnIndexes | { missing: string[] } = indexColumns(header);
    if ('missing' in columns) {
      throw new ServiceNowImportError(
        `not a ServiceNow incident export: missing column(s) ${columns.missing.join(', ')}`,
      );
    }
    return {
      columns,
      timeZone: this.timeZone,
      parseTimestamp: createTimestampParser(this.timeZone),
      inferFirstResponse: this.options.inferFirstResponse ?? false,
      report: (kind, severity, line, number, message) => this.report(kind, severity, line, number, message),
    };
  }

  private startIncident(number: string, line: number, context: IncidentContext): IncidentBuilder {
    this.finishCurrent();
    const continuation = this.seen.has(number);
    if (continuation) {
      const message = `incident ${number} appeared earlier in the file: its rows are not contiguous; imported again`;
      this.report('incident_reappears', 'warning', line, number, message);
    } else {
      this.seen.add(number);
    }
    this.current = new IncidentBuilder(number, context, continuation);
    return this.current;
  }

  private finishCurrent(): void {
    const incident = this.current?.finish();
    this.current = undefined;
    if (incident === undefined) return;
    this.ready.push(incident);
    this.incidents++;
    this.events += incident.events.length;
  }

  private reportBadTimestamp(line: number, number: string, column: string, text: string): void {
    const message = `${column} ${JSON.stringify(text)} is not a timestamp (expected d/m/yyyy H:MM)`;
    this.report('bad_timestamp', 'error', line, number, message);
  }

  private report(
    kind: ImportProblemKind,
    severity: 'error' | 'warning',
    line: number,
    number: string | null,
    message: string,
  ): void {
    this.problems++;
    this.problemsByKind[kind] = (this.problemsByKind[kind] ?? 0) + 1;
    if (severity === 'error' && kind !== 'csv_syntax') this.skippedRows++;
    this.options.onProblem?.({ kind, severity, line, number, message });
  }
}
