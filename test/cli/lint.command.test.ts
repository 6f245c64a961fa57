import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

describe('covenant lint', () => {
  it('passes the example agreements with exit status 0', async () => {
    for (const example of ['erp-support', 'hosting-24x7', 'logistics-otif']) {
      const result = await runCli(['lint', `examples/agreements/${example}.yaml`]);
      expect(result, example).toMatchObject({ code: 0 });
      expect(result.stdout).toContain('0 error(s)');
    }
  });

  it('reports vague wording with its path and a fix, and exits 1 because errors block approval', async () => {
    const text = readFileSync('examples/agreements/servicenow-replay.yaml', 'utf8').replace(
      'title: Service desk incident management',
      'description: The provider resolves incidents as soon as possible.\n  title: Service desk incident management',
    );
    const file = join(mkdtempSync(join(tmpdir(), 'covenant-lint-')), 'vague.yaml');
    writeFileSync(file, text);
    const result = await runCli(['lint', file, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.errors).toBeGreaterThan(0);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        path: 'metadata.description',
        severity: 'error',
        rule: expect.stringContaining('vague'),
      }),
    );
  });

  it('reports calendars in different zones when the agreement names no zone, and accepts a written one, even UTC', async () => {
    const erp = readFileSync('examples/agreements/erp-support.yaml', 'utf8');
    const production = '    production:\n      timezone: Europe/Warsaw\n';
    expect(erp.split(production)).toHaveLength(2);
    const twoZones = erp.replace(production, '    production:\n      timezone: America/New_York\n');
    const directory = mkdtempSync(join(tmpdir(), 'covenant-lint-'));
    const lintText = async (name: string, text: string) => {
      writeFileSync(join(directory, name), text);
      const result = await runCli(['lint', join(directory, name), '--json']);
      const zoneFindings = JSON.parse(result.stdout).findings.filter(
        (finding: { path: string }) => finding.path === 'spec.term.timezone',
      );
      return { code: result.code, zoneFindings };
    };
    expect(await lintText('two-zones.yaml', twoZones)).toEqual({
      code: 1,
      zoneFindings: [expect.objectContaining({ rule: 'calendar-zones-disagree', severity: 'error' })],
    });
    const named = twoZones.replace('renewal: auto, noticeDays: 90 }', 'renewal: auto, noticeDays: 90, timezone: UTC }');
    expect(await lintText('named.yaml', named)).toEqual({ code: 0, zoneFindings: [] });
  });

  it('checks feasibility against a ticket history', async () => {
    const result = await runCli([
      'lint',
      'examples/agreements/servicenow-replay.yaml',
      '--history',
      'test/fixtures/servicenow/small-export.csv',
      '--timezone',
      'America/Sao_Paulo',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.feasibility.find((entry: { targetId: string }) => entry.targetId === 'p1-resolution')).toMatchObject({
      judged: 2,
      met: 2,
    });
  });

  it('explains a broken document with line numbers and exit status 2', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'covenant-lint-')), 'broken.yaml');
    writeFileSync(file, 'apiVersion: covenant/v1\nkind: Agreement\nmetadata: { id: x\n');
    const result = await runCli(['lint', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('AGREEMENT_PARSE_ERROR');
  });
});
