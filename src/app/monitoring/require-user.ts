/**
 * In-app notifications, preferences and test e-mails belong to a person. An API token has no inbox and no address,
 * so these refuse it with one stable code (400: the request cannot be served for this kind of caller, whatever it
 * sends) instead of pretending it has an empty inbox.
 */
import type { Principal } from '../access/principal.ts';
import { invalid } from '../app-error.ts';

export const NOTIFICATIONS_NEED_A_USER = 'NOTIFICATIONS_NEED_A_USER';

/** The signed-in user's id; throws NOTIFICATIONS_NEED_A_USER for an API token. */
export function requireUser(principal: Principal, what: string): string {
  if (principal.userId === null) {
    throw invalid(
      NOTIFICATIONS_NEED_A_USER,
      `${what} belong to a signed-in user; an API token has none (sign in with a session instead)`,
      { principal: principal.label },
    );
  }
  return principal.userId;
}
