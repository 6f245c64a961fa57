/**
 * What a process remembers of what it derived from its database: clock policies, the projections' per-workspace
 * configuration, API tokens verified a moment ago, and the content of agreement versions that can no longer change. Created once by the composition (src/main/composition.ts) and
 * handed to the store, so the server's requests, its sweep and the CLI share them, and two databases opened in one
 * process (tests) never see each other's entries (decision 0028).
 */
import { ClockPolicyCache } from './agreements/clock-policy-cache.ts';
import { FrozenVersionContents } from './agreements/frozen-version-contents.ts';
import { VerifiedApiTokens } from './identity/verified-api-tokens.ts';
import { ProjectionConfigurations } from './tickets/projection-configurations.ts';

export interface ProcessCaches {
  readonly clockPolicies: ClockPolicyCache;
  readonly projectionConfigurations: ProjectionConfigurations;
  readonly apiTokens: VerifiedApiTokens;
  readonly frozenVersions: FrozenVersionContents;
}

export function createProcessCaches(): ProcessCaches {
  return {
    clockPolicies: new ClockPolicyCache(),
    projectionConfigurations: new ProjectionConfigurations(),
    apiTokens: new VerifiedApiTokens(),
    frozenVersions: new FrozenVersionContents(),
  };
}
