import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

const mapping = 'test/fixtures/import/events-mapping.yaml';
const fixture = (name: string) => `test/fixtures/import/${name}`;

describe('covenant import', () => {
  it('dry-runs a file and prints the summary as JSON', async () => {
    const result = await runCli(['import', '--dry-run', '--json', '--mapping', mapping, fixture('events.csv.gz')]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      dryRun: true,
      files: [fixture('events.csv.gz')],
      rows: 5,
      tickets: 2,
      events: 5,
      ignoredRows: 0,
      unchangedRows: 0,
      problems: { total: 0, byKind: {}, first: [] },
      stopped: false,
    });
  });

  it('reports problems with file, line, column, value and reason, and stops at the first with --strict', async () => {
    const args = ['import', '--dry-run', '--mapping', mapping, fixture('events-with-problems.csv')];
    const lenient = await runCli(args);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('3 rows -> 1 tickets');
    expect(lenient.stdout).toContain('2 problems (rows not imported): 1 wrong_field_count, 1 csv_syntax');
    expect(lenient.stdout).toContain(`${fixture('events-with-problems.csv')}:4: expected 5 fields`);

    const strict = await runCli([...args, '--strict', '--json']);
    expect(strict.code).toBe(2);
    const summary = JSON.parse(strict.stdout);
    expect(summary).toMatchObject({ stopped: true, problems: { total: 1, byKind: { wrong_field_count: 1 } } });
    expect(summary.problems.first[0]).toEqual({
      file: fixture('events-with-problems.csv'),
      kind: 'wrong_field_count',
      line: 4,
      column: null,
      value: null,
      reason: 'expected 5 fields as in the header, got 4',
    });
  });

  it('says that storing is not available yet instead of pretending', async () => {
    const result = await runCli(['import', '--json', '--mapping', mapping, fixture('events.csv')]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.code).toBe('IMPORT_STORE_NOT_AVAILABLE');
  });

  it('refuses a bad mapping, naming the path, and an unreadable file, with exit status 2', async () => {
    const badMapping = await runCli([
      'import',
      '--dry-run',
      '--json',
      '--mapping',
      fixture('events.csv'),
      fixture('events.csv'),
    ]);
    expect(badMapping.code).toBe(2);
    expect(JSON.parse(badMapping.stdout).error.code).toMatch(/^IMPORT_MAPPING_/);
    const noFile = await runCli(['import', '--dry-run', '--mapping', mapping, fixture('absent.csv')]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('error [IMPORT_FILE_UNREADABLE]');
    const notUtf8 = await runCli(['import', '--dry-run', '--mapping', mapping, fixture('western-windows-1252.csv')]);
    expect(notUtf8.code).toBe(2);
    expect(notUtf8.stderr).toContain('error [IMPORT_ENCODING_INVALID]');
  });
});
