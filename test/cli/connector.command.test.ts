import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { webhookSampleCases } from '../support/webhook-sample.ts';

const cases = webhookSampleCases();
const vendors = [...new Set(cases.map(({ vendor }) => vendor))];

const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('covenant connector explain', () => {
  it('explains every payload of the sample with --json as the manifest says, one line per file', async () => {
    for (const vendor of vendors) {
      const vendorCases = cases.filter((sample) => sample.vendor === vendor);
      const result = await runCli([
        'connector',
        'explain',
        '--vendor',
        vendor,
        ...vendorCases.map(({ file }) => file),
        '--json',
      ]);
      expect(result.stderr, vendor).toBe('');
      expect(result.code, vendor).toBe(0);
      expect(jsonLines(result.stdout), vendor).toEqual(
        vendorCases.map(({ file, expected }) => ({ file, ...expected })),
      );
    }
  });

  it('takes the event name of a delivery header with --event', async () => {
    const [issues, comment] = ['github-issues-opened', 'github-issue-comment-created'].map(
      (id) => cases.find((sample) => sample.id === id)!,
    );
    const result = await runCli([
      'connector',
      'explain',
      '--vendor',
      'github',
      '--event',
      'issues',
      issues!.file,
      '--json',
    ]);
    expect(jsonLines(result.stdout)).toEqual([{ file: issues!.file, ...issues!.expected }]);
    const pushed = await runCli([
      'connector',
      'explain',
      '--vendor',
      'github',
      '--event',
      'push',
      comment!.file,
      '--json',
    ]);
    expect(pushed.code).toBe(2);
    expect(jsonLines(pushed.stdout)).toEqual([
      { file: comment!.file, error: { code: 'UNSUPPORTED_WEBHOOK_EVENT', message: expect.stringContaining('push') } },
    ]);
  });

  it('reports a missing file, a file that is no JSON and another vendor’s payload on their own lines, and exits 2', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'covenant-connector-'));
    const notJson = join(directory, 'not-json.json');
    writeFileSync(notJson, '{"webhookEvent": "jira:issue_created",');
    const missing = 'test/fixtures/webhook-sample/jira/no-such-payload.json';
    const github = cases.find((sample) => sample.vendor === 'github')!;
    const jira = cases.filter((sample) => sample.vendor === 'jira');
    const result = await runCli([
      'connector',
      'explain',
      '--vendor',
      'jira',
      jira[0]!.file,
      missing,
      notJson,
      github.file,
      jira[1]!.file,
      '--json',
    ]);
    expect(result.code).toBe(2);
    expect(jsonLines(result.stdout)).toEqual([
      { file: jira[0]!.file, ...jira[0]!.expected },
      { file: missing, error: { code: 'PAYLOAD_FILE_UNREADABLE', message: expect.any(String) } },
      { file: notJson, error: { code: 'PAYLOAD_NOT_JSON', message: expect.stringContaining('not JSON') } },
      { file: github.file, error: { code: 'NOT_A_JIRA_PAYLOAD', message: expect.stringContaining('webhookEvent') } },
      { file: jira[1]!.file, ...jira[1]!.expected },
    ]);
  });

  it('prints a block per file for a person, and errors on standard error', async () => {
    const file = (id: string) => cases.find((sample) => sample.id === id)!.file;
    const events = await runCli([
      'connector',
      'explain',
      '--vendor',
      'jira',
      file('jira-issue-updated-raised-priority'),
      file('jira-cloud-comment-created'),
      'no-such-payload.json',
    ]);
    expect(events.code).toBe(2);
    const [raised, commented] = events.stdout.trim().split('\n\n');
    expect(raised).toBe(
      [
        file('jira-issue-updated-raised-priority'),
        '  ticket:    TES-41',
        '  change:    priority changed',
        '  at:        2019-02-16T21:15:16.080Z',
        '  by:        the requester (the customer)',
        '  status:    To Do',
        '  priority:  High',
      ].join('\n'),
    );
    expect(commented).toContain('  change:    public comment');
    expect(commented).toContain('  by:        unknown');
    expect(events.stderr).toContain('no-such-payload.json\n  error [PAYLOAD_FILE_UNREADABLE]: ');

    const outages = await runCli([
      'connector',
      'explain',
      '--vendor',
      'alertmanager',
      file('alertmanager-firing-two-alerts'),
    ]);
    expect(outages.code).toBe(0);
    expect(outages.stdout).toContain(
      '  outage a1bc48475b20e73d  firing  from 2020-02-06T00:17:58.432911368Z  not ended',
    );
    expect(outages.stdout).toContain(
      '  alert group {}/{}:{}     firing  from 2020-02-06T00:17:58.432911368Z  not ended',
    );
  });

  it('requires a known vendor', async () => {
    const result = await runCli(['connector', 'explain', '--vendor', 'servicenow', cases[0]!.file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Allowed choices are github, jira, zendesk, gitlab, freshdesk, alertmanager');
  });
});
