import { describe, expect, it } from 'vitest';
import type { TicketMessage } from '../../api/conversation-types.ts';
import { formatCallDuration, formatFileSize, htmlDocument, splitQuoted, threadFor } from './conversation.ts';

function message(overrides: Partial<TicketMessage>): TicketMessage {
  return {
    id: 'm',
    kind: 'reply',
    direction: 'in',
    channel: 'email',
    author: null,
    recipients: [],
    subject: null,
    text: '',
    quotedText: '',
    html: null,
    automaticReason: null,
    call: null,
    delivery: null,
    occurredAt: '2026-10-05T09:00:00Z',
    attachments: [],
    ...overrides,
  };
}

describe('folding the quoted history', () => {
  it("uses the server's quoted part when it has one", () => {
    expect(splitQuoted({ text: 'Thanks, it works.\n\n', quotedText: '> Please restart the service.' })).toEqual({
      visible: 'Thanks, it works.',
      quoted: '> Please restart the service.',
    });
  });

  it('folds a quoted tail with its attribution line and loses nothing', () => {
    const text = [
      'It still fails after the restart.',
      '',
      'On Mon, 5 Oct 2026 at 09:30, Support <support@provider.example> wrote:',
      '> Please restart the service.',
      '>',
      '> Regards',
      '',
    ].join('\n');
    const body = splitQuoted({ text, quotedText: '' });
    expect(body.visible).toBe('It still fails after the restart.');
    expect(body.quoted.startsWith('On Mon, 5 Oct 2026')).toBe(true);
    expect(`${body.visible}\n\n${body.quoted}`).toBe(text);
  });

  it('keeps quotes in the middle of a reply (answers point by point) visible', () => {
    const text = '> Which version?\n4.2.1\n> Since when?\nSince Monday.';
    expect(splitQuoted({ text, quotedText: '' })).toEqual({ visible: text, quoted: '' });
  });

  it("folds Outlook's header block and Polish and German attributions", () => {
    const outlook = 'Done.\n\nFrom: Jan <jan@acme.example>\nSent: Monday, 5 October 2026 09:00\nSubject: printer';
    expect(splitQuoted({ text: outlook, quotedText: '' }).visible).toBe('Done.');
    const polish = 'Dziękuję.\nW dniu 5.10.2026 o 09:00, Jan Kowalski pisze:\n> Proszę o restart.';
    expect(splitQuoted({ text: polish, quotedText: '' })).toEqual({
      visible: 'Dziękuję.',
      quoted: 'W dniu 5.10.2026 o 09:00, Jan Kowalski pisze:\n> Proszę o restart.',
    });
    const german = 'Danke.\n\nAm 05.10.2026 um 09:00 schrieb Jan Kowalski <jan@acme.example>:\n> Bitte neu starten.';
    expect(splitQuoted({ text: german, quotedText: '' }).visible).toBe('Danke.');
    // "From:" alone (no Sent:/Date: after it) is what the customer wrote.
    const plain = 'The alert came\nFrom: the monitoring system\nat night.';
    expect(splitQuoted({ text: plain, quotedText: '' }).quoted).toBe('');
  });

  it('does not fold a message that is nothing but a quotation (there would be nothing left to show)', () => {
    expect(splitQuoted({ text: '> only quoted', quotedText: '' })).toEqual({ visible: '> only quoted', quoted: '' });
  });
});

describe('the thread a viewer reads', () => {
  const messages = [
    message({ id: 'c', kind: 'note', direction: 'out', occurredAt: '2026-10-05T10:00:00Z' }),
    message({ id: 'a', kind: 'reply', occurredAt: '2026-10-05T09:00:00Z' }),
    message({ id: 'd', kind: 'automatic', automaticReason: 'out of office', occurredAt: '2026-10-05T11:00:00Z' }),
    message({ id: 'b', kind: 'call', occurredAt: '2026-10-05T09:30:00+00:00' }),
  ];
  it('shows the provider everything, oldest first', () => {
    expect(threadFor(messages, 'provider').map((entry) => entry.id)).toEqual(['a', 'b', 'c', 'd']);
  });
  it('never shows a customer internal notes or automatic mail', () => {
    expect(threadFor(messages, 'customer').map((entry) => entry.id)).toEqual(['a', 'b']);
  });
});

describe('how calls, sizes and HTML bodies read', () => {
  it('words call durations', () => {
    expect(formatCallDuration(45)).toBe('45 s');
    expect(formatCallDuration(725)).toBe('12 min 5 s');
    expect(formatCallDuration(600)).toBe('10 min');
    expect(formatCallDuration(3780)).toBe('1 h 3 min');
  });
  it('words file sizes', () => {
    expect(formatFileSize(900)).toBe('900 B');
    expect(formatFileSize(2048)).toBe('2.0 kB');
    expect(formatFileSize(3 * 1024 * 1024)).toBe('3.0 MB');
  });
  it('wraps sanitised HTML in a document that may load nothing from anywhere', () => {
    const document = htmlDocument('<p>Hello</p>');
    expect(document).toContain("default-src 'none'");
    expect(document).toContain('<body><p>Hello</p></body>');
  });
});
