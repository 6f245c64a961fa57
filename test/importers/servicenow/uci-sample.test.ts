import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ticketEventSchema } from '../../../src/core/clocks/ticket-event.ts';
import {
  type ImportProblem,
  readServiceNowIncidents,
  type ServiceNowIncident,
} from '../../../src/importers/servicenow/index.ts';
import { uciFile, uciSuiteTitle } from './uci-data.ts';

const sample = uciFile('sample_first_1000_incidents.csv');

async function importSample(inferFirstResponse = false) {
  const problems: ImportProblem[] = [];
  const stream = readServiceNowIncidents(createReadStream(sample.path), {
    timeZone: 'America/Sao_Paulo',
    inferFirstResponse,
    onProblem: (problem) => problems.push(problem),
  });
  const incidents = new Map<string, ServiceNowIncident>();
  for await (const incident of stream) incidents.set(incident.number, incident);
  return { incidents, problems, stats: stream.stats };
}

// Expected values below were derived by hand from the rows of the CSV (grep -n '^INC0000045,' ...); Sao Paulo was
// at -03:00 from 21 Feb to 15 Oct 2016.
const at = (iso: string) => Date.parse(`${iso}:00-03:00`);

describe.skipIf(!sample.present)(uciSuiteTitle('UCI sample: first 1,000 incidents', sample.present), () => {
  it('reads 6,784 rows as 1,000 incidents, with events the core accepts', async () => {
    const { incidents, problems, stats } = await importSample();
    expect(stats).toMatchObject({ rows: 6784, incidents: 1000, skippedRows: 0 });
    expect(incidents.size).toBe(1000);
    // INC0000130, 131, 134, 135, 137 and 164: rows before opened_at, or a repeated sys_mod_count.
    expect(problems.every((problem) => problem.severity === 'warning')).toBe(true);
    for (const incident of incidents.values()) {
      for (const event of incident.events) expect(ticketEventSchema.safeParse(event).success).toBe(true);
    }
  });

  it('INC0000045: opened 01:16, Resolved at 08:53 (resolved_at 11:29 kept as a final value), closed 5 Mar', async () => {
    const incident = (await importSample()).incidents.get('INC0000045');
    expect(incident?.events).toEqual([
      {
        id: 'INC0000045:0:opened',
        type: 'opened',
        occurredAt: at('2016-02-29T01:16'),
        status: 'new',
        priority: '3 - Moderate',
        impact: '2 - Medium',
        urgency: '2 - Medium',
        service: 'Category 55',
      },
      { id: 'INC0000045:2:resolved', type: 'resolved', occurredAt: at('2016-02-29T08:53') },
      { id: 'INC0000045:4:closed', type: 'closed', occurredAt: at('2016-03-05T12:00') },
    ]);
    expect(incident?.events[0]?.occurredAt).toBe(Date.UTC(2016, 1, 29, 4, 16));
    expect(incident?.lineNumbers).toEqual([2, 3, 4, 5]);
    expect(incident?.eventLineNumbers).toEqual([2, 3, 5]);
    expect(incident?.final).toMatchObject({
      status: 'closed',
      madeSla: true,
      breachRecordedAt: null,
      openedAt: at('2016-02-29T01:16'),
      resolvedAt: at('2016-02-29T11:29'),
      closedAt: at('2016-03-05T12:00'),
      closedCode: 'code 5',
      contactType: 'Phone',
      assignmentGroup: 'Group 56',
      assignedTo: null,
      modCount: 4,
    });
  });

  it('INC0001112: opened awaiting user info, raised to 1 - Critical, breach recorded at closure', async () => {
    const incident = (await importSample()).incidents.get('INC0001112');
    expect(incident?.events).toEqual([
      {
        id: 'INC0001112:0:opened',
        type: 'opened',
        occurredAt: at('2016-03-02T10:20'),
        status: 'awaiting_user_info',
        priority: '3 - Moderate',
        impact: '2 - Medium',
        urgency: '2 - Medium',
        service: 'Category 45',
      },
      { id: 'INC0001112:0:assigned', type: 'assigned', occurredAt: at('2016-03-02T10:20'), assignee: 'Resolver 193' },
      {
        id: 'INC0001112:1:priority',
        type: 'priority',
        occurredAt: at('2016-03-03T10:18'),
        priority: '1 - Critical',
        impact: '1 - High',
        urgency: '1 - High',
      },
      { id: 'INC0001112:11:resolved', type: 'resolved', occurredAt: at('2016-03-30T16:23') },
      { id: 'INC0001112:12:closed', type: 'closed', occurredAt: at('2016-04-04T16:59') },
    ]);
    expect(incident?.final).toMatchObject({
      madeSla: false,
      breachRecordedAt: at('2016-04-04T16:59'),
      priority: '1 - Critical',
    });
  });

  it('INC0001312: resolved, reopened by the caller, awaiting user info, unassigned, resolved again', async () => {
    const incident = (await importSample()).incidents.get('INC0001312');
    expect(
      incident?.events.map(({ id, type, occurredAt, status, assignee }) => ({
        id,
        type,
        occurredAt,
        status,
        assignee,
      })),
    ).toEqual([
      {
        id: 'INC0001312:0:opened',
        type: 'opened',
        occurredAt: at('2016-03-02T13:40'),
        status: 'active',
        assignee: undefined,
      },
      {
        id: 'INC0001312:0:assigned',
        type: 'assigned',
        occurredAt: at('2016-03-02T13:41'),
        status: undefined,
        assignee: 'Resolver 139',
      },
      {
        id: 'INC0001312:12:resolved',
        type: 'resolved',
        occurredAt: at('2016-04-06T14:29'),
        status: undefined,
        assignee: undefined,
      },
      {
        id: 'INC0001312:13:reopened',
        type: 'reopened',
        occurredAt: at('2016-04-06T16:31'),
        status: 'active',
        assignee: undefined,
      },
      {
        id: 'INC0001312:17:status',
        type: 'status',
        occurredAt: at('2016-04-14T09:57'),
        status: 'awaiting_user_info',
        assignee: undefined,
      },
      {
        id: 'INC0001312:21:assigned',
        type: 'assigned',
        occurredAt: at('2016-04-25T10:50'),
        status: undefined,
        assignee: undefined,
      },
      {
        id: 'INC0001312:22:assigned',
        type: 'assigned',
        occurredAt: at('2016-04-25T11:16'),
        status: undefined,
        assignee: 'Resolver 194',
      },
      {
        id: 'INC0001312:22:resolved',
        type: 'resolved',
        occurredAt: at('2016-04-25T11:16'),
        status: undefined,
        assignee: undefined,
      },
      {
        id: 'INC0001312:23:closed',
        type: 'closed',
        occurredAt: at('2016-04-30T12:07'),
        status: undefined,
        assignee: undefined,
      },
    ]);
    expect(incident?.events[0]?.service).toBe('Category 45');
    expect(incident?.final).toMatchObject({ category: 'Category 42', reopenCount: 1, madeSla: false });
  });

  it('with inferFirstResponse, INC0001312 (opened Active) gets one agent_reply at its first row', async () => {
    const { incidents } = await importSample(true);
    const replies = incidents.get('INC0001312')?.events.filter((event) => event.type === 'agent_reply');
    expect(replies).toEqual([
      { id: 'INC0001312:0:agent_reply', type: 'agent_reply', occurredAt: at('2016-03-02T13:41') },
    ]);
    expect(incidents.get('INC0000045')?.events.some((event) => event.type === 'agent_reply')).toBe(false);
  });
});
