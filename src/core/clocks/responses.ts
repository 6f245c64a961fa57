/**
 * What counts as a response (docs/semantics.md#what-counts-as-a-response): each response and update target names the
 * moves of the provider that answer the customer. A public reply on any channel is the default; an agreement may
 * admit phone calls and status changes to named statuses too, or instead.
 */
import type { ResponseEntry } from './clock-target.ts';
import type { Milestone } from './ticket-timeline.ts';

/** What a target admits when it says nothing: public replies only. */
export const defaultResponses: readonly ResponseEntry[] = ['public_reply'];

/** Whether the milestone is a response to a target that admits `respondedBy`. */
export function isResponse(respondedBy: readonly ResponseEntry[], milestone: Milestone): boolean {
  switch (milestone.kind) {
    case 'agent_reply':
      return respondedBy.includes('public_reply');
    case 'call':
      return respondedBy.includes('call');
    case 'status':
      return respondedBy.some((entry) => typeof entry === 'object' && entry.status === milestone.status);
    default:
      return false;
  }
}
