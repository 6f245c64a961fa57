/**
 * Use-case: the attention queue (issue 18, defect 6): what a service level manager or an agent must look at first.
 * Open tickets whose clocks have already breached and still run, longest past due first, then those at risk
 * (75 % of their time used, the level of decision 0029), most used first; with counts of those tickets per assignee
 * (unassigned as a bucket of its own) and per customer, over everything that matches, not only the page shown. Read
 * from the stored projection and judged against now; a customer representative sees only its own customer's.
 */
import { AT_RISK_PERCENT_USED } from '../../core/clocks/index.ts';
import { type Principal, requirePermission, scopeOf } from '../access/principal.ts';
import type { AttentionFilter, AttentionQueue } from '../ports/notification-repository.ts';
import type { PageRequest } from '../ports/pagination.ts';
import type { Clock, Store } from '../ports/store.ts';

export interface AttentionAnswer extends AttentionQueue {
  /** The instant the queue was judged at: how far past due a breached clock is counts from here. */
  readonly asOf: number;
  readonly atRiskPercentUsed: number;
}

export async function readAttentionQueue(
  { store, clock }: { store: Store; clock: Clock },
  principal: Principal,
  page: PageRequest,
  filter: AttentionFilter,
): Promise<AttentionAnswer> {
  requirePermission(principal, 'tickets.read');
  const now = clock.now();
  const queue = await store.read.notifications.attentionQueue(
    scopeOf(principal),
    page,
    filter,
    now,
    AT_RISK_PERCENT_USED,
  );
  return { ...queue, asOf: now, atRiskPercentUsed: AT_RISK_PERCENT_USED };
}
