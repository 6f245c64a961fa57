/**
 * The worked example of docs/import-mapping.md: the real UCI incident log (../shared/data, never copied into the
 * repository) dry-run through examples/import/uci-incident-event-log.yaml. Skipped, saying so, without the data.
 */
import { describe, expect, it } from 'vitest';
import { uciFile, uciSuiteTitle } from '../importers/servicenow/uci-data.ts';
import { runCli } from '../support/run-cli.ts';

const log = uciFile('incident_event_log.csv.gz');

describe.skipIf(!log.present)(uciSuiteTitle('covenant import --dry-run on the UCI incident log', log.present), () => {
  it('reads every row and finds every incident', async () => {
    const result = await runCli([
      'import',
      '--dry-run',
      '--json',
      '--mapping',
      'examples/import/uci-incident-event-log.yaml',
      log.path,
    ]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ rows: 141_712, tickets: 24_918, ignoredRows: 5 });
    expect(summary.problems).toEqual({ total: 0, byKind: {}, first: [] });
    // Progress goes to standard error, never into the JSON.
    expect(result.stderr).toContain('rows');
  });
});
