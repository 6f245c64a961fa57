/**
 * parseMail on small messages built for one rule each: the charset practice of real mail (labels read as the WHATWG
 * Encoding Standard reads them, raw 8-bit headers, split encoded words, RFC 2231 file names), attachment limits, dates,
 * and input that is no message. The real-world messages are in parse-mail.fixtures.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { MailParseError, parseMail } from '../../src/mail/parse-mail.ts';

/** A message from header lines and a body; strings are ASCII, byte arrays go in raw. */
function message(headers: readonly (string | Uint8Array)[], body: string | Uint8Array = 'Hello'): Buffer {
  const bytes = (part: string | Uint8Array) =>
    typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part);
  return Buffer.concat([
    ...headers.flatMap((line) => [bytes(line), Buffer.from('\r\n')]),
    Buffer.from('\r\n'),
    bytes(body),
  ]);
}

const basic = ['From: Anna <anna@acme.example>', 'To: support@provider.example', 'Message-ID: <m1@acme.example>'];

describe('charset practice', () => {
  it('reads iso-8859-1 and us-ascii labels as windows-1252 (curly quotes, the euro sign)', async () => {
    const parsed = await parseMail(
      message(
        [
          ...basic,
          'Subject: =?iso-8859-1?Q?don=92t_work_=80?=',
          'Content-Type: text/plain; charset=iso-8859-1',
          'Content-Transfer-Encoding: quoted-printable',
        ],
        'It doesn=92t print =84anything=93, costs =8020.',
      ),
    );
    expect(parsed.subject).toBe('don’t work €');
    expect(parsed.text).toBe('It doesn’t print „anything“, costs €20.');
  });

  it('reads raw 8-bit headers as UTF-8 when they are UTF-8 and as windows-1252 when not', async () => {
    const parsed = await parseMail(
      message([
        Buffer.concat([
          Buffer.from('From: "'),
          Buffer.from('Zoë Łukasik', 'utf8'),
          Buffer.from('" <ZOE@acme.example>'),
        ]),
        Buffer.concat([
          Buffer.from('Reply-To: "Ren'),
          Buffer.from([0xe9, 0x92]),
          Buffer.from('s" <rene@acme.example>'),
        ]),
        Buffer.concat([Buffer.from('Subject: '), Buffer.from('Zażółć gęślą jaźń – 日本', 'utf8')]),
      ]),
    );
    expect(parsed.from).toEqual({ address: 'zoe@acme.example', name: 'Zoë Łukasik' });
    expect(parsed.replyTo).toEqual([{ address: 'rene@acme.example', name: 'René’s' }]);
    expect(parsed.subject).toBe('Zażółć gęślą jaźń – 日本');
  });

  it('joins encoded words that split a character, drops the space between words, keeps it next to text', async () => {
    // "żółw" in UTF-8 is c5 bc c3 b3 c5 82 77; the first word ends in the middle of "ó".
    const parsed = await parseMail(
      message([...basic, 'Subject: Re: =?UTF-8?Q?=C5=BC=C3?= =?UTF-8?Q?=B3=C5=82w?=   =?UTF-8?B?IGlz?= back', 'X: y']),
    );
    expect(parsed.subject).toBe('Re: żółw is back');
  });

  it('reads gb2312 and gbk as GB18030 and ks_c_5601-1987 as CP949 (the syllables KS X 1001 lacks)', async () => {
    const chinese = await parseMail(
      message(
        [...basic, 'Subject: =?gbk?B?wfX+n5UygjY=?=', 'Content-Type: text/plain; charset=gb2312'],
        Uint8Array.from([0xc1, 0xf5, 0xfe, 0x9f, 0x95, 0x32, 0x82, 0x36, 0x20, 0x80]),
      ),
    );
    // 䶮 is 0xFE9F (private use in GBK), 𠀀 the four-byte sequence 0x95328236, € the single byte 0x80.
    expect(chinese.subject).toBe('刘䶮𠀀');
    expect(chinese.text).toBe('刘䶮𠀀 €');
    // 똠 is 0x8C63 in CP949 and has no code in plain EUC-KR.
    const korean = await parseMail(
      message(
        [...basic, 'Subject: =?ks_c_5601-1987?B?jGO55g==?=', 'Content-Type: text/plain; charset="ks_c_5601-1987"'],
        Uint8Array.from([0xb1, 0xe8, 0x20, 0x8c, 0x63, 0xb9, 0xe6]),
      ),
    );
    expect(korean.subject).toBe('똠방');
    expect(korean.text).toBe('김 똠방');
  });

  it('reads ISO-2022-JP encoded words one by one, and 8-bit text labelled ISO-2022-JP as what it really is', async () => {
    // Lotus Domino: consecutive ISO-2022-JP words, each returning to ASCII (joined, their escapes would meet).
    const domino = await parseMail(
      message(
        [
          ...basic,
          'Subject: =?ISO-2022-JP?B?GyRCJE8bKEI=?= Domino =?ISO-2022-JP?B?GyRCJUclIyVsGyhC?=',
          ' =?ISO-2022-JP?B?GyRCJS8lSCVqGyhC?=',
          'Content-Type: text/plain; charset="ISO-2022-JP"',
          'Content-Transfer-Encoding: 8bit',
        ],
        Buffer.from('送信できませんでした', 'utf8'),
      ),
    );
    expect(domino.subject).toBe('は Domino ディレクトリ');
    expect(domino.text).toBe('送信できませんでした');
    const eucJp = await parseMail(
      message([...basic, 'Content-Type: text/plain; charset=iso-2022-jp'], Uint8Array.from([0xc6, 0xfc, 0xcb, 0xdc])),
    );
    expect(eucJp.text).toBe('日本');
  });

  it('reads a message stored with bare CR line ends', async () => {
    const parsed = await parseMail(Buffer.from('From: anna@acme.example\rSubject: Mac\r\rLine one\rLine two\r'));
    expect(parsed).toMatchObject({ subject: 'Mac', text: 'Line one\nLine two' });
  });

  it('decodes the legacy code pages outside the WHATWG list and falls back sensibly for unknown labels', async () => {
    const romanian = await parseMail(
      message([...basic, 'Content-Type: text/plain; charset=iso-8859-16'], Uint8Array.from([0xaa, 0x69, 0x20, 0xba])),
    );
    expect(romanian.text).toBe('Și ș');
    const unknownLatin = await parseMail(
      message(
        [...basic, 'Content-Type: text/plain; charset=x-no-such-charset'],
        Uint8Array.from([0x43, 0x61, 0x66, 0xe9]),
      ),
    );
    expect(unknownLatin.text).toBe('Café');
    const unknownUtf8 = await parseMail(
      message([...basic, 'Content-Type: text/plain; charset=x-no-such-charset'], Buffer.from('Café ☕', 'utf8')),
    );
    expect(unknownUtf8.text).toBe('Café ☕');
  });

  it('never decodes UTF-7, which would turn +ADw-script+AD4- into markup', async () => {
    const parsed = await parseMail(
      message(
        [...basic, 'Subject: =?utf-7?Q?+ADw-b+AD4-?=', 'Content-Type: text/plain; charset=utf-7'],
        '+ADw-script+AD4-',
      ),
    );
    expect(parsed.text).not.toContain('<script>');
    expect(parsed.subject).not.toContain('<b>');
  });

  it('reads RFC 2231 file names with their charset and continuations, and raw UTF-8 quoted file names', async () => {
    const boundary = 'b1';
    const parsed = await parseMail(
      message(
        [...basic, `Content-Type: multipart/mixed; boundary="${boundary}"`],
        Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n`),
          Buffer.from(`--${boundary}\r\nContent-Type: application/pdf\r\n`),
          Buffer.from(
            "Content-Disposition: attachment; filename*0*=iso-8859-2''%BF%F3%B3; filename*1=w.pdf\r\n\r\n%PDF\r\n",
          ),
          Buffer.from(`--${boundary}\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="`),
          Buffer.from('Zażółć.txt', 'utf8'),
          Buffer.from(`"\r\n\r\nnotes\r\n--${boundary}--\r\n`),
        ]),
      ),
    );
    expect(parsed.text).toBe('See attached.');
    expect(parsed.attachments.map((attachment) => attachment.filename)).toEqual(['żółw.pdf', 'Zażółć.txt']);
  });
});

