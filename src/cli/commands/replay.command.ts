/**
 * `covenant replay`: evaluate every ticket of an exported incident log against an agreement, in memory, and print
 * per-target attainment, how often our resolution verdict agrees with the log's own SLA flag, and the timings.
 */
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command, Option } from 'commander';
import { type ReplayResult, replayTickets } from '../../app/replay/replay-tickets.ts';
import { clockPolicyOf, metricName } from '../../core/agreement/index.ts';
import { formatDuration, formatInstant, formatInstantUtc, parseInstant } from '../../core/time/index.ts';
import type { ImportProblem, ImportStats } from '../../importers/servicenow/index.ts';
import { loadAgreementFile } from '../agreement-file.ts';
import { type CliIo, exitCodes, reportError } from '../cli-io.ts';
import { loadTicketLog } from '../ticket-log.ts';

interface ReplayOptions {
  format: string;
  agreement: string;
  timezone: string;
  now?: string;
  inferFirstResponse?: boolean;
  json?: boolean;
}

export function replayCommand(io: CliIo): Command {
  return new Command('replay')
    .description('replay an exported incident log against an agreement and report what it would have measured')
    .argument('<log>', 'the incident log (ServiceNow audit export, CSV or CSV.gz)')
    .addOption(new Option('--format <format>', 'log format').choices(['servicenow']).default('servicenow'))
    .requiredOption('-a, --agreement <file>', 'agreement file (YAML or JSON)')
    .requiredOption('-z, --timezone <zone>', "IANA zone of the log's local timestamps, e.g. America/Sao_Paulo")
    .option('--now <iso>', 'evaluate at this instant (default: the last event of the log)')
    .option('--infer-first-response', 'treat the first move to an active or awaiting state as the first response')
    .option('--json', 'print the result as JSON')
    .action(async (log: string, options: ReplayOptions) => {
      try {
        process.exitCode = await runReplay(io, log, options);
      } catch (error) {
        process.exitCode = reportError(io, error, options.json === true);
      }
    });
}

async function runReplay(io: CliIo, log: string, options: ReplayOptions): Promise<number> {
  const started = performance.now();
  const now = options.now === undefined ? undefined : parseInstant(options.now, '--now');
  const { agreement } = loadAgreementFile(options.agreement, io.cwd);
  const policy = clockPolicyOf(agreement);
  const { path, tickets, stats, problems } = await loadTicketLog(io, log, options);
  const imported = performance.now();
  const result = replayTickets(policy, tickets, now === undefined ? {} : { now });
  const evaluated = performance.now();
  const timings = {
    importMs: Math.round(imported - started),
    evaluationMs: Math.round(evaluated - imported),
    totalMs: Math.round(evaluated - started),
  };
  if (options.json) {
    io.stdout.write(`${JSON.stringify(jsonReport(path, agreement.metadata.id, stats, problems, result, timings))}\n`);
  } else {
    io.stdout.write(textReport(path, agreement.metadata.id, options.timezone, stats, problems, result, timings));
  }
  return exitCodes.ok;
}

type Timings = { importMs: number; evaluationMs: number; totalMs: number };

function jsonReport(
  path: string,
  agreementId: string,
  stats: ImportStats,
  problems: readonly ImportProblem[],
  result: ReplayResult,
  timings: Timings,
) {
  return {
    log: path,
    agreement: agreementId,
    incidents: result.tickets,
    rows: stats.rows,
    events: result.events,
    now: formatInstantUtc(result.now),
    targets: result.targets.map((target) => ({
      id: target.targetId,
      metric: target.metric,
      met: target.met,
      breached: target.breached,
      open: target.open,
      cancelled: target.cancelled,
      attainmentPercent: target.attainmentPercent,
      usedMinutes: {
        mean: minutes(target.usedMs.mean),
        median: minutes(target.usedMs.median),
        p90: minutes(target.usedMs.p90),
      },
    })),
    agentReplies: result.agentReplies,
    madeSla: result.recordedVerdict,
    problems: { total: stats.problems, byKind: stats.problemsByKind, first: problems.slice(0, 10) },
    timings,
  };
}

function textReport(
  path: string,
  agreementId: string,
  timeZone: string,
  stats: ImportStats,
  problems: readonly ImportProblem[],
  result: ReplayResult,
  timings: Timings,
): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const pct = (value: number | null) => (value === null ? '-' : `${value.toFixed(1)}%`);
  const lines = [
    `Replayed ${n(result.tickets)} incidents (${n(stats.rows)} rows, ${n(result.events)} events) from ${basename(path)} against ${agreementId}.`,
    `Evaluated at ${formatInstant(result.now, timeZone)}.`,
    '',
    `${'target'.padEnd(16)}${'metric'.padEnd(17)}${'met'.padStart(8)}${'breached'.padStart(10)}${'open'.padStart(7)}${'cancelled'.padStart(11)}${'attainment'.padStart(12)}${'median'.padStart(22)}${'p90'.padStart(22)}`,
  ];
  for (const target of result.targets) {
    lines.push(
      `${target.targetId.padEnd(16)}${metricName(target.metric).padEnd(17)}${n(target.met).padStart(8)}${n(target.breached).padStart(10)}${n(target.open).padStart(7)}${n(target.cancelled).padStart(11)}${pct(target.attainmentPercent).padStart(12)}${businessTime(target.usedMs.median).padStart(22)}${businessTime(target.usedMs.p90).padStart(22)}`,
    );
  }
  if (result.agentReplies === 0 && result.targets.some((target) => target.metric.endsWith('_response'))) {
    lines.push(
      '',
      'Note: the log has no agent replies, so response cycles stop only at the resolution; their figures measure time',
      'to resolution. Use --infer-first-response to take the first move to an active state as the first response.',
    );
  }
  const verdict = result.recordedVerdict;
  const confusion = verdict.confusion;
  lines.push(
    '',
    `Resolution verdict vs the log's final made_sla (a sanity figure: the company's real targets are unknown): ${pct(verdict.agreementPercent)} agree over ${n(verdict.compared)} incidents`,
    `  made_sla true : ours met ${n(confusion.recordedMetOursMet)}, ours breached ${n(confusion.recordedMetOursBreached)}`,
    `  made_sla false: ours met ${n(confusion.recordedBreachedOursMet)}, ours breached ${n(confusion.recordedBreachedOursBreached)}`,
  );
  if (stats.problems > 0) {
    const kinds = Object.entries(stats.problemsByKind)
      .map(([kind, count]) => `${count} ${kind}`)
      .join(', ');
    lines.push('', `Import problems: ${kinds}.`);
    for (const problem of problems.slice(0, 5)) lines.push(`  line ${problem.line}: ${problem.message}`);
  }
  lines.push(
    '',
    `Time: import ${seconds(timings.importMs)}, evaluation ${seconds(timings.evaluationMs)}, total ${seconds(timings.totalMs)}.`,
    '',
  );
  return lines.join('\n');
}

const minutes = (ms: number | null) => (ms === null ? null : Math.round((ms / 60_000) * 10) / 10);
const businessTime = (ms: number | null) => (ms === null ? '-' : formatDuration(ms, 'business'));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
