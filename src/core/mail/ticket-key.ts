/**
 * A ticket's key, `T-<number>`, and its tag in mail subjects, `[T-<number>]` (docs/mail.md#the-ticket-key). Every
 * message we send about a ticket carries the tag, so a customer's reply finds its ticket even when the mail client
 * dropped In-Reply-To and References, and whatever the client put in front of the subject (Re:, AW:, SV:, Fwd:, ...).
 */

import { DomainError } from '../errors.ts';

const tagPattern = /\[\s*T\s*-\s*(\d{1,15})\s*\]/gi;

/** Prefixes mail clients put before a reply's subject, in the languages we meet (Re, AW, SV, VS, Odp, ...). */
const replyPrefix = /^\s*(re|aw|sv|vs|antw|odp|ynt|rif|res|r|atb|vá|απ|отв|回复|答复|回覆)(\[\d+\])?\s*[:：]\s*/iu;

function assertTicketNumber(ticketNumber: number): void {
  if (!Number.isSafeInteger(ticketNumber) || ticketNumber < 1) {
    throw new DomainError('REQUEST_INVALID', `A ticket number is a positive whole number, not ${ticketNumber}`);
  }
}

/** `T-42` for ticket 42. */
export function formatTicketKey(ticketNumber: number): string {
  assertTicketNumber(ticketNumber);
  return `T-${ticketNumber}`;
}

export interface SubjectWithTicketKeyOptions {
  /** Put `Re: ` in front, unless the subject already starts with a reply prefix. */
  readonly reply?: boolean;
}

/**
 * The subject with the ticket's tag: an existing tag of this ticket is kept where it is, tags of other tickets are
 * removed (a subject must never point at two tickets), and otherwise the tag is appended so the words the customer
 * chose come first.
 */
export function subjectWithTicketKey(
  subject: string,
  ticketNumber: number,
  options: SubjectWithTicketKeyOptions = {},
): string {
  assertTicketNumber(ticketNumber);
  const ownTag = `[${formatTicketKey(ticketNumber)}]`;
  let hasOwnTag = false;
  const withoutOtherTags = subject.replace(tagPattern, (tag, digits: string) => {
    if (Number(digits) !== ticketNumber) return '';
    hasOwnTag = true;
    return tag;
  });
  let tagged = withoutOtherTags.replace(/\s+/g, ' ').trim();
  if (!hasOwnTag) tagged = tagged === '' ? ownTag : `${tagged} ${ownTag}`;
  if (options.reply && !replyPrefix.test(tagged)) tagged = `Re: ${tagged}`;
  return tagged;
}

/**
 * The ticket number the subject's tag names, wherever the tag stands; null when there is none, or when tags of
 * different tickets make the subject ambiguous (the message is then threaded by its Message-ID references alone).
 */
export function ticketNumberInSubject(subject: string): number | null {
  const numbers = new Set<number>();
  for (const match of subject.matchAll(tagPattern)) {
    const ticketNumber = Number(match[1]);
    if (Number.isSafeInteger(ticketNumber) && ticketNumber >= 1) numbers.add(ticketNumber);
  }
  return numbers.size === 1 ? [...numbers][0]! : null;
}
