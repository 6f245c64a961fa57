/** Use-case: a manager or administrator asks for the clock projection to be rebuilt from the events. */
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import { notFound } from '../app-error.ts';
import { recordChange } from '../audit/record-change.ts';
import type { Clock, Store } from '../ports/store.ts';
import type { RebuildResult } from './rebuild-clocks.ts';
import { rebuildTicketClocks } from './rebuild-ticket-clocks.ts';

export async function rebuildAllowed(
  dependencies: { store: Store; clock: Clock },
  principal: Principal,
  request: { agreementId?: string | undefined; onlyOpen: boolean },
): Promise<RebuildResult> {
  requirePermission(principal, 'tickets.rebuild');
  if (request.agreementId && !(await dependencies.store.read.agreements.get(scopeOf(principal), request.agreementId))) {
    throw notFound('agreement', request.agreementId);
  }
  const result = await rebuildTicketClocks(dependencies, {
    workspaceId: principal.workspaceId,
    agreementId: request.agreementId,
    tickets: request.onlyOpen ? 'open' : 'all',
  });
  await dependencies.store.transaction((repositories) =>
    recordChange(repositories, principal, dependencies.clock.now(), {
      action: 'clocks.rebuilt',
      entityType: 'ticket',
      entityId: null,
      after: { ...request, ...result },
    }),
  );
  return result;
}
