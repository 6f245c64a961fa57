import { describe, expect, it } from 'vitest';
import { statusAfterCustomerReply } from '../../../src/core/agreement/index.ts';
import {
  derivedMessageId,
  domainOfAddress,
  domainOfSender,
  outgoingMessageId,
  referencesFor,
  threadMessageIds,
} from '../../../src/core/mail/mail-identity.ts';

describe('who and what a message is', () => {
  it('derives the same Message-ID from the same bytes, and another from other bytes', () => {
    const bytes = new TextEncoder().encode('From: a@b.example\r\n\r\nhello');
    expect(derivedMessageId(bytes)).toBe(derivedMessageId(bytes.slice()));
    expect(derivedMessageId(bytes)).toMatch(/^<[0-9a-f]{64}@covenant\.invalid>$/);
    expect(derivedMessageId(new TextEncoder().encode('From: a@b.example\r\n\r\nhello!'))).not.toBe(
      derivedMessageId(bytes),
    );
  });

  it('looks a thread up by In-Reply-To first, then References from the newest, each once, never its own id', () => {
    expect(
      threadMessageIds({
        messageId: '<self@x>',
        inReplyTo: '<parent@x>',
        references: ['<root@x>', '<parent@x>', '<self@x>'],
      }),
    ).toEqual(['<parent@x>', '<root@x>']);
    expect(threadMessageIds({ messageId: null, inReplyTo: null, references: [] })).toEqual([]);
  });

  it('compares domains exactly, in lower case', () => {
    expect(domainOfAddress('Anna@ACME.example')).toBe('acme.example');
    expect(domainOfAddress('anna@eu.acme.example')).toBe('eu.acme.example');
    expect(domainOfAddress('no-domain')).toBeNull();
    expect(domainOfAddress('@acme.example')).toBeNull();
    expect(domainOfAddress('anna@')).toBeNull();
  });

  it("writes Covenant's Message-IDs at its sender's domain", () => {
    expect(domainOfSender('Northwind Support <support@Provider.example>')).toBe('provider.example');
    expect(domainOfSender('support@provider.example')).toBe('provider.example');
    expect(domainOfSender('Covenant <covenant@localhost>')).toBe('localhost');
    expect(domainOfSender('not an address')).toBe('covenant.invalid');
    expect(outgoingMessageId('a-B_9', 'provider.example')).toBe('<covenant.a-B_9@provider.example>');
  });

  it('shortens long References keeping the first and the latest', () => {
    const ids = Array.from({ length: 30 }, (_, index) => `<m${index}@x>`);
    const shortened = referencesFor(ids);
    expect(shortened).toHaveLength(20);
    expect(shortened[0]).toBe('<m0@x>');
    expect(shortened.at(-1)).toBe('<m29@x>');
    expect(referencesFor(ids.slice(0, 3))).toEqual(ids.slice(0, 3));
  });
});

describe("what a customer's reply does to the status", () => {
  const workflow = [
    { name: 'new', category: 'new' },
    { name: 'assigned', category: 'open' },
    { name: 'awaiting_customer', category: 'pending' },
    { name: 'Awaiting User Info', category: 'pending' },
    { name: 'awaiting_vendor', category: 'pending' },
    { name: 'resolved', category: 'resolved' },
  ] as const;

  it("moves a wait for the customer back to the workflow's first open status", () => {
    expect(statusAfterCustomerReply(workflow, 'awaiting_customer')).toBe('assigned');
    expect(statusAfterCustomerReply(workflow, 'Awaiting User Info')).toBe('assigned');
    expect(statusAfterCustomerReply(undefined, 'awaiting_customer')).toBe('open');
  });

  it('leaves every other status as it is', () => {
    expect(statusAfterCustomerReply(workflow, 'awaiting_vendor')).toBeNull();
    expect(statusAfterCustomerReply(workflow, 'assigned')).toBeNull();
    expect(statusAfterCustomerReply(workflow, 'resolved')).toBeNull();
    expect(statusAfterCustomerReply(workflow, null)).toBeNull();
    expect(statusAfterCustomerReply(workflow, 'unknown_status')).toBeNull();
  });
});
