/**
 * Whether a ticket is measured, and if not, why (docs/semantics.md#tickets-that-are-not-measured, decision 0025).
 * A ticket no version covers, or whose priority no target matches, is never silently left out: it carries one of
 * these reasons until something makes it measured.
 */
import type { TicketEvaluation } from './clock-result.ts';
import type { ClockPolicy } from './clock-target.ts';

/**
 * `customer_unknown` is never a ticket's own reason: it counts the e-mail requests waiting in triage (docs/mail.md),
 * which become tickets, measured from their arrival, once a manager names their customer.
 */
export const unmeasuredReasons = [
  'no_agreement',
  'no_version_in_force',
  'no_priority',
  'no_matching_target',
  'customer_unknown',
] as const;
export type UnmeasuredReason = (typeof unmeasuredReasons)[number];

/** What each reason means, for the people who read it. */
export const unmeasuredReasonTexts: Readonly<Record<UnmeasuredReason, string>> = {
  no_agreement: 'the ticket belongs to no agreement (its customer has none, or several and none was named)',
  no_version_in_force: 'no version of its agreement was in force when the ticket was opened',
  no_priority: 'the ticket has no priority (nor an impact and urgency the agreement turns into one)',
  no_matching_target: "no ticket target of the governing version applies to the ticket's priority",
  customer_unknown:
    'an e-mail request from a sender no customer is known for waits in triage; it is measured from its arrival once a manager names the customer',
};

/**
 * Why a ticket evaluated under `policy` (the governing version's) is not measured, or null when a target applies to
 * its priority in force (and its service) now. A ticket with targets that stopped applying after a priority change
 * and none that applies now is not measured: its earlier cycles are cancelled, not judged.
 */
export function unmeasuredReasonOf(policy: ClockPolicy, evaluation: TicketEvaluation): UnmeasuredReason | null {
  const { priority, service } = evaluation;
  if (priority === null) return 'no_priority';
  const applies = policy.targets.some(
    (target) => target.priorities.includes(priority) && (target.service === undefined || target.service === service),
  );
  return applies ? null : 'no_matching_target';
}
