/**
 * A batch read from a mailbox is taken in several messages at a time (docs/mail.md#throughput), on PGlite and on
 * PostgreSQL: a request and its replies in the same batch still become one ticket with its replies in order, a message
 * that arrived twice opens one ticket, automatic mail is only logged, unrelated requests each open their ticket, and
 * the result is the same as taking the messages in one at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailIntakeSink } from '../../src/app/mail/mail-intake-sink.ts';
import type { ReadMail } from '../../src/app/ports/mail-intake.ts';
import { composeMail, createMailWorld, type MailWorld, messageId } from '../http/mail-support.ts';
import { testBackends } from '../support/test-database.ts';

// biome-ignore lint/suspicious/noExplicitAny: API answers are inspected freely
type Item = any;

const colleagues = ['anna', 'bert', 'cleo', 'dirk', 'emma', 'finn'];

describe.each(testBackends)('taking in a batch several messages at a time ($name)', (backend) => {
  let world: MailWorld;
  beforeAll(async () => {
    world = await createMailWorld(backend);
    for (const name of colleagues) {
      const contact = await world.api.request(
        'manager',
        'POST',
        `/api/v1/customers/${world.api.world.alpha.acme}/contacts`,
        { name, email: `${name}@acme.example` },
      );
      expect(contact.status).toBe(201);
    }
  });
  afterAll(async () => {
    await world?.api.close();
  });

  /** Six threads: a request, then replies from a colleague (by In-Reply-To), interleaved across threads. */
  async function batch(label: string): Promise<{ messages: Buffer[]; requests: string[]; replies: string[][] }> {
    const requests = colleagues.map((name) => messageId(`${label}-${name}`));
    const replies = requests.map(() => [messageId(`${label}-r1`), messageId(`${label}-r2`)]);
    const messages: Buffer[] = [];
    for (const [index, name] of colleagues.entries()) {
      messages.push(
        await composeMail({
          from: `${name}@acme.example`,
          subject: `${label}: problem ${index}`,
          messageId: requests[index]!,
        }),
      );
    }
    for (const round of [0, 1]) {
      for (const [index] of colleagues.entries()) {
        // The reply comes from the next colleague: related to the request by its references only.
        const from = `${colleagues[(index + 1) % colleagues.length]}@acme.example`;
        const references = [requests[index]!, ...replies[index]!.slice(0, round)];
        messages.push(
          await composeMail({
            from,
            subject: `Re: ${label}: problem ${index}`,
            text: `reply ${round + 1} to problem ${index}`,
            messageId: replies[index]![round]!,
            inReplyTo: references[references.length - 1]!,
            references,
          }),
        );
      }
    }
    // The first request again (a copy delivered twice), and an out-of-office answer to the second.
    messages.push(messages[0]!);
    messages.push(
      await composeMail({
        from: 'bert@acme.example',
        subject: `Automatic reply: ${label}: problem 1`,
        text: 'I am out of the office.',
        headers: { 'Auto-Submitted': 'auto-replied' },
        inReplyTo: requests[1]!,
      }),
    );
    return { messages, requests, replies };
  }

  async function takeIn(label: string, concurrency: number) {
    const { api } = world;
    const { messages, requests } = await batch(label);
    const sink = mailIntakeSink({
      store: api.store,
      clock: api.clock,
      random: api.dependencies.random,
      mail: { ...api.dependencies.mail, intakeConcurrency: concurrency },
    });
    const read: ReadMail[] = messages.map((raw, index) => ({
      source: { mailboxId: world.mailboxId, uidValidity: 7, uid: concurrency * 1000 + index + 1 },
      raw,
    }));
    const outcomes = await sink.takeIn(read);
    const log = ((await api.request('manager', 'GET', '/api/v1/mail/log?limit=500')).body.items as Item[]).filter(
      (entry) => String(entry.subject).includes(`${label}: `),
    );
    const threads = [];
    for (const index of requests.keys()) {
      const subject = `${label}: problem ${index}`;
      const ticketId = log.find((entry) => entry.subject === subject && entry.outcome === 'new_ticket')?.ticketId;
      const conversation = (await api.request('manager', 'GET', `/api/v1/tickets/${ticketId}/messages`)).body
        .items as Item[];
      threads.push({
        replyTickets: log
          .filter((entry) => entry.subject === `Re: ${subject}`)
          .map((entry) => (entry.ticketId === ticketId ? 'same ticket' : entry.ticketId)),
        texts: conversation
          .filter((message) => message.direction === 'in')
          .map((message) => String(message.text).split('\n')[0]),
      });
    }
    return {
      outcomes,
      byOutcome: log.map((entry) => entry.outcome).sort(),
      tickets: new Set(log.map((entry) => entry.ticketId).filter(Boolean)).size,
      threads,
    };
  }

  it('gives the same tickets, replies in order, one ticket for a copy, as one message at a time', async () => {
    const together = await takeIn('together', 8);
    const alone = await takeIn('alone', 1);
    expect(together.outcomes.every((outcome) => outcome === 'processed')).toBe(true);
    expect(together.tickets).toBe(colleagues.length);
    expect(together.byOutcome).toEqual([
      'automatic',
      ...Array(colleagues.length).fill('new_ticket'),
      ...Array(colleagues.length * 2).fill('reply'),
    ]);
    for (const [index, thread] of together.threads.entries()) {
      expect(thread.replyTickets).toEqual(['same ticket', 'same ticket']);
      // The out-of-office answer is kept on its ticket, after the replies that came before it.
      const automatic = index === 1 ? ['I am out of the office.'] : [];
      expect(thread.texts.slice(1)).toEqual([
        `reply 1 to problem ${index}`,
        `reply 2 to problem ${index}`,
        ...automatic,
      ]);
    }
    expect(together.byOutcome).toEqual(alone.byOutcome);
    expect(together.threads.map((thread) => thread.texts.slice(1))).toEqual(
      alone.threads.map((thread) => thread.texts.slice(1)),
    );
  });

  it('answers `processed` for a batch taken in again, without a second ticket', async () => {
    const { api } = world;
    const raw = await composeMail({ from: 'emma@acme.example', subject: 'again: once only', messageId: messageId() });
    const sink = mailIntakeSink({
      store: api.store,
      clock: api.clock,
      random: api.dependencies.random,
      mail: api.dependencies.mail,
    });
    const read = [{ source: { mailboxId: world.mailboxId, uidValidity: 9, uid: 1 }, raw }];
    expect(await sink.takeIn(read)).toEqual(['processed']);
    expect(await sink.takeIn(read)).toEqual(['processed']);
    const log = ((await api.request('manager', 'GET', '/api/v1/mail/log?limit=500')).body.items as Item[]).filter(
      (entry) => entry.subject === 'again: once only',
    );
    expect(log.map((entry) => entry.outcome)).toEqual(['new_ticket']);
  });
});
