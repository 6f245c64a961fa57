/**
 * Replay benchmark on the real UCI ServiceNow incident log (141,712 rows, 24,918 incidents): Covenant's import and
 * in-memory evaluation side by side with the floor of the same work (gunzip alone, and gunzip plus a general CSV
 * parser, csv-parse), and `covenant replay` end to end as a user runs it.
 *
 *   npm run bench:replay [-- --json] [-- --runs 5]
 *
 * Bars (docs/semantics.md#quality-bars): evaluation < 1 s on one core; `covenant replay` of the .csv.gz < 5 s end to
 * end. Skips with a message when ../shared/data is not present.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { type ReplayTicket, replayTickets } from '../src/app/replay/replay-tickets.ts';
import { clockPolicyOf, parseAgreement } from '../src/core/agreement/index.ts';
import { readServiceNowIncidents, withCovenantLabels } from '../src/importers/servicenow/index.ts';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const runsArgument = args.indexOf('--runs');
const runs = runsArgument >= 0 ? Number(args[runsArgument + 1]) : 3;

const root = fileURLToPath(new URL('../', import.meta.url));
const log = fileURLToPath(
  new URL('../../shared/data/uci-incident-event-log/incident_event_log.csv.gz', import.meta.url),
);
const agreementPath = `${root}examples/agreements/servicenow-replay.yaml`;

if (!existsSync(log)) {
  process.stdout.write(
    `skipped: ${log} is not present (the public datasets live in ../shared/data beside the checkout)\n`,
  );
  process.exit(0);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function time(label: string, body: () => Promise<unknown> | unknown): Promise<number> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await body();
    samples.push(performance.now() - started);
  }
  const result = median(samples);
  process.stderr.write(`${label}: ${samples.map((ms) => ms.toFixed(0)).join(', ')} ms\n`);
  return result;
}

async function gunzipOnly(): Promise<number> {
  let bytes = 0;
  for await (const chunk of createReadStream(log).pipe(createGunzip())) bytes += (chunk as Buffer).length;
  return bytes;
}

async function gunzipAndCsvParse(): Promise<number> {
  let rows = 0;
  for await (const _record of createReadStream(log).pipe(createGunzip()).pipe(parse())) rows++;
  return rows;
}

async function importTickets(): Promise<ReplayTicket[]> {
  const tickets: ReplayTicket[] = [];
  for await (const incident of readServiceNowIncidents(createReadStream(log), { timeZone: 'America/Sao_Paulo' })) {
    tickets.push({
      id: incident.number,
      events: incident.events.map(withCovenantLabels),
      recordedMadeSla: incident.final.madeSla,
    });
  }
  return tickets;
}

const policy = clockPolicyOf(parseAgreement(readFileSync(agreementPath, 'utf8')));
const tickets = await importTickets();
const events = tickets.reduce((sum, ticket) => sum + ticket.events.length, 0);

const gunzipMs = await time('gunzip only', gunzipOnly);
const csvParseMs = await time('gunzip + csv-parse', gunzipAndCsvParse);
const importMs = await time('covenant import (gunzip + parse + map to events)', importTickets);
const evaluationMs = await time('covenant evaluation (in memory)', () => replayTickets(policy, tickets));
const endToEndMs = await time('covenant replay end to end (new process)', () =>
  execFileSync(
    process.execPath,
    [
      `${root}bin/covenant.mjs`,
      'replay',
      '--agreement',
      agreementPath,
      '--timezone',
      'America/Sao_Paulo',
      '--json',
      log,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  ),
);

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const lines = [
  `Replay benchmark: UCI incident log, ${tickets.length.toLocaleString('en-US')} incidents, ${events.toLocaleString('en-US')} events; median of ${runs} runs`,
  '',
  `${'step'.padEnd(52)}${'time'.padStart(10)}`,
  `${'gunzip only (the floor of reading the file)'.padEnd(52)}${seconds(gunzipMs).padStart(10)}`,
  `${'gunzip + csv-parse (a general CSV parser, no mapping)'.padEnd(52)}${seconds(csvParseMs).padStart(10)}`,
  `${'covenant import: gunzip + parse + events'.padEnd(52)}${seconds(importMs).padStart(10)}`,
  `${'covenant evaluation of every incident, in memory'.padEnd(52)}${seconds(evaluationMs).padStart(10)}`,
  `${'covenant replay end to end, new process'.padEnd(52)}${seconds(endToEndMs).padStart(10)}`,
  '',
  `evaluation: ${Math.round(tickets.length / (evaluationMs / 1000)).toLocaleString('en-US')} incidents/s, ${Math.round(events / (evaluationMs / 1000)).toLocaleString('en-US')} events/s`,
  `bars: evaluation < 1 s: ${evaluationMs < 1000 ? 'met' : 'NOT MET'}; end to end < 5 s: ${endToEndMs < 5000 ? 'met' : 'NOT MET'}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
if (asJson) {
  process.stdout.write(
    `${JSON.stringify({ incidents: tickets.length, events, gunzipMs, csvParseMs, importMs, evaluationMs, endToEndMs })}\n`,
  );
}
