/**
 * `covenant replay`: evaluate every ticket of an exported incident log against an agreement, in memory, and print
 * per-target attainment, how often our resolution verdict agrees with the log's own SLA flag, the state mapping the
 * import used (`--status-map`, `--status-mapping`: docs/import.md#status-mapping), and the timings.
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
import {
  collectRepeated,
  type EffectiveStatusMappingEntry,
  effectiveStatusMapping,
  type StatusMappingWarning,
  statusMappingFromOptions,
  statusMappingWarnings,
} from '../status-mapping-option.ts';
import { loadTicketLog } from '../ticket-log.ts';

interface ReplayOptions {
  format: string;
  agreement: string;
  timezone: string;
  now?: string;
  inferFirstResponse?: boolean;
  statusMap?: string[];
  statusMapping?: string;
  json?: boolean;
}

/** The state mapping the import used, as the reports show it. */
interface StatusMappingReport {
  readonly overridden: boolean;
  readonly states: readonly EffectiveStatusMappingEntry[];
  readonly warnings: readonly StatusMappingWarning[];
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
    .option(
      '--status-map <STATE=CATEGORY>',
      'read a state of the log as this status category (new, open, pending, resolved, closed, cancelled), e.g. ' +
        'Resolved=open to keep the clock running until Closed; repeatable',
      collectRepeated,
    )
    .option('--status-mapping <file>', 'YAML map of state to category (or to { category, status }); --status-map wins')
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
  // Checked before the log is read; whether the states it names occur can only be said after.
  const overrides = statusMappingFromOptions(options, io.cwd);
  const { path, tickets, stats, problems } = await loadTicketLog(io, log, {
    timezone: options.timezone,
    inferFirstResponse: options.inferFirstResponse,
    statusMapping: overrides?.override,
  });
  const mapping: StatusMappingReport = {
    overridden: overrides !== undefined,
    states: effectiveStatusMapping(overrides, stats.rowsByState),
    warnings: statusMappingWarnings(overrides, stats.rowsByState),
  };
  for (const warning of mapping.warnings) io.stderr.write(`warning [${warning.code}]: ${warning.message}\n`);
  const imported = performance.now();
  const result = replayTickets(policy, tickets, now === undefined ? {} : { now });
  const evaluated = performance.now();
  const timings = {
    importMs: Math.round(imported - started),
    evaluationMs: Math.round(evaluated - imported),
    totalMs: Math.round(evaluated - started),
  };
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify(jsonReport(path, agreement.metadata.id, stats, problems, mapping, result, timings))}\n`,
    );
  } else {
    io.stdout.write(
      textReport(path, agreement.metadata.id, options.timezone, stats, problems, mapping, result, timings),
    );
  }
  return exitCodes.ok;
}

type Timings = { importMs: number; evaluationMs: number; totalMs: number };

function jsonReport(
  path: string,
  agreementId: string,
  stats: ImportStats,
  problems: readonly ImportProblem[],
  mapping: StatusMappingReport,
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
    statusMapping: mapping,
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
  mapping: StatusMappingReport,
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
    // Two decimals: the worked example of docs/import.md is judged against a 99.9 % bar.
    `Resolution verdict vs the log's final made_sla: ${verdict.agreementPercent === null ? '-' : `${verdict.agreementPercent.toFixed(2)}%`} agree over ${n(verdict.compared)} incidents`,
    '  (a sanity figure, unless the agreement is the policy the source system judged by)',
    `  made_sla true : ours met ${n(confusion.recordedMetOursMet)}, ours breached ${n(confusion.recordedMetOursBreached)}`,
    `  made_sla false: ours met ${n(confusion.recordedBreachedOursMet)}, ours breached ${n(confusion.recordedBreachedOursBreached)}`,
  );
  const overrides = mapping.states.filter((entry) => entry.overridden);
  if (overrides.length > 0) {
    lines.push('', 'Status mapping overrides (the other states as documented in docs/import.md):');
    for (const entry of overrides) {
      const was = entry.default === undefined ? 'added' : `default ${entry.default.category}`;
      lines.push(`  ${entry.state} -> ${entry.status} (${entry.category}; ${was}), ${n(entry.rows)} rows`);
    }
  }
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
