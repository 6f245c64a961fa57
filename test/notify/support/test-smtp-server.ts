/**
 * A real SMTP server in the test process (smtp-server), recording every message it accepts. Recipients can be
 * refused with a chosen reply, and one login can be required, to exercise the sender's outcome mapping. With
 * `deliver`, each message is handed on (e.g. into a test Dovecot) before it is accepted, as a mail server that
 * delivers locally does: the sender hears 250 only once the message is in the mailbox.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly mailFrom: string;
  readonly recipients: readonly string[];
  readonly raw: Buffer;
}

export interface TestSmtpServerOptions {
  /** A reply code and text to refuse this recipient with, or undefined to accept it. */
  readonly refuseRecipient?: (address: string) => { code: number; text: string } | undefined;
  /** When set, AUTH must use exactly these credentials (a wrong password is answered 535). */
  readonly credentials?: { user: string; pass: string };
  /** Delivers an accepted message; when it fails, the message is answered 451 (try again later) and not recorded. */
  readonly deliver?: (mail: ReceivedMail) => Promise<void>;
}

export interface TestSmtpServer {
  readonly port: number;
  readonly received: ReceivedMail[];
  close(): Promise<void>;
}

export async function startTestSmtpServer(options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const expected = options.credentials;
      if (!expected || (auth.username === expected.user && auth.password === expected.pass)) {
        callback(null, { user: auth.username });
        return;
      }
      callback(smtpError(535, 'Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      const refusal = options.refuseRecipient?.(address.address);
      callback(refusal ? smtpError(refusal.code, refusal.text) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mail: ReceivedMail = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          recipients: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks),
        };
        (options.deliver ? options.deliver(mail) : Promise.resolve()).then(
          () => {
            received.push(mail);
            callback(null, 'queued as test');
          },
          (error: Error) => callback(smtpError(451, `delivery failed: ${error.message}`)),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}
