/**
 * Rebuilds the clock projection from the events, in chunks of tickets each in its own transaction: after a calendar
 * edit or an amendment that applies to open tickets (automatically, open tickets only), or on demand
 * (`covenant rebuild`, any tickets).
 */

import { lockTickets, reprojectTickets } from './project-ticket-clocks.ts';
import type { RebuildClocks } from './rebuild-clocks.ts';

const CHUNK = 500;

export const rebuildTicketClocks: RebuildClocks = async ({ store, clock }, request) => {
  // A calendar is referenced from agreement content; rebuilding every ticket in scope is the safe superset.
  const ids = await store.read.tickets.idsForRebuild(request.workspaceId, {
    ...(request.agreementId ? { agreementIds: [request.agreementId] } : {}),
    onlyOpen: request.onlyOpen,
  });
  let clocks = 0;
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    clocks += await store.transaction(async (repositories) => {
      const locked = await lockTickets(repositories, request.workspaceId, chunk);
      const projected = await reprojectTickets(repositories, request.workspaceId, locked, clock.now());
      return projected.reduce((sum, entry) => sum + entry.clocks.length, 0);
    });
  }
  return { tickets: ids.length, clocks };
};
