/**
 * Parsed clock policies of agreement versions, by version id. A policy is immutable for a given key (the version's
 * revision, plus the id and revision of every workspace calendar it resolved), so an entry is reused while its key
 * holds and replaced when it does not. One per process, created by the composition (decision 0028).
 */
import type { ClockPolicy } from '../../core/clocks/index.ts';

const DEFAULT_LIMIT = 1000;

export class ClockPolicyCache {
  private readonly policies = new Map<string, { key: string; policy: ClockPolicy }>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  /** The policy remembered for `versionId` under `key`, or the one `build` makes (remembered for next time). */
  policyOf(versionId: string, key: string, build: () => ClockPolicy): ClockPolicy {
    const known = this.policies.get(versionId);
    if (known && known.key === key) return known.policy;
    const policy = build();
    if (this.policies.size >= this.limit) this.policies.clear();
    this.policies.set(versionId, { key, policy });
    return policy;
  }
}
