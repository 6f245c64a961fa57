/**
 * After a change that moves deadlines (a calendar edit, an amendment that applies to open tickets) has committed,
 * the clock projection is rebuilt through the ticket pipeline's `RebuildClocks`, when the composition root provides
 * one. The change itself stands whatever happens next: clocks are a projection and can be rebuilt at any time, so a
 * failed rebuild is reported with the answer, never turned into a failure of the committed change.
 */
import type { Clock, Store } from './ports/store.ts';
import type { RebuildClocks, RebuildRequest } from './tickets/rebuild-clocks.ts';

export type ClockRebuildOutcome =
  | { readonly status: 'done'; readonly tickets: number; readonly clocks: number }
  | { readonly status: 'failed'; readonly message: string };

export interface RebuildDependencies {
  readonly store: Store;
  readonly clock: Clock;
  readonly rebuildClocks?: RebuildClocks | undefined;
}

/** Runs the rebuild when one is wired; null when it is not. */
export async function rebuildAfterChange(
  { store, clock, rebuildClocks }: RebuildDependencies,
  request: RebuildRequest,
): Promise<ClockRebuildOutcome | null> {
  if (!rebuildClocks) return null;
  try {
    const result = await rebuildClocks({ store, clock }, request);
    return { status: 'done', tickets: result.tickets, clocks: result.clocks };
  } catch (error) {
    return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}
