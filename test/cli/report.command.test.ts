/**
 * `covenant report` as a user runs it (the real binary): from the embedded database when no server holds it; refused
 * with a way out while a server does; and through that server's API with --url and --token.
 */

import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../../src/app/access/principal.ts';
import { createCustomer } from '../../src/app/customers/manage-customers.ts';
import { createApiToken } from '../../src/app/identity/manage-api-tokens.ts';
import { openTicket } from '../../src/app/tickets/open-ticket.ts';
import { recordTicketEvents } from '../../src/app/tickets/record-ticket-events.ts';
import { buildServer } from '../../src/http/server.ts';
import { composeHeadless } from '../../src/main/composition.ts';
import { openEmbedded } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { testConfig } from '../support/api-fixture.ts';
import { runCli } from '../support/run-cli.ts';
import { seedActiveAgreement } from '../support/seed-agreement.ts';

const at = (text: string) => Date.parse(text);

describe('covenant report', () => {
  const directory = mkdtempSync(join(tmpdir(), 'covenant-report-cli-'));
  const environment = { COVENANT_DATA_DIR: directory, COVENANT_URL: '', COVENANT_TOKEN: '', DATABASE_URL: '' };
  let workspaceId: string;

  beforeAll(async () => {
    const handle = await openEmbedded(directory);
    await migrate(handle.db);
    const dependencies = composeHeadless(testConfig, handle, 'test');
    const { store } = dependencies;
    const workspace = await store.read.workspaces.create({ slug: 'provider', name: 'Provider' });
    workspaceId = workspace.id;
    const system = systemPrincipal(workspace.id, 'test');
    const customer = await createCustomer(dependencies, system, { slug: 'stalmet', name: 'Stalmet' });
    const { agreementId } = await seedActiveAgreement(handle, {
      workspaceId: workspace.id,
      customerId: customer.id,
      example: 'erp-support',
      activatedAt: at('2026-01-01T00:00:00Z'),
    });
    const { ticket } = await openTicket(dependencies, system, {
      customerId: customer.id,
      agreementId,
      title: 'Production order import fails',
      externalRef: 'INC-1',
      priority: 'P1',
      service: 'erp',
      openedAt: at('2026-09-07T08:00:00Z'),
    });
    await recordTicketEvents(dependencies, system, [
      { ticketId: ticket.id, event: { key: 'r', type: 'agent_reply', occurredAt: at('2026-09-07T08:10:00Z') } },
      { ticketId: ticket.id, event: { key: 's', type: 'resolved', occurredAt: at('2026-09-07T13:00:00Z') } },
    ]);
    await handle.close();
  });

  it('reads the embedded database when no server holds it: summary, CSV and PDF', async () => {
    const summary = await runCli(['report', '--agreement', 'stalmet-erp-support', '--period', '2026-09'], {
      env: environment,
    });
    expect(summary.stderr).toBe('');
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain('period 2026-09 (Europe/Warsaw), version 1, published');
    expect(summary.stdout).toMatch(/p1-resolution\s+0\.00 %\s+red\s+met 0, breached 1/);
    // The mean resolution time in business hours, as the PDF writes it, not in minutes.
    expect(summary.stdout).toMatch(/mttr-urgent\s+5 business h\s+green/);

    const csv = await runCli(
      ['report', '-a', 'stalmet-erp-support', '-p', '2026-09', '-f', 'csv', '--part', 'breaches'],
      {
        env: environment,
      },
    );
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^agreement,period,target,ticket_id,external_ref,/);
    expect(csv.stdout).toContain(',INC-1,P1,2026-09-07T12:00:00.000Z,');

    const file = join(directory, 'september.pdf');
    const pdf = await runCli(
      ['report', '-a', 'stalmet-erp-support', '-p', '2026-09', '-f', 'pdf', '-o', file, '--json'],
      {
        env: environment,
      },
    );
    expect(pdf.code).toBe(0);
    expect(JSON.parse(pdf.stdout)).toMatchObject({ file, format: 'pdf', source: expect.stringContaining('database') });
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const unknown = await runCli(['report', '-a', 'no-such-agreement', '--json'], { env: environment });
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout).error.code).toBe('AGREEMENT_UNKNOWN');
  });

  describe('while a server holds the embedded database', () => {
    let close: () => Promise<void>;
    let url: string;
    let token: string;

    beforeAll(async () => {
      const handle = await openEmbedded(directory);
      const dependencies = composeHeadless(testConfig, handle, 'test');
      const app = await buildServer(dependencies);
      await app.listen({ port: 0, host: '127.0.0.1' });
      url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      ({ token } = await createApiToken(dependencies, systemPrincipal(workspaceId, 'test'), {
        name: 'reports',
        role: 'viewer',
        customerId: null,
      }));
      close = async () => {
        await app.close();
        await handle.close();
      };
    });
    afterAll(() => close?.());

    it('refuses to open the database and says how to ask the server', async () => {
      const refused = await runCli(['report', '-a', 'stalmet-erp-support', '-p', '2026-09'], { env: environment });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('error [DATA_DIRECTORY_LOCKED]');
      expect(refused.stderr).toContain('--url');
    });

    it('asks the server with --url and --token', async () => {
      const answer = await runCli(
        ['report', '-a', 'stalmet-erp-support', '-p', '2026-09', '--url', url, '--token', token],
        {
          env: environment,
        },
      );
      expect(answer.stderr).toBe('');
      expect(answer.code).toBe(0);
      expect(answer.stdout).toContain('published');
      const json = await runCli(['report', '-a', 'stalmet-erp-support', '-p', '2026-09', '-f', 'json'], {
        env: { ...environment, COVENANT_URL: url, COVENANT_TOKEN: token },
      });
      expect(JSON.parse(json.stdout)).toMatchObject({
        format: 'covenant/agreement-report@1',
        period: { label: '2026-09' },
      });
      const denied = await runCli(['report', '-a', 'stalmet-erp-support', '--url', url, '--token', 'cov_wrong_token'], {
        env: environment,
      });
      expect(denied.code).toBe(2);
      expect(denied.stderr).toContain('UNAUTHENTICATED');
    });
  });
});
