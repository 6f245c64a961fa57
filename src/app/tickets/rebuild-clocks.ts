/**
 * Rebuilding the clock projection from the events: after a calendar edit, an agreement amendment that applies to
 * open tickets, or on demand (`covenant rebuild`). Implemented with the ticket pipeline.
 */
import type { Clock, Store } from '../ports/store.ts';

export interface RebuildRequest {
  readonly workspaceId: string;
  /** Only tickets governed by versions of this agreement. */
  readonly agreementId?: string | undefined;
  /** Only tickets whose agreement uses this workspace calendar. */
  readonly calendarSlug?: string | undefined;
  /** Only open tickets (the default after a change: closed periods stay as they were reported). */
  readonly onlyOpen: boolean;
}

export interface RebuildResult {
  readonly tickets: number;
  readonly clocks: number;
}

export type RebuildClocks = (
  dependencies: { store: Store; clock: Clock },
  request: RebuildRequest,
) => Promise<RebuildResult>;
