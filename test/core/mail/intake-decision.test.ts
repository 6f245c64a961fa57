import { describe, expect, it } from 'vitest';
import { decideFromMessageAlone } from '../../../src/core/mail/intake-decision.ts';

const message = {
  automatic: false,
  automaticReason: null,
  inReplyTo: null,
  references: [] as string[],
  subject: 'VPN is down',
};

describe('what intake does with a message, from the message alone', () => {
  it('opens a ticket for a message that refers to nothing', () => {
    expect(decideFromMessageAlone(message)).toMatchObject({ decision: 'new_ticket', ticketNumber: null });
  });

  it('ignores automatic mail, even when it answers a ticket', () => {
    const outOfOffice = {
      ...message,
      automatic: true,
      automaticReason: 'auto_submitted' as const,
      inReplyTo: '<reply-1@provider.example>',
      subject: 'Automatic reply: VPN is down [T-12]',
    };
    expect(decideFromMessageAlone(outOfOffice)).toEqual({
      decision: 'ignored',
      reason: 'automatic mail (auto_submitted)',
      ticketNumber: 12,
    });
  });

  it('takes a message with In-Reply-To, References or a ticket key in the subject as a reply', () => {
    expect(decideFromMessageAlone({ ...message, inReplyTo: '<a@b>' }).decision).toBe('reply');
    expect(decideFromMessageAlone({ ...message, references: ['<a@b>'] }).decision).toBe('reply');
    expect(decideFromMessageAlone({ ...message, subject: 'AW: VPN [T-7]' })).toEqual({
      decision: 'reply',
      reason: 'the subject names ticket T-7',
      ticketNumber: 7,
    });
  });

  it('does not take "Re:" alone as a reply: without references or a key there is nothing to attach it to', () => {
    expect(decideFromMessageAlone({ ...message, subject: 'Re: VPN is down' }).decision).toBe('new_ticket');
  });
});
