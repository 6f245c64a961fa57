import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileImportMappingText } from '../../../src/core/import-mapping/index.ts';
import {
  readTabularRows,
  runMappedImport,
  sniffDelimiter,
  type TabularItem,
} from '../../../src/importers/tabular/index.ts';
import { fixtureMappingYaml, fixturePath, readFixture } from './tabular-fixtures.ts';

const rowsOf = (items: readonly TabularItem[]): Record<string, string | number | undefined>[] =>
  items.flatMap((item) => (item.kind === 'row' ? [{ line: item.row.line, ...item.row.values }] : []));

const expectedRows = [
  {
    line: 2,
    ticket: 'T-1',
    status: 'New',
    changed_at: '01/05/2024 10:00',
    priority: 'P2',
    title: 'Printer on floor 2',
  },
  {
    line: 3,
    ticket: 'T-1',
    status: 'In progress',
    changed_at: '01/05/2024 10:30',
    priority: 'P2',
    title: 'Printer on floor 2',
  },
  {
    line: 4,
    ticket: 'T-2',
    status: 'New',
    changed_at: '02/05/2024 08:15',
    priority: 'P1',
    title: 'VPN down, "urgent"',
  },
  {
    line: 5,
    ticket: 'T-1',
    status: 'Resolved',
    changed_at: '01/05/2024 12:00',
    priority: 'P2',
    title: 'Printer on floor 2',
  },
  {
    line: 6,
    ticket: 'T-2',
    status: 'Closed',
    changed_at: '02/05/2024 09:00',
    priority: 'P1',
    title: 'VPN down, "urgent"',
  },
];

describe('tabular readers', () => {
  it('read the same rows from CSV (comma, semicolon with CRLF, UTF-8 BOM), gzip, JSON Lines and XLSX', async () => {
    for (const name of ['events.csv', 'events-semicolon.csv', 'events-bom.csv', 'events.csv.gz', 'events.xlsx']) {
      const items = await readFixture(name);
      expect(items[0], name).toEqual({
        kind: 'header',
        columns: ['ticket', 'status', 'changed_at', 'priority', 'title'],
      });
      expect(rowsOf(items), name).toEqual(expectedRows);
    }
    // JSON Lines has no header row: its first record is line 1.
    const jsonl = rowsOf(await readFixture('events.jsonl'));
    expect(jsonl).toEqual(expectedRows.map((row) => ({ ...row, line: row.line - 1 })));
  });

  it('decode Windows-1252 and Windows-1250 when named, and refuse to guess', async () => {
    const western = rowsOf(await readFixture('western-windows-1252.csv', { encoding: 'windows-1252' }));
    expect(western[0]?.title).toBe('Café bill of 5 € wrong');
    const central = rowsOf(await readFixture('central-windows-1250.csv', { encoding: 'windows-1250' }));
    expect(central[0]?.title).toBe('Tiskárna v kanceláři č. 3 nefunguje');
    await expect(readFixture('western-windows-1252.csv')).rejects.toMatchObject({
      code: 'IMPORT_ENCODING_INVALID',
      message: expect.stringContaining('--encoding windows-1252'),
    });
    await expect(readFixture('events.csv', { encoding: 'klingon' })).rejects.toMatchObject({
      code: 'IMPORT_ENCODING_INVALID',
    });
  });

  it('number rows by the line their record starts on and report broken records without stopping', async () => {
    const items = await readFixture('events-with-problems.csv');
    expect(
      items.map((item) =>
        item.kind === 'row'
          ? `row ${item.row.line}`
          : item.kind === 'problem'
            ? `${item.problem.kind} ${item.problem.line}`
            : item.kind,
      ),
    ).toEqual(['header', 'row 2', 'wrong_field_count 4', 'row 5', 'csv_syntax 6']);
    expect(rowsOf(items)[0]?.title).toBe('two\nlines');
  });

  it('read XLSX date cells as local ISO date-times and numbers as text, from the sheet named', async () => {
    expect(rowsOf(await readFixture('events.xlsx', { sheet: 'Dates' }))).toEqual([
      { line: 2, ticket: 'T-3', opened: '2024-05-01T10:30:00', count: '3' },
    ]);
    await expect(readFixture('events.xlsx', { sheet: 'Nope' })).rejects.toMatchObject({ code: 'IMPORT_SHEET_MISSING' });
  });

  it('give the same rows and line numbers however the bytes are chunked, down to one byte at a time', async () => {
    for (const lineEnd of ['\n', '\r\n']) {
      const text = `id;note${lineEnd}1;"café${lineEnd}second line"${lineEnd}${lineEnd}2;"said"so${lineEnd}3;€ ř${lineEnd}4;"never closed${lineEnd}`;
      const whole = Buffer.from(text, 'utf8');
      async function* inOneChunk() {
        yield whole;
      }
      async function* oneByteAtATime() {
        for (const byte of whole) yield Uint8Array.of(byte);
      }
      for (const chunks of [inOneChunk(), oneByteAtATime()]) {
        const items: TabularItem[] = [];
        for await (const item of readTabularRows(chunks, { format: 'csv' })) items.push(item);
        expect(rowsOf(items), JSON.stringify(lineEnd)).toEqual([
          { line: 2, id: '1', note: `café${lineEnd}second line` },
          { line: 5, id: '2', note: '"said"so' },
          { line: 6, id: '3', note: '€ ř' },
        ]);
        expect(items.filter((item) => item.kind === 'problem')).toEqual([
          {
            kind: 'problem',
            problem: expect.objectContaining({
              kind: 'csv_syntax',
              reason: expect.stringContaining('Quote Not Closed'),
            }),
          },
        ]);
      }
    }
  });

  it('sniff the delimiter from the header line', () => {
    expect(sniffDelimiter('a;b;c')).toBe(';');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('a|b')).toBe('|');
    expect(sniffDelimiter('single')).toBe(',');
  });

  it('report JSON Lines that are not objects, and refuse an empty or corrupt file', async () => {
    async function* lines() {
      yield Buffer.from('{"ticket":"T-1","n":3,"ok":true,"x":null}\n\n[1]\n{oops\n');
    }
    const items: TabularItem[] = [];
    for await (const item of readTabularRows(lines(), { format: 'jsonl' })) items.push(item);
    expect(items).toEqual([
      { kind: 'row', row: { line: 1, values: { ticket: 'T-1', n: '3', ok: 'true', x: '' } } },
      { kind: 'problem', problem: expect.objectContaining({ kind: 'not_an_object', line: 3, value: '[1]' }) },
      { kind: 'problem', problem: expect.objectContaining({ kind: 'bad_json', line: 4 }) },
    ]);
    async function* nothing() {}
    await expect(readTabularRows(nothing()).next()).rejects.toMatchObject({ code: 'IMPORT_FILE_EMPTY' });
    const corrupt = async function* () {
      yield Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]);
    };
    await expect(readTabularRows(corrupt()).next()).rejects.toMatchObject({ code: 'IMPORT_FILE_UNREADABLE' });
  });
});

