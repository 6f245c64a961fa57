import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/cli-io.ts';
import {
  effectiveStatusMapping,
  parseStatusMapArgument,
  readStatusMappingFile,
  statusMappingFromOptions,
  statusMappingWarnings,
} from '../../src/cli/status-mapping-option.ts';
import { runCli } from '../support/run-cli.ts';

const directory = mkdtempSync(join(tmpdir(), 'covenant-status-mapping-'));

function mappingFile(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof CliError) return error.code;
    throw error;
  }
  return undefined;
}

describe('--status-map STATE=CATEGORY', () => {
  it('keeps the default status name of a known state and derives one for a new state', () => {
    expect(parseStatusMapArgument('Resolved=open')).toEqual({
      state: 'Resolved',
      entry: { status: 'resolved', category: 'open' },
    });
    expect(parseStatusMapArgument(' Work in Progress = open ')).toEqual({
      state: 'Work in Progress',
      entry: { status: 'work_in_progress', category: 'open' },
    });
  });

  it('refuses a malformed argument, an unknown category (listing the categories) and a nameless state', () => {
    for (const argument of ['Resolved', 'Resolved=', '=open', '']) {
      expect(
        codeOf(() => parseStatusMapArgument(argument)),
        argument,
      ).toBe('STATUS_MAP_INVALID');
    }
    expect(() => parseStatusMapArgument('Resolved=paused')).toThrow(
      '"paused" is not a status category (for the state "Resolved"); use one of new, open, pending, resolved, closed, cancelled',
    );
    expect(codeOf(() => parseStatusMapArgument('Resolved=Open'))).toBe('STATUS_CATEGORY_UNKNOWN');
    expect(codeOf(() => parseStatusMapArgument('-100=cancelled'))).toBe('STATUS_NAME_INVALID');
  });

  it('refuses the same state given two categories, and accepts it given twice alike', () => {
    expect(codeOf(() => statusMappingFromOptions({ statusMap: ['Resolved=open', 'Resolved=closed'] }, directory))).toBe(
      'STATUS_MAP_CONFLICT',
    );
    const choice = statusMappingFromOptions({ statusMap: ['Resolved=open', 'Resolved=open'] }, directory);
    expect(choice?.override).toEqual({ Resolved: { status: 'resolved', category: 'open' } });
  });

  it('gives nothing to override when neither option is used', () => {
    expect(statusMappingFromOptions({}, directory)).toBeUndefined();
    expect(statusMappingFromOptions({ statusMap: [] }, directory)).toBeUndefined();
  });
});

describe('--status-mapping FILE.yaml', () => {
  it('reads state to category, or to { category, status }; --status-map wins over the file', () => {
    const path = mappingFile(
      'mapping.yaml',
      'Resolved: open\nAwaiting Vendor: { category: open, status: with_vendor }\nClosed: closed\n',
    );
    expect(readStatusMappingFile(path, directory).entries).toEqual({
      Resolved: { status: 'resolved', category: 'open' },
      'Awaiting Vendor': { status: 'with_vendor', category: 'open' },
      Closed: { status: 'closed', category: 'closed' },
    });
    const choice = statusMappingFromOptions({ statusMapping: path, statusMap: ['Closed=resolved'] }, directory);
    expect(choice?.override.Closed).toEqual({ status: 'closed', category: 'resolved' });
    expect(choice?.sources.get('Closed')).toBe('--status-map');
    expect(choice?.sources.get('Resolved')).toBe(path);
  });

  it('refuses a missing file, bad YAML, a list, an empty map, bad entries and bad status names with codes', () => {
    const cases: [string, string][] = [
      ['list.yaml', '- Resolved\n'],
      ['empty.yaml', '{}\n'],
      ['broken.yaml', 'Resolved: [open\n'],
      ['number.yaml', 'Resolved: 3\n'],
      ['no-category.yaml', 'Resolved: { status: done }\n'],
      ['extra-key.yaml', 'Resolved: { category: open, pause: true }\n'],
    ];
    for (const [name, text] of cases) {
      expect(
        codeOf(() => readStatusMappingFile(mappingFile(name, text), directory)),
        name,
      ).toBe('STATUS_MAPPING_FILE_INVALID');
    }
    expect(codeOf(() => readStatusMappingFile(mappingFile('cat.yaml', 'Resolved: paused\n'), directory))).toBe(
      'STATUS_CATEGORY_UNKNOWN',
    );
    expect(
      codeOf(() =>
        readStatusMappingFile(mappingFile('name.yaml', 'Resolved: { category: open, status: Done }\n'), directory),
      ),
    ).toBe('STATUS_NAME_INVALID');
    expect(codeOf(() => readStatusMappingFile('no-such-mapping.yaml', directory))).toBe('FILE_NOT_READABLE');
  });
});

