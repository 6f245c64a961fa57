/**
 * `covenant import --mapping MAPPING.yaml [--dry-run] [--strict] [--json] FILE...`: any ticket history through an
 * import mapping (docs/import-mapping.md). The dry run needs no database: it reads, maps and groups the events per
 * case, and says what an import would record and which rows it could not use. Storing is not available yet: without
 * `--dry-run` the command refuses with IMPORT_STORE_NOT_AVAILABLE rather than pretend.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { Command, Option } from 'commander';
import {
  type CompiledImportMapping,
  compileImportMappingText,
  ImportMappingError,
} from '../../core/import-mapping/index.ts';
import {
  type FileImportProblem,
  MappedImportColumnsError,
  type MappedImportResult,
  runMappedImport,
  TabularReadError,
  tabularFormats,
} from '../../importers/tabular/index.ts';
import { CliError, type CliIo, exitCodes, reportError } from '../cli-io.ts';

interface ImportOptions {
  mapping: string;
  dryRun?: boolean;
  strict?: boolean;
  json?: boolean;
  format?: (typeof tabularFormats)[number];
  encoding?: string;
  delimiter?: string;
  sheet?: string;
}

const problemsShown = { json: 20, text: 10 } as const;
const progressEveryRows = 50_000;

export function importCommand(io: CliIo): Command {
  return new Command('import')
    .description('import a ticket history (event log or snapshots) through a mapping file')
    .argument('<files...>', 'CSV, JSON Lines or XLSX files, plain or gzip')
    .requiredOption('-m, --mapping <file>', 'the import mapping (YAML, docs/import-mapping.md)')
    .option('--dry-run', 'read and map everything, store nothing (no database needed)')
    .option('--strict', 'stop at the first problem (exit status 2)')
    .option('--json', 'print the summary as JSON')
    .addOption(
      new Option('--format <format>', 'file format (default: from the name, else the content)').choices([
        ...tabularFormats,
      ]),
    )
    .option(
      '--encoding <label>',
      'CSV/JSONL encoding: auto (UTF-8, BOM or not), windows-1252, windows-1250, ...',
      'auto',
    )
    .option('--delimiter <char>', 'CSV delimiter (default: sniffed from the header line)')
    .option('--sheet <name>', 'XLSX worksheet (default: the first)')
    .addHelpText(
      'after',
      '\nProblems (unusable rows) are reported with file, line, column, value and reason; the other rows are still\n' +
        'read unless --strict. Exit status 2 for a bad mapping, an unreadable file or (with --strict) a problem.\n' +
        'Example: covenant import --dry-run --mapping examples/import/uci-incident-event-log.yaml incident_event_log.csv.gz\n',
    )
    .action(async (files: string[], options: ImportOptions) => {
      try {
        process.exitCode = await runImport(io, files, options);
      } catch (error) {
        process.exitCode = reportError(io, asCliError(error), options.json === true);
      }
    });
}

async function runImport(io: CliIo, files: readonly string[], options: ImportOptions): Promise<number> {
  const compiled = await loadMapping(resolve(io.cwd, options.mapping));
  if (options.dryRun !== true) {
    throw new CliError(
      'IMPORT_STORE_NOT_AVAILABLE',
      'storing imported tickets is not available yet: run with --dry-run to check the mapping and the files',
      exitCodes.badInput,
    );
  }
  if (options.delimiter !== undefined && options.delimiter.length !== 1 && options.delimiter !== '\\t') {
    throw new CliError('IMPORT_OPTION_INVALID', `--delimiter must be one character, got "${options.delimiter}"`);
  }
  const inputs = [];
  for (const file of files) {
    const path = resolve(io.cwd, file);
    await assertReadableFile(path, file);
    inputs.push({ name: file, open: () => createReadStream(path) });
  }
  const result = await runMappedImport(compiled, inputs, {
    strict: options.strict === true,
    format: options.format,
    encoding: options.encoding,
    delimiter: options.delimiter === '\\t' ? '\t' : options.delimiter,
    sheet: options.sheet,
    progressEvery: progressEveryRows,
    onProgress: ({ file, rows, bytes }) => {
      // Only a long file is worth a progress line; the summary says the rest.
      if (rows < progressEveryRows) return;
      io.stderr.write(
        `${basename(file)}: ${rows.toLocaleString('en-US')} rows, ${(bytes / 1_048_576).toFixed(1)} MiB read\n`,
      );
    },
  });
  io.stdout.write(
    options.json === true ? `${JSON.stringify(jsonSummary(files, result))}\n` : textSummary(files, result),
  );
  return result.stopped ? exitCodes.badInput : exitCodes.ok;
}

async function loadMapping(path: string): Promise<CompiledImportMapping> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError('IMPORT_MAPPING_UNREADABLE', `cannot read the mapping ${path}: ${(error as Error).message}`);
  }
  return compileImportMappingText(text);
}

async function assertReadableFile(path: string, name: string): Promise<void> {
  try {
    if ((await stat(path)).isFile()) return;
  } catch {
    // reported below
  }
  throw new CliError('IMPORT_FILE_UNREADABLE', `cannot read ${name}: no such file`);
}

/** The import's own errors are bad input (exit status 2) with their stable codes. */
function asCliError(error: unknown): unknown {
  if (error instanceof ImportMappingError) {
    return new CliError(error.code, `mapping: ${error.message}`, exitCodes.badInput, { issues: error.issues });
  }
  if (error instanceof TabularReadError) return new CliError(error.code, error.message, exitCodes.badInput);
  if (error instanceof MappedImportColumnsError) {
    return new CliError(error.code, error.message, exitCodes.badInput, { file: error.file, missing: error.missing });
  }
  return error;
}

function jsonSummary(files: readonly string[], result: MappedImportResult) {
  const { stats } = result;
  return {
    dryRun: true,
    files,
    rows: stats.rows,
    tickets: stats.tickets,
    events: stats.events,
    ignoredRows: stats.ignoredRows,
    unchangedRows: stats.unchangedRows,
    problems: {
      total: stats.problems.total,
      byKind: stats.problems.byKind,
      first: result.problems.slice(0, problemsShown.json),
    },
    stopped: result.stopped,
  };
}

function textSummary(files: readonly string[], result: MappedImportResult): string {
  const { stats } = result;
  const n = (value: number) => value.toLocaleString('en-US');
  const lines = [
    `Dry run (nothing stored) of ${files.length === 1 ? files[0] : `${files.length} files`}:`,
    `  ${n(stats.rows)} rows -> ${n(stats.tickets)} tickets, ${n(stats.events)} events`,
    `  ${n(stats.ignoredRows)} rows ignored by the mapping, ${n(stats.unchangedRows)} rows without a change`,
  ];
  if (stats.problems.total === 0) lines.push('  no problems');
  else {
    const kinds = Object.entries(stats.problems.byKind)
      .map(([kind, count]) => `${n(count)} ${kind}`)
      .join(', ');
    lines.push(`  ${n(stats.problems.total)} problems (rows not imported): ${kinds}`);
    for (const problem of result.problems.slice(0, problemsShown.text)) lines.push(`    ${describeProblem(problem)}`);
  }
  if (result.stopped) lines.push('Stopped at the first problem (--strict).');
  return `${lines.join('\n')}\n`;
}

function describeProblem(problem: FileImportProblem): string {
  const where = `${problem.file}:${problem.line}${problem.column === null ? '' : ` ${problem.column}`}`;
  const value = problem.value === null ? '' : ` ${JSON.stringify(problem.value)}`;
  return `${where}${value}: ${problem.reason} [${problem.kind}]`;
}
