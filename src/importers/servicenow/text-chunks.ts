/**
 * Turns the bytes of an export (plain CSV or gzip) into text chunks, one chunk at a time, so a 46 MB log never sits
 * in memory. Gzip is recognised by its magic bytes (1f 8b) unless the caller says which it is; the UCI log ships as
 * `.csv.gz` precisely so Node's built-in zlib can stream it. Bytes are counted as read from the input (compressed
 * bytes for gzip), which is what a progress bar over the file size needs.
 */
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** `auto` detects gzip by its magic bytes; `gzip` and `none` force the choice. */
export type Compression = 'auto' | 'gzip' | 'none';

/** What the importer reads: a Node Readable, or any async iterable of bytes (strings are taken as UTF-8). */
export type ByteSource = AsyncIterable<Uint8Array | string>;

const GZIP_MAGIC_1 = 0x1f;
const GZIP_MAGIC_2 = 0x8b;
const GUNZIP_CHUNK_BYTES = 256 * 1024;

/** Decoded UTF-8 text of the input, chunk by chunk; a byte-order mark is dropped. */
export async function* decodeTextChunks(
  input: ByteSource,
  compression: Compression,
  onBytes: (bytes: number) => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of decompressedChunks(input, compression, onBytes)) {
    yield decoder.decode(chunk, { stream: true });
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}

/**
 * The input's bytes, gunzipped when it is gzip (also used by the mapped importer's readers, src/importers/tabular,
 * which decode other encodings and read XLSX). `onBytes` counts bytes as read from the input (compressed bytes).
 */
export async function* decompressedChunks(
  input: ByteSource,
  compression: Compression,
  onBytes: (bytes: number) => void,
): AsyncGenerator<Uint8Array> {
  const iterator = input[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headLength = 0;
  let exhausted = false;
  try {
    while (compression === 'auto' && headLength < 2) {
      const next = await iterator.next();
      if (next.done === true) {
        exhausted = true;
        break;
      }
      const bytes = toBytes(next.value);
      onBytes(bytes.length);
      head.push(bytes);
      headLength += bytes.length;
    }
    const gzip = compression === 'gzip' || (compression === 'auto' && startsWithGzipMagic(head));
    const source = remainingBytes(head, exhausted ? undefined : iterator, onBytes);
    if (gzip) {
      yield* pipeline(
        Readable.from(source),
        createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES }),
        () => {},
      ) as AsyncIterable<Uint8Array>;
    } else {
      yield* source;
    }
  } finally {
    await iterator.return?.();
  }
}

async function* remainingBytes(
  head: readonly Uint8Array[],
  iterator: AsyncIterator<Uint8Array | string> | undefined,
  onBytes: (bytes: number) => void,
): AsyncGenerator<Uint8Array> {
  yield* head;
  if (iterator === undefined) return;
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) return;
    const bytes = toBytes(next.value);
    onBytes(bytes.length);
    yield bytes;
  }
}

function startsWithGzipMagic(head: readonly Uint8Array[]): boolean {
  const firstBytes: number[] = [];
  for (const chunk of head) {
    for (const byte of chunk) {
      firstBytes.push(byte);
      if (firstBytes.length === 2) return firstBytes[0] === GZIP_MAGIC_1 && firstBytes[1] === GZIP_MAGIC_2;
    }
  }
  return false;
}

function toBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}
