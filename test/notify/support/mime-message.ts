/**
 * A small MIME reader for tests (mailparser is not installed): headers with RFC 2047 encoded words, multipart trees,
 * quoted-printable and base64 bodies, RFC 2231 file names. Enough to read what nodemailer sends, nothing more.
 */

export interface MimePart {
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly contentType: string;
  readonly parameters: ReadonlyMap<string, string>;
  readonly disposition: string | null;
  readonly dispositionParameters: ReadonlyMap<string, string>;
  /** Decoded bytes of a leaf part (empty for multipart containers). */
  readonly body: Buffer;
  readonly children: readonly MimePart[];
}

export function parseMimeMessage(raw: Buffer | string): MimePart {
  return parsePart(typeof raw === 'string' ? raw : raw.toString('latin1'));
}

/** The first header of that name, encoded words decoded. */
export function headerOf(part: MimePart, name: string): string | undefined {
  const value = part.headers.get(name.toLowerCase())?.[0];
  return value === undefined ? undefined : decodeEncodedWords(value);
}

/** Every leaf part, depth first. */
export function leavesOf(part: MimePart): MimePart[] {
  return part.children.length === 0 ? [part] : part.children.flatMap(leavesOf);
}

/** The text of the first leaf with that content type (not an attachment), decoded as its charset. */
export function bodyText(part: MimePart, contentType: string): string | undefined {
  const leaf = leavesOf(part).find(
    (candidate) => candidate.contentType === contentType && candidate.disposition !== 'attachment',
  );
  return leaf === undefined ? undefined : textOf(leaf);
}

export function textOf(leaf: MimePart): string {
  const charset = (leaf.parameters.get('charset') ?? 'utf-8').toLowerCase();
  return new TextDecoder(charset).decode(leaf.body);
}

export function attachmentsOf(part: MimePart): { filename: string; contentType: string; content: Buffer }[] {
  return leavesOf(part)
    .filter((leaf) => leaf.disposition === 'attachment')
    .map((leaf) => ({
      filename: leaf.dispositionParameters.get('filename') ?? leaf.parameters.get('name') ?? '',
      contentType: leaf.contentType,
      content: leaf.body,
    }));
}

function parsePart(text: string): MimePart {
  const split = text.indexOf('\r\n\r\n');
  const headerBlock = split === -1 ? text : text.slice(0, split);
  const bodyText = split === -1 ? '' : text.slice(split + 4);
  const headers = parseHeaders(headerBlock);
  const [contentType, parameters] = parseStructured(headers.get('content-type')?.[0] ?? 'text/plain; charset=us-ascii');
  const dispositionHeader = headers.get('content-disposition')?.[0];
  const [disposition, dispositionParameters] = dispositionHeader
    ? parseStructured(dispositionHeader)
    : [null, new Map()];
  const boundary = parameters.get('boundary');
  if (contentType.startsWith('multipart/') && boundary) {
    const children = splitMultipart(bodyText, boundary).map(parsePart);
    return { headers, contentType, parameters, disposition, dispositionParameters, body: Buffer.alloc(0), children };
  }
  const encoding = (headers.get('content-transfer-encoding')?.[0] ?? '7bit').trim().toLowerCase();
  return {
    headers,
    contentType,
    parameters,
    disposition,
    dispositionParameters,
    body: decodeBody(bodyText, encoding),
    children: [],
  };
}

function parseHeaders(block: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  const unfolded = block.replace(/\r\n([ \t])/g, '$1');
  for (const line of unfolded.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const values = headers.get(name) ?? [];
    values.push(line.slice(colon + 1).trim());
    headers.set(name, values);
  }
  return headers;
}

/** `type/subtype; a=b; c="d"` (with RFC 2231 `name*=utf-8''...` and continuations `name*0*=`). */
function parseStructured(value: string): [string, Map<string, string>] {
  const [head = '', ...rest] = value.split(';');
  const raw = new Map<string, string>();
  for (const piece of rest) {
    const equals = piece.indexOf('=');
    if (equals === -1) continue;
    const key = piece.slice(0, equals).trim().toLowerCase();
    raw.set(
      key,
      piece
        .slice(equals + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1'),
    );
  }
  const parameters = new Map<string, string>();
  const continued = new Map<string, string[]>();
  for (const [key, text] of raw) {
    const match = /^([^*]+)\*(\d+)?\*?$/.exec(key);
    if (!match) {
      parameters.set(key, decodeEncodedWords(text));
      continue;
    }
    const name = match[1] ?? key;
    const index = Number(match[2] ?? 0);
    const pieces = continued.get(name) ?? [];
    pieces[index] = text;
    continued.set(name, pieces);
  }
  for (const [name, pieces] of continued) {
    const joined = pieces.join('');
    const extended = /^([^']*)'[^']*'(.*)$/.exec(joined);
    parameters.set(name, extended ? decodeURIComponent(extended[2] ?? '') : joined);
  }
  return [head.trim().toLowerCase(), parameters];
}

function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const sections = body.split(new RegExp(`(?:^|\\r\\n)${escapeRegExp(delimiter)}`));
  // sections[0] is the preamble; the last one starts with "--" (the closing delimiter) and holds the epilogue.
  return sections
    .slice(1)
    .filter((section) => !section.startsWith('--'))
    .map((section) => section.replace(/^[ \t]*\r\n/, ''));
}

function decodeBody(text: string, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(text.replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const softBreaksRemoved = text.replace(/=\r\n/g, '');
    const bytes: number[] = [];
    for (let index = 0; index < softBreaksRemoved.length; index++) {
      const character = softBreaksRemoved[index]!;
      const hex = softBreaksRemoved.slice(index + 1, index + 3);
      if (character === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(Number.parseInt(hex, 16));
        index += 2;
      } else {
        bytes.push(character.charCodeAt(0) & 0xff);
      }
    }
    return Buffer.from(bytes);
  }
  return Buffer.from(text, 'latin1');
}

/** RFC 2047: `=?utf-8?Q?...?=` and `=?utf-8?B?...?=`; whitespace between adjacent encoded words is dropped. */
export function decodeEncodedWords(value: string): string {
  const joined = value.replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?[^?]+\?[BbQq]\?)/g, '$1');
  // Adjacent words may split one multi-byte character, so bytes are collected per run of words with one charset.
  return joined.replace(/(?:=\?([^?]+)\?([BbQq])\?([^?]*)\?=)+/g, (run) => {
    const chunks: Buffer[] = [];
    let charset = 'utf-8';
    for (const word of run.matchAll(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g)) {
      charset = (word[1] ?? 'utf-8').split('*')[0]!;
      const payload = word[3] ?? '';
      if ((word[2] ?? '').toUpperCase() === 'B') chunks.push(Buffer.from(payload, 'base64'));
      else chunks.push(decodeBody(payload.replace(/_/g, ' '), 'quoted-printable'));
    }
    return new TextDecoder(charset).decode(Buffer.concat(chunks));
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
