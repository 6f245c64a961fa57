/**
 * Header values to text (docs/mail.md#how-a-message-is-decoded): raw 8-bit bytes are UTF-8 or windows-1252 (RFC 6532
 * allows UTF-8; old mailers wrote Latin-1), and RFC 2047 encoded words are decoded with the same charset practice as
 * bodies. mailparser decodes encoded words with its own charset table (gb2312 without GB18030, iso-8859-1 without
 * windows-1252's curly quotes) and raw 8-bit headers as UTF-8 only, so the fields intake reads are decoded here from
 * the raw header lines mailparser hands over.
 */
import addressparser from 'nodemailer/lib/addressparser';
import type { MailHeaderField } from '../core/mail/automatic-mail.ts';
import type { MailAddress } from '../core/mail/inbound-message.ts';
import { decodeCharset, decodeUnlabelled } from './charset-decoding.ts';

/** mailparser's raw header line: the whole folded `Name: value` line, one character per byte. */
export interface RawHeaderLine {
  readonly key: string;
  readonly line: string;
}

/** Every header field of the message, unfolded, with raw bytes and encoded words decoded, in order. */
export function decodeHeaderLines(lines: readonly RawHeaderLine[]): MailHeaderField[] {
  // mailparser reports a message that starts with its body as one header line with an empty name.
  return lines
    .filter(({ key }) => key.trim() !== '')
    .map(({ key, line }) => {
      const colon = line.indexOf(':');
      const raw = Buffer.from(colon < 0 ? '' : line.slice(colon + 1), 'latin1');
      const unfolded = decodeUnlabelled(raw)
        .replace(/\r?\n(?=[ \t])/g, '')
        .trim();
      return { name: key, value: unfolded };
    });
}

/** The first value of a field, without decoding encoded words (for structured fields such as Message-ID). */
export function headerValue(fields: readonly MailHeaderField[], name: string): string | null {
  const wanted = name.toLowerCase();
  return fields.find((field) => field.name.toLowerCase() === wanted)?.value ?? null;
}

const encodedWord = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;
const statefulCharset = /^(cs)?iso-?2022/i;

/**
 * RFC 2047 encoded words to text. Adjacent words in one charset are joined before decoding, because mailers split a
 * multi-byte character across two words; the white space between adjacent words is not text (RFC 2047 section 6.2).
 */
export function decodeEncodedWords(text: string): string {
  const pieces: ({ kind: 'text'; text: string } | { kind: 'word'; charset: string; bytes: Uint8Array })[] = [];
  let last = 0;
  for (const match of text.matchAll(encodedWord)) {
    const between = text.slice(last, match.index);
    const previous = pieces.at(-1);
    if (!(previous?.kind === 'word' && /^\s*$/.test(between))) pieces.push({ kind: 'text', text: between });
    const charset = match[1]!.split('*')[0]!.toLowerCase();
    const bytes = match[2]!.toLowerCase() === 'b' ? decodeBase64(match[3]!) : decodeQ(match[3]!);
    const word = pieces.at(-1);
    // Words of a stateful charset (ISO-2022-JP) each return to ASCII and are decoded alone: joined, the escape
    // sequences meet, which the WHATWG decoder reports as an error.
    if (word?.kind === 'word' && word.charset === charset && !statefulCharset.test(charset)) {
      word.bytes = concatBytes(word.bytes, bytes);
    } else pieces.push({ kind: 'word', charset, bytes });
    last = match.index + match[0].length;
  }
  pieces.push({ kind: 'text', text: text.slice(last) });
  return pieces
    .map((piece) => (piece.kind === 'text' ? piece.text : decodeCharset(piece.bytes, piece.charset)))
    .join('');
}

function decodeBase64(text: string): Uint8Array {
  return Buffer.from(text.replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
}

function decodeQ(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    const hex = text.slice(index + 1, index + 3);
    if (char === '=' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else if (char === '_') {
      bytes.push(0x20);
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Uint8Array.from(bytes);
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/**
 * The sender a From field names even when it has no address (`From: MAILER-DAEMON <>`, `From: <>`): the address is
 * then empty. Null when there is no From field.
 */
export function senderOf(value: string | null): MailAddress | null {
  if (value === null) return null;
  const entry = addressparser(value, { flatten: true })[0];
  return {
    address: (entry?.address ?? '').trim().toLowerCase(),
    name: decodeEncodedWords(entry?.name ?? value)
      .replace(/\s+/g, ' ')
      .trim(),
  };
}

/** The addresses of an address field (groups flattened), bare addresses in lower case, names decoded. */
export function parseAddressField(value: string | null): MailAddress[] {
  if (value === null || value.trim() === '') return [];
  return addressparser(value, { flatten: true })
    .filter((entry) => entry.address.trim() !== '')
    .map((entry) => ({
      address: entry.address.trim().toLowerCase(),
      name: decodeEncodedWords(entry.name).replace(/\s+/g, ' ').trim(),
    }));
}
