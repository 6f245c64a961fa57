import { describe, expect, it } from 'vitest';
import { csv, eventSummaries, importCsv, instant, updates } from './servicenow-csv.ts';

// March 2016 in Sao Paulo is UTC-03:00 (no DST between 21 Feb and 16 Oct 2016).
const t = (hhmm: string, day = 1) => instant(`2016-03-${String(day).padStart(2, '0')}T${hhmm}:00-03:00`);

describe('ServiceNow rows to ticket events', () => {
  it('opens at opened_at with the first row priority, impact, urgency, category as service and state as status', async () => {
    const { incidents, problems } = await importCsv(
      csv(...updates({ opened_at: '1/3/2016 08:55', sys_updated_at: '1/3/2016 09:02', priority: '2 - High' })),
    );
    expect(problems).toEqual([]);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.events).toEqual([
      {
        id: 'INC0000001:0:opened',
        type: 'opened',
        occurredAt: t('08:55'),
        status: 'new',
        priority: '2 - High',
        impact: '2 - Medium',
        urgency: '2 - Medium',
        service: 'Category 1',
      },
    ]);
  });

  it('maps every state change to a stable status name at sys_updated_at', async () => {
    const { incidents } = await importCsv(
      csv(
        ...updates(
          { incident_state: 'New' },
          { incident_state: 'Active', sys_updated_at: '1/3/2016 09:10' },
          { incident_state: 'Awaiting User Info', sys_updated_at: '1/3/2016 09:20' },
          { incident_state: 'Awaiting Evidence', sys_updated_at: '1/3/2016 09:30' },
          { incident_state: 'Awaiting Vendor', sys_updated_at: '1/3/2016 09:40' },
          { incident_state: 'Awaiting Problem', sys_updated_at: '1/3/2016 09:50' },
          { incident_state: 'Awaiting Problem', sys_updated_at: '1/3/2016 09:55' },
          { incident_state: 'New', sys_updated_at: '1/3/2016 10:00' },
        ),
      ),
    );
    expect(eventSummaries(incidents[0]).slice(1)).toEqual([
      { type: 'status', occurredAt: t('09:10'), status: 'active' },
      { type: 'status', occurredAt: t('09:20'), status: 'awaiting_user_info' },
      { type: 'status', occurredAt: t('09:30'), status: 'awaiting_evidence' },
      { type: 'status', occurredAt: t('09:40'), status: 'awaiting_vendor' },
      { type: 'status', occurredAt: t('09:50'), status: 'awaiting_problem' },
      { type: 'status', occurredAt: t('10:00'), status: 'new' },
    ]);
    expect(incidents[0]?.events.map((event) => event.id)).toEqual([
      'INC0000001:0:opened',
      'INC0000001:1:status',
      'INC0000001:2:status',
      'INC0000001:3:status',
      'INC0000001:4:status',
      'INC0000001:5:status',
      'INC0000001:7:status',
    ]);
  });

  it('resolves at the row that enters Resolved (not resolved_at) and closes at the Closed row', async () => {
    // INC0000045's shape: Resolved appears at 08:53, resolved_at says 11:29 (a later save of the resolved record).
    const final = { resolved_at: '1/3/2016 11:29', closed_at: '5/3/2016 12:00' };
    const { incidents } = await importCsv(
      csv(
        ...updates(
          { ...final, opened_at: '1/3/2016 01:16', sys_updated_at: '1/3/2016 01:23' },
          { incident_state: 'Resolved', sys_updated_at: '1/3/2016 08:53' },
          { incident_state: 'Resolved', sys_updated_at: '1/3/2016 11:29' },
          { incident_state: 'Closed', active: 'false', sys_updated_at: '5/3/2016 12:00' },
        ),
      ),
    );
    const incident = incidents[0];
    expect(eventSummaries(incident)).toMatchObject([
      { type: 'opened', occurredAt: t('01:16') },
      { type: 'resolved', occurredAt: t('08:53') },
      { type: 'closed', occurredAt: t('12:00', 5) },
    ]);
    expect(incident?.final).toMatchObject({ status: 'closed', resolvedAt: t('11:29'), closedAt: t('12:00', 5) });
  });

  it('opens as new and resolves at the first row when the incident is created resolved', async () => {
    const { incidents } = await importCsv(
      csv(...updates({ incident_state: 'Resolved', opened_at: '1/3/2016 09:00', sys_updated_at: '1/3/2016 09:01' })),
    );
    expect(eventSummaries(incidents[0])).toMatchObject([
      { type: 'opened', occurredAt: t('09:00'), status: 'new' },
      { type: 'resolved', occurredAt: t('09:01') },
    ]);
  });

  it('opens with the first row state when it is already open or pending', async () => {
    const { incidents } = await importCsv(csv(...updates({ incident_state: 'Awaiting User Info' })));
    expect(eventSummaries(incidents[0])).toMatchObject([{ type: 'opened', status: 'awaiting_user_info' }]);
  });

  it('reopens on Resolved -> Active, on Closed -> Active and on Resolved -> Awaiting User Info, with the new status', async () => {
    const { incidents, problems } = await importCsv(
      csv(
        ...updates(
          { incident_state: 'Active' },
          { incident_state: 'Resolved', sys_updated_at: '1/3/2016 10:00' },
          { incident_state: 'Active', reopen_count: '1', sys_updated_at: '1/3/2016 11:00' },
          { incident_state: 'Resolved', sys_updated_at: '1/3/2016 12:00' },
          { incident_state: 'Awaiting User Info', reopen_count: '2', sys_updated_at: '1/3/2016 13:00' },
          { incident_state: 'Resolved', sys_updated_at: '1/3/2016 14:00' },
          { incident_state: 'Closed', sys_updated_at: '1/3/2016 15:00' },
          { incident_state: 'Active', reopen_count: '3', sys_updated_at: '1/3/2016 16:00' },
        ),
      ),
    );
    expect(problems).toEqual([]);
    expect(eventSummaries(incidents[0]).slice(1)).toEqual([
      { type: 'resolved', occurredAt: t('10:00') },
      { type: 'reopened', occurredAt: t('11:00'), status: 'active' },
      { type: 'resolved', occurredAt: t('12:00') },
      { type: 'reopened', occurredAt: t('13:00'), status: 'awaiting_user_info' },
      { type: 'resolved', occurredAt: t('14:00') },
      { type: 'closed', occurredAt: t('15:00') },
      { type: 'reopened', occurredAt: t('16:00'), status: 'active' },
    ]);
    expect(incidents[0]?.final.reopenCount).toBe(3);
  });

  it('reopens even when reopen_count does not move (Resolved -> Active)', async () => {
    const { incidents } = await importCsv(
      csv(...updates({ incident_state: 'Resolved' }, { incident_state: 'Active', sys_updated_at: '1/3/2016 10:00' })),
    );
    expect(eventSummaries(incidents[0]).at(-1)).toEqual({ type: 'reopened', occurredAt: t('10:00'), status: 'active' });
  });

  it('reads a reopen_count increase between two Resolved rows as a reopen and a new resolution at that row', async () => {
    const { incidents } = await importCsv(
      csv(
        ...updates(
          { incident_state: 'Resolved' },
          { incident_state: 'Resolved', reopen_count: '1', sys_updated_at: '1/3/2016 10:00' },
        ),
      ),
    );
    expect(incidents[0]?.events.slice(2).map(({ id, type, occurredAt }) => ({ id, type, occurredAt }))).toEqual([
      { id: 'INC0000001:1:reopened', type: 'reopened', occurredAt: t('10:00') },
      { id: 'INC0000001:1:resolved', type: 'resolved', occurredAt: t('10:00') },
    ]);
  });

  it('closes an incident that was never resolved, and cancels on Canceled', async () => {
    const closed = await importCsv(
      csv(...updates({ incident_state: 'Active' }, { incident_state: 'Closed', sys_updated_at: '1/3/2016 10:00' })),
    );
    expect(eventSummaries(closed.incidents[0]).slice(1)).toEqual([{ type: 'closed', occurredAt: t('10:00') }]);
    const cancelled = await importCsv(
      csv(...updates({ incident_state: 'New' }, { incident_state: 'Canceled', sys_updated_at: '1/3/2016 10:00' })),
    );
    expect(eventSummaries(cancelled.incidents[0]).slice(1)).toEqual([{ type: 'cancelled', occurredAt: t('10:00') }]);
  });

  it('emits a priority event with all three values when priority, impact or urgency changes', async () => {
    const { incidents } = await importCsv(
      csv(
        ...updates(
          {},
          { urgency: '1 - High', priority: '2 - High', sys_updated_at: '1/3/2016 10:00' },
          { impact: '1 - High', sys_updated_at: '1/3/2016 11:00' },
          { impact: '1 - High', sys_updated_at: '1/3/2016 12:00' },
        ),
      ),
    );
    expect(eventSummaries(incidents[0]).slice(1)).toEqual([
      { type: 'priority', occurredAt: t('10:00'), priority: '2 - High', impact: '2 - Medium', urgency: '1 - High' },
      { type: 'priority', occurredAt: t('11:00'), priority: '2 - High', impact: '1 - High', urgency: '1 - High' },
    ]);
  });

  it('emits assigned for the first assignee, each change, and an unassignment', async () => {
    const { incidents } = await importCsv(
      csv(
        ...updates(
          { assigned_to: 'Resolver 7' },
          { assigned_to: 'Resolver 7', sys_updated_at: '1/3/2016 09:30' },
          { assigned_to: 'Resolver 8', sys_updated_at: '1/3/2016 10:00' },
          { assigned_to: '?', sys_updated_at: '1/3/2016 11:00' },
        ),
      ),
    );
    expect(eventSummaries(incidents[0]).slice(1)).toEqual([
      { type: 'assigned', occurredAt: t('09:00'), assignee: 'Resolver 7' },
      { type: 'assigned', occurredAt: t('10:00'), assignee: 'Resolver 8' },
      { type: 'assigned', occurredAt: t('11:00') },
    ]);
  });

  it('orders the events of one row: priority, assigned, then the state change', async () => {
    const { incidents } = await importCsv(
      csv(
        ...updates(
          {},
          {
            priority: '2 - High',
            assigned_to: 'Resolver 1',
            incident_state: 'Resolved',
            sys_updated_at: '1/3/2016 10:00',
          },
        ),
      ),
    );
    expect(incidents[0]?.events.map((event) => event.id)).toEqual([
      'INC0000001:0:opened',
      'INC0000001:1:priority',
      'INC0000001:1:assigned',
      'INC0000001:1:resolved',
    ]);
  });

  it('infers no reply by default, and one agent_reply at the first open or pending row when asked', async () => {
    const rows = csv(
      ...updates(
        { incident_state: 'New' },
        { incident_state: 'Awaiting User Info', sys_updated_at: '1/3/2016 09:30' },
        { incident_state: 'Active', sys_updated_at: '1/3/2016 10:00' },
      ),
    );
    const plain = await importCsv(rows);
    expect(plain.incidents[0]?.events.some((event) => event.type === 'agent_reply')).toBe(false);
    const inferred = await importCsv(rows, { inferFirstResponse: true });
    const replies = inferred.incidents[0]?.events.filter((event) => event.type === 'agent_reply');
    expect(replies).toEqual([{ id: 'INC0000001:1:agent_reply', type: 'agent_reply', occurredAt: t('09:30') }]);
  });

  it('infers the reply at the opening row when it is already Active, and never after a resolution', async () => {
    const active = await importCsv(csv(...updates({ incident_state: 'Active' })), { inferFirstResponse: true });
    expect(active.incidents[0]?.events.map((event) => event.type)).toEqual(['opened', 'agent_reply']);
    const resolvedFirst = await importCsv(
      csv(...updates({ incident_state: 'Resolved' }, { incident_state: 'Active', sys_updated_at: '1/3/2016 10:00' })),
      { inferFirstResponse: true },
    );
    expect(resolvedFirst.incidents[0]?.events.map((event) => event.type)).toEqual(['opened', 'resolved', 'reopened']);
  });

  it('keeps the final values of the last row, with ServiceNow made_sla and when it first went false', async () => {
    const { incidents } = await importCsv(
      csv(
        ...updates(
          { reassignment_count: '0' },
          { made_sla: 'false', sys_updated_at: '2/3/2016 10:00', reassignment_count: '1', assigned_to: 'Resolver 3' },
          {
            made_sla: 'false',
            incident_state: 'Resolved',
            sys_updated_at: '3/3/2016 10:00',
            resolved_at: '3/3/2016 10:00',
          },
        ),
      ),
    );
    expect(incidents[0]?.final).toMatchObject({
      status: 'resolved',
      madeSla: false,
      breachRecordedAt: t('10:00', 2),
      reassignmentCount: 1,
      assignedTo: 'Resolver 3',
      resolvedAt: t('10:00', 3),
      closedAt: null,
      modCount: 2,
      openedAt: t('09:00'),
      vendor: null,
    });
    expect(incidents[0]?.lineNumbers).toEqual([2, 3, 4]);
    expect(incidents[0]?.eventLineNumbers).toEqual([2, 3, 4]);
  });

  it('gives identical events and ids when the same export is imported twice', async () => {
    const text = csv(
      ...updates({}, { incident_state: 'Active', sys_updated_at: '1/3/2016 10:00' }),
      ...updates({ number: 'INC0000002' }, { number: 'INC0000002', incident_state: 'Resolved' }),
    );
    const first = await importCsv(text);
    const second = await importCsv(text);
    expect(second.incidents).toEqual(first.incidents);
    expect(first.incidents.map((incident) => incident.number)).toEqual(['INC0000001', 'INC0000002']);
  });

  it('applies a status mapping override by label', async () => {
    const { incidents } = await importCsv(
      csv(...updates({}, { incident_state: 'Awaiting Customer', sys_updated_at: '1/3/2016 10:00' })),
      { statusMapping: { 'Awaiting Customer': { status: 'awaiting_customer', category: 'pending' } } },
    );
    expect(eventSummaries(incidents[0]).at(-1)).toEqual({
      type: 'status',
      occurredAt: t('10:00'),
      status: 'awaiting_customer',
    });
  });
});
