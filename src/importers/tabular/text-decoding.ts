/**
 * Bytes to text for CSV and JSON Lines, chunk by chunk. `auto` reads UTF-8 (a byte-order mark is dropped; UTF-16
 * with a byte-order mark is recognised too) and refuses bytes that are not UTF-8, naming the line, rather than
 * guessing a code page: a Windows-1250 file read as Windows-1252 gives plausible but wrong letters (ř as ø), so the
 * user names the legacy encoding (`windows-1250`, `windows-1252`, any label iconv-lite knows).
 */
import iconv from 'iconv-lite';
import { TabularReadError } from './tabular-types.ts';

/** `auto`, or an encoding label iconv-lite knows (`utf-8`, `windows-1250`, `windows-1252`, `iso-8859-2`, ...). */
export type TextEncoding = string;

/** Checks a label before any byte is read. */
export function assertKnownEncoding(encoding: TextEncoding): void {
  if (encoding !== 'auto' && !iconv.encodingExists(encoding)) {
    throw new TabularReadError('IMPORT_ENCODING_INVALID', `unknown encoding "${encoding}"`);
  }
}

export async function* decodeText(chunks: AsyncIterable<Uint8Array>, encoding: TextEncoding): AsyncGenerator<string> {
  if (encoding !== 'auto') {
    // iconv-lite's decoders drop a byte-order mark of their own encoding.
    const decoder = iconv.getDecoder(encoding);
    for await (const chunk of chunks) {
      const text = decoder.write(Buffer.from(chunk));
      if (text.length > 0) yield text;
    }
    const tail = decoder.end();
    if (tail !== undefined && tail.length > 0) yield tail;
    return;
  }
  let decoder: { decode: (chunk: Uint8Array, final: boolean) => string } | undefined;
  let lines = 1;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    decoder ??= decoderForStart(chunk);
    const text = decodeCounting(decoder, chunk, false, lines);
    lines += countLineBreaks(text);
    if (text.length > 0) yield text;
  }
  const tail = decoder === undefined ? '' : decodeCounting(decoder, new Uint8Array(), true, lines);
  if (tail.length > 0) yield tail;
}

function decoderForStart(first: Uint8Array): { decode: (chunk: Uint8Array, final: boolean) => string } {
  const utf16 =
    first[0] === 0xff && first[1] === 0xfe
      ? 'utf-16le'
      : first[0] === 0xfe && first[1] === 0xff
        ? 'utf-16be'
        : undefined;
  if (utf16 !== undefined) {
    const decoder = iconv.getDecoder(utf16);
    return { decode: (chunk, final) => decoder.write(Buffer.from(chunk)) + (final ? (decoder.end() ?? '') : '') };
  }
  // TextDecoder drops a UTF-8 byte-order mark (ignoreBOM is false by default).
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return { decode: (chunk, final) => decoder.decode(chunk, { stream: !final }) };
}

function decodeCounting(
  decoder: { decode: (chunk: Uint8Array, final: boolean) => string },
  chunk: Uint8Array,
  final: boolean,
  line: number,
): string {
  try {
    return decoder.decode(chunk, final);
  } catch (error) {
    throw new TabularReadError(
      'IMPORT_ENCODING_INVALID',
      `the file is not UTF-8 (near line ${line}); name its encoding, e.g. --encoding windows-1252 (Western European) or windows-1250 (Central European)`,
      { cause: error },
    );
  }
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
}
