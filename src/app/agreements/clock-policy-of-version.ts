/**
 * The clock policy of a stored agreement version. Versions are immutable once approved and their content was
 * validated when saved, so the parsed policy is cached by version id.
 */
import type { Agreement } from '../../core/agreement/index.ts';
import { clockPolicyOf } from '../../core/agreement/index.ts';
import type { ClockPolicy } from '../../core/clocks/index.ts';
import type { AgreementVersionRecord } from '../ports/agreement-repository.ts';

const policies = new Map<string, { revision: number; policy: ClockPolicy }>();

export function clockPolicyOfVersion(version: AgreementVersionRecord): ClockPolicy {
  const cached = policies.get(version.id);
  if (cached && cached.revision === version.revision) return cached.policy;
  const policy = clockPolicyOf(version.content as Agreement);
  if (policies.size > 1000) policies.clear();
  policies.set(version.id, { revision: version.revision, policy });
  return policy;
}
