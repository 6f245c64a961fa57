import { describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../../src/core/clocks/ticket-event.ts';
import {
  CaseAssembler,
  caseAssemblerFor,
  compileImportMappingText,
  createRowMapper,
  type ImportProblem,
  type ImportRow,
} from '../../../src/core/import-mapping/index.ts';
import { eventLogMappingYaml, snapshotMappingYaml } from './mapping-fixtures.ts';

const header = ['number', 'state', 'priority', 'category', 'updated_by', 'opened_at', 'updated_at', 'title', 'notes'];

function rows(lines: readonly string[]): ImportRow[] {
  return lines.map((text, index) => {
    const cells = text.split(',');
    return { line: index + 2, values: Object.fromEntries(header.map((column, at) => [column, cells[at]])) };
  });
}

/** Maps and assembles rows as an import does: the events per case, the problems, the ignored lines. */
function importRows(yaml: string, input: readonly ImportRow[]) {
  const compiled = compileImportMappingText(yaml);
  const mapRow = createRowMapper(compiled);
  const assembler = caseAssemblerFor(compiled);
  const events = new Map<string, TicketEvent[]>();
  const problems: ImportProblem[] = [];
  const ignored: number[] = [];
  for (const row of input) {
    const mapped = mapRow(row);
    if (mapped.outcome === 'problem') problems.push(mapped.problem);
    else if (mapped.outcome === 'ignored') ignored.push(mapped.line);
    else {
      const added = assembler.add(mapped);
      events.set(added.caseId, [...(events.get(added.caseId) ?? []), ...added.events]);
    }
  }
  return { events, problems, ignored, tickets: assembler.tickets, total: assembler.events };
}

const utc = (ms: number) => new Date(ms).toISOString();
const summary = (events: readonly TicketEvent[] = []) =>
  events.map(({ id: _id, occurredAt, ...rest }) => ({ at: utc(occurredAt), ...rest }));

const log = rows([
  'INC1,New,3 - Moderate,Category 55,Updated 1,29/2/2016 01:16,29/2/2016 01:23,Printer down,first',
  'INC1,Active,3 - Moderate,Category 55,Updated 2,29/2/2016 01:16,29/2/2016 02:00,Printer down,',
  'INC1,Active,2 - High,Category 55,Updated 2,29/2/2016 01:16,29/2/2016 03:00,Printer down,',
  'INC1,Reply,2 - High,Category 55,Caller,29/2/2016 01:16,29/2/2016 03:10,Printer down,',
  'INC1,Resolved,2 - High,Category 55,Updated 3,29/2/2016 01:16,29/2/2016 08:53,Printer down,',
  'INC1,Resolved,2 - High,Category 55,Updated 3,29/2/2016 01:16,29/2/2016 11:29,Printer down,',
  'INC1,Active,2 - High,Category 55,Updated 3,29/2/2016 01:16,1/3/2016 09:00,Printer down,',
  'INC1,Closed,2 - High,Category 55,Updated 4,29/2/2016 01:16,5/3/2016 12:00,Printer down,',
  'INC2,-100,4 - Low,Category 9,Updated 1,1/3/2016 10:00,1/3/2016 10:05,Other,',
  'INC2,Active,4 - Low,Category 9,Updated 1,1/3/2016 10:00,1/3/2016 10:06,Other,',
]);

describe('event log rows to ticket events', () => {
  it('opens each case once, records changes only, reopens after a resolution and keeps replies', () => {
    const result = importRows(eventLogMappingYaml, log);
    expect(result.problems).toEqual([]);
    expect(result.ignored).toEqual([10]);
    expect(result.tickets).toBe(2);
    expect(summary(result.events.get('INC1'))).toEqual([
      { at: '2016-02-29T04:16:00.000Z', type: 'opened', priority: 'P3', service: 'erp' },
      { at: '2016-02-29T04:23:00.000Z', type: 'status', status: 'new' },
      { at: '2016-02-29T05:00:00.000Z', type: 'status', status: 'active' },
      { at: '2016-02-29T06:00:00.000Z', type: 'priority', priority: 'P2' },
      { at: '2016-02-29T06:10:00.000Z', type: 'customer_reply' },
      { at: '2016-02-29T11:53:00.000Z', type: 'resolved', status: 'resolved' },
      { at: '2016-03-01T12:00:00.000Z', type: 'reopened', status: 'active' },
      { at: '2016-03-05T15:00:00.000Z', type: 'closed', status: 'closed' },
    ]);
    expect(summary(result.events.get('INC2'))).toEqual([
      { at: '2016-03-01T13:00:00.000Z', type: 'opened', priority: 'P4', service: 'other' },
      { at: '2016-03-01T13:06:00.000Z', type: 'status', status: 'active' },
    ]);
    expect(result.total).toBe(10);
  });

  it('gives the same keys on every run and whatever the line numbers, distinct within a case', () => {
    const first = importRows(eventLogMappingYaml, log);
    const shifted = importRows(
      eventLogMappingYaml,
      log.map((row) => ({ ...row, line: row.line + 1000 })),
    );
    const ids = (result: typeof first) => [...result.events.values()].flat().map((event) => event.id);
    expect(ids(shifted)).toEqual(ids(first));
    expect(new Set(ids(first)).size).toBe(ids(first).length);
    expect(ids(first).every((id) => /^imp-[0-9a-f]{32}(~\d+)?$/.test(id))).toBe(true);
  });

  it('gives each case the same events and keys whatever the rows of other cases around it', () => {
    const byCase = (input: readonly ImportRow[]) => importRows(eventLogMappingYaml, input).events;
    const inc1First = [
      ...log.filter((row) => row.values.number === 'INC1'),
      ...log.filter((row) => row.values.number !== 'INC1'),
    ];
    const interleaved = [log[8]!, ...log.slice(0, 4), log[9]!, ...log.slice(4, 8)];
    expect(byCase(interleaved)).toEqual(byCase(log));
    expect(byCase(inc1First)).toEqual(byCase(log));
  });

  it('opens a case at its first row when nothing else says when it opened', () => {
    const withoutOpenedAt = eventLogMappingYaml.replace(
      'eventLog: { at: updated_at, openedAt: opened_at }',
      'eventLog: { at: updated_at }',
    );
    const events = importRows(withoutOpenedAt, log.slice(1, 5)).events.get('INC1');
    expect(summary(events)).toEqual([
      { at: '2016-02-29T05:00:00.000Z', type: 'opened', status: 'active', priority: 'P3', service: 'erp' },
      { at: '2016-02-29T06:00:00.000Z', type: 'priority', priority: 'P2' },
      { at: '2016-02-29T06:10:00.000Z', type: 'customer_reply' },
      { at: '2016-02-29T11:53:00.000Z', type: 'resolved', status: 'resolved' },
    ]);
  });

  it('numbers the same change repeated at the same instant, so going back and forth keeps every step', () => {
    const flapping = rows([
      'INC9,Active,3 - Moderate,x,u,1/3/2016 10:00,1/3/2016 10:05,t,',
      'INC9,Awaiting User Info,3 - Moderate,x,u,1/3/2016 10:00,1/3/2016 10:05,t,',
      'INC9,Active,3 - Moderate,x,u,1/3/2016 10:00,1/3/2016 10:05,t,',
    ]);
    const events = importRows(eventLogMappingYaml, flapping).events.get('INC9')!;
    expect(events.map((event) => event.status ?? event.type)).toEqual([
      'opened',
      'active',
      'awaiting_user_info',
      'active',
    ]);
    expect(events[3]!.id).toBe(`${events[1]!.id}~2`);
  });

  it('reports each unusable row with line, column, value, reason and a stable kind', () => {
    const bad = rows([
      ',Active,3 - Moderate,x,u,1/3/2016 10:00,1/3/2016 10:05,t,',
      'INC3,Active,3 - Moderate,x,u,1/3/2016 10:00,31/4/2016 10:05,t,',
      'INC3,Active,3 - Moderate,x,u,1/3/2016 10:00,?,t,',
      'INC3,Dormant,3 - Moderate,x,u,1/3/2016 10:00,1/3/2016 10:05,t,',
      'INC3,,3 - Moderate,x,u,1/3/2016 10:00,1/3/2016 10:05,t,',
      'INC3,Active,9 - Whatever,x,u,1/3/2016 10:00,1/3/2016 10:05,t,',
    ]);
    const { problems, tickets } = importRows(eventLogMappingYaml, bad);
    expect(tickets).toBe(0);
    expect(problems.map(({ kind, line, column, value }) => ({ kind, line, column, value }))).toEqual([
      { kind: 'missing_case_id', line: 2, column: 'number', value: '' },
      { kind: 'bad_timestamp', line: 3, column: 'updated_at', value: '31/4/2016 10:05' },
      { kind: 'missing_timestamp', line: 4, column: 'updated_at', value: '?' },
      { kind: 'unknown_event_value', line: 5, column: 'state', value: 'Dormant' },
      { kind: 'missing_event_value', line: 6, column: 'state', value: null },
      { kind: 'unknown_priority', line: 7, column: 'priority', value: '9 - Whatever' },
    ]);
    expect(problems.every((problem) => problem.reason.length > 0)).toBe(true);
  });

  it('matches several columns by rules, first rule first', () => {
    const yaml = `
shape: event_log
caseId: number
timestamps: { format: iso, zone: UTC }
eventLog: { at: updated_at, sequence: seq }
event:
  columns: [state, sub]
  rules:
    - { when: { state: Pending, sub: Customer }, becomes: { event: status, status: awaiting_customer } }
    - { when: { state: Pending }, becomes: { event: status, status: on_hold } }
    - { when: { state: Open }, becomes: { event: opened, status: open } }
`;
    const compiled = compileImportMappingText(yaml);
    const mapRow = createRowMapper(compiled);
    const row = (line: number, state: string, sub: string, seq: string) =>
      mapRow({ line, values: { number: 'C1', state, sub, seq, updated_at: '2024-05-01T10:00:00Z' } });
    const outcomes = [row(2, 'Open', '', '1'), row(3, 'Pending', 'Customer', '2'), row(4, 'Pending', 'Vendor', '3')];
    expect(outcomes.map((outcome) => (outcome.outcome === 'events' ? outcome.events[0]!.status : outcome))).toEqual([
      'open',
      'awaiting_customer',
      'on_hold',
    ]);
    const unknown = row(5, 'Gone', 'x', '4');
    expect(unknown).toMatchObject({
      outcome: 'problem',
      problem: { kind: 'unknown_event_value', column: 'state+sub', value: 'state="Gone", sub="x"' },
    });
    // With a sequence column the key is the case and the sequence: the same row exported twice is one event.
    const assembler = new CaseAssembler({ opensOnFirstRow: false, tracksPriorityChanges: true });
    for (const outcome of [...outcomes, row(3, 'Pending', 'Customer', '2')]) {
      if (outcome.outcome === 'events') assembler.add(outcome);
    }
    expect(assembler.events).toBe(3);
  });
});

describe('snapshot rows to ticket events', () => {
  it('gives opened plus resolved and closed when present, once however often the ticket appears', () => {
    const compiled = compileImportMappingText(snapshotMappingYaml);
    const mapRow = createRowMapper(compiled);
    const assembler = new CaseAssembler({ opensOnFirstRow: false, tracksPriorityChanges: false });
    const snapshot = (line: number, values: Record<string, string>) => {
      const mapped = mapRow({ line, values });
      if (mapped.outcome !== 'events') throw new Error(JSON.stringify(mapped));
      return summary(assembler.add(mapped).events);
    };
    const ticket = {
      id: 'T-1',
      created: '2024-03-29T09:00',
      resolved: '2024-04-02T10:00+02:00',
      closed: '',
      impact: 'high',
      urgency: 'low',
    };
    expect(snapshot(2, ticket)).toEqual([
      { at: '2024-03-29T08:00:00.000Z', type: 'opened', impact: 'high', urgency: 'low' },
      { at: '2024-04-02T08:00:00.000Z', type: 'resolved' },
    ]);
    expect(snapshot(3, { ...ticket, closed: '2024-04-05T12:00:00Z' })).toEqual([
      { at: '2024-04-05T12:00:00.000Z', type: 'closed' },
    ]);
    expect(snapshot(4, { ...ticket, closed: '2024-04-05T12:00:00Z' })).toEqual([]);
    expect(assembler.tickets).toBe(1);
  });
});
