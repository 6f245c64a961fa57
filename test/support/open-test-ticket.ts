/**
 * The ticket most recording and projection tests start from: P2, acme's (workspace alpha), opened by the agent an hour
 * before the fixture's now, through the use-case. Any of it can be overridden.
 */
import { type OpenedTicket, type OpenTicketInput, openTicket } from '../../src/app/tickets/open-ticket.ts';
import type { Actor, ApiFixture } from './api-fixture.ts';

export async function openTestTicket(
  api: Pick<ApiFixture, 'dependencies' | 'principal' | 'world' | 'clock'>,
  title: string,
  overrides: Partial<OpenTicketInput> & { actor?: Exclude<Actor, 'anonymous'> } = {},
): Promise<OpenedTicket['ticket']> {
  const { actor = 'agent', ...input } = overrides;
  const { ticket } = await openTicket(api.dependencies, api.principal(actor), {
    customerId: api.world.alpha.acme,
    title,
    priority: 'P2',
    openedAt: api.clock.now() - 3_600_000,
    ...input,
  });
  return ticket;
}
