/**
 * Use-cases of a user's notification preferences (decision 0016): which channels (in-app, e-mail) and which kinds
 * (warning, escalation, breach, report) reach them, and the zone their e-mails show times in. Without stored
 * preferences the defaults apply (everything on, the user's own zone). A save changes only the fields sent.
 */

import { DomainError } from '../../core/errors.ts';
import { canonicalTimeZone } from '../../core/time/time-zone.ts';
import { type Principal, requirePermission } from '../access/principal.ts';
import { recordChange } from '../audit/record-change.ts';
import {
  defaultPreferences,
  type NotificationKind,
  type NotificationPreferences,
} from '../ports/monitoring-repository.ts';
import type { Clock, Store } from '../ports/store.ts';
import { requireUser } from './require-user.ts';

export interface PreferenceChanges {
  readonly email?: boolean | undefined;
  readonly inApp?: boolean | undefined;
  /** An IANA zone, or null for the user's (or the agreement's) zone. */
  readonly timeZone?: string | null | undefined;
  readonly kinds?: Partial<Record<NotificationKind, boolean>> | undefined;
}

export async function getMyPreferences(store: Store, principal: Principal): Promise<NotificationPreferences> {
  requirePermission(principal, 'notifications.read');
  const userId = requireUser(principal, 'notification preferences');
  return (await store.read.notifications.preferencesOf(principal.workspaceId, userId)) ?? defaultPreferences;
}

export async function saveMyPreferences(
  { store, clock }: { store: Store; clock: Clock },
  principal: Principal,
  changes: PreferenceChanges,
): Promise<NotificationPreferences> {
  requirePermission(principal, 'notifications.read');
  const userId = requireUser(principal, 'notification preferences');
  const timeZone =
    changes.timeZone === undefined || changes.timeZone === null ? changes.timeZone : requireTimeZone(changes.timeZone);
  const now = clock.now();
  return store.transaction(async (repositories) => {
    const before =
      (await repositories.notifications.preferencesOf(principal.workspaceId, userId)) ?? defaultPreferences;
    const after: NotificationPreferences = {
      email: changes.email ?? before.email,
      inApp: changes.inApp ?? before.inApp,
      timeZone: timeZone === undefined ? before.timeZone : timeZone,
      kinds: { ...before.kinds, ...definedOnly(changes.kinds ?? {}) },
    };
    if (JSON.stringify(after) === JSON.stringify(before)) return after;
    await repositories.notifications.savePreferences(principal.workspaceId, userId, after, now);
    await recordChange(repositories, principal, now, {
      action: 'notification_preferences.updated',
      entityType: 'user',
      entityId: userId,
      before,
      after,
    });
    return after;
  });
}

/** The canonical IANA name; an unknown zone is refused with the code the calendars use. */
function requireTimeZone(zone: string): string {
  const canonical = canonicalTimeZone(zone);
  if (canonical === undefined) {
    throw DomainError.fromIssues([
      {
        path: 'timeZone',
        code: 'CALENDAR_UNKNOWN_TIMEZONE',
        message: `unknown time zone "${zone}"; use an IANA zone such as Europe/Warsaw or America/New_York`,
      },
    ]);
  }
  return canonical;
}

function definedOnly(kinds: Partial<Record<NotificationKind, boolean>>): Partial<Record<NotificationKind, boolean>> {
  return Object.fromEntries(Object.entries(kinds).filter(([, value]) => value !== undefined));
}
