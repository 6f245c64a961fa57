/**
 * The worked example of docs/import.md: the whole UCI log replayed with the policy recovered from its own verdicts
 * (../shared/data/uci-incident-event-log/RECOVERED-POLICY.md) must reproduce ServiceNow's `made_sla` for at least
 * 99.9 % of its 24,918 incidents. It runs the `covenant` binary, the same path a user takes, and skips visibly where
 * the dataset is absent.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.ts';
import { uciFile, uciSuiteTitle } from './uci-data.ts';

const log = uciFile('incident_event_log.csv.gz');
const policy = uciFile('recovered-policy.yaml');
const present = log.present && policy.present;

describe.skipIf(!present)(uciSuiteTitle('UCI log replayed with the recovered policy', present), () => {
  it("reproduces ServiceNow's made_sla for at least 99.9 % of the 24,918 incidents, Resolved read as open", async () => {
    const result = await runCli([
      'replay',
      log.path,
      '--agreement',
      policy.path,
      '--timezone',
      'UTC',
      '--status-map',
      'Resolved=open',
      '--json',
    ]);
    expect(result.stderr).not.toContain('warning [');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.incidents).toBe(24_918);
    // Every incident has a recorded verdict and a resolution clock: none is left out of the comparison.
    expect(report.madeSla.compared).toBe(24_918);
    expect(report.madeSla.agree / report.madeSla.compared).toBeGreaterThanOrEqual(0.999);
    expect(report.statusMapping.states).toContainEqual(
      expect.objectContaining({ state: 'Resolved', category: 'open', overridden: true, rows: 25_751 }),
    );
    expect(report.statusMapping.warnings).toEqual([]);
  });
});