describe('the effective mapping and its warnings', () => {
  const rowsByState = { New: 10, Active: 8, Resolved: 9, Closed: 9, '-100': 1 };

  it('lists every default state with the overrides marked and the rows of the log in each', () => {
    const choice = statusMappingFromOptions({ statusMap: ['Resolved=open', 'Triage=new'] }, directory);
    const states = effectiveStatusMapping(choice, rowsByState);
    expect(states.map((entry) => entry.state)).toEqual([
      'New',
      'Active',
      'In Progress',
      'Awaiting User Info',
      'Awaiting Evidence',
      'Awaiting Vendor',
      'Awaiting Problem',
      'On Hold',
      'Resolved',
      'Closed',
      'Canceled',
      'Triage',
    ]);
    expect(states.find((entry) => entry.state === 'Resolved')).toEqual({
      state: 'Resolved',
      status: 'resolved',
      category: 'open',
      overridden: true,
      default: { status: 'resolved', category: 'resolved' },
      source: '--status-map',
      rows: 9,
    });
    expect(states.find((entry) => entry.state === 'Closed')).toEqual({
      state: 'Closed',
      status: 'closed',
      category: 'closed',
      overridden: false,
      rows: 9,
    });
    expect(states.find((entry) => entry.state === 'Triage')).toMatchObject({ overridden: true, rows: 0 });
    expect(states.find((entry) => entry.state === 'Triage')).not.toHaveProperty('default');
  });

  it('warns about an overridden state no row has, with a hint for a difference in case only', () => {
    const choice = statusMappingFromOptions({ statusMap: ['Resolved=open', 'resolved=open', 'Triage=new'] }, directory);
    const warnings = statusMappingWarnings(choice, rowsByState);
    expect(warnings.map((warning) => [warning.code, warning.state])).toEqual([
      ['STATUS_MAP_STATE_NOT_IN_LOG', 'resolved'],
      ['STATUS_MAP_STATE_NOT_IN_LOG', 'Triage'],
    ]);
    expect(warnings[0]!.message).toContain('did you mean "Resolved"?');
    expect(warnings[1]!.message).toContain("the log's states are New, Active, Resolved, Closed, -100");
    expect(statusMappingWarnings(undefined, rowsByState)).toEqual([]);
  });
});

describe('covenant replay --status-map', () => {
  const replay = ['replay', '-a', 'examples/agreements/servicenow-replay.yaml', '-z', 'America/Sao_Paulo'];
  const log = 'test/fixtures/servicenow/small-export.csv';

  it('keeps the resolution clock running through Resolved until Closed, and says which mapping it used', async () => {
    const result = await runCli([...replay, '--status-map', 'Resolved=open', '--json', log]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    // Read by default, both P1 incidents are resolved in time (met 2). Read as open, INC9000001 runs until its Closed
    // row five days later and INC9000002, never closed, runs until the end of the log: both breached.
    const p1 = report.targets.find((target: { id: string }) => target.id === 'p1-resolution');
    expect(p1).toMatchObject({ met: 0, breached: 2 });
    expect(report.statusMapping.overridden).toBe(true);
    expect(report.statusMapping.warnings).toEqual([]);
    expect(report.statusMapping.states).toContainEqual({
      state: 'Resolved',
      status: 'resolved',
      category: 'open',
      overridden: true,
      default: { status: 'resolved', category: 'resolved' },
      source: '--status-map',
      rows: 2,
    });
  });

  it('reports the default mapping when there is no override, and warns about a state the log lacks', async () => {
    const plain = JSON.parse((await runCli([...replay, '--json', log])).stdout);
    expect(plain.statusMapping.overridden).toBe(false);
    expect(plain.statusMapping.states.every((entry: { overridden: boolean }) => !entry.overridden)).toBe(true);
    const typo = await runCli([...replay, '--status-map', 'Resolvd=open', log]);
    expect(typo.code).toBe(0);
    expect(typo.stderr).toContain('warning [STATUS_MAP_STATE_NOT_IN_LOG]: no row of the log is in the state "Resolvd"');
    expect(typo.stdout).toContain('Resolvd -> resolvd (open; added), 0 rows');
  });

  it('refuses an unknown category before reading the log, listing the categories', async () => {
    const result = await runCli([...replay, '--status-map', 'Resolved=paused', '--json', log]);
    expect(result.code).toBe(2);
    const { error } = JSON.parse(result.stdout);
    expect(error.code).toBe('STATUS_CATEGORY_UNKNOWN');
    expect(error.details.allowed).toEqual(['new', 'open', 'pending', 'resolved', 'closed', 'cancelled']);
  });
});
