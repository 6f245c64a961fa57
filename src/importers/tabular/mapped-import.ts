/**
 * A mapped import without a database (`covenant import --dry-run`): every file's rows through the compiled mapping
 * into cases, counting rows, tickets, events and problems. Cases span files (a history exported in parts), so one
 * case assembler serves them all. `onEvents` receives each row's new events, for a caller that stores them.
 */
import type { TicketEvent } from '../../core/clocks/ticket-event.ts';
import {
  type CaseFacts,
  type CompiledImportMapping,
  caseAssemblerFor,
  createRowMapper,
  type ImportProblem,
  type ImportProblemKind,
} from '../../core/import-mapping/index.ts';
import type { ByteSource } from '../servicenow/text-chunks.ts';
import { readTabularRows, type TabularReadOptions } from './read-tabular.ts';

export interface MappedImportFile {
  readonly name: string;
  readonly open: () => ByteSource;
}

/** A problem and the file it was found in. */
export interface FileImportProblem extends ImportProblem {
  readonly file: string;
}

export interface MappedImportStats {
  /** Data rows read (not the header), usable or not. */
  rows: number;
  tickets: number;
  events: number;
  /** Rows whose event value the mapping says to ignore. */
  ignoredRows: number;
  /** Usable rows that changed nothing (the same status again, a ticket's opening repeated). */
  unchangedRows: number;
  problems: { total: number; byKind: Partial<Record<ImportProblemKind, number>> };
}

export interface MappedImportOptions extends Omit<TabularReadOptions, 'fileName' | 'onBytes'> {
  /** Stop at the first problem (`--strict`). */
  readonly strict?: boolean | undefined;
  /** How many problems to keep with their details (the rest are only counted); default 100. */
  readonly keepProblems?: number | undefined;
  readonly onEvents?: ((caseId: string, facts: CaseFacts, events: readonly TicketEvent[]) => void) | undefined;
  readonly onProgress?: ((progress: { file: string; rows: number; bytes: number }) => void) | undefined;
  /** Rows between two progress reports; default 50,000. */
  readonly progressEvery?: number | undefined;
}

export interface MappedImportResult {
  readonly stats: MappedImportStats;
  /** The first problems, in file order. */
  readonly problems: readonly FileImportProblem[];
  /** True when `strict` stopped the import at its first problem. */
  readonly stopped: boolean;
}

/** The mapping's columns missing from a file's header; the whole file is refused. */
export class MappedImportColumnsError extends Error {
  override readonly name = 'MappedImportColumnsError';
  readonly code = 'IMPORT_COLUMNS_MISSING';
  constructor(
    readonly file: string,
    readonly missing: readonly string[],
  ) {
    super(`${file}: the mapping reads column(s) the header does not have: ${missing.join(', ')}`);
  }
}

export async function runMappedImport(
  compiled: CompiledImportMapping,
  files: readonly MappedImportFile[],
  options: MappedImportOptions = {},
): Promise<MappedImportResult> {
  const mapRow = createRowMapper(compiled);
  const assembler = caseAssemblerFor(compiled);
  const keep = options.keepProblems ?? 100;
  const progressEvery = options.progressEvery ?? 50_000;
  const stats: MappedImportStats = {
    rows: 0,
    tickets: 0,
    events: 0,
    ignoredRows: 0,
    unchangedRows: 0,
    problems: { total: 0, byKind: {} },
  };
  const problems: FileImportProblem[] = [];
  const report = (file: string, problem: ImportProblem) => {
    stats.problems.total++;
    stats.problems.byKind[problem.kind] = (stats.problems.byKind[problem.kind] ?? 0) + 1;
    if (problems.length < keep) problems.push({ file, ...problem });
  };

  for (const file of files) {
    let bytes = 0;
    const items = readTabularRows(file.open(), {
      ...options,
      columns: compiled.columns,
      fileName: file.name,
      onBytes: (count) => {
        bytes += count;
      },
    });
    for await (const item of items) {
      if (item.kind === 'header') {
        const present = new Set(item.columns);
        const missing = compiled.columns.filter((column) => !present.has(column));
        if (missing.length > 0) throw new MappedImportColumnsError(file.name, missing);
        continue;
      }
      if (item.kind === 'problem') {
        // A record the reader could not split is a row of the file that is not imported.
        if (item.problem.kind !== 'csv_syntax') stats.rows++;
        report(file.name, item.problem);
      } else {
        stats.rows++;
        const mapped = mapRow(item.row);
        if (mapped.outcome === 'problem') report(file.name, mapped.problem);
        else if (mapped.outcome === 'ignored') stats.ignoredRows++;
        else {
          const added = assembler.add(mapped);
          if (added.events.length === 0) stats.unchangedRows++;
          else options.onEvents?.(added.caseId, mapped.facts, added.events);
        }
        if (stats.rows % progressEvery === 0) options.onProgress?.({ file: file.name, rows: stats.rows, bytes });
      }
      if (options.strict === true && stats.problems.total > 0) {
        await items.return(undefined);
        return finish(true);
      }
    }
    options.onProgress?.({ file: file.name, rows: stats.rows, bytes });
  }
  return finish(false);

  function finish(stopped: boolean): MappedImportResult {
    stats.tickets = assembler.tickets;
    stats.events = assembler.events;
    return { stats, problems, stopped };
  }
}
