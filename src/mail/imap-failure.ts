/**
 * Why a mailbox is not being read, in a sentence its owner can act on, with a stable code (the port's
 * `mailboxErrorCodes`). imapflow reports failures as errors with flags (`authenticationFailed`, `mailboxMissing`,
 * `tlsFailed`) or Node's socket codes; this is the one place that turns them into the mailbox's status.
 */
import type { MailboxConnection, MailboxErrorCode } from '../app/ports/mail-intake.ts';

export interface ImapFailure {
  readonly code: MailboxErrorCode;
  readonly message: string;
}

/** Raised by the watcher itself when the folder cannot hold the processed mark (read-only, or a bad move target). */
export class CannotMarkProcessedError extends Error {
  override readonly name = 'CannotMarkProcessedError';
}

interface ImapflowErrorFields {
  readonly code?: string;
  readonly message?: string;
  readonly authenticationFailed?: boolean;
  readonly mailboxMissing?: boolean;
  readonly tlsFailed?: boolean;
  readonly responseText?: string;
  readonly serverResponseCode?: string;
  readonly reason?: string;
}

const connectCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
]);

const connectReasons: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the connection was refused (is the port right, is the server running?)',
  ENOTFOUND: 'the host name is unknown',
  EAI_AGAIN: 'the host name could not be resolved just now',
  ETIMEDOUT: 'the server did not answer in time',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  CONNECT_TIMEOUT: 'the server did not answer in time',
  GREETING_TIMEOUT: 'the server did not greet in time (does this port expect TLS?)',
  ClosedAfterConnectText: 'the server closed the connection at once',
  ClosedAfterConnectTLS: 'the server closed the TLS connection at once',
};

export function describeImapFailure(error: unknown, mailbox: MailboxConnection): ImapFailure {
  const where = `${mailbox.host}:${mailbox.port}`;
  if (error instanceof CannotMarkProcessedError) return { code: 'IMAP_CANNOT_MARK', message: error.message };
  const fields = (typeof error === 'object' && error !== null ? error : {}) as ImapflowErrorFields;
  const serverSays = fields.responseText ? ` The server said: ${oneLine(fields.responseText)}` : '';
  if (fields.authenticationFailed) {
    return {
      code: 'IMAP_AUTH_FAILED',
      message: `${where} refused the user name "${mailbox.username}" or its password.${serverSays}`,
    };
  }
  if (fields.mailboxMissing) {
    return {
      code: 'IMAP_FOLDER_NOT_FOUND',
      message: `The folder "${mailbox.folder}" does not exist on ${where}, or this account may not open it.${serverSays}`,
    };
  }
  const code = fields.code ?? '';
  const text = oneLine(fields.message ?? String(error));
  if (fields.tlsFailed || /CERT|SSL|TLS/i.test(code)) {
    return { code: 'IMAP_TLS_FAILED', message: `TLS with ${where} failed: ${text}${code ? ` (${code})` : ''}.` };
  }
  if (connectCodes.has(code)) {
    const reason = connectReasons[code] ?? text;
    const serverReason = fields.reason ? ` The server said: ${oneLine(fields.reason)}` : '';
    return { code: 'IMAP_CONNECT_FAILED', message: `Cannot connect to ${where}: ${reason}.${serverReason}` };
  }
  return {
    code: 'IMAP_CONNECTION_LOST',
    message: `The connection to ${where} failed: ${text}${code ? ` (${code})` : ''}.${serverSays}`,
  };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
