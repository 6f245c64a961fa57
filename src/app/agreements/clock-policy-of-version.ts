/**
 * The clock policy of a stored agreement version. Versions are immutable once approved and their content was
 * validated when saved, so the parsed policy is cached by version id (in the process's ClockPolicyCache). A version
 * whose calendars refer to workspace calendars depends on those calendars too: the cache key records the id and
 * revision of every calendar it used, so a calendar edit (which bumps the revision) gives a new policy.
 */
import type { Agreement } from '../../core/agreement/index.ts';
import { calendarReferencesOf, clockPolicyOf } from '../../core/agreement/index.ts';
import type { ClockPolicy } from '../../core/clocks/index.ts';
import type { AgreementVersionRecord } from '../ports/agreement-repository.ts';
import type { Repositories } from '../ports/store.ts';
import { workspaceCalendars } from './agreement-documents.ts';

export async function clockPolicyOfVersion(
  version: AgreementVersionRecord,
  repositories: Pick<Repositories, 'calendars' | 'caches'>,
): Promise<ClockPolicy> {
  const agreement = version.content as Agreement;
  const cache = repositories.caches.clockPolicies;
  if (calendarReferencesOf(agreement.spec.calendars).size === 0) {
    return cache.policyOf(version.id, `${version.revision}`, () => clockPolicyOf(agreement));
  }
  const { resolve, used } = await workspaceCalendars(repositories, version.workspaceId, agreement);
  const calendars = used
    .map((calendar) => `${calendar.slug}=${calendar.id}@${calendar.revision}`)
    .sort()
    .join(',');
  return cache.policyOf(version.id, `${version.revision}|${calendars}`, () => clockPolicyOf(agreement, resolve));
}
