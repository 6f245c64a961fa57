/**
 * Who and what a message is, as intake and the outgoing conversation reckon it (docs/mail.md#what-intake-does-with-a-message):
 * a message without a Message-ID gets one derived from its bytes (the same message always gets the same one, so
 * exactly-once holds for it too); the thread a reply belongs to is looked up by its In-Reply-To first, then by its
 * References from the newest; a sender's domain is compared exactly (a sub-domain is another domain: decision 0039).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { InboundMessage } from './inbound-message.ts';

/** The Message-ID of a message that has none: `<sha256-of-the-bytes@covenant.invalid>` (RFC 6761 `.invalid`). */
export function derivedMessageId(raw: Uint8Array): string {
  return `<${bytesToHex(sha256(raw))}@covenant.invalid>`;
}

/** The Message-IDs a reply names, most specific first: In-Reply-To, then References newest to oldest; each once. */
export function threadMessageIds(message: Pick<InboundMessage, 'inReplyTo' | 'references' | 'messageId'>): string[] {
  const ids = [message.inReplyTo, ...[...message.references].reverse()].filter(
    (id): id is string => id !== null && id !== message.messageId,
  );
  return [...new Set(ids)];
}

/** The domain of an address in lower case (`acme.example` of `Anna@ACME.example`); null without one. */
export function domainOfAddress(address: string): string | null {
  const at = address.lastIndexOf('@');
  if (at < 1 || at === address.length - 1) return null;
  return address.slice(at + 1).toLowerCase();
}

/** The domain of the sender address in a From header (`Covenant <sla@provider.example>` -> `provider.example`). */
export function domainOfSender(fromHeader: string): string {
  const address = /<([^<>]+)>/.exec(fromHeader)?.[1] ?? fromHeader.trim();
  const domain = domainOfAddress(address);
  return domain !== null && /^[a-z0-9.-]+$/.test(domain) ? domain : 'covenant.invalid';
}

/** The Message-ID of a message Covenant sends: a unique local part (URL-safe random text) at the sender's domain. */
export function outgoingMessageId(localId: string, domain: string): string {
  return `<covenant.${localId.replace(/[^A-Za-z0-9_-]/g, '')}@${domain}>`;
}

/** References of a reply to a thread: the thread's Message-IDs, oldest first, the last (its parent) always kept. */
export function referencesFor(threadIds: readonly string[], limit = 20): string[] {
  if (threadIds.length <= limit) return [...threadIds];
  // RFC 5322 3.6.4: the first and the latest are the ones that matter when a long thread is shortened.
  return [threadIds[0]!, ...threadIds.slice(threadIds.length - (limit - 1))];
}
