/**
 * The intake's reason codes (the mail log, triage, automatic mail on a ticket) in words. A code this list does not
 * know yet is shown with its underscores as spaces, so a new reason is readable before it gets its own words.
 */
const words: Record<string, string> = {
  customer_by_contact: "the sender is one of the customer's contacts",
  customer_by_domain: "the sender's domain is the customer's",
  customer_of_mailbox: "the mailbox's customer",
  customer_unknown: 'no contact or customer e-mail domain matches the sender',
  customer_ambiguous: 'several customers could be the sender’s',
  customer_reply: "the requester's reply",
  agent_reply: 'a reply from the provider’s side',
  agent_note: 'a note from the provider’s side',
  reopened: 'the reply reopened the ticket',
  thread_in_triage: 'its thread is waiting in triage',
  assigned: 'a manager named its customer',
  sender_loop: 'the sender wrote too many messages in a minute (loop protection)',
  already_taken_in: 'it was taken in before',
  being_taken_in: 'it is being taken in',
  auto_submitted: 'Auto-Submitted header (an automatic message)',
  auto_reply_header: 'auto-reply header (out of office)',
  precedence: 'bulk, junk or list precedence',
  delivery_report: 'a delivery status report (bounce)',
  mailer_daemon: 'sent by a mailer daemon',
  mailing_list: 'mailing-list mail',
  automatic: 'automatic mail',
};

export function reasonText(code: string | null): string | null {
  if (code === null || code === '') return null;
  return words[code] ?? code.replaceAll('_', ' ');
}
