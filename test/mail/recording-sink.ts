/**
 * An in-memory MailIntakeSink for the watcher's tests: it records every offer and status, and deduplicates as the
 * database-backed sink does — by (mailbox, UIDVALIDITY, UID) and by Message-ID — answering `processed` for a repeat
 * without recording it again. The check and the insert happen in one synchronous step, as the unique constraint
 * makes them one step in the database.
 */
import type {
  MailboxStatus,
  MailIntakeSink,
  MailSource,
  ReadMail,
  TakeInOutcome,
} from '../../src/app/ports/mail-intake.ts';

export interface Offer {
  readonly source: MailSource;
  readonly messageId: string | null;
  readonly at: number;
  readonly outcome: TakeInOutcome;
}

export class RecordingSink implements MailIntakeSink {
  readonly offers: Offer[] = [];
  /** Message-IDs recorded (each once), in the order they were recorded. */
  readonly recorded: string[] = [];
  readonly statuses: { mailboxId: string; status: MailboxStatus }[] = [];
  /** Message-IDs the sink answers `leave` for while they are in here. */
  readonly leave = new Set<string>();
  readonly #sourceKeys = new Set<string>();
  readonly #messageIds = new Set<string>();

  async takeIn(messages: readonly ReadMail[]): Promise<TakeInOutcome[]> {
    return messages.map(({ source, raw }) => {
      const messageId = messageIdOf(raw);
      const outcome = this.#decide(source, messageId);
      this.offers.push({ source, messageId, at: Date.now(), outcome });
      return outcome;
    });
  }

  async mailboxStatus(mailboxId: string, status: MailboxStatus): Promise<void> {
    this.statuses.push({ mailboxId, status });
  }

  #decide(source: MailSource, messageId: string | null): TakeInOutcome {
    if (messageId !== null && this.leave.has(messageId)) return 'leave';
    const sourceKey = `${source.mailboxId}/${source.uidValidity}/${source.uid}`;
    if (this.#sourceKeys.has(sourceKey) || (messageId !== null && this.#messageIds.has(messageId))) return 'processed';
    this.#sourceKeys.add(sourceKey);
    if (messageId !== null) this.#messageIds.add(messageId);
    this.recorded.push(messageId ?? sourceKey);
    return 'processed';
  }

  offersOf(messageId: string): Offer[] {
    return this.offers.filter((offer) => offer.messageId === messageId);
  }

  statusesOf(mailboxId: string): MailboxStatus[] {
    return this.statuses.filter((entry) => entry.mailboxId === mailboxId).map((entry) => entry.status);
  }

  lastStatusOf(mailboxId: string): MailboxStatus | undefined {
    return this.statusesOf(mailboxId).at(-1);
  }
}

function messageIdOf(raw: Uint8Array): string | null {
  const text = Buffer.from(raw).toString('latin1');
  const headers = text.slice(0, Math.max(0, text.indexOf('\r\n\r\n')));
  return /^message-id:\s*(<[^>\r\n]+>)/im.exec(headers)?.[1] ?? null;
}

/** A small RFC 5322 message with a Message-ID `<name@covenant.test>`. */
export function testMessage(name: string, body = `Body of ${name}.`): string {
  return [
    'From: Anna Customer <anna@acme.example>',
    'To: support@provider.example',
    `Subject: Test ${name}`,
    `Message-ID: <${name}@covenant.test>`,
    'Date: Mon, 07 Dec 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

export function idOf(name: string): string {
  return `<${name}@covenant.test>`;
}
