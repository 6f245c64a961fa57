import { describe, expect, it } from 'vitest';
import { ChannelNotificationRenderer } from '../../src/notify/notification-renderer.ts';
import { clockAlertWebhookData, reportReadyWebhookData } from '../../src/notify/webhook-payloads.ts';
import { clockAlert, DUE_AT, reportReady } from './support/notification-fixtures.ts';

const renderer = new ChannelNotificationRenderer({ baseUrl: 'https://sla.example' });
const links = { baseUrl: 'https://sla.example' };

describe('ChannelNotificationRenderer (the NotificationRenderer port)', () => {
  it('renders e-mails with the templates', () => {
    const options = { recipientTimeZone: 'Europe/Warsaw', baseUrl: 'https://sla.example' };
    expect(renderer.clockAlertEmail(clockAlert(), options).subject).toBe(
      '[Covenant] Warning 75 %: P1 resolution on INC0012 (ACME)',
    );
    expect(renderer.reportReadyEmail(reportReady(), options).subject).toBe(
      '[Covenant] Report ready: ACME ERP support, 2026-10 (ACME)',
    );
  });

  it('maps each event kind to its webhook data, whether the content is stored bare or wrapped', () => {
    const alert = clockAlert({ kind: 'escalation', percent: 90 });
    expect(renderer.webhookData('clock.escalation', alert)).toEqual(clockAlertWebhookData(alert, links));
    expect(renderer.webhookData('clock.escalation', { alert, recipientTimeZone: 'UTC' })).toEqual(
      clockAlertWebhookData(alert, links),
    );
    expect(renderer.webhookData('report.ready', reportReady())).toEqual(reportReadyWebhookData(reportReady(), links));
    expect(renderer.webhookData('report.ready', { report: reportReady() })).toEqual(
      reportReadyWebhookData(reportReady(), links),
    );
    expect(renderer.webhookData('notification.test', { requestedAt: DUE_AT, requestedBy: 'usr_1' })).toMatchObject({
      requestedAt: '2026-11-23T16:00:00.000Z',
      requestedBy: 'usr_1',
    });
  });

  it('throws on a kind or payload it does not know', () => {
    expect(() => renderer.webhookData('clock.paused', clockAlert())).toThrow(/clock.paused/);
    expect(() => renderer.webhookData('notification.test', {})).toThrow(/requestedAt/);
    expect(() => renderer.webhookData('report.ready', 'nonsense')).toThrow(/not an object/);
  });
});
