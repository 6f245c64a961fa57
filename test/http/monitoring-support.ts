/**
 * A monitored world for the monitoring API tests: the ERP agreement in force for acme and globex, signed-in users
 * for the actors the sweep notifies, tickets opened through the API and the real sweep run at a chosen instant, so
 * notifications, outbox messages and deviations are the ones the scheduler writes.
 */
import { sql } from 'drizzle-orm';
import { sweepDueClocks } from '../../src/app/monitoring/sweep-due-clocks.ts';
import { queryRows } from '../../src/store/sql-rows.ts';
import { type Actor, type ApiFixture, createApiFixture } from '../support/api-fixture.ts';
import { seedActiveAgreement } from '../support/seed-agreement.ts';
import type { TestBackend } from '../support/test-database.ts';

export const at = (iso: string) => Date.parse(iso);

/** Monday 2026-10-05 08:00Z (10:00 in Warsaw): inside the ERP agreement's production hours. */
export const MONDAY = '2026-10-05T08:00:00Z';

export async function createMonitoredFixture(backend: TestBackend): Promise<ApiFixture> {
  const api = await createApiFixture(backend);
  const { alpha } = api.world;
  for (const [customerId, slug] of [
    [alpha.acme, 'erp-acme'],
    [alpha.globex, 'erp-globex'],
  ] as const) {
    await seedActiveAgreement(api.handle, {
      workspaceId: alpha.workspaceId,
      customerId,
      example: 'erp-support',
      activatedAt: at('2026-01-01T00:00:00Z'),
      slug,
    });
  }
  // The sweep resolves recipients among existing users: make them before anything fires.
  for (const actor of ['admin', 'manager', 'customer', 'otherCustomer', 'agent'] as const) await api.userOf(actor);
  return api;
}

export async function openTicket(
  api: ApiFixture,
  input: { customer: 'acme' | 'globex'; title: string; priority: string; actor?: Actor },
): Promise<string> {
  const response = await api.request(input.actor ?? 'agent', 'POST', '/api/v1/tickets', {
    customerId: api.world.alpha[input.customer],
    title: input.title,
    priority: input.priority,
  });
  if (response.status !== 201) throw new Error(`ticket not opened: ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

/** Runs the real sweep at `iso` until nothing is due. */
export async function sweepAt(api: ApiFixture, iso: string): Promise<void> {
  api.clock.current = at(iso);
  while ((await sweepDueClocks(api.dependencies)).tickets > 0) {}
}

export function auditActionsOf(api: ApiFixture, entityId: string): Promise<string[]> {
  return queryRows<{ action: string }>(
    api.handle.db,
    sql`SELECT action FROM audit_log WHERE entity_id = ${entityId} ORDER BY sequence`,
  ).then((rows) => rows.map((row) => row.action));
}

/** The error body every refusal carries. */
export function expectErrorBody(response: { status: number; body: unknown }, status: number, code: string): void {
  const body = response.body as { error?: { code?: unknown; message?: unknown; details?: unknown } };
  if (
    response.status !== status ||
    body.error?.code !== code ||
    typeof body.error.message !== 'string' ||
    typeof body.error.details !== 'object'
  ) {
    throw new Error(`expected ${status} ${code}, got ${response.status} ${JSON.stringify(response.body)}`);
  }
}