describe('attachments', () => {
  const withAttachment = (size: number) =>
    message(
      [...basic, 'Content-Type: multipart/mixed; boundary="b"'],
      `--b\r\nContent-Type: text/plain\r\n\r\nSee the log.\r\n--b\r\nContent-Type: application/octet-stream\r\n` +
        `Content-Disposition: attachment; filename="server.log"\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
        `${Buffer.alloc(size, 0x41).toString('base64')}\r\n--b--\r\n`,
    );

  it('lists an attachment over the size limit with its real size but keeps none of its bytes', async () => {
    const parsed = await parseMail(withAttachment(5000), { maxAttachmentBytes: 4096 });
    expect(parsed.attachments).toEqual([
      expect.objectContaining({ filename: 'server.log', size: 5000, contentOmitted: true, content: new Uint8Array(0) }),
    ]);
    const kept = await parseMail(withAttachment(4096), { maxAttachmentBytes: 4096 });
    expect(kept.attachments[0]).toMatchObject({ size: 4096, contentOmitted: false });
    expect(kept.attachments[0]!.content.byteLength).toBe(4096);
  });
});

describe('headers intake reads', () => {
  it('reads a date without a zone as UTC and an unreadable date as none', async () => {
    expect((await parseMail(message([...basic, 'Date: Mon, 13 Jan 2025 16:40:00']))).sentAt).toBe(
      Date.UTC(2025, 0, 13, 16, 40),
    );
    expect((await parseMail(message([...basic, 'Date: Mon, 13 Jan 2025 16:40:00 +0100 (CET)']))).sentAt).toBe(
      Date.UTC(2025, 0, 13, 15, 40),
    );
    expect((await parseMail(message([...basic, 'Date: 13 Jan 25 16:40 EST']))).sentAt).toBe(
      Date.UTC(2025, 0, 13, 21, 40),
    );
    expect((await parseMail(message([...basic, 'Date: sometime last week']))).sentAt).toBeNull();
    expect((await parseMail(message([...basic, 'Date: Mon, 45 Jan 2025 16:40:00 +0000']))).sentAt).toBeNull();
    expect((await parseMail(message(basic))).sentAt).toBeNull();
  });

  it('keeps Message-IDs with their angle brackets, gives a bare one its brackets, ignores words around them', async () => {
    const parsed = await parseMail(
      message([
        'From: anna@acme.example',
        'Message-ID: m2@acme.example',
        "In-Reply-To: <r1@provider.example> (Support's message of Mon, 13 Jan)",
        'References: <t1@provider.example>\r\n <r1@provider.example>',
      ]),
    );
    expect(parsed.messageId).toBe('<m2@acme.example>');
    expect(parsed.inReplyTo).toBe('<r1@provider.example>');
    expect(parsed.references).toEqual(['<t1@provider.example>', '<r1@provider.example>']);
  });

  it('treats mailing-list mail as a person’s mail when told the support address is a list', async () => {
    const listPost = message([...basic, 'List-Id: <help.acme.example>', 'Precedence: list']);
    expect(await parseMail(listPost)).toMatchObject({ automatic: true, automaticReason: 'mailing_list' });
    expect(await parseMail(listPost, { listMailIsAutomatic: false })).toMatchObject({
      automatic: false,
      automaticReason: null,
    });
  });

  it('recognises a sender named only MAILER-DAEMON', async () => {
    const parsed = await parseMail(message(['From: MAILER-DAEMON', 'Subject: failure notice']));
    expect(parsed.from).toBeNull();
    expect(parsed).toMatchObject({ automatic: true, automaticReason: 'mailer_daemon' });
  });
});

describe('bodies', () => {
  it('takes the text from the HTML when the text part is empty', async () => {
    const parsed = await parseMail(
      message(
        [...basic, 'Content-Type: multipart/alternative; boundary="a"'],
        '--a\r\nContent-Type: text/plain\r\n\r\n   \r\n--a\r\nContent-Type: text/html\r\n\r\n' +
          '<p>Printer <b>jammed</b></p><blockquote>old message</blockquote>\r\n--a--\r\n',
      ),
    );
    expect(parsed.text).toBe('Printer jammed\n\n> old message');
    expect(parsed.newText).toBe('Printer jammed');
    expect(parsed.quotedText).toBe('> old message');
    expect(parsed.html).toBe('<p>Printer <b>jammed</b></p><blockquote>old message</blockquote>');
  });

  it('keeps cid: and data: images and replaces remote ones by their alt text', async () => {
    const parsed = await parseMail(
      message(
        [...basic, 'Content-Type: text/html; charset=utf-8'],
        '<img src="cid:logo@acme"><img src="data:image/png;base64,iVBORw0KGgo="><img src="https://t.example/p.gif" alt="pixel">' +
          '<a href="//evil.example/x">x</a><a href="mailto:anna@acme.example">mail</a>',
      ),
    );
    expect(parsed.html).toBe(
      '<img src="cid:logo@acme" /><img src="data:image/png;base64,iVBORw0KGgo=" /><span>pixel</span>' +
        '<a target="_blank" rel="noopener noreferrer nofollow">x</a>' +
        '<a href="mailto:anna@acme.example" target="_blank" rel="noopener noreferrer nofollow">mail</a>',
    );
  });

  it('refuses bytes that carry no header at all', async () => {
    await expect(parseMail(new Uint8Array(0))).rejects.toMatchObject({ code: 'MAIL_NO_HEADERS' });
    await expect(parseMail(Buffer.from('\r\n\r\njust text'))).rejects.toBeInstanceOf(MailParseError);
  });
});
