/** Short words for why a ticket is not measured (the API's message says it in full). */
import type { UnmeasuredReason } from '../../api/types.ts';

export const unmeasuredLabels: Readonly<Record<UnmeasuredReason, string>> = {
  no_agreement: 'no agreement',
  no_version_in_force: 'no version in force',
  no_priority: 'no priority',
  no_matching_target: 'no target for its priority',
  customer_unknown: 'no customer yet (e-mail waiting in triage)',
};

/** What makes a ticket with this reason measured: the step a manager can take. */
export const unmeasuredRemedies: Readonly<Record<UnmeasuredReason, string>> = {
  no_agreement: 'It is measured once an agreement with its customer is put in force.',
  no_version_in_force:
    'It is measured once a version of its agreement that is in force at its opening is put in force.',
  no_priority: 'It is measured once it gets a priority.',
  no_matching_target: 'It is measured once its priority matches a target, or a version adds one for it.',
  customer_unknown: 'It is measured once a manager gives it its customer in Mail triage, from its arrival.',
};

/** The API's sentence ("Not measured: the ticket has no priority ...") as a reason under a "not measured" title. */
export function whyNotMeasured(message: string): string {
  const reason = message.replace(/^Not measured:\s*/, '');
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}
