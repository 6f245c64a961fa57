/**
 * Every real-world fixture through parseMail, each expected field checked: the shared sample of 12 messages
 * (test/fixtures/email-sample) and the further cases of test/fixtures/email-more (see their READMEs).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decideFromMessageAlone } from '../../src/core/mail/intake-decision.ts';
import { parseMail } from '../../src/mail/parse-mail.ts';
import { fixtureCases, spaced } from '../support/email-fixtures.ts';

const sample = fixtureCases('email-sample');
const more = fixtureCases('email-more');

describe('the fixture manifests', () => {
  it('hold the 12 shared messages and the further cases', () => {
    expect(sample).toHaveLength(12);
    expect(more.length).toBeGreaterThanOrEqual(13);
  });
});

describe.each([
  ['email-sample', sample],
  ['email-more', more],
])('parseMail on %s', (_directory, cases) => {
  it.each(cases.map((fixture) => [fixture.id, fixture] as const))('%s', async (_id, { file, expected }) => {
    const message = await parseMail(readFileSync(file));
    expect(message.from?.address ?? null).toBe(expected.from_address);
    expect(message.subject).toBe(expected.subject);
    expect(message.messageId).toBe(expected.message_id);
    expect(message.inReplyTo).toBe(expected.in_reply_to);
    expect(message.automatic).toBe(expected.is_automatic);
    // The manifests' phrases run across line breaks ("zukünftig karl@hanz.de" is two lines of the message).
    for (const phrase of expected.text_contains) expect(spaced(message.text)).toContain(spaced(phrase));
    expect(message.attachments).toHaveLength(expected.attachment_count);
    // No mojibake and no replacement characters in anything a person reads.
    for (const text of [message.subject, message.text, message.from?.name ?? '']) {
      expect(text).not.toContain('\ufffd');
      expect(text).not.toMatch(/[\u0080-\u009f]/);
    }

    if (expected.automatic_reason !== undefined) expect(message.automaticReason).toBe(expected.automatic_reason);
    if (expected.decision !== undefined) expect(decideFromMessageAlone(message).decision).toBe(expected.decision);
    if (expected.ticket_number !== undefined) {
      expect(decideFromMessageAlone(message).ticketNumber).toBe(expected.ticket_number);
    }
    if (expected.from_name !== undefined) expect(message.from?.name).toBe(expected.from_name);
    if (expected.new_text !== undefined) expect(message.newText).toBe(expected.new_text);
    for (const phrase of expected.new_text_contains ?? []) expect(message.newText).toContain(phrase);
    for (const phrase of expected.new_text_excludes ?? []) expect(message.newText).not.toContain(phrase);
    for (const phrase of expected.quoted_text_contains ?? []) expect(message.quotedText).toContain(phrase);
    for (const phrase of expected.text_excludes ?? []) expect(message.text).not.toContain(phrase);
    for (const phrase of expected.html_contains ?? []) expect(message.html).toContain(phrase);
    for (const phrase of expected.html_excludes ?? []) expect(message.html ?? '').not.toContain(phrase);
    if (expected.attachment_types !== undefined) {
      expect(message.attachments.map((attachment) => attachment.contentType)).toEqual(expected.attachment_types);
    }
    if (expected.attachment_names !== undefined) {
      expect(message.attachments.map((attachment) => attachment.filename)).toEqual(expected.attachment_names);
    }
    if (expected.inline_content_ids !== undefined) {
      const inline = message.attachments.filter((attachment) => attachment.inline);
      expect(inline.map((attachment) => attachment.contentId)).toEqual(expected.inline_content_ids);
    }
  });
});

describe('what the fixtures show about the parts of a message', () => {
  it('splits the new text from the quoted history without losing a line (Outlook, Gmail, Thunderbird)', async () => {
    for (const fixture of [...sample, ...more]) {
      const message = await parseMail(readFileSync(fixture.file));
      const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');
      expect([...lines(message.newText), ...lines(message.quotedText)].sort(), fixture.id).toEqual(
        lines(message.text).sort(),
      );
    }
  });

  it('keeps every attachment’s bytes and size (a PDF, a forwarded message, an inline image, winmail.dat)', async () => {
    for (const fixture of [...sample, ...more]) {
      const message = await parseMail(readFileSync(fixture.file));
      for (const attachment of message.attachments) {
        expect(attachment.contentOmitted, fixture.id).toBe(false);
        expect(attachment.content.byteLength, fixture.id).toBe(attachment.size);
        expect(attachment.size, fixture.id).toBeGreaterThan(0);
      }
    }
  });
});
