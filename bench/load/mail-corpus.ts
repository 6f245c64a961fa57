/**
 * A corpus of real MIME messages (composed by nodemailer, as a mail client would send them) shaped like a support
 * mailbox's day: most are new requests from the customers' contacts, many are replies in an earlier thread (by
 * In-Reply-To and References), some are automatic (out-of-office replies), some come from unknown senders (triage),
 * a few carry an HTML part or a small attachment. Deterministic for a given seed, with Message-IDs unique per `label`.
 */
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { seededRandom } from '../../src/app/demo/demo-random.ts';

export interface CorpusCustomer {
  readonly slug: string;
  readonly domain: string;
  /** Addresses of the customer's contacts. */
  readonly contacts: readonly string[];
}

export interface CorpusMessage {
  readonly messageId: string;
  readonly raw: Buffer;
  readonly kind: 'request' | 'reply' | 'automatic' | 'unknown_sender';
}

/** `count` customers with `contactsEach` contacts each, at their own domains. */
export function corpusCustomers(count: number, contactsEach: number): CorpusCustomer[] {
  return Array.from({ length: count }, (_, index) => {
    const slug = `customer-${index + 1}`;
    const domain = `${slug}.example`;
    return {
      slug,
      domain,
      contacts: Array.from({ length: contactsEach }, (_, contact) => `person${contact + 1}@${domain}`),
    };
  });
}

const subjects = [
  'Invoice posting fails with error F5 702',
  'Cannot log in to the ERP since this morning',
  'Warehouse transfer stuck in status "in process"',
  'Report Z_SALES_MONTHLY shows wrong totals',
  'Printer in hall B does not print delivery notes',
  'Request: new user for the purchasing team',
  'Payment run did not include vendor 100234',
  'Slow response when opening customer master data',
];

const paragraph =
  'Since this morning the transaction ends with an error and our team cannot continue. We tried again after ' +
  'signing out and in, with the same result. Could you please look into it as soon as possible? The error text is ' +
  'below.\n\nError F5 702: account determination for entry XYZ not possible.\n\nKind regards';

const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

/** `count` messages; `label` keeps the Message-IDs of two corpora of one run apart. */
export async function mailCorpus(
  customers: readonly CorpusCustomer[],
  count: number,
  options: { seed?: number; label?: string; onProgress?: (done: number) => void } = {},
): Promise<CorpusMessage[]> {
  const random = seededRandom(options.seed ?? 20261207);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const label = options.label ?? 'corpus';
  const threads: { messageId: string; from: string; subject: string; references: string[] }[] = [];
  const messages: CorpusMessage[] = [];
  for (let index = 0; index < count; index++) {
    const roll = random();
    const messageId = `<${label}.${index}@mail.example>`;
    const date = new Date();
    let kind: CorpusMessage['kind'];
    let mail: SendMailOptions;
    if (roll < 0.25 && threads.length > 0) {
      kind = 'reply';
      const thread = pick(threads);
      mail = {
        from: thread.from,
        subject: `Re: ${thread.subject}`,
        text: `Here is more information: it still happens.\n\nOn a day, support wrote:\n> What do you see?\n`,
        inReplyTo: thread.references[thread.references.length - 1]!,
        references: [...thread.references],
      };
      thread.references.push(messageId);
    } else if (roll < 0.35 && threads.length > 0) {
      kind = 'automatic';
      const thread = pick(threads);
      mail = {
        from: thread.from,
        subject: `Automatic reply: ${thread.subject}`,
        text: 'I am out of the office until Monday and have no access to my e-mail.',
        headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
        inReplyTo: thread.references[thread.references.length - 1]!,
      };
    } else if (roll < 0.4) {
      kind = 'unknown_sender';
      mail = { from: `someone${index}@unknown-${index % 50}.example`, subject: pick(subjects), text: paragraph };
    } else {
      kind = 'request';
      const customer = pick(customers);
      const from = pick(customer.contacts);
      const subject = `${pick(subjects)} (${index})`;
      mail = { from, subject, text: paragraph };
      if (random() < 0.2) mail.html = `<p>${paragraph.replaceAll('\n\n', '</p><p>')}</p>`;
      if (random() < 0.05) {
        mail.attachments = [{ filename: 'screenshot.txt', content: Buffer.alloc(20_000, 'screen ') }];
      }
      threads.push({ messageId, from, subject, references: [messageId] });
    }
    const info = await composer.sendMail({ to: 'support@provider.example', date, messageId, ...mail });
    messages.push({ messageId, raw: info.message as Buffer, kind });
    if ((index + 1) % 1000 === 0) options.onProgress?.(index + 1);
  }
  return messages;
}
