/**
 * Use-case: the clock queue (decision 0016), read from the stored projection the scheduler keeps current. Used and
 * remaining times are as of each clock's `evaluatedAt`: a running clock keeps running after it, so a client counts
 * down from there. A customer representative sees only its own customer's clocks.
 */
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import type { ClockListFilter, MonitoredClockRecord } from '../ports/notification-repository.ts';
import type { Page, PageRequest } from '../ports/pagination.ts';
import type { Store } from '../ports/store.ts';

export async function listClocks(
  store: Store,
  principal: Principal,
  page: PageRequest,
  filter: ClockListFilter,
): Promise<Page<MonitoredClockRecord>> {
  requirePermission(principal, 'tickets.read');
  return store.read.notifications.listClocks(scopeOf(principal), page, filter);
}
