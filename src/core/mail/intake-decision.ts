/**
 * What intake does with a received message as far as the message alone can tell (docs/mail.md#what-intake-does):
 * automatic mail is ignored; a message that refers to earlier mail (In-Reply-To, References) or names a ticket in its
 * subject is a reply; anything else opens a ticket. With a database, intake goes on to look the references up and
 * falls back to a new ticket when they name no ticket of the workspace; `covenant mail explain` stops here.
 */
import type { InboundMessage } from './inbound-message.ts';
import { formatTicketKey, ticketNumberInSubject } from './ticket-key.ts';

export const intakeDecisions = ['new_ticket', 'reply', 'ignored'] as const;
export type IntakeDecision = (typeof intakeDecisions)[number];

export interface IntakeVerdict {
  readonly decision: IntakeDecision;
  /** One sentence for a person, e.g. "automatic mail (auto_submitted)". */
  readonly reason: string;
  /** The ticket the subject names, or null. */
  readonly ticketNumber: number | null;
}

type DecisionInput = Pick<InboundMessage, 'automatic' | 'automaticReason' | 'inReplyTo' | 'references' | 'subject'>;

export function decideFromMessageAlone(message: DecisionInput): IntakeVerdict {
  const ticketNumber = ticketNumberInSubject(message.subject);
  if (message.automatic) {
    return { decision: 'ignored', reason: `automatic mail (${message.automaticReason ?? 'unknown'})`, ticketNumber };
  }
  if (ticketNumber !== null) {
    return { decision: 'reply', reason: `the subject names ticket ${formatTicketKey(ticketNumber)}`, ticketNumber };
  }
  if (message.inReplyTo !== null || message.references.length > 0) {
    return { decision: 'reply', reason: 'it answers earlier mail (In-Reply-To or References)', ticketNumber };
  }
  return { decision: 'new_ticket', reason: 'no automatic-mail sign, no reference to earlier mail', ticketNumber };
}
