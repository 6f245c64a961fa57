import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

const agreement = 'examples/agreements/servicenow-replay.yaml';
const sample = fileURLToPath(
  new URL('../../../shared/data/uci-incident-event-log/sample_first_1000_incidents.csv', import.meta.url),
);
const samplePresent = existsSync(sample);

describe('covenant replay', () => {
  it('replays a small ServiceNow export and reports attainment, made_sla agreement and problems', async () => {
    const result = await runCli([
      'replay',
      '--agreement',
      agreement,
      '--timezone',
      'America/Sao_Paulo',
      '--json',
      'test/fixtures/servicenow/small-export.csv',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ incidents: 3, rows: 10, agentReplies: 0, now: '2016-01-09T14:00:00Z' });
    const byId = Object.fromEntries(report.targets.map((target: { id: string }) => [target.id, target]));
    // INC9000001: P1 resolved after 2 h (met); its first response stops only at the resolution (breached).
    // INC9000002: P1, 1 h + pause 11:00-13:00 + 3 h = resolved exactly at 4 h (met); first response 6 h (breached).
    expect(byId['p1-resolution']).toMatchObject({ met: 2, breached: 0, attainmentPercent: 100 });
    expect(byId['p1-response']).toMatchObject({ met: 0, breached: 2, attainmentPercent: 0 });
    // INC9000003: P4 opened Monday 10:00, 8 business hours are used up at 18:00; its resolution clock still runs.
    expect(byId['p4-response']).toMatchObject({ met: 0, breached: 1 });
    expect(byId['p4-resolution']).toMatchObject({ met: 0, breached: 0, open: 1 });
    expect(report.madeSla).toMatchObject({
      compared: 3,
      agree: 2,
      confusion: { recordedMetOursMet: 2, recordedBreachedOursMet: 1 },
    });
    expect(report.problems).toMatchObject({ total: 1, byKind: { bad_timestamp: 1 } });
    expect(report.timings.totalMs).toBeGreaterThan(0);
  });

  it('prints a readable report with a note that response figures need replies', async () => {
    const result = await runCli([
      'replay',
      '-a',
      agreement,
      '-z',
      'America/Sao_Paulo',
      'test/fixtures/servicenow/small-export.csv',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Replayed 3 incidents (10 rows');
    expect(result.stdout).toContain('the log has no agent replies');
    expect(result.stdout).toContain('1 bad_timestamp');
    // Metrics by name, business time in hours and minutes (not decimal hours).
    expect(result.stdout).toMatch(
      /p1-resolution\s+Resolution\s+2\s+0\s+0\s+0\s+100\.0%\s+2 business h\s+4 business h\n/,
    );
  });

  it('refuses an unknown zone, a missing log and an invalid agreement with clear codes', async () => {
    const badZone = await runCli([
      'replay',
      '-a',
      agreement,
      '-z',
      'Brazil/Nowhere',
      'test/fixtures/servicenow/small-export.csv',
    ]);
    expect(badZone).toMatchObject({ code: 2 });
    expect(badZone.stderr).toContain('TIMEZONE_UNKNOWN');
    const missing = await runCli(['replay', '-a', agreement, '-z', 'UTC', 'no-such-log.csv']);
    expect(missing.stderr).toContain('FILE_NOT_READABLE');
    const badAgreement = await runCli([
      'replay',
      '-a',
      'test/fixtures/calendars/closed.json',
      '-z',
      'UTC',
      'test/fixtures/servicenow/small-export.csv',
      '--json',
    ]);
    expect(badAgreement.code).toBe(2);
    expect(JSON.parse(badAgreement.stdout).error.code).toBe('AGREEMENT_INVALID');
  });

  it.skipIf(!samplePresent)(
    `replays the first 1,000 real incidents${samplePresent ? '' : ' (skipped: ../shared/data not present)'}`,
    async () => {
      const result = await runCli(['replay', '-a', agreement, '-z', 'America/Sao_Paulo', '--json', sample]);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report).toMatchObject({ incidents: 1000, rows: 6784 });
      expect(report.madeSla.compared).toBe(1000);
    },
  );
});
