/**
 * Any supported file as a stream of rows: gzip is recognised by its magic bytes (the ServiceNow importer's
 * decompressedChunks), then the format is the one given, else the file name's extension (ignoring `.gz`), else the
 * content's first bytes (a zip is XLSX, `{` starts JSON Lines, anything else is CSV).
 */
import { type ByteSource, decompressedChunks } from '../servicenow/text-chunks.ts';
import { readCsvRows } from './csv-rows.ts';
import { readJsonLinesRows } from './jsonl-rows.ts';
import { type TabularFormat, type TabularItem, TabularReadError } from './tabular-types.ts';
import { assertKnownEncoding, decodeText, type TextEncoding } from './text-decoding.ts';
import { readXlsxRows } from './xlsx-rows.ts';

export interface TabularReadOptions {
  /** Default: from the file name, else from the content. */
  readonly format?: TabularFormat | undefined;
  readonly fileName?: string | undefined;
  /** CSV and JSON Lines: `auto` (UTF-8, BOM or not) or an encoding label. */
  readonly encoding?: TextEncoding | undefined;
  /** CSV: the delimiter; default sniffed from the header line. */
  readonly delimiter?: string | undefined;
  /** CSV: the only columns a row needs to carry (default all); the header still lists every column. */
  readonly columns?: readonly string[] | undefined;
  /** XLSX: the worksheet; default the first. */
  readonly sheet?: string | undefined;
  /** Bytes read from the file so far (compressed bytes for gzip): for progress over the file's size. */
  readonly onBytes?: ((bytes: number) => void) | undefined;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** The file's header, rows and problems in order; throws TabularReadError when the file cannot be read at all. */
export async function* readTabularRows(
  input: ByteSource,
  options: TabularReadOptions = {},
): AsyncGenerator<TabularItem> {
  const encoding = options.encoding ?? 'auto';
  assertKnownEncoding(encoding);
  const bytes = decompressedChunks(input, 'auto', options.onBytes ?? (() => {}));
  try {
    const { head, rest } = await peek(bytes, 4);
    if (head.length === 0) throw new TabularReadError('IMPORT_FILE_EMPTY', 'the file is empty');
    const format = options.format ?? formatOfName(options.fileName) ?? formatOfContent(head);
    if (format === 'xlsx') yield* readXlsxRows(rest, options.sheet);
    else if (format === 'jsonl') yield* readJsonLinesRows(decodeText(rest, encoding));
    else yield* readCsvRows(decodeText(rest, encoding), options.delimiter, options.columns);
  } catch (error) {
    if (error instanceof TabularReadError) throw error;
    // A corrupt or truncated gzip stream, a read error of the file.
    throw new TabularReadError('IMPORT_FILE_UNREADABLE', `cannot read the file: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

export function formatOfName(fileName: string | undefined): TabularFormat | undefined {
  const name = (fileName ?? '').toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.xlsx')) return 'xlsx';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.csv') || name.endsWith('.tsv') || name.endsWith('.txt')) return 'csv';
  return undefined;
}

function formatOfContent(head: Uint8Array): TabularFormat {
  if (ZIP_MAGIC.every((byte, index) => head[index] === byte)) return 'xlsx';
  const first = [...head].find((byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d);
  return first === 0x7b ? 'jsonl' : 'csv';
}

/** The first `count` bytes (fewer at the end of a short input) and the whole stream again, head included. */
async function peek(
  chunks: AsyncGenerator<Uint8Array>,
  count: number,
): Promise<{ head: Uint8Array; rest: AsyncGenerator<Uint8Array> }> {
  const taken: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < count) {
    const next = await chunks.next();
    if (next.done === true) {
      done = true;
      break;
    }
    taken.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(taken).subarray(0, count);
  async function* rest(): AsyncGenerator<Uint8Array> {
    yield* taken;
    if (!done) yield* chunks;
  }
  return { head, rest: rest() };
}
