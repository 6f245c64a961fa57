import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecordSplitter } from '../../../src/importers/servicenow/csv-record-splitter.ts';

interface Split {
  records: { fields: string[]; line: number }[];
  problems: { line: number; reason: string }[];
}

function split(chunks: readonly string[], maxRecordChars?: number): Split {
  const result: Split = { records: [], problems: [] };
  const splitter = new CsvRecordSplitter(
    (fields, line) => result.records.push({ fields, line }),
    (line, reason) => result.problems.push({ line, reason }),
    maxRecordChars,
  );
  for (const chunk of chunks) splitter.push(chunk);
  splitter.finish();
  return result;
}

/** Every way of cutting the text in two, plus one character at a time. */
function cuts(text: string): string[][] {
  const ways = [[text], [...text]];
  for (let at = 1; at < text.length; at++) ways.push([text.slice(0, at), text.slice(at)]);
  return ways;
}

describe('CSV record splitter', () => {
  it('splits plain lines with their 1-based line numbers, skipping but counting empty lines', () => {
    const text = 'a,b,c\n1,2,3\n\n4,,6\r\n7,8,9';
    for (const chunks of cuts(text)) {
      expect(split(chunks).records).toEqual([
        { fields: ['a', 'b', 'c'], line: 1 },
        { fields: ['1', '2', '3'], line: 2 },
        { fields: ['4', '', '6'], line: 4 },
        { fields: ['7', '8', '9'], line: 5 },
      ]);
    }
  });

  it('reads quoted fields: commas, doubled quotes, line breaks and CRLF inside quotes', () => {
    const text = 'x,"a,b","say ""hi""",\n"multi\nline\r\nfield",y\r\n"",z\nlast,1\n';
    for (const chunks of cuts(text)) {
      expect(split(chunks)).toEqual({
        records: [
          { fields: ['x', 'a,b', 'say "hi"', ''], line: 1 },
          { fields: ['multi\nline\r\nfield', 'y'], line: 2 },
          { fields: ['', 'z'], line: 5 },
          { fields: ['last', '1'], line: 6 },
        ],
        problems: [],
      });
    }
  });

  it('keeps stray quotes literally and reports an unterminated quote at the end', () => {
    expect(split(['a,b"c,d\n"q"x,1\n"open,2']).records).toEqual([
      { fields: ['a', 'b"c', 'd'], line: 1 },
      { fields: ['qx', '1'], line: 2 },
    ]);
    expect(split(['a,1\n"open,2\nb,3']).problems).toEqual([
      { line: 2, reason: 'unterminated quoted field at the end of the input' },
    ]);
  });

  it('gives up on a record longer than the limit and resumes after its first line', () => {
    const result = split(['ok,1\n"never closed,2\n', 'next,3\n', 'more,4\n'], 20);
    expect(result.problems).toEqual([{ line: 2, reason: 'record longer than 20 characters (unterminated quote?)' }]);
    expect(result.records).toEqual([
      { fields: ['ok', '1'], line: 1 },
      { fields: ['next', '3'], line: 3 },
      { fields: ['more', '4'], line: 4 },
    ]);
  });

  it('agrees with csv-parse on random RFC 4180 documents cut into random chunks', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r\n', '?', '1') });
    const record = fc.array(field, { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        (records, lineBreak, trailingBreak, cutPoints) => {
          const text =
            records.map((fields) => fields.map(quote).join(',')).join(lineBreak) + (trailingBreak ? lineBreak : '');
          const positions = [...new Set(cutPoints.map((point) => point % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...positions].map((from, index) => text.slice(from, positions[index] ?? text.length));
          const expected = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
          const actual = split(chunks);
          expect(actual.problems).toEqual([]);
          expect(actual.records.map((entry) => entry.fields)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});

function quote(value: string): string {
  return value === '' || /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
