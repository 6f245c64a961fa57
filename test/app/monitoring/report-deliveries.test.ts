import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../../src/app/monitoring/deliver-outbox.ts';
import {
  enqueueDueReports,
  headlineValue,
  lastClosedPeriodLabel,
} from '../../../src/app/monitoring/report-deliveries.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { composeDelivery } from '../../../src/main/composition.ts';
import { queryRows } from '../../../src/store/sql-rows.ts';
import { startTestSmtpServer } from '../../notify/support/test-smtp-server.ts';
import { type ApiFixture, createApiFixture } from '../../support/api-fixture.ts';
import { seedAcmeErpAgreement } from '../../support/seed-agreement.ts';
import { testBackends } from '../../support/test-database.ts';

describe('the last closed reporting period', () => {
  it('is read in the agreement zone, monthly and quarterly', () => {
    // 2026-11-01T00:30 in Warsaw is still 2026-10-31 in UTC.
    const instant = Date.parse('2026-10-31T23:30:00Z');
    expect(lastClosedPeriodLabel(1, 'Europe/Warsaw', instant)).toBe('2026-10');
    expect(lastClosedPeriodLabel(1, 'UTC', instant)).toBe('2026-09');
    expect(lastClosedPeriodLabel(1, 'UTC', Date.parse('2026-01-15T00:00:00Z'))).toBe('2025-12');
    expect(lastClosedPeriodLabel(3, 'UTC', Date.parse('2026-01-15T00:00:00Z'))).toBe('2025-Q4');
    expect(lastClosedPeriodLabel(3, 'UTC', Date.parse('2026-11-23T00:00:00Z'))).toBe('2026-Q3');
    expect(lastClosedPeriodLabel(12, 'UTC', Date.parse('2026-11-23T00:00:00Z'))).toBeNull();
  });
});

describe("the summary of a report's e-mail", () => {
  it('writes each figure in its unit: a mean resolution time in business hours, never in milliseconds', () => {
    expect(headlineValue(19_800_000, 'ms')).toBe('5 business h 30 min');
    expect(headlineValue(92, 'percent')).toBe('92.00 %');
    expect(headlineValue(4.25, 'number')).toBe('4.25');
    expect(headlineValue(null, 'ms')).toBe('no data');
  });
});

describe.each(testBackends)('scheduled report delivery ($name)', (backend) => {
  let api: ApiFixture;
  let agreementId: string;
  const outbox = () =>
    queryRows<{ channel: string; kind: string; recipient: string; source_id: string; payload: unknown }>(
      api.handle.db,
      sql`SELECT channel, kind, recipient, source_id, payload FROM outbox WHERE kind = 'report.ready' ORDER BY recipient`,
    );
  beforeAll(async () => {
    api = await createApiFixture(backend);
    ({ agreementId } = await seedAcmeErpAgreement(api));
    await api.userOf('manager');
    await api.userOf('customer');
    await api.userOf('otherCustomer');
  });
  afterAll(() => api?.close());

  it('sends the closed month once, an hour after it closed, to the recipients the agreement names', async () => {
    // October closes at 2026-10-31T23:00Z in Warsaw; the report waits an hour for late events. (September, closed
    // long before, goes out at the first pass.)
    api.clock.current = Date.parse('2026-10-31T23:30:00Z');
    await enqueueDueReports(api.dependencies);
    expect((await outbox()).filter((row) => row.source_id.endsWith(':2026-10'))).toEqual([]);

    api.clock.current = Date.parse('2026-11-01T00:05:00Z');
    const first = await enqueueDueReports(api.dependencies);
    expect(first.reports).toBe(1);
    const rows = (await outbox()).filter((row) => row.source_id === `report:${agreementId}:2026-10`);
    expect(rows.map((row) => `${row.channel} ${row.recipient}`)).toEqual([
      'email it-director@stalmet.example',
      'email sla-reports@stalmet.example',
    ]);
    expect(rows[0]!.payload).toMatchObject({
      report: { period: '2026-10', agreement: { id: agreementId }, customer: { name: 'ACME Manufacturing' } },
      attachment: { agreementId, period: '2026-10' },
      recipientTimeZone: 'Europe/Warsaw',
    });
    // Managers and ACME's representative see it in the app; Globex's representative does not.
    const inApp = await queryRows<{ email: string }>(
      api.handle.db,
      sql`SELECT u.email FROM notifications n JOIN users u ON u.id = n.user_id
          WHERE n.kind = 'report' AND n.payload->>'period' = '2026-10' ORDER BY u.email`,
    );
    expect(inApp.map((row) => row.email)).toEqual(['customer@alpha.example', 'manager@alpha.example']);

    api.clock.current = Date.parse('2026-11-02T09:00:00Z');
    expect((await enqueueDueReports(api.dependencies)).reports).toBe(0);
    // September's two and October's two, nothing more.
    expect((await outbox()).map((row) => row.source_id.slice(-7)).sort()).toEqual([
      '2026-09',
      '2026-09',
      '2026-10',
      '2026-10',
    ]);
  });

  it('delivers the report e-mail with the published report attached as a PDF, through a real SMTP server', async () => {
    const smtp = await startTestSmtpServer();
    try {
      const config = loadConfig({ COVENANT_SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
      const delivery = composeDelivery(api.dependencies, config, 'http://covenant.example');
      let pass = await deliverOutbox(delivery);
      while (pass.claimed > 0) pass = await deliverOutbox(delivery);
      const october = smtp.received.filter((mail) => mail.raw.toString().includes('2026-10'));
      expect(october.map((mail) => mail.recipients[0]).sort()).toEqual([
        'it-director@stalmet.example',
        'sla-reports@stalmet.example',
      ]);
      const raw = october[0]!.raw.toString();
      expect(raw).toMatch(/Content-Type: application\/pdf/i);
      const [, base64] = /Content-Type: application\/pdf[\s\S]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/i.exec(raw) ?? [];
      expect(Buffer.from(base64!.replace(/\s/g, ''), 'base64').subarray(0, 5).toString()).toBe('%PDF-');
      const states = await queryRows<{ status: string }>(
        api.handle.db,
        sql`SELECT DISTINCT status FROM outbox WHERE kind = 'report.ready'`,
      );
      expect(states).toEqual([{ status: 'delivered' }]);
    } finally {
      await smtp.close();
    }
  });
});
