/**
 * Rebuilding the clock projection from the events: after a calendar edit, a version put in force (when it applies
 * to open tickets, or took effect before it was put in force), or on demand (`covenant rebuild`).
 */

export interface RebuildRequest {
  readonly workspaceId: string;
  /** Only tickets of this agreement. */
  readonly agreementId?: string | undefined;
  /** Only tickets whose agreement uses this workspace calendar (some version of it refers to the calendar). */
  readonly calendarSlug?: string | undefined;
  /**
   * Which tickets: all; those open now (after a change: closed periods stay as they were reported); or those open at
   * any time since an instant (open now, opened since, or closed since: a version that took effect then).
   */
  readonly tickets: 'all' | 'open' | { readonly openSince: number };
}

export interface RebuildResult {
  readonly tickets: number;
  readonly clocks: number;
}
