import { describe, expect, it } from 'vitest';
import { checkCall, checkComposer, isEmailAddress, MAX_MESSAGE_LENGTH, parseDuration } from './composer-rules.ts';

describe('the composer', () => {
  it('sends a reply with its cc addresses, trimmed of trailing space, lower case and without repeats', () => {
    expect(
      checkComposer({
        mode: 'reply',
        text: 'Restarted.\n\n',
        cc: 'Boss@acme.example, ops@acme.example;boss@acme.example',
      }),
    ).toEqual({
      problems: {},
      body: { kind: 'reply', text: 'Restarted.', cc: ['boss@acme.example', 'ops@acme.example'] },
    });
  });

  it('sends a note without cc even when the cc box still holds text from the reply tab', () => {
    expect(checkComposer({ mode: 'note', text: 'Customer is on 4.2.1', cc: 'x@acme.example' }).body).toEqual({
      kind: 'note',
      text: 'Customer is on 4.2.1',
    });
  });

  it('refuses an empty text, a text over the limit and anything in cc that is not an address', () => {
    expect(checkComposer({ mode: 'reply', text: '  \n ', cc: '' }).problems).toEqual({ text: 'Write the reply.' });
    expect(checkComposer({ mode: 'note', text: '', cc: '' }).problems.text).toBe('Write the note.');
    expect(checkComposer({ mode: 'reply', text: 'x'.repeat(MAX_MESSAGE_LENGTH + 1), cc: '' }).problems.text).toContain(
      'At most 100,000 characters',
    );
    const cc = checkComposer({ mode: 'reply', text: 'ok', cc: 'good@acme.example, Jan Kowalski, bad@' });
    expect(cc).toEqual({ problems: { cc: 'Not an e-mail address: Jan, Kowalski, bad@' }, body: null });
    expect(isEmailAddress('jan@acme')).toBe(false);
    expect(isEmailAddress('jan.kowalski+erp@acme.example')).toBe(true);
  });
});

describe('logging a call', () => {
  const now = Date.parse('2026-10-05T12:00:00Z');
  const inUtc = (wall: string) => (wall ? `${wall}:00Z` : null);

  it('reads durations as minutes, minutes and seconds, or hours, minutes and seconds', () => {
    expect(parseDuration('12')).toBe(720);
    expect(parseDuration('12:30')).toBe(750);
    expect(parseDuration('1:02:30')).toBe(3750);
    expect(parseDuration('12:75')).toBeNull();
    expect(parseDuration('ten')).toBeNull();
  });

  it('gives the call to send', () => {
    expect(
      checkCall(
        { caller: ' Jan Kowalski ', start: '2026-10-05T09:30', duration: '7:05', summary: ' Printer down ' },
        inUtc,
        now,
      ),
    ).toEqual({
      problems: {},
      call: {
        caller: 'Jan Kowalski',
        startedAt: '2026-10-05T09:30:00Z',
        durationSeconds: 425,
        summary: 'Printer down',
      },
    });
  });

  it('takes an empty start as a call that just ended, never before the ticket opened', () => {
    const draft = { caller: 'Jan', start: '', duration: '10', summary: 'x' };
    expect(checkCall(draft, inUtc, now).call?.startedAt).toBe('2026-10-05T11:50:00.000Z');
    const opened = Date.parse('2026-10-05T11:55:00Z');
    expect(checkCall(draft, inUtc, now, opened).call?.startedAt).toBe('2026-10-05T11:55:00.000Z');
    const early = checkCall({ ...draft, start: '2026-10-05T11:00' }, inUtc, now, opened);
    expect(early.problems).toEqual({ start: 'The call cannot start before the ticket was opened.' });
  });

  it('names each missing or impossible field', () => {
    expect(checkCall({ caller: '', start: 'soon', duration: '', summary: '' }, () => null, now).problems).toEqual({
      caller: 'Name who called (a name, an address or a number).',
      start: 'Give the date and time the call started, or leave it empty.',
      duration: 'Give minutes (e.g. 12) or minutes and seconds (e.g. 12:30).',
      summary: 'Summarise what was said.',
    });
    const future = checkCall({ caller: 'Jan', start: '2026-10-05T13:00', duration: '5', summary: 'x' }, inUtc, now);
    expect(future.problems).toEqual({ start: 'The call cannot start in the future.' });
    expect(
      checkCall({ caller: 'Jan', start: '2026-10-05T09:00', duration: '1500', summary: 'x' }, inUtc, now).problems,
    ).toEqual({ duration: 'At most 24 hours.' });
  });
});
