/**
 * `covenant lint`: validate an agreement document and lint it as docs/semantics.md#agreements-as-code describes; with
 * `--history`, also replay a ticket log through the draft and warn about targets the history says the provider cannot
 * meet.
 */
import { Command, Option } from 'commander';
import {
  assessFeasibility,
  hasLintErrors,
  historyFeasibilityRule,
  type LintFinding,
  lintAgreement,
  type TargetFeasibility,
  writesTermTimeZone,
  writtenDurationsOf,
} from '../../core/agreement/index.ts';
import { loadAgreementFile } from '../agreement-file.ts';
import { CliError, type CliIo, exitCodes, reportError } from '../cli-io.ts';
import { lastEventOf, loadTicketLog } from '../ticket-log.ts';

interface LintOptions {
  history?: string;
  format: string;
  timezone?: string;
  inferFirstResponse?: boolean;
  json?: boolean;
}

export function lintCommand(io: CliIo): Command {
  return new Command('lint')
    .description('validate and lint an agreement (exit status 1 when lint finds errors that block approval)')
    .argument('<agreement>', 'agreement file (YAML or JSON)')
    .option('--history <log>', "replay this ticket log through the draft to check each target's feasibility")
    .addOption(new Option('--format <format>', 'history log format').choices(['servicenow']).default('servicenow'))
    .option('-z, --timezone <zone>', "IANA zone of the history log's local timestamps")
    .option('--infer-first-response', 'in the history, take the first move to an active state as the first response')
    .option('--json', 'print the findings as JSON')
    .action(async (file: string, options: LintOptions) => {
      try {
        process.exitCode = await runLint(io, file, options);
      } catch (error) {
        process.exitCode = reportError(io, error, options.json === true);
      }
    });
}

async function runLint(io: CliIo, file: string, options: LintOptions): Promise<number> {
  const { agreement, path, text, format } = loadAgreementFile(file, io.cwd);
  // References to workspace calendars cannot be resolved here: the server lints them again when the draft is saved.
  const written = {
    termTimeZoneWritten: writesTermTimeZone(text, format),
    writtenDurations: writtenDurationsOf(text, format),
  };
  let feasibility: TargetFeasibility[] = [];
  let findings: LintFinding[];
  if (options.history !== undefined) {
    if (options.timezone === undefined) {
      throw new CliError('TIMEZONE_REQUIRED', "--history needs --timezone, the zone of the log's local timestamps");
    }
    const log = await loadTicketLog(io, options.history, {
      timezone: options.timezone,
      inferFirstResponse: options.inferFirstResponse,
    });
    const history = { now: lastEventOf(log.tickets) };
    feasibility = assessFeasibility(agreement, log.tickets, history);
    findings = lintAgreement(agreement, { rules: [historyFeasibilityRule(log.tickets, history)], ...written });
  } else {
    findings = lintAgreement(agreement, written);
  }
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ agreement: agreement.metadata.id, file: path, errors, warnings: findings.length - errors, findings, feasibility })}\n`,
    );
  } else {
    for (const finding of findings) {
      io.stdout.write(
        `${finding.severity.padEnd(8)}${finding.path}  [${finding.rule}]\n  ${finding.message}\n  fix: ${finding.suggestion}\n`,
      );
    }
    if (feasibility.length > 0) {
      io.stdout.write('\nWhat the history says:\n');
      for (const result of feasibility) io.stdout.write(`  ${result.summary}\n`);
    }
    io.stdout.write(
      `\n${agreement.metadata.id}: ${errors} error(s), ${findings.length - errors} warning(s)${errors > 0 ? ' - fix the errors before sending it for approval' : ''}\n`,
    );
  }
  return hasLintErrors(findings) ? exitCodes.failure : exitCodes.ok;
}
