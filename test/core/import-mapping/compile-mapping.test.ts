import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  compileImportMapping,
  compileImportMappingText,
  ImportMappingError,
} from '../../../src/core/import-mapping/index.ts';
import { eventLogMappingYaml, snapshotMappingYaml } from './mapping-fixtures.ts';

function issuesOf(value: unknown): { path: string; code: string; message: string }[] {
  try {
    compileImportMapping(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportMappingError);
    return [...(error as ImportMappingError).issues];
  }
  throw new Error('expected the mapping to be refused');
}

// biome-ignore lint/suspicious/noExplicitAny: a parsed mapping, edited freely to break it
const base = () => parse(eventLogMappingYaml) as Record<string, any>;

describe('compileImportMapping', () => {
  it('compiles both shapes and lists every column the file must have', () => {
    const eventLog = compileImportMappingText(eventLogMappingYaml);
    expect(eventLog.columns).toEqual([
      'number',
      'updated_at',
      'opened_at',
      'state',
      'priority',
      'updated_by',
      'category',
      'title',
      'notes',
      'more_notes',
    ]);
    expect(compileImportMappingText(snapshotMappingYaml).columns).toEqual([
      'id',
      'created',
      'resolved',
      'closed',
      'impact',
      'urgency',
    ]);
  });

  it('compiles the example mappings of examples/import/', () => {
    const folder = new URL('../../../examples/import/', import.meta.url);
    const files = readdirSync(folder).filter((name) => name.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const text = readFileSync(new URL(name, folder), 'utf8');
      expect(text.startsWith('# yaml-language-server: $schema=../../docs/import-mapping.schema.json\n'), name).toBe(
        true,
      );
      expect(compileImportMappingText(text).mapping.shape, name).toBeDefined();
    }
  });

  it('names the path and the mistake', () => {
    const mapping = base();
    mapping.timestamps.zone = 'Mars/Olympus';
    mapping.timestamps.format = 'DD.MM.YYYY hh:mm';
    mapping.event.values.Active = { event: 'status' };
    mapping.event.values.Closed = { event: 'shut' };
    mapping.colour = 'red';
    const issues = issuesOf(mapping);
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      'colour',
      'event.values.Active.status',
      'event.values.Closed.event',
    ]);
    expect(issues.every((issue) => issue.code === 'IMPORT_MAPPING_INVALID')).toBe(true);
    expect(issues.find((issue) => issue.path === 'colour')?.message).toBe('unknown field "colour"');
    expect(issues.find((issue) => issue.path === 'event.values.Active.status')?.message).toMatch(/needs a status/);

    // Semantic checks run once the shape is right.
    const semantic = issuesOf({ ...base(), timestamps: { zone: 'Mars/Olympus', format: 'DD.MM.YYYY hh:mm' } });
    expect(semantic).toEqual([
      { path: 'timestamps.zone', code: 'IMPORT_MAPPING_INVALID', message: 'unknown IANA time zone "Mars/Olympus"' },
      {
        path: 'timestamps.format',
        code: 'IMPORT_MAPPING_INVALID',
        message: expect.stringContaining('unknown pattern letter "h" at position 12'),
      },
    ]);
  });

  it('checks the shape-specific sections and the rules of a multi-column event', () => {
    const { eventLog: _eventLog, ...withoutEventLog } = base();
    expect(issuesOf(withoutEventLog)).toEqual([
      { path: 'eventLog', code: 'IMPORT_MAPPING_INVALID', message: 'shape event_log needs `eventLog.at`' },
    ]);
    const both = { ...base(), impact: { column: 'impact' } };
    expect(issuesOf(both)[0]?.message).toMatch(/priority, or impact and urgency/);
    const rules = {
      ...base(),
      event: {
        columns: ['state', 'sub_state'],
        rules: [{ when: { state: 'Pending', substate: 'Customer' }, becomes: { event: 'status', status: 'waiting' } }],
      },
    };
    expect(issuesOf(rules)).toEqual([
      {
        path: 'event.rules.0.when.substate',
        code: 'IMPORT_MAPPING_INVALID',
        message: '"substate" is not in event.columns',
      },
    ]);
  });

  it('reports YAML that does not parse with its own code', () => {
    expect(() => compileImportMappingText('shape: [event_log')).toThrow(
      expect.objectContaining({ code: 'IMPORT_MAPPING_PARSE_ERROR' }),
    );
  });
});
