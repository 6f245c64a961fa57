import { describe, expect, it } from 'vitest';
import {
  clockAlertEventType,
  clockAlertWebhookData,
  isWebhookEventType,
  notificationTestWebhookData,
  reportReadyWebhookData,
  WEBHOOK_EVENT_TYPES,
} from '../../src/notify/webhook-payloads.ts';
import { clockAlert, DUE_AT, reportReady } from './support/notification-fixtures.ts';

describe('webhook payloads', () => {
  it('lists the event types receivers can subscribe to', () => {
    expect(WEBHOOK_EVENT_TYPES).toEqual([
      'clock.warning',
      'clock.escalation',
      'clock.breach',
      'report.ready',
      'notification.test',
    ]);
    expect(isWebhookEventType('clock.breach')).toBe(true);
    expect(isWebhookEventType('clock.paused')).toBe(false);
    for (const kind of ['warning', 'escalation', 'breach'] as const) {
      expect(clockAlertEventType(clockAlert({ kind }))).toBe(`clock.${kind}`);
    }
  });

  it('turns a clock alert into the documented data: ISO instants, business minutes, a ticket link', () => {
    const alert = clockAlert({
      kind: 'breach',
      percent: 100,
      breachAt: DUE_AT,
      usedMs: 4.5 * 3_600_000,
      remainingMs: 0,
      actions: ['reassigned to L2'],
    });
    const data = clockAlertWebhookData(alert, { baseUrl: 'https://sla.example/' });
    expect(data).toEqual({
      kind: 'breach',
      percent: 100,
      reachedAt: '2026-11-23T15:00:00.000Z',
      ticket: {
        id: 'tkt_01',
        title: 'ERP invoices fail to post',
        externalRef: 'INC0012',
        priority: 'P1',
        assignee: 'Jan Kowalski',
        url: 'https://sla.example/tickets/tkt_01',
      },
      customer: { id: 'cus_acme', name: 'ACME' },
      agreement: { id: 'agr_acme', title: 'ACME ERP support' },
      target: { id: 'p1-resolution', metric: 'resolution', durationMinutes: 240 },
      dueAt: '2026-11-23T16:00:00.000Z',
      breachAt: '2026-11-23T16:00:00.000Z',
      usedMinutes: 270,
      remainingMinutes: 0,
      actions: ['reassigned to L2'],
    });
    // JSON round trip is lossless: nothing in it depends on object identity or non-JSON values.
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('keeps null for a paused clock, a missing agreement and a missing base URL', () => {
    const data = clockAlertWebhookData(clockAlert({ dueAt: null, agreement: null }));
    expect(data.dueAt).toBeNull();
    expect(data.breachAt).toBeNull();
    expect(data.agreement).toBeNull();
    expect(data.ticket.url).toBeNull();
  });

  it('turns a ready report into data with a link to the period', () => {
    expect(reportReadyWebhookData(reportReady(), { baseUrl: 'https://sla.example' })).toEqual({
      agreement: { id: 'agr_acme', title: 'ACME ERP support' },
      customer: { id: 'cus_acme', name: 'ACME' },
      period: '2026-10',
      summary: [
        { label: 'p1-resolution', value: '92.0 %', rag: 'green' },
        { label: 'p2-resolution', value: '88.5 %', rag: 'amber' },
        { label: 'erp-availability', value: '98.70 %', rag: 'red' },
      ],
      url: 'https://sla.example/reports/agr_acme?period=2026-10',
    });
  });

  it('describes a test delivery', () => {
    expect(notificationTestWebhookData(DUE_AT, 'usr_admin')).toMatchObject({
      requestedAt: '2026-11-23T16:00:00.000Z',
      requestedBy: 'usr_admin',
    });
  });
});
