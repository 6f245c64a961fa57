/**
 * Rebuilds the clock projection from the events, in chunks of tickets each in its own transaction: after a calendar
 * edit or a version put in force (automatically, for the tickets the change concerns), or on demand
 * (`covenant rebuild`, POST /api/v1/tickets/rebuild).
 */

import type { Clock, Store } from '../ports/store.ts';
import { lockTickets, reprojectTickets } from './project-ticket-clocks.ts';
import type { RebuildRequest, RebuildResult } from './rebuild-clocks.ts';

const CHUNK = 500;

export async function rebuildTicketClocks(
  { store, clock }: { store: Store; clock: Clock },
  request: RebuildRequest,
): Promise<RebuildResult> {
  const agreementIds =
    request.calendarSlug === undefined
      ? request.agreementId === undefined
        ? undefined
        : [request.agreementId]
      : (await store.read.agreements.usingCalendar(request.workspaceId, request.calendarSlug)).filter(
          (id) => request.agreementId === undefined || id === request.agreementId,
        );
  const ids = await store.read.tickets.idsForRebuild(request.workspaceId, {
    ...(agreementIds === undefined ? {} : { agreementIds }),
    tickets: request.tickets,
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
}
