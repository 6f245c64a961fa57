/**
 * How a failed SMTP send maps to a delivery outcome. RFC 5321 makes a 4yz reply transient and a 5yz reply permanent;
 * nodemailer's own exception (503, bad sequence of commands) says the session was confused, not that the message was
 * refused, so it is retried. Failures that never reached a reply (refused connection, timeout, DNS, TLS) are transient
 * too. Authentication failures are retried even though their reply is 535: they are a configuration fault, not a
 * verdict on the message, and the message should go out once an administrator fixes the credentials.
 */
import type { DeliveryOutcome } from '../app/ports/outbound-channels.ts';

/** The fields nodemailer sets on its errors (all optional: anything may be thrown). */
export interface SmtpErrorLike {
  readonly message?: string;
  readonly code?: string;
  readonly originalCode?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly command?: string;
}

type FailedOutcome = Extract<DeliveryOutcome, { ok: false }>;

const CONFIGURATION_FAULTS = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2']);
/** Mistakes in the message or the setup that a retry repeats identically. */
const MESSAGE_FAULTS = new Set(['ECONFIG', 'EFILEACCESS', 'EURLACCESS', 'EMAXRECIPIENTS', 'EOTP']);

export function describeSmtpError(error: SmtpErrorLike): FailedOutcome {
  const code = error.code ?? 'UNKNOWN';
  const cause = error.originalCode && error.originalCode !== code ? `${code}/${error.originalCode}` : code;
  const reply = error.responseCode;
  const detail = truncate(`${cause}${error.command ? ` at ${error.command}` : ''}: ${error.message ?? 'no message'}`);
  if (CONFIGURATION_FAULTS.has(code)) return { ok: false, retryable: true, detail, ...statusOf(reply) };
  if (reply !== undefined && reply >= 400 && reply < 600) {
    const permanent = reply >= 500 && reply !== 503;
    return { ok: false, retryable: !permanent, detail, status: reply };
  }
  if (MESSAGE_FAULTS.has(code)) return { ok: false, retryable: false, detail };
  // EENVELOPE without a reply is an address nodemailer itself refused (malformed): sending again changes nothing.
  if (code === 'EENVELOPE') return { ok: false, retryable: false, detail };
  // Connection, socket, timeout, DNS, TLS, proxy, and anything unrecognised: the job's attempt limit bounds retries.
  return { ok: false, retryable: true, detail, ...statusOf(reply) };
}

function statusOf(reply: number | undefined): { status?: number } {
  return reply === undefined ? {} : { status: reply };
}

function truncate(text: string): string {
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}
