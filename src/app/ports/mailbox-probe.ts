/** Checking that a mailbox can be read now: sign in to its IMAP server and open its folder (adapter in src/mail). */

export interface MailboxProbeTarget {
  readonly host: string;
  readonly port: number;
  readonly tls: 'implicit' | 'starttls' | 'none';
  readonly username: string;
  readonly password: string;
  readonly folder: string;
}

export type ProbeResult = { readonly ok: true } | { readonly ok: false; readonly code: string; readonly error: string };

export interface MailboxProbe {
  check(target: MailboxProbeTarget): Promise<ProbeResult>;
}
