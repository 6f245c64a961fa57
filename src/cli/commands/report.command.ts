/**
 * `covenant report`: an agreement's compliance report for a period, as a summary for people, JSON, CSV or PDF
 * (decision 0014). Where the report comes from is composed in src/main: a running server's API (`--url` and
 * `--token`, or COVENANT_URL and COVENANT_TOKEN), else the database directly, which for the embedded database works
 * only while no server holds it (one process per data directory): then the command says to use the API.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { formatDuration } from '../../core/time/index.ts';
import { CliError, type CliIo, exitCodes, reportError } from '../cli-io.ts';

export const reportFormats = ['text', 'json', 'csv', 'pdf'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export interface ReportCommandRequest {
  /** The agreement's id (UUID) or its slug (metadata.id). */
  readonly agreement: string;
  readonly period?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** What to fetch: text is printed from the JSON. */
  readonly format: 'json' | 'csv' | 'pdf';
  readonly part: 'results' | 'breaches';
  readonly fresh: boolean;
  /** With the database directly: the workspace (slug), when it holds more than one. */
  readonly workspace?: string | undefined;
  readonly url?: string | undefined;
  readonly token?: string | undefined;
}

export interface ReportCommandResult {
  readonly body: string | Uint8Array;
  readonly fileName: string;
  /** Where it came from: `api <url>` or `database <location>`. */
  readonly source: string;
}

export interface ReportCommandHandlers {
  report(request: ReportCommandRequest): Promise<ReportCommandResult>;
}

interface ReportOptions {
  agreement: string;
  period?: string;
  from?: string;
  to?: string;
  format: ReportFormat;
  part: 'results' | 'breaches';
  output?: string;
  fresh?: boolean;
  workspace?: string;
  url?: string;
  token?: string;
  json?: boolean;
}

export function reportCommand(io: CliIo, handlers: ReportCommandHandlers, isTerminal: () => boolean): Command {
  return new Command('report')
    .description("an agreement's compliance report for a period: results, credits, trend (summary, JSON, CSV or PDF)")
    .requiredOption('-a, --agreement <id>', "the agreement's id or slug (metadata.id)")
    .option(
      '-p, --period <label>',
      'period label: 2026-10, 2026-Q4, 2026-W41, 2026-10-05 or 2026 (default: this month)',
    )
    .option('--from <instant>', 'start of a range of instants (ISO-8601 with an offset), with --to')
    .option('--to <instant>', 'end of the range (exclusive)')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...reportFormats]).default('text'))
    .addOption(
      new Option('--part <part>', 'for CSV: the results or the breach list')
        .choices(['results', 'breaches'])
        .default('results'),
    )
    .option('-o, --output <file>', 'write to this file (needed for a PDF unless standard output is redirected)')
    .option('--fresh', 'recompute a closed period from the data now instead of the published report')
    .option('-w, --workspace <slug>', 'with the database directly: the workspace, when there are several')
    .option('--url <url>', 'a running server to ask (default COVENANT_URL); needs --token or COVENANT_TOKEN')
    .option('--token <token>', 'API token for --url (default COVENANT_TOKEN)')
    .option('--json', 'print the report (or, with --output, what was written) and errors as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  covenant report --agreement stalmet-erp-support --period 2026-10\n' +
        '  covenant report -a stalmet-erp-support -p 2026-10 --format pdf --output report.pdf\n' +
        '  covenant report -a stalmet-erp-support -p 2026-10 -f csv --part breaches --url http://127.0.0.1:3000 --token cov_...\n',
    )
    .action(async (options: ReportOptions) => {
      try {
        process.exitCode = await runReport(io, handlers, options, isTerminal);
      } catch (error) {
        process.exitCode = reportError(io, error, options.json === true);
      }
    });
}

async function runReport(
  io: CliIo,
  handlers: ReportCommandHandlers,
  options: ReportOptions,
  isTerminal: () => boolean,
): Promise<number> {
  const format = options.json && options.format === 'text' ? 'json' : options.format;
  if (format === 'pdf' && options.output === undefined && isTerminal()) {
    throw new CliError('OUTPUT_REQUIRED', 'a PDF is not for a terminal: give --output FILE (or redirect the output)');
  }
  const result = await handlers.report({
    agreement: options.agreement,
    period: options.period,
    from: options.from,
    to: options.to,
    format: format === 'text' ? 'json' : format,
    part: options.part,
    fresh: options.fresh === true,
    workspace: options.workspace,
    url: options.url,
    token: options.token,
  });
  const body = format === 'text' ? summaryOf(JSON.parse(result.body as string)) : result.body;
  if (options.output !== undefined) {
    const path = resolve(io.cwd, options.output);
    writeFileSync(path, body);
    const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    io.stdout.write(
      options.json
        ? `${JSON.stringify({ file: path, bytes, format, source: result.source })}\n`
        : `wrote ${path} (${bytes} bytes, ${format}, from the ${result.source})\n`,
    );
  } else {
    io.stdout.write(typeof body === 'string' && !body.endsWith('\n') ? `${body}\n` : body);
  }
  return exitCodes.ok;
}

/** What a person reads first: the period, each target against its goal with RAG, credits and triggers raised. */
// biome-ignore lint/suspicious/noExplicitAny: the report document as the API gives it
function summaryOf(report: any): string {
  const lines = [
    `${report.agreement.title} (${report.agreement.slug}), ${report.agreement.customerName}`,
    `period ${report.period.label ?? `${report.period.from} - ${report.period.to}`} (${report.period.timezone}), ` +
      `version ${report.version.number}, ${report.publication.status}`,
    '',
  ];
  const width = Math.max(...report.targets.map((target: { id: string }) => target.id.length), 6);
  for (const target of report.targets) {
    const value =
      target.value === null
        ? '-'
        : target.goal?.unit === 'minutes'
          ? formatDuration(target.value * 60_000, 'business')
          : target.goal?.unit === 'percent'
            ? `${target.value.toFixed(2)} %`
            : String(target.value);
    const counts = target.tickets ? `  met ${target.tickets.met}, breached ${target.tickets.breached}` : '';
    lines.push(`${target.id.padEnd(width)}  ${value.padStart(20)}  ${target.rag.status.padEnd(5)}${counts}`);
  }
  lines.push('');
  if (report.credits) {
    lines.push(
      `service credit: ${report.credits.credit.toFixed(2)} ${report.credits.currency}${report.credits.provisional ? ' (provisional)' : ''}`,
    );
  }
  const raised = (report.termination ?? []).filter((status: { triggered: boolean }) => status.triggered);
  lines.push(`termination triggers raised: ${raised.length}`);
  if (report.corrections?.dataChanged)
    lines.push(`corrections since publication: ${report.corrections.changes.length}`);
  return `${lines.join('\n')}\n`;
}
