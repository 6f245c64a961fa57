/**
 * CSV (any delimiter, RFC 4180 quoting, a header row) as rows, streamed with csv-parse. The delimiter is given or
 * sniffed from the header line (the most frequent of , ; tab |). Each row carries the line its record starts on, so
 * a quoted field with line breaks does not shift the numbers; a record with the wrong number of fields or broken
 * quoting is a problem, and reading goes on.
 */
import { pipeline, Readable } from 'node:stream';
import { type Info, parse } from 'csv-parse';
import type { ImportProblem } from '../../core/import-mapping/index.ts';
import type { TabularItem } from './tabular-types.ts';

const candidateDelimiters = [',', ';', '\t', '|'] as const;

/** The delimiter of the text's first line: the candidate it contains most often (a comma when none). */
export function sniffDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const delimiter of candidateDelimiters) {
    const count = firstLine.split(delimiter).length - 1;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

interface ParsedRecord {
  readonly record: string[];
  readonly info: Info;
}

const SNIFF_LIMIT_CHARS = 1_000_000;

export async function* readCsvRows(
  text: AsyncIterable<string>,
  delimiter: string | undefined,
  columns?: readonly string[],
): AsyncGenerator<TabularItem> {
  const iterator = text[Symbol.asyncIterator]();
  // The header line decides the delimiter; it is read ahead and handed to the parser first.
  let head = '';
  let exhausted = false;
  while (!head.includes('\n') && head.length < SNIFF_LIMIT_CHARS) {
    const next = await iterator.next();
    if (next.done === true) {
      exhausted = true;
      break;
    }
    head += next.value;
  }
  const syntaxProblems: ImportProblem[] = [];
  let lastSyntaxLine = -1;
  const parser = parse({
    delimiter: delimiter ?? sniffDelimiter(head.split('\n', 1)[0] ?? ''),
    info: true,
    relax_column_count: true,
    // A quote inside a field, or text after a closing quote, is kept literally (as the ServiceNow reader does):
    // strict parsing would drop the records after it, silently.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: { lines?: number; message: string } | undefined) => {
      if (error === undefined) return;
      // csv-parse can report one broken record twice (a bad closing quote, then the quote never closed).
      const line = error.lines ?? 0;
      if (line === lastSyntaxLine) return;
      lastSyntaxLine = line;
      syntaxProblems.push({
        kind: 'csv_syntax',
        line: error.lines ?? 0,
        column: null,
        value: null,
        reason: error.message,
      });
    },
  });
  async function* rest(): AsyncGenerator<string> {
    if (head.length > 0) yield head;
    if (exhausted) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  const records = pipeline(Readable.from(rest()), parser, () => {}) as AsyncIterable<ParsedRecord>;
  let header: readonly string[] | undefined;
  // Only the cells the caller reads are copied into a row (6 of the UCI log's 36 columns, say).
  let kept: readonly (readonly [string, number])[] = [];
  // csv-parse counts a CRLF inside a quoted field as two lines; what it over-counted so far is taken off its numbers.
  let overcount = 0;
  const syntaxProblem = () => {
    const problem = syntaxProblems.shift()!;
    return { kind: 'problem', problem: { ...problem, line: problem.line - overcount } } as const;
  };
  for await (const { record, info } of records) {
    let lineBreaks = 0;
    for (const field of record) {
      lineBreaks += countOccurrences(field, '\n');
      overcount += countOccurrences(field, '\r\n');
    }
    const line = info.lines - overcount - lineBreaks;
    // The parser runs ahead of this loop: a syntax problem is reported before the records that follow it.
    while (syntaxProblems.length > 0 && syntaxProblems[0]!.line - overcount < line) yield syntaxProblem();
    if (header === undefined) {
      header = record.map((column) => column.trim());
      const wanted = columns === undefined ? undefined : new Set(columns);
      kept = header.flatMap((column, index) =>
        wanted === undefined || wanted.has(column) ? [[column, index] as const] : [],
      );
      yield { kind: 'header', columns: header };
      continue;
    }
    if (record.length !== header.length) {
      const reason = `expected ${header.length} fields as in the header, got ${record.length}`;
      yield { kind: 'problem', problem: { kind: 'wrong_field_count', line, column: null, value: null, reason } };
      continue;
    }
    const values: Record<string, string> = {};
    for (const [column, index] of kept) values[column] = record[index]!;
    yield { kind: 'row', row: { line, values } };
  }
  while (syntaxProblems.length > 0) yield syntaxProblem();
}

function countOccurrences(text: string, part: string): number {
  let count = 0;
  for (let index = text.indexOf(part); index !== -1; index = text.indexOf(part, index + part.length)) count++;
  return count;
}
