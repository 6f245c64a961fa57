import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/core/errors.ts';
import { formatTicketKey, subjectWithTicketKey, ticketNumberInSubject } from '../../../src/core/mail/ticket-key.ts';

const ticketNumbers = fc.integer({ min: 1, max: 9_999_999 });
/** Subjects people write: any text, including brackets, dashes and non-Latin scripts, but no ticket tag. */
const plainSubjects = fc
  .oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 40 }))
  .filter((subject) => ticketNumberInSubject(subject) === null && !/\[\s*T\s*-/i.test(subject));
const replyPrefixes = fc.array(
  fc.constantFrom('Re: ', 'RE: ', 'AW: ', 'SV: ', 'Fwd: ', 'FW: ', 'Odp: ', 'WG: ', 'Re[2]: '),
  {
    maxLength: 4,
  },
);

describe('ticket key', () => {
  it('formats T-<number>', () => {
    expect(formatTicketKey(1)).toBe('T-1');
    expect(formatTicketKey(1042)).toBe('T-1042');
  });

  it('refuses numbers that are not ticket numbers', () => {
    for (const bad of [0, -3, 1.5, Number.NaN, 2 ** 60]) {
      expect(() => formatTicketKey(bad), String(bad)).toThrow(DomainError);
      expect(() => subjectWithTicketKey('x', bad), String(bad)).toThrow(DomainError);
    }
  });

  it('appends the tag once, keeps an existing one where it stands', () => {
    expect(subjectWithTicketKey('Printer in accounting', 42)).toBe('Printer in accounting [T-42]');
    expect(subjectWithTicketKey('Printer in accounting [T-42]', 42)).toBe('Printer in accounting [T-42]');
    expect(subjectWithTicketKey('[T-42] Printer', 42)).toBe('[T-42] Printer');
    expect(subjectWithTicketKey('[t-42] Printer', 42)).toBe('[t-42] Printer');
    expect(subjectWithTicketKey('', 42)).toBe('[T-42]');
    expect(subjectWithTicketKey('   ', 42)).toBe('[T-42]');
  });

  it('removes the tag of another ticket, so a subject never points at two', () => {
    expect(subjectWithTicketKey('Printer [T-7] again', 42)).toBe('Printer again [T-42]');
    expect(ticketNumberInSubject(subjectWithTicketKey('Printer [T-7] again', 42))).toBe(42);
  });

  it('puts "Re: " in front only when asked, and never twice', () => {
    expect(subjectWithTicketKey('Printer', 42, { reply: true })).toBe('Re: Printer [T-42]');
    expect(subjectWithTicketKey('Re: Printer', 42, { reply: true })).toBe('Re: Printer [T-42]');
    expect(subjectWithTicketKey('AW: Drucker', 42, { reply: true })).toBe('AW: Drucker [T-42]');
    expect(subjectWithTicketKey('Printer', 42, { reply: false })).toBe('Printer [T-42]');
  });

  it('finds the tag anywhere, behind any reply or forward prefixes', () => {
    expect(ticketNumberInSubject('RE: Nie działa drukarka w księgowości [T-1042]')).toBe(1042);
    expect(ticketNumberInSubject('AW: SV: Fwd: [T-9] Drucker')).toBe(9);
    expect(ticketNumberInSubject('[EXTERNAL] Re: Printer [ T - 12 ]')).toBe(12);
    expect(ticketNumberInSubject('Re: Printer [T-0042]')).toBe(42);
    expect(ticketNumberInSubject('Re: T-42 without brackets')).toBeNull();
    expect(ticketNumberInSubject('Re: [XT-42] another system')).toBeNull();
    expect(ticketNumberInSubject('Re: [T-0]')).toBeNull();
    expect(ticketNumberInSubject('')).toBeNull();
  });

  it('names no ticket when the subject names two different ones', () => {
    expect(ticketNumberInSubject('Merge [T-4] into [T-5]')).toBeNull();
    expect(ticketNumberInSubject('[T-5] Re: Re: [T-5]')).toBe(5);
  });

  it('property: the tagged subject names its ticket, whatever prefixes a mail client adds', () => {
    fc.assert(
      fc.property(
        plainSubjects,
        ticketNumbers,
        replyPrefixes,
        fc.boolean(),
        (subject, ticketNumber, prefixes, reply) => {
          const tagged = subjectWithTicketKey(subject, ticketNumber, { reply });
          expect(ticketNumberInSubject(tagged)).toBe(ticketNumber);
          expect(ticketNumberInSubject(prefixes.join('') + tagged)).toBe(ticketNumber);
          expect(ticketNumberInSubject(`${prefixes.join('')}${tagged} (2)`)).toBe(ticketNumber);
        },
      ),
    );
  });

  it('property: tagging is idempotent, tags once, and keeps the words of the subject', () => {
    fc.assert(
      fc.property(plainSubjects, ticketNumbers, (subject, ticketNumber) => {
        const tagged = subjectWithTicketKey(subject, ticketNumber);
        expect(subjectWithTicketKey(tagged, ticketNumber)).toBe(tagged);
        expect(tagged.split(`[T-${ticketNumber}]`)).toHaveLength(2);
        expect(tagged.replace(`[T-${ticketNumber}]`, '').replace(/\s+/g, ' ').trim()).toBe(
          subject.replace(/\s+/g, ' ').trim(),
        );
      }),
    );
  });

  it('property: a reply subject gets exactly one reply prefix', () => {
    const wordsOnly = fc.stringMatching(/^[A-Za-z0-9 ,.!?]{0,40}$/).filter((subject) => !/^\s*\w+\s*:/.test(subject));
    fc.assert(
      fc.property(wordsOnly, ticketNumbers, (subject, ticketNumber) => {
        const once = subjectWithTicketKey(subject, ticketNumber, { reply: true });
        const words = subject.replace(/\s+/g, ' ').trim();
        expect(once).toBe(words === '' ? `Re: [T-${ticketNumber}]` : `Re: ${words} [T-${ticketNumber}]`);
        expect(subjectWithTicketKey(once, ticketNumber, { reply: true })).toBe(once);
      }),
    );
  });
});
