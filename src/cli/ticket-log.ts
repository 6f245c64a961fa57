/** Reads an exported ticket log (ServiceNow audit export, CSV or CSV.gz) into memory for replay, lint and what-if. */
import { createReadStream, existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { ReplayTicket } from '../app/replay/replay-tickets.ts';
import { canonicalTimeZone } from '../core/time/index.ts';
import {
  type ImportProblem,
  type ImportStats,
  readServiceNowIncidents,
  type StatusMapping,
  withCovenantLabels,
} from '../importers/servicenow/index.ts';
import { CliError, type CliIo } from './cli-io.ts';

export interface TicketLog {
  readonly path: string;
  readonly tickets: ReplayTicket[];
  readonly stats: ImportStats;
  readonly problems: readonly ImportProblem[];
}

export async function loadTicketLog(
  io: CliIo,
  log: string,
  options: {
    timezone: string;
    inferFirstResponse?: boolean | undefined;
    /** States to add to or change in the importer's default mapping (`--status-map`, `--status-mapping`). */
    statusMapping?: StatusMapping | undefined;
  },
): Promise<TicketLog> {
  const timeZone = canonicalTimeZone(options.timezone);
  if (timeZone === undefined) {
    throw new CliError(
      'TIMEZONE_UNKNOWN',
      `unknown time zone "${options.timezone}"; use an IANA zone such as America/Sao_Paulo`,
    );
  }
  const path = resolve(io.cwd, log);
  if (!existsSync(path)) throw new CliError('FILE_NOT_READABLE', `cannot read the log ${path}: no such file`);
  const problems: ImportProblem[] = [];
  const showProgress = 'isTTY' in io.stderr && io.stderr.isTTY === true;
  const incidents = readServiceNowIncidents(createReadStream(path), {
    timeZone,
    inferFirstResponse: options.inferFirstResponse === true,
    statusMapping: options.statusMapping,
    onProblem: (problem) => problems.push(problem),
    onProgress: (progress) => {
      if (showProgress) {
        io.stderr.write(
          `\rreading ${basename(path)}: ${progress.rows.toLocaleString('en-US')} rows, ${progress.incidents.toLocaleString('en-US')} incidents`,
        );
      }
    },
  });
  const tickets: ReplayTicket[] = [];
  for await (const incident of incidents) {
    tickets.push({
      id: incident.number,
      events: incident.events.map(withCovenantLabels),
      recordedMadeSla: incident.final.madeSla,
    });
  }
  if (showProgress) io.stderr.write('\n');
  return { path, tickets, stats: incidents.stats, problems };
}

/** The instant of the log's last event: the natural "now" to evaluate a finished log at. */
export function lastEventOf(tickets: readonly ReplayTicket[]): number {
  let last = Number.NEGATIVE_INFINITY;
  for (const ticket of tickets) for (const event of ticket.events) if (event.occurredAt > last) last = event.occurredAt;
  return last;
}
