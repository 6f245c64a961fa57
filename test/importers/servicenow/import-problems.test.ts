import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  readServiceNowIncidents,
  ServiceNowImportError,
  StatusMappingError,
} from '../../../src/importers/servicenow/index.ts';
import { columns, csv, importChunks, importCsv, instant, row, updates } from './servicenow-csv.ts';

const t = (hhmm: string) => instant(`2016-03-01T${hhmm}:00-03:00`);

describe('ServiceNow import problems', () => {
  it('reports a row with the wrong number of fields by line and skips it', async () => {
    const { incidents, problems, stats } = await importCsv(csv(row(), `${row()},extra`, 'INC0000001,New'));
    expect(problems).toEqual([
      {
        kind: 'wrong_field_count',
        severity: 'error',
        line: 3,
        number: 'INC0000001',
        message: 'expected 36 fields, got 37',
      },
      {
        kind: 'wrong_field_count',
        severity: 'error',
        line: 4,
        number: 'INC0000001',
        message: 'expected 36 fields, got 2',
      },
    ]);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.lineNumbers).toEqual([2]);
    expect(stats).toMatchObject({ rows: 3, incidents: 1, skippedRows: 2, problems: 2 });
  });

  it('reports unparseable timestamps (sys_updated_at, opened_at) and skips the row', async () => {
    const { incidents, problems } = await importCsv(
      csv(
        row({ sys_updated_at: '2016-13-01 09:00' }),
        row({ opened_at: '31/4/2016 09:00' }),
        row({ sys_updated_at: '?' }),
        row({ sys_mod_count: '1', sys_updated_at: '1/3/2016 10:00' }),
      ),
    );
    expect(problems.map(({ kind, line, severity }) => ({ kind, line, severity }))).toEqual([
      { kind: 'bad_timestamp', line: 2, severity: 'error' },
      { kind: 'bad_timestamp', line: 3, severity: 'error' },
      { kind: 'bad_timestamp', line: 4, severity: 'error' },
    ]);
    expect(problems[1]?.message).toBe('opened_at "31/4/2016 09:00" is not a timestamp (expected d/m/yyyy H:MM)');
    // The first valid row opens the incident.
    expect(incidents[0]?.events[0]).toMatchObject({ id: 'INC0000001:1:opened', occurredAt: t('09:00') });
  });

  it('reports a missing number and a non-numeric sys_mod_count', async () => {
    const { incidents, problems } = await importCsv(
      csv(row({ number: '?' }), row({ number: '' }), row({ sys_mod_count: '?' }), row()),
    );
    expect(problems.map(({ kind, line, number }) => ({ kind, line, number }))).toEqual([
      { kind: 'missing_number', line: 2, number: null },
      { kind: 'missing_number', line: 3, number: null },
      { kind: 'bad_sys_mod_count', line: 4, number: 'INC0000001' },
    ]);
    expect(incidents).toHaveLength(1);
  });

  it('reports state -100 and skips the row: the next row is compared with the row before it', async () => {
    const { incidents, problems } = await importCsv(
      csv(
        ...updates(
          { incident_state: 'New' },
          { incident_state: '-100', sys_updated_at: '1/3/2016 10:00' },
          { incident_state: 'Resolved', sys_updated_at: '1/3/2016 11:00' },
        ),
      ),
    );
    expect(problems).toEqual([
      {
        kind: 'unknown_state',
        severity: 'error',
        line: 3,
        number: 'INC0000001',
        message: 'the undocumented state -100 maps to no status; row skipped',
      },
    ]);
    expect(incidents[0]?.events.map((event) => [event.type, event.occurredAt])).toEqual([
      ['opened', t('09:00')],
      ['resolved', t('11:00')],
    ]);
  });

  it('reports an unknown state label', async () => {
    const { problems } = await importCsv(csv(row({ incident_state: 'Parked' })));
    expect(problems[0]).toMatchObject({ kind: 'unknown_state', message: expect.stringContaining('"Parked"') });
  });

  it('reports an incident number that reappears after another, and still emits it as a continuation', async () => {
    const { incidents, problems, stats } = await importCsv(
      csv(
        row({ number: 'INC0000001' }),
        row({ number: 'INC0000002' }),
        row({ number: 'INC0000001', sys_mod_count: '1', incident_state: 'Resolved', sys_updated_at: '1/3/2016 10:00' }),
      ),
    );
    expect(problems).toEqual([
      {
        kind: 'incident_reappears',
        severity: 'warning',
        line: 4,
        number: 'INC0000001',
        message: 'incident INC0000001 appeared earlier in the file: its rows are not contiguous; imported again',
      },
    ]);
    expect(incidents.map((incident) => [incident.number, incident.continuation])).toEqual([
      ['INC0000001', false],
      ['INC0000002', false],
      ['INC0000001', true],
    ]);
    expect(incidents[2]?.events.map((event) => event.id)).toEqual(['INC0000001:1:opened', 'INC0000001:1:resolved']);
    expect(stats.incidents).toBe(3);
  });

  it('moves an event that would go back in time to the previous event, and says so', async () => {
    const { incidents, problems } = await importCsv(
      csv(
        ...updates(
          { opened_at: '1/3/2016 09:00', sys_updated_at: '1/3/2016 08:50', assigned_to: 'Resolver 1' },
          { incident_state: 'Active', sys_updated_at: '1/3/2016 09:30' },
          { incident_state: 'Resolved', sys_updated_at: '1/3/2016 09:20' },
        ),
      ),
    );
    expect(problems.map(({ kind, line, severity }) => ({ kind, line, severity }))).toEqual([
      { kind: 'event_time_adjusted', line: 2, severity: 'warning' },
      { kind: 'event_time_adjusted', line: 4, severity: 'warning' },
    ]);
    expect(problems[0]?.message).toContain('2016-03-01T09:00:00-03:00');
    expect(incidents[0]?.events.map((event) => [event.type, event.occurredAt])).toEqual([
      ['opened', t('09:00')],
      ['assigned', t('09:00')],
      ['status', t('09:30')],
      ['resolved', t('09:30')],
    ]);
  });

  it('keeps ids unique when sys_mod_count repeats within an incident', async () => {
    const { incidents, problems } = await importCsv(
      csv(
        row({ sys_mod_count: '2' }),
        row({ sys_mod_count: '1', incident_state: 'Active', sys_updated_at: '1/3/2016 10:00' }),
        row({ sys_mod_count: '2', incident_state: 'Awaiting User Info', sys_updated_at: '1/3/2016 11:00' }),
      ),
    );
    expect(incidents[0]?.events.map((event) => event.id)).toEqual([
      'INC0000001:2:opened',
      'INC0000001:1:status',
      'INC0000001:2#2:status',
    ]);
    expect(problems).toMatchObject([{ kind: 'duplicate_sys_mod_count', line: 4, severity: 'warning' }]);
  });

  it('reports a reopen_count increase while the incident is open, without inventing a reopen', async () => {
    const { incidents, problems } = await importCsv(
      csv(...updates({ incident_state: 'Active' }, { reopen_count: '1', sys_updated_at: '1/3/2016 10:00' })),
    );
    expect(problems).toMatchObject([{ kind: 'reopen_without_resolution', line: 3, severity: 'warning' }]);
    expect(incidents[0]?.events.map((event) => event.type)).toEqual(['opened']);
  });

  it('reports an unparseable resolved_at as a missing final value', async () => {
    const { incidents, problems } = await importCsv(csv(row({ resolved_at: 'yesterday' })));
    expect(problems).toMatchObject([{ kind: 'bad_final_value', line: 2, severity: 'warning' }]);
    expect(incidents[0]?.final.resolvedAt).toBeNull();
  });

  it('reports an unterminated quote at the end of the input as a CSV syntax problem', async () => {
    const { incidents, problems, stats } = await importCsv(`${csv(row())}INC0000002,"New`);
    expect(problems).toMatchObject([{ kind: 'csv_syntax', line: 3, severity: 'error' }]);
    expect(incidents).toHaveLength(1);
    expect(stats).toMatchObject({ rows: 1, skippedRows: 0, problems: 1 });
  });

  it('counts problems by kind in the stats', async () => {
    const { stats } = await importCsv(csv(row({ number: '?' }), row({ number: '?' }), row({ incident_state: '-100' })));
    expect(stats.problemsByKind).toEqual({ missing_number: 2, unknown_state: 1 });
    expect(stats.incidents).toBe(0);
  });

  it('reports progress every N rows and once at the end', async () => {
    const lines = Array.from({ length: 5 }, (_, index) => row({ number: `INC000000${index}` }));
    const { progress } = await importCsv(csv(...lines), { progressEvery: 2 });
    expect(progress.map(({ rows, incidents }) => [rows, incidents])).toEqual([
      [2, 1],
      [4, 3],
      [5, 5],
    ]);
    expect(progress.at(-1)?.bytes).toBe(Buffer.byteLength(csv(...lines)));
  });

  it('finds columns by name, in any order, and requires the five event columns', async () => {
    const reordered = [...columns].reverse();
    const values = row({ incident_state: 'Active' }).split(',').reverse().join(',');
    const { incidents } = await importCsv(`${reordered.join(',')}\n${values}\n`);
    expect(incidents[0]?.events[0]).toMatchObject({ type: 'opened', status: 'active', priority: '3 - Moderate' });
    await expect(importCsv('number,incident_state,opened_at\nINC1,New,1/3/2016 09:00\n')).rejects.toThrow(
      new ServiceNowImportError('not a ServiceNow incident export: missing column(s) sys_mod_count, sys_updated_at'),
    );
    const minimal = await importCsv(
      'number,incident_state,sys_mod_count,opened_at,sys_updated_at\nINC1,New,0,1/3/2016 09:00,1/3/2016 09:05\n',
    );
    expect(minimal.incidents[0]?.events).toEqual([
      { id: 'INC1:0:opened', type: 'opened', occurredAt: t('09:00'), status: 'new' },
    ]);
    expect(minimal.incidents[0]?.final).toMatchObject({ madeSla: null, priority: null, closedAt: null });
  });

  it('refuses an empty input, an unknown zone, a bad status mapping and a second iteration', async () => {
    await expect(importChunks([])).rejects.toThrow('the input is empty: no header row');
    expect(() => readServiceNowIncidents(Readable.from([]), { timeZone: 'Mars/Olympus' })).toThrow(
      ServiceNowImportError,
    );
    expect(() =>
      readServiceNowIncidents(Readable.from([]), {
        timeZone: 'UTC',
        statusMapping: { Parked: { status: 'Parked Status', category: 'pending' } },
      }),
    ).toThrow(StatusMappingError);
    const stream = readServiceNowIncidents(Readable.from([csv(row())]), { timeZone: 'UTC' });
    for await (const _ of stream) {
      // drain
    }
    expect(() => stream[Symbol.asyncIterator]()).toThrow('can be iterated only once');
  });
});
