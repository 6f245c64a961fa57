import { describe, expect, it } from 'vitest';
import { backlogAt, measureTicketFlow, type TicketSummary } from '../../../src/core/measure/index.ts';
import { parseInstant } from '../../../src/core/time/index.ts';

const at = parseInstant;
const march = { from: at('2026-03-01T00:00:00Z'), to: at('2026-04-01T00:00:00Z') };
const ticket = (ticketId: string, openedAt: string, resolvedAt: string | null, reopenCount = 0): TicketSummary => ({
  ticketId,
  openedAt: at(openedAt),
  resolvedAt: resolvedAt === null ? null : at(resolvedAt),
  reopenCount,
});

const tickets = [
  ticket('old-open', '2026-02-10T00:00:00Z', null),
  ticket('old-resolved-in-march', '2026-02-20T00:00:00Z', '2026-03-03T00:00:00Z', 1),
  ticket('old-resolved-before', '2026-02-01T00:00:00Z', '2026-02-05T00:00:00Z', 2),
  ticket('new-resolved', '2026-03-05T00:00:00Z', '2026-03-06T00:00:00Z'),
  ticket('new-open', '2026-03-20T00:00:00Z', null),
  ticket('new-resolved-april', '2026-03-30T00:00:00Z', '2026-04-02T00:00:00Z', 1),
  ticket('resolved-on-boundary', '2026-03-25T00:00:00Z', '2026-04-01T00:00:00Z'),
  ticket('april', '2026-04-01T00:00:00Z', null),
];

describe('ticket flow', () => {
  it('opened, resolved, backlog at both ends, reopen rate', () => {
    expect(measureTicketFlow(tickets, march)).toEqual({
      opened: 4,
      resolved: 2,
      backlogAtStart: 2,
      backlogAtEnd: 4,
      reopened: 1,
      reopenRatePercent: 50,
    });
  });

  it('backlog = backlog at start + opened - resolved', () => {
    const flow = measureTicketFlow(tickets, march);
    expect(flow.backlogAtEnd).toBe(flow.backlogAtStart + flow.opened - flow.resolved);
  });

  it('the backlog at an instant lists the open tickets', () => {
    expect(backlogAt(tickets, march.to)).toEqual([
      'old-open',
      'new-open',
      'new-resolved-april',
      'resolved-on-boundary',
    ]);
  });

  it('no resolution in the period: no reopen rate', () => {
    expect(measureTicketFlow([], march)).toMatchObject({ resolved: 0, reopenRatePercent: null });
  });

  it('refuses a resolution before the opening', () => {
    expect(() => measureTicketFlow([ticket('x', '2026-03-05T00:00:00Z', '2026-03-04T00:00:00Z')], march)).toThrow(
      expect.objectContaining({ code: 'MEASUREMENT_INPUT_INVALID' }),
    );
  });
});
