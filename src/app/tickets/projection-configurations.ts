/**
 * What the clock projections of one workspace share (pinning candidates, clock policies by version, exclusion windows
 * by customer), remembered for one configuration revision. The database bumps a workspace's revision on every change
 * to agreement versions, calendars and maintenance windows, and the projection reads it in the very query that locks
 * the tickets, so an entry is used only while nothing it was built from has changed. One per process, created by the
 * composition (decision 0028).
 */
import type { ClockPolicy, ExclusionWindow } from '../../core/clocks/index.ts';
import type { PinningCandidate } from '../ports/agreement-repository.ts';

export interface WorkspaceConfiguration {
  readonly workspaceId: string;
  readonly revision: number | null;
  readonly candidates: Map<string, readonly PinningCandidate[]>;
  readonly policies: Map<string, ClockPolicy>;
  readonly exclusions: Map<string, ExclusionWindow[]>;
}

const MAX_WORKSPACES = 10_000;

export class ProjectionConfigurations {
  private readonly byWorkspace = new Map<string, WorkspaceConfiguration>();

  /**
   * The configuration of a workspace at `revision`: the remembered one if it is of that revision, else a new, empty
   * one. Without a revision (a read outside the lock) nothing can be trusted from the cache, nor kept in it.
   */
  of(workspaceId: string, revision: number | null): WorkspaceConfiguration {
    const fresh = (): WorkspaceConfiguration => ({
      workspaceId,
      revision,
      candidates: new Map(),
      policies: new Map(),
      exclusions: new Map(),
    });
    if (revision === null) return fresh();
    const known = this.byWorkspace.get(workspaceId);
    if (known && known.revision === revision) return known;
    const created = fresh();
    if (this.byWorkspace.size > MAX_WORKSPACES) this.byWorkspace.clear();
    this.byWorkspace.set(workspaceId, created);
    return created;
  }
}
