import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitQuotedHistory } from '../../../src/core/mail/quoted-history.ts';

const split = (lines: readonly string[]) => splitQuotedHistory(lines.join('\n'));

describe('quoted history', () => {
  it('Gmail: the reply on top, "On ... wrote:" and the > quote below', () => {
    // talon's standard_replies/gmail.eml, text part
    expect(
      split(['Hello', '', 'On Mon, Apr 2, 2012 at 6:26 PM, Megan One <xxx@gmail.com> wrote:', '', '> Hi']),
    ).toEqual({
      newText: 'Hello',
      quotedText: 'On Mon, Apr 2, 2012 at 6:26 PM, Megan One <xxx@gmail.com> wrote:\n\n> Hi',
    });
  });

  it('Gmail wraps a long attribution line onto two lines', () => {
    const text = [
      'Hello',
      '',
      'On Mon, Apr 2, 2012 at 6:26 PM, Megan One Who Has A Long Name <',
      'xxx@gmail.com> wrote:',
    ];
    expect(split([...text, '', '> Hi', '>'])).toEqual({
      newText: 'Hello',
      quotedText: `${text.slice(2).join('\n')}\n\n> Hi\n>`,
    });
  });

  it('iPhone and Apple Mail: the signature stays with the new text', () => {
    expect(
      split([
        'Hello',
        '',
        'Sent from my iPhone',
        '',
        'On Apr 3, 2012, at 4:19 PM, bob <bob@example.com> wrote:',
        '',
        '> Hi',
      ]),
    ).toEqual({
      newText: 'Hello\n\nSent from my iPhone',
      quotedText: 'On Apr 3, 2012, at 4:19 PM, bob <bob@example.com> wrote:\n\n> Hi',
    });
    const signed = [
      'Thanks,',
      '-- ',
      'Anna Nowak',
      'ACME Sp. z o.o.',
      '',
      'On Apr 3, 2012, at 4:19 PM, bob wrote:',
      '> Hi',
    ];
    expect(split(signed).newText).toBe('Thanks,\n-- \nAnna Nowak\nACME Sp. z o.o.');
  });

  it('Thunderbird bottom-posting and inline answers: the new words are found below and between the quotes', () => {
    expect(split(['On 04/02/2012 06:26 PM, Megan One wrote:', '> Hi ', 'Hello'])).toEqual({
      newText: 'Hello',
      quotedText: 'On 04/02/2012 06:26 PM, Megan One wrote:\n> Hi ',
    });
    const inline = [
      'Am 13.01.2025 um 16:40 schrieb Support:',
      '> Which version do you run?',
      '',
      '4.2',
      '',
      '> Did you restart the server?',
      'Yes, twice.',
    ];
    expect(split(inline)).toEqual({
      newText: '4.2\n\nYes, twice.',
      quotedText: 'Am 13.01.2025 um 16:40 schrieb Support:\n> Which version do you run?\n> Did you restart the server?',
    });
  });

  it('localized attribution lines (de, fr, es, pl, ru on two lines, ja without a verb)', () => {
    const attributions = [
      'Am Mo., 13. Jan. 2025 um 16:40 Uhr schrieb Support <support@provider.example>:',
      'Le lun. 13 janv. 2025 à 16:40, Support <support@provider.example> a écrit :',
      'El lun, 13 ene 2025 a las 16:40, Support (<support@provider.example>) escribió:',
      'W dniu 13.01.2025 o 16:40, Pomoc techniczna pisze:',
      'pon., 13 sty 2025 o 16:40 Pomoc techniczna <support@provider.example> napisał(a):',
      '02.04.2012 14:20 пользователь "bob@xxx.mailgun.org" <\nbob@xxx.mailgun.org> написал:',
      '2025年1月13日(月) 16:40 Support <support@provider.example>:',
    ];
    for (const attribution of attributions) {
      expect(splitQuotedHistory(`Danke!\n\n${attribution}\n\n> Hallo`), attribution).toEqual({
        newText: 'Danke!',
        quotedText: `${attribution}\n\n> Hallo`,
      });
    }
  });

  it('an attribution line without > quotes below it (Outlook on the web) starts the history', () => {
    expect(
      split(['Thanks, fixed.', '', 'On Mon, Jan 13, 2025 at 16:40, Support wrote:', 'Please restart it.']),
    ).toEqual({
      newText: 'Thanks, fixed.',
      quotedText: 'On Mon, Jan 13, 2025 at 16:40, Support wrote:\nPlease restart it.',
    });
  });

  it('a sentence that merely ends in "wrote:" is new text, not an attribution', () => {
    const text = [
      'The installer stopped. Here is what the installer wrote:',
      'Error 1603',
      'On Monday I wrote the steps:',
      '1. x',
    ];
    expect(split(text)).toEqual({ newText: text.join('\n'), quotedText: '' });
    expect(split(['Ok.', 'Am 13.01.2025 um 16:40 schrieb Support:', 'Bitte neu starten.'])).toEqual({
      newText: 'Ok.',
      quotedText: 'Am 13.01.2025 um 16:40 schrieb Support:\nBitte neu starten.',
    });
  });

  it('Outlook: "From: / Sent: / To: / Subject:" and everything below it, with the rule above it', () => {
    // talon's standard_replies/outlook.eml, text part (shortened)
    const quoted = [
      'From: xxx@xxx.mailgun.org [mailto:xxx@xxx.mailgun.org]',
      'Sent: March-09-12 4:22 PM',
      'To: Dan Le',
      'Subject: The manager has commented on your Loop',
      '',
      'Hi dan.le@example.com<mailto:dan.le@example.com>,',
      "The manager's comment:",
    ];
    expect(split(['Hello', '', ...quoted])).toEqual({ newText: 'Hello', quotedText: quoted.join('\n') });
    const ruled = ['________________________________', ...quoted];
    expect(split(['Hello', '', ...ruled])).toEqual({ newText: 'Hello', quotedText: ruled.join('\n') });
  });

  it('Outlook in other languages: Von/Gesendet, Od/Wysłano, De/Envoyé (with no-break spaces), Da/Inviato', () => {
    const blocks = [
      [
        'Von: Support <support@provider.example>',
        'Gesendet: Montag, 13. Januar 2025 16:40',
        'An: Anna',
        'Betreff: AW: VPN',
      ],
      [
        'Od: Pomoc techniczna <support@provider.example>',
        'Wysłano: poniedziałek, 13 stycznia 2025 16:40',
        'Do: Anna',
        'Temat: RE: VPN',
      ],
      [
        'De\u00a0: Retour BL [mailto:retourbl@company2.com]',
        'Envoyé\u00a0: vendredi 14 mars 2014 10:19',
        'À\u00a0: Name',
        'Objet\u00a0: TR: VPN',
      ],
      ['Da: Supporto', 'Inviato: lunedì 13 gennaio 2025 16:40', 'A: Anna', 'Oggetto: R: VPN'],
      [
        'From: Support <support@provider.example>',
        'Date: Monday, 13 January 2025 at 16:40',
        'To: Anna',
        'Subject: Re: VPN',
      ],
    ];
    for (const block of blocks) {
      expect(split(['Danke, geht wieder.', '', ...block, '', 'Bitte neu starten.']), block[0]).toEqual({
        newText: 'Danke, geht wieder.',
        quotedText: [...block, '', 'Bitte neu starten.'].join('\n'),
      });
    }
  });

  it('original-message separators (Outlook, Yahoo, AOL, Thunderbird, French Outlook)', () => {
    for (const separator of [
      '-----Original Message-----',
      '----- Original Message -----',
      '-------- Original Message --------',
      "-----Message d'origine-----",
      '-----Ursprüngliche Nachricht-----',
      '-----Wiadomość oryginalna-----',
    ]) {
      expect(split(['Hello', '', '', separator, 'From: bob', 'Hi']), separator).toEqual({
        newText: 'Hello',
        quotedText: `${separator}\nFrom: bob\nHi`,
      });
    }
  });

  it('Hotmail quotes the whole earlier message with > lines, header lines included', () => {
    const quoted = [
      '> Subject: Test',
      '> From: bob@xxx.mailgun.org',
      '> Date: Mon, 2 Apr 2012 17:44:22 +0400',
      '> ',
      '> Hi',
    ];
    expect(split(['', 'Hello', '', ...quoted, ' \t\t '])).toEqual({ newText: 'Hello', quotedText: quoted.join('\n') });
  });

  it('a forwarded message is not history: it is what the sender chose to send', () => {
    const forward = [
      'Please look at the error below.',
      '',
      '---------- Forwarded message ---------',
      'From: Monitoring <alerts@acme.example>',
      'Date: Mon, 13 Jan 2025 at 16:40',
      'Subject: Disk full on erp-db-1',
      'To: Anna <anna@acme.example>',
      '',
      'Volume /var is 100% full.',
    ];
    expect(split(forward)).toEqual({ newText: forward.join('\n'), quotedText: '' });
  });

  it('a message without history is all new text; CRLF line ends are read as line ends', () => {
    expect(splitQuotedHistory('Hello,\r\n\r\nthe VPN is down.\r\n-- \r\nAnna\r\n')).toEqual({
      newText: 'Hello,\n\nthe VPN is down.\n-- \nAnna',
      quotedText: '',
    });
    expect(splitQuotedHistory('')).toEqual({ newText: '', quotedText: '' });
  });

  it('a message that is only history has no new text', () => {
    expect(split(['> Hi', '> there'])).toEqual({ newText: '', quotedText: '> Hi\n> there' });
  });
});

