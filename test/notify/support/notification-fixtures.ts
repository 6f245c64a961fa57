/** Notification contents for the channel tests: one ticket, one customer, instants chosen to differ between zones. */
import type { ClockAlert, ReportReady } from '../../../src/app/ports/notification-content.ts';

const HOUR = 3_600_000;

/** Mon 23 Nov 2026 16:00 UTC: 17:00 in Warsaw, 11:00 in New York. */
export const DUE_AT = Date.UTC(2026, 10, 23, 16, 0);

export function clockAlert(overrides: Partial<ClockAlert> = {}): ClockAlert {
  return {
    kind: 'warning',
    percent: 75,
    reachedAt: DUE_AT - HOUR,
    ticket: {
      id: 'tkt_01',
      title: 'ERP invoices fail to post',
      externalRef: 'INC0012',
      priority: 'P1',
      assignee: 'Jan Kowalski',
    },
    customer: { id: 'cus_acme', name: 'ACME' },
    agreement: { id: 'agr_acme', title: 'ACME ERP support' },
    target: { id: 'p1-resolution', metric: 'resolution', durationMs: 4 * HOUR },
    dueAt: DUE_AT,
    breachAt: null,
    usedMs: 3 * HOUR,
    remainingMs: HOUR,
    actions: [],
    ...overrides,
  };
}

export function reportReady(overrides: Partial<ReportReady> = {}): ReportReady {
  return {
    agreement: { id: 'agr_acme', title: 'ACME ERP support' },
    customer: { id: 'cus_acme', name: 'ACME' },
    period: '2026-10',
    summary: [
      { label: 'p1-resolution', value: '92.0 %', rag: 'green' },
      { label: 'p2-resolution', value: '88.5 %', rag: 'amber' },
      { label: 'erp-availability', value: '98.70 %', rag: 'red' },
    ],
    ...overrides,
  };
}
