/**
 * `covenant clock`: business-time questions from the command line: deadlines, elapsed business time, open intervals,
 * and a JSON-lines batch mode for bulk use.
 */
import { createInterface } from 'node:readline';
import { Command, Option } from 'commander';
import { computeBusinessTime } from '../../app/business-time/compute-business-time.ts';
import {
  compileCalendar,
  formatInstant,
  hasAnyWorkingTime,
  openIntervals,
  parseInstant,
} from '../../core/time/index.ts';
import { loadCalendarFile } from '../calendar-file.ts';
import { CliError, type CliIo, describeError, exitCodes, reportError } from '../cli-io.ts';

interface CalendarOptions {
  calendar: string;
  json?: boolean;
}

export function clockCommand(io: CliIo): Command {
  const clock = new Command('clock').description('business-time arithmetic on a calendar (deadlines, elapsed time)');

  clock
    .command('add')
    .description('the deadline: the instant at which N business minutes from START have passed')
    .requiredOption('-c, --calendar <file>', 'calendar file (JSON or YAML), or 24x7')
    .requiredOption('-s, --start <iso>', 'start instant with offset, e.g. 2024-01-08T09:00:00-05:00')
    .requiredOption('-m, --minutes <n>', 'business minutes to add (>= 0)')
    .option('--json', 'print the result as JSON')
    .action((options: CalendarOptions & { start: string; minutes: string }) =>
      run(io, options.json, () => {
        const minutes = parseMinutes(options.minutes);
        const calendar = loadCalendarFile(options.calendar, io.cwd);
        const result = computeBusinessTime({ op: 'add', calendar, start: options.start, minutes });
        if (options.json) {
          writeJson(io, { start: options.start, minutes, result });
        } else if (result === null) {
          throw noResultError(calendar, minutes, options.start);
        } else io.stdout.write(`${result}\n`);
        return result === null ? exitCodes.noResult : exitCodes.ok;
      }),
    );

  clock
    .command('elapsed')
    .description('business minutes in [FROM, TO)')
    .requiredOption('-c, --calendar <file>', 'calendar file (JSON or YAML), or 24x7')
    .requiredOption('-f, --from <iso>', 'start instant with offset')
    .requiredOption('-t, --to <iso>', 'end instant with offset (exclusive)')
    .option('--json', 'print the result as JSON')
    .action((options: CalendarOptions & { from: string; to: string }) =>
      run(io, options.json, () => {
        const calendar = loadCalendarFile(options.calendar, io.cwd);
        const result = computeBusinessTime({ op: 'elapsed', calendar, from: options.from, to: options.to });
        if (options.json) writeJson(io, { from: options.from, to: options.to, minutes: result });
        else io.stdout.write(`${result}\n`);
        return exitCodes.ok;
      }),
    );

  clock
    .command('intervals')
    .description('the open intervals of the calendar within [FROM, TO)')
    .requiredOption('-c, --calendar <file>', 'calendar file (JSON or YAML), or 24x7')
    .requiredOption('-f, --from <iso>', 'start instant with offset')
    .requiredOption('-t, --to <iso>', 'end instant with offset (exclusive)')
    .option('--json', 'print the intervals as JSON')
    .action((options: CalendarOptions & { from: string; to: string }) =>
      run(io, options.json, () => {
        const calendar = compileCalendar(loadCalendarFile(options.calendar, io.cwd));
        const zone = calendar.definition.timezone;
        const spans = openIntervals(calendar, parseInstant(options.from, 'from'), parseInstant(options.to, 'to')).map(
          (span) => ({
            start: formatInstant(span.start, zone),
            end: formatInstant(span.end, zone),
            minutes: (span.end - span.start) / 60_000,
          }),
        );
        if (options.json) writeJson(io, { timezone: zone, intervals: spans });
        else for (const span of spans) io.stdout.write(`${span.start}  ${span.end}  ${span.minutes} min\n`);
        return exitCodes.ok;
      }),
    );

  clock
    .command('batch')
    .description(
      'read JSON lines from stdin, one request per line, and write one JSON line per request, in order:\n' +
        '  {"id": 1, "calendar": {...}, "op": "add", "start": ISO, "minutes": N}\n' +
        '  {"id": 2, "calendar": {...}, "op": "elapsed", "from": ISO, "to": ISO}\n' +
        'answers {"id", "result"} (ISO instant, null for no result, or minutes) or {"id", "error": {code, message}}',
    )
    .addOption(new Option('--quiet', 'do not print the summary on stderr'))
    .action(async (options: { quiet?: boolean }) => {
      const summary = await runBatch(io);
      if (!options.quiet) io.stderr.write(`${summary.lines} requests, ${summary.errors} errors\n`);
      process.exitCode = exitCodes.ok;
    });

  return clock;
}

/** Answers JSON-lines requests from stdin; a bad line gives an error line and the batch goes on. */
export async function runBatch(io: CliIo): Promise<{ lines: number; errors: number }> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let buffer: string[] = [];
  let count = 0;
  let errors = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    count++;
    const answer = answerBatchLine(line);
    if ('error' in answer) errors++;
    buffer.push(JSON.stringify(answer));
    if (buffer.length >= 1000) {
      await write(io, `${buffer.join('\n')}\n`);
      buffer = [];
    }
  }
  if (buffer.length > 0) await write(io, `${buffer.join('\n')}\n`);
  return { lines: count, errors };
}

export function answerBatchLine(
  line: string,
): { id: unknown; result: unknown } | { id: unknown; error: { code: string; message: string } } {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch {
    return { id: null, error: { code: 'INPUT_INVALID_JSON', message: 'the line is not valid JSON' } };
  }
  const id = typeof request === 'object' && request !== null && 'id' in request ? request.id : null;
  try {
    return { id, result: computeBusinessTime(request) };
  } catch (error) {
    const { code, message } = describeError(error);
    return { id, error: { code, message } };
  }
}

function write(io: CliIo, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (io.stdout.write(text)) resolve();
    else io.stdout.once('drain', () => resolve());
  });
}

function noResultError(calendar: unknown, minutes: number, start: string): CliError {
  if (!hasAnyWorkingTime(compileCalendar(calendar).definition)) {
    return new CliError(
      'CALENDAR_HAS_NO_WORKING_TIME',
      'the calendar has no working time at all (no weekly hours and no override with hours), so no deadline exists',
      exitCodes.noResult,
    );
  }
  return new CliError(
    'NO_RESULT',
    `no result: the calendar has fewer than ${minutes} business minutes left at or after ${start}`,
    exitCodes.noResult,
  );
}

function parseMinutes(text: string): number {
  const minutes = Number(text);
  if (text.trim() === '' || !Number.isFinite(minutes) || minutes < 0) {
    throw new CliError('DURATION_INVALID', `--minutes must be a number >= 0, got "${text}"`);
  }
  return minutes;
}

function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value)}\n`);
}

function run(io: CliIo, json: boolean | undefined, body: () => number): void {
  try {
    process.exitCode = body();
  } catch (error) {
    process.exitCode = reportError(io, error, json === true);
  }
}
