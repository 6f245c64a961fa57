/**
 * Bytes to text the way mail readers do it (docs/mail.md#how-a-message-is-decoded): a charset label means what the
 * WHATWG Encoding Standard says it means, because that is what browsers and mail clients agreed on after decades of
 * mislabelled mail: iso-8859-1 and us-ascii are read as windows-1252, gb2312 and gbk as GB18030, ks_c_5601-1987 and
 * euc-kr as CP949, tis-620 as windows-874. Text without a label, or with an unknown one, is UTF-8 when it is valid
 * UTF-8 and windows-1252 otherwise (raw 8-bit headers are one or the other in practice).
 *
 * Node's TextDecoder knows the WHATWG labels but, in Node 20, decodes windows-1252 as ISO-8859-1, gbk without GB18030's
 * four-byte sequences and euc-kr without CP949's extra syllables: those three go through iconv-lite. UTF-7 is never
 * decoded (it smuggles markup past filters: `+ADw-script+AD4-`).
 */
import { Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';

/** Common labels outside the WHATWG list, by the encoding they mean. */
const extraLabels: ReadonlyMap<string, string> = new Map(
  Object.entries({
    cp949: 'euc-kr',
    ms949: 'euc-kr',
    uhc: 'euc-kr',
    'ks_c_5601-1989': 'euc-kr',
    cp936: 'gbk',
    ms936: 'gbk',
    'windows-936': 'gbk',
    cp932: 'shift_jis',
    'windows-932': 'shift_jis',
    'x-ms-cp932': 'shift_jis',
    'x-unicode20utf8': 'utf-8',
    'unicode-1-1-utf-8': 'utf-8',
  }),
);

/** Where iconv-lite decodes correctly and Node's TextDecoder does not (see the module comment). */
const iconvFor: ReadonlyMap<string, string> = new Map([
  ['windows-1252', 'windows-1252'],
  ['euc-kr', 'cp949'],
]);

/** Labels neither list knows but iconv-lite decodes: legacy single-byte code pages (DOS, Mac, ISO-8859-16). */
const legacyCodePage = /^(iso[-_]?8859[-_]?\d{1,2}|cp\d{3,4}|ibm\d{3,4}|windows-\d{3,4}|x-mac-[a-z]+|mac[a-z]*)$/;

type Decoder = (bytes: Uint8Array) => string;

const decoders = new Map<string, Decoder>();

/** The decoder for a charset label (null or empty for unlabelled text). */
export function decoderFor(label: string | null | undefined): Decoder {
  const key = (label ?? '')
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  let decoder = decoders.get(key);
  if (decoder === undefined) {
    decoder = resolveDecoder(key);
    if (decoders.size < 256) decoders.set(key, decoder);
  }
  return decoder;
}

export function decodeCharset(bytes: Uint8Array, label: string | null | undefined): string {
  return decoderFor(label)(bytes);
}

function resolveDecoder(label: string): Decoder {
  if (label === '' || label.includes('utf-7') || label.includes('utf7')) return decodeUnlabelled;
  const encoding = whatwgEncoding(extraLabels.get(label) ?? label);
  if (encoding === 'utf-8') return decodeUnlabelled;
  if (encoding === 'gbk' || encoding === 'gb18030') return textDecoder('gb18030');
  const iconvName = encoding === null ? undefined : iconvFor.get(encoding);
  if (iconvName !== undefined) return iconvDecoder(iconvName);
  if (encoding === 'iso-2022-jp') return sevenBitOr(textDecoder(encoding));
  if (encoding !== null) return textDecoder(encoding);
  if (legacyCodePage.test(label) && iconv.encodingExists(label)) return iconvDecoder(label);
  return decodeUnlabelled;
}

/** The WHATWG encoding name of a label, or null when the label is unknown or Node cannot decode it. */
function whatwgEncoding(label: string): string | null {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
}

/**
 * ISO-2022-JP is 7-bit: a part with 8-bit bytes was converted without its label being changed, to UTF-8 or to the other
 * Japanese encodings (Japanese mobile carriers' gateways send EUC-JP and Shift_JIS so labelled). The first of them that
 * reads the bytes without error is taken.
 */
function sevenBitOr(decoder: Decoder): Decoder {
  return (bytes) => {
    if (!bytes.some((byte) => byte >= 0x80)) return decoder(bytes);
    for (const encoding of ['utf-8', 'euc-jp', 'shift_jis']) {
      try {
        return new TextDecoder(encoding, { fatal: true }).decode(bytes);
      } catch {
        // not this one
      }
    }
    return decodeUnlabelled(bytes);
  };
}

function textDecoder(encoding: string): Decoder {
  return (bytes) => new TextDecoder(encoding).decode(bytes);
}

function iconvDecoder(encoding: string): Decoder {
  return (bytes) => iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');
const windows1252 = iconvDecoder('windows-1252');

/**
 * UTF-8 when the bytes are valid UTF-8; windows-1252 when they hold no valid multi-byte character at all (Latin-1 text
 * in a header or a part that claims UTF-8); otherwise UTF-8 with the broken bytes shown as U+FFFD, so one bad byte does
 * not turn a UTF-8 text into mojibake.
 */
export function decodeUnlabelled(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const lenient = lenientUtf8.decode(bytes);
    const hasValidMultiByteCharacter = [...lenient].some((char) => char.codePointAt(0)! > 0x7f && char !== '\ufffd');
    return hasValidMultiByteCharacter ? lenient : windows1252(bytes);
  }
}

/**
 * mailparser's `Iconv` option: body parts are decoded by the rules above instead of by libmime's own table. mailparser
 * writes the part's bytes in and reads UTF-8 out; the part is decoded once it is complete, which costs nothing here
 * because simpleParser holds every part in memory anyway.
 */
export class MailCharsetConverter extends Transform {
  private readonly chunks: Buffer[] = [];
  private readonly decode: Decoder;

  constructor(fromCharset: string, _toCharset?: string) {
    super();
    this.decode = decoderFor(fromCharset);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.chunks.push(chunk);
    done();
  }

  override _flush(done: TransformCallback): void {
    try {
      done(null, Buffer.from(this.decode(Buffer.concat(this.chunks)), 'utf8'));
    } catch (error) {
      done(error as Error);
    }
  }
}
