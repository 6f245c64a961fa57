/**
 * The clock policy of a stored agreement version. Versions are immutable once approved and their content was
 * validated when saved, so the parsed policy is cached by version id. A version whose calendars refer to workspace
 * calendars depends on those calendars too: the cache entry records the id and revision of every calendar it used,
 * so a calendar edit (which bumps the revision) gives a new policy.
 *
 * Two forms: `await clockPolicyOfVersion(version, repositories)` resolves references through the calendar
 * repository and works for every version; `clockPolicyOfVersion(version)` is synchronous and only for versions
 * without references (it throws AGREEMENT_UNKNOWN_REFERENCE for one that has them).
 */
import type { Agreement } from '../../core/agreement/index.ts';
import { calendarReferencesOf, clockPolicyOf } from '../../core/agreement/index.ts';
import type { ClockPolicy } from '../../core/clocks/index.ts';
import type { AgreementVersionRecord } from '../ports/agreement-repository.ts';
import type { Repositories } from '../ports/store.ts';
import { workspaceCalendars } from './agreement-documents.ts';

const CACHE_LIMIT = 1000;
const policies = new Map<string, { key: string; policy: ClockPolicy }>();

export function clockPolicyOfVersion(version: AgreementVersionRecord): ClockPolicy;
export function clockPolicyOfVersion(
  version: AgreementVersionRecord,
  repositories: Pick<Repositories, 'calendars'>,
): Promise<ClockPolicy>;
export function clockPolicyOfVersion(
  version: AgreementVersionRecord,
  repositories?: Pick<Repositories, 'calendars'>,
): ClockPolicy | Promise<ClockPolicy> {
  const agreement = version.content as Agreement;
  if (repositories === undefined || calendarReferencesOf(agreement.spec.calendars).size === 0) {
    return cached(version, `${version.revision}`, () => clockPolicyOf(agreement));
  }
  return resolvedPolicy(version, agreement, repositories);
}

async function resolvedPolicy(
  version: AgreementVersionRecord,
  agreement: Agreement,
  repositories: Pick<Repositories, 'calendars'>,
): Promise<ClockPolicy> {
  const { resolve, used } = await workspaceCalendars(repositories, version.workspaceId, agreement);
  const calendars = used
    .map((calendar) => `${calendar.slug}=${calendar.id}@${calendar.revision}`)
    .sort()
    .join(',');
  return cached(version, `${version.revision}|${calendars}`, () => clockPolicyOf(agreement, resolve));
}

function cached(version: AgreementVersionRecord, key: string, build: () => ClockPolicy): ClockPolicy {
  const known = policies.get(version.id);
  if (known && known.key === key) return known.policy;
  const policy = build();
  if (policies.size >= CACHE_LIMIT) policies.clear();
  policies.set(version.id, { key, policy });
  return policy;
}