/** Lines the property tests build messages from: ordinary text, quotes, and every kind of marker. */
const lineKinds = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ maxLength: 20 }).map((text) => `> ${text}`),
  fc.string({ maxLength: 20 }).map((text) => `>> ${text}`),
  fc.constantFrom(
    '',
    ' ',
    '>',
    'On Mon, Apr 2, 2012 at 6:26 PM, Megan One <xxx@gmail.com> wrote:',
    'W dniu 13.01.2025 o 16:40, Pomoc techniczna pisze:',
    'Megan One <',
    'xxx@gmail.com> wrote:',
    'From: Support <support@provider.example>',
    'Sent: Monday, 13 January 2025 16:40',
    'Subject: RE: VPN',
    'Von: Support',
    'Gesendet: Montag',
    '-----Original Message-----',
    '________________________________',
    '---------- Forwarded message ---------',
    '-- ',
    'Sent from my iPhone',
  ),
);
const messages = fc.array(lineKinds, { maxLength: 40 }).map((lines) => lines.join('\n'));

const nonBlankLines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

function isSubsequence(part: readonly string[], whole: readonly string[]): boolean {
  let index = 0;
  for (const line of whole) if (index < part.length && part[index] === line) index += 1;
  return index === part.length;
}

describe('quoted history never loses a line', () => {
  it('property: every non-blank line is in exactly one part, each part in the original order', () => {
    fc.assert(
      fc.property(messages, (text) => {
        const { newText, quotedText } = splitQuotedHistory(text);
        const original = nonBlankLines(text);
        const fresh = nonBlankLines(newText);
        const quoted = nonBlankLines(quotedText);
        expect(fresh.length + quoted.length).toBe(original.length);
        expect([...fresh, ...quoted].sort()).toEqual([...original].sort());
        expect(isSubsequence(fresh, original)).toBe(true);
        expect(isSubsequence(quoted, original)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('property: text without quote marks or history markers is all new text', () => {
    const plain = fc
      .array(fc.stringMatching(/^[A-Za-z0-9 ,.!?()'-]{0,40}$/), { maxLength: 20 })
      .filter((lines) => lines.every((line) => !/(wrote|:)\s*$/.test(line) && !/^\s*-{2,}/.test(line)));
    fc.assert(
      fc.property(plain, (lines) => {
        const text = lines.join('\n');
        const { newText, quotedText } = splitQuotedHistory(text);
        expect(quotedText).toBe('');
        expect(nonBlankLines(newText)).toEqual(nonBlankLines(text));
      }),
    );
  });
});
