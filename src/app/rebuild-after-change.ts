/**
 * After a change that moves deadlines (a calendar edit, a version put in force) has committed, the clock projection
 * of the tickets it concerns is rebuilt from their events. The change itself stands whatever happens next: clocks
 * are a projection and can be rebuilt at any time (`covenant rebuild`), so a failed rebuild is reported with the
 * answer, never turned into a failure of the committed change.
 */
import type { Clock, Store } from './ports/store.ts';
import type { RebuildRequest } from './tickets/rebuild-clocks.ts';
import { rebuildTicketClocks } from './tickets/rebuild-ticket-clocks.ts';

export type ClockRebuildOutcome =
  | { readonly status: 'done'; readonly tickets: number; readonly clocks: number }
  | { readonly status: 'failed'; readonly message: string };

export async function rebuildAfterChange(
  dependencies: { store: Store; clock: Clock },
  request: RebuildRequest,
): Promise<ClockRebuildOutcome> {
  try {
    const result = await rebuildTicketClocks(dependencies, request);
    return { status: 'done', tickets: result.tickets, clocks: result.clocks };
  } catch (error) {
    return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}
