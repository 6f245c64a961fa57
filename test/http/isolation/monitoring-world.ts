/**
 * The monitoring rows the isolation cases act on, in both workspaces: tickets with clocks, deviations, webhooks,
 * outbox messages and notifications, written through the repositories the sweep uses (notify, enqueue,
 * openDeviations) so lists can be checked for foreign ids.
 */
import { sql } from 'drizzle-orm';
import { createWebhook } from '../../../src/app/monitoring/manage-webhooks.ts';
import { openTicket } from '../../../src/app/tickets/open-ticket.ts';
import { queryRows } from '../../../src/store/sql-rows.ts';
import type { ApiFixture } from '../../support/api-fixture.ts';
import { seedActiveAgreement } from '../../support/seed-agreement.ts';
import { alphaSystem, betaSystem, unique } from './isolation-support.ts';

export type Customer = 'acme' | 'globex' | 'initech';

export interface MonitoringWorld {
  /** A ticket with clocks per customer. */
  readonly tickets: Record<Customer, string>;
  readonly deviations: Record<Customer, string>;
  readonly webhooks: { alpha: string; beta: string };
  readonly outbox: { alpha: string; beta: string };
  /** Notifications of users no actor signs in as, one per workspace. */
  readonly bystanderNotifications: { alpha: string; beta: string };
}

const worlds = new WeakMap<ApiFixture, Promise<MonitoringWorld>>();
export const known = new WeakMap<ApiFixture, MonitoringWorld>();

const workspaceOf = (api: ApiFixture, customer: Customer) =>
  customer === 'initech' ? api.world.beta.workspaceId : api.world.alpha.workspaceId;
const customerIdOf = (api: ApiFixture, customer: Customer) =>
  customer === 'initech' ? api.world.beta.initech : api.world.alpha[customer];

/**
 * A ticket under an agreement of its own (other cases leave several agreements in force for acme), opened six hours
 * ago so that its response has breached: the attention queue lists it as well as the clock queue.
 */
async function ticketWithClocks(api: ApiFixture, customer: Customer): Promise<string> {
  const { agreementId } = await seedActiveAgreement(api.handle, {
    workspaceId: workspaceOf(api, customer),
    customerId: customerIdOf(api, customer),
    example: 'erp-support',
    activatedAt: Date.parse('2026-01-01T00:00:00Z'),
    slug: unique('monitoring'),
  });
  const system = customer === 'initech' ? betaSystem(api) : alphaSystem(api);
  const { ticket } = await openTicket(api.dependencies, system, {
    customerId: customerIdOf(api, customer),
    agreementId,
    title: 'Monitored ticket',
    priority: 'P1',
    openedAt: api.clock.now() - 6 * 3_600_000,
  });
  return ticket.id;
}

/** A deviation as the sweep opens it; its id found by its unique source. */
export async function newDeviation(api: ApiFixture, customer: Customer, ticketId: string): Promise<string> {
  const sourceId = unique('isolation-firing');
  const workspaceId = workspaceOf(api, customer);
  await api.store.read.monitoring.openDeviations(
    [
      {
        workspaceId,
        customerId: customerIdOf(api, customer),
        agreementId: null,
        ticketId,
        targetId: 'p1-response',
        source: 'escalation',
        sourceId,
        title: 'p1-response reached 100%',
        evidence: { firingId: sourceId },
      },
    ],
    api.clock.now(),
  );
  const [row] = await queryRows<{ id: string }>(
    api.handle.db,
    sql`SELECT id FROM deviations WHERE workspace_id = ${workspaceId} AND source_id = ${sourceId}`,
  );
  return row!.id;
}

export async function newOutboxMessage(api: ApiFixture, workspaceId: string, dead = false): Promise<string> {
  const id = `m_${unique('isolation')}`;
  await api.store.read.monitoring.enqueue(
    [
      {
        id,
        workspaceId,
        customerId: null,
        channel: 'email',
        kind: 'notification.test',
        recipient: 'ops@provider.example',
        subscriptionId: null,
        sourceId: null,
        payload: { test: { requestedBy: 'isolation' } },
      },
    ],
    api.clock.now(),
  );
  // A message dies only through delivery; here it is set dead directly so the retry has something to act on.
  if (dead) await api.handle.db.execute(sql`UPDATE outbox SET status = 'dead', attempts = 8 WHERE id = ${id}`);
  return id;
}

export async function newNotification(api: ApiFixture, workspaceId: string, userId: string): Promise<string> {
  const sourceId = unique('isolation-notification');
  await api.store.read.monitoring.notify(
    [
      {
        workspaceId,
        userId,
        customerId: null,
        sourceId,
        kind: 'warning',
        title: 'Warning: 50% used',
        body: 'Isolation',
        link: null,
        payload: {},
      },
    ],
    api.clock.now(),
  );
  const [row] = await queryRows<{ id: string }>(
    api.handle.db,
    sql`SELECT id FROM notifications WHERE user_id = ${userId} AND source_id = ${sourceId}`,
  );
  return row!.id;
}

export async function newWebhook(api: ApiFixture, workspace: 'alpha' | 'beta'): Promise<string> {
  const system = workspace === 'alpha' ? alphaSystem(api) : betaSystem(api);
  const { webhook } = await createWebhook(api.dependencies, system, {
    url: `https://hooks.example/${unique(workspace)}`,
    eventTypes: ['clock.breach'],
  });
  return webhook.id;
}

export function worldOf(api: ApiFixture): Promise<MonitoringWorld> {
  let world = worlds.get(api);
  if (!world) {
    world = (async () => {
      const tickets = {
        acme: await ticketWithClocks(api, 'acme'),
        globex: await ticketWithClocks(api, 'globex'),
        initech: await ticketWithClocks(api, 'initech'),
      };
      const bystander = async (workspace: 'alpha' | 'beta') => {
        const workspaceId = api.world[workspace].workspaceId;
        const { user } = await api.signInNewUser({
          email: `${unique('bystander')}@${workspace}.example`,
          role: 'agent',
          workspaceId,
        });
        return newNotification(api, workspaceId, user.id);
      };
      const created: MonitoringWorld = {
        tickets,
        deviations: {
          acme: await newDeviation(api, 'acme', tickets.acme),
          globex: await newDeviation(api, 'globex', tickets.globex),
          initech: await newDeviation(api, 'initech', tickets.initech),
        },
        webhooks: { alpha: await newWebhook(api, 'alpha'), beta: await newWebhook(api, 'beta') },
        outbox: {
          alpha: await newOutboxMessage(api, api.world.alpha.workspaceId),
          beta: await newOutboxMessage(api, api.world.beta.workspaceId),
        },
        bystanderNotifications: { alpha: await bystander('alpha'), beta: await bystander('beta') },
      };
      known.set(api, created);
      return created;
    })();
    worlds.set(api, world);
  }
  return world;
}