describe('a mapped import of the fixtures', () => {
  it('gives the same tickets and events whatever the file format', async () => {
    const compiled = compileImportMappingText(fixtureMappingYaml);
    const summaries = [];
    for (const name of ['events.csv', 'events.csv.gz', 'events.jsonl', 'events.xlsx']) {
      const events: string[] = [];
      const result = await runMappedImport(compiled, [{ name, open: () => createReadStream(fixturePath(name)) }], {
        onEvents: (caseId, _facts, added) => {
          for (const event of added) events.push(`${caseId} ${event.type} ${event.id}`);
        },
      });
      summaries.push({ stats: result.stats, events });
    }
    expect(summaries[0]!.stats).toEqual({
      rows: 5,
      tickets: 2,
      events: 5,
      ignoredRows: 0,
      unchangedRows: 0,
      problems: { total: 0, byKind: {} },
    });
    for (const summary of summaries.slice(1)) expect(summary).toEqual(summaries[0]);
  });

  it('refuses a file without the columns the mapping reads, and stops at the first problem when strict', async () => {
    const compiled = compileImportMappingText(fixtureMappingYaml.replace('caseId: ticket', 'caseId: case'));
    const open = () => createReadStream(fixturePath('events.csv'));
    await expect(runMappedImport(compiled, [{ name: 'events.csv', open }])).rejects.toMatchObject({
      code: 'IMPORT_COLUMNS_MISSING',
      missing: ['case'],
    });
    const strict = await runMappedImport(
      compileImportMappingText(fixtureMappingYaml),
      [{ name: 'p.csv', open: () => createReadStream(fixturePath('events-with-problems.csv')) }],
      { strict: true },
    );
    expect(strict.stopped).toBe(true);
    expect(strict.stats.rows).toBe(2);
    expect(strict.problems).toEqual([expect.objectContaining({ file: 'p.csv', kind: 'wrong_field_count', line: 4 })]);
  });
});
