/**
 * The MailboxProbe port over imapflow: signs in, opens the folder read-only and signs out, within a bounded time, so
 * an administrator learns at once whether a mailbox's settings work (POST /mailboxes/:id/check).
 */
import { ImapFlow } from 'imapflow';
import type { MailboxProbe, MailboxProbeTarget, ProbeResult } from '../app/ports/mailbox-probe.ts';

export interface ImapMailboxProbeOptions {
  /** Bounds each step of the check (connect, greeting, each command); default 15 s. */
  readonly timeoutMs?: number;
  /** TLS options for imapflow (tests trust their own certificate authority). */
  readonly tls?: Record<string, unknown>;
}

export class ImapMailboxProbe implements MailboxProbe {
  readonly #options: ImapMailboxProbeOptions;

  constructor(options: ImapMailboxProbeOptions = {}) {
    this.#options = options;
  }

  async check(target: MailboxProbeTarget): Promise<ProbeResult> {
    const timeout = this.#options.timeoutMs ?? 15_000;
    const client = new ImapFlow({
      host: target.host,
      port: target.port,
      secure: target.tls === 'implicit',
      ...(target.tls === 'implicit' ? {} : { doSTARTTLS: target.tls === 'starttls' }),
      auth: { user: target.username, pass: target.password },
      ...(this.#options.tls ? { tls: this.#options.tls } : {}),
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      clientInfo: { name: 'Covenant' },
    });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.mailboxOpen(target.folder, { readOnly: true });
      await client.logout();
      return { ok: true };
    } catch (error) {
      client.close();
      return { ok: false, ...describeFailure(error, target) };
    }
  }
}

function describeFailure(error: unknown, target: MailboxProbeTarget): { code: string; error: string } {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: string;
    authenticationFailed?: boolean;
    mailboxMissing?: boolean;
    tlsFailed?: boolean;
    responseText?: string;
    message?: string;
  };
  const where = `${target.host}:${target.port}`;
  if (fields.authenticationFailed) {
    return { code: 'IMAP_AUTH_FAILED', error: `${where} refused the user name or password` };
  }
  if (fields.mailboxMissing || /NONEXISTENT|doesn't exist|not exist/i.test(fields.responseText ?? '')) {
    return { code: 'IMAP_FOLDER_NOT_FOUND', error: `the folder "${target.folder}" does not exist on ${where}` };
  }
  if (fields.tlsFailed || /certificate|SSL|TLS/i.test(fields.message ?? '')) {
    return { code: 'IMAP_TLS_FAILED', error: `the TLS handshake with ${where} failed: ${fields.message ?? 'unknown'}` };
  }
  return {
    code: 'IMAP_CONNECT_FAILED',
    error: `no IMAP session with ${where}: ${fields.code ?? fields.message ?? 'unknown error'}`,
  };
}
