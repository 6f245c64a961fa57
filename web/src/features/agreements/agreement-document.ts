/**
 * The agreement document as the editor holds it: YAML text is the single source of truth. The form view reads its
 * values from the parsed document and writes a change back with `setIn`, which keeps the author's comments, key
 * order and flow style; so the two views never disagree. Paths are the dotted paths the server's lint and validation
 * use (`spec.targets.2.calendar`).
 */
import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

export interface ParsedDocument {
  readonly document: Document | null;
  readonly lineCounter: LineCounter;
  /** YAML syntax errors with their line (1-based). */
  readonly errors: { message: string; line: number }[];
}

export function parseAgreement(text: string): ParsedDocument {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, keepSourceTokens: false });
  const errors = document.errors.map((error) => ({
    message: error.message.split('\n')[0]!,
    line: lineCounter.linePos(error.pos[0]).line,
  }));
  return { document: errors.length > 0 ? null : document, lineCounter, errors };
}

export function segmentsOf(path: string): (string | number)[] {
  return path
    .split('.')
    .filter((segment) => segment !== '')
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** The plain value at a path (scalars as they are, sequences as arrays), or undefined. */
export function valueAt(document: Document, path: string): unknown {
  const node = document.getIn(segmentsOf(path), true);
  if (node === undefined || node === null) return undefined;
  if (isScalar(node)) return node.value;
  if (isSeq(node) || isMap(node)) return node.toJSON();
  return node;
}

/** The document text with one value changed; `undefined` removes the key. Sequences are written in flow style. */
export function withValue(text: string, path: string, value: unknown): string {
  const { document } = parseAgreement(text);
  if (!document) return text;
  const segments = segmentsOf(path);
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    if (document.hasIn(segments)) document.deleteIn(segments);
  } else if (Array.isArray(value)) {
    const node = document.createNode(value, { flow: true });
    document.setIn(segments, node);
  } else {
    document.setIn(segments, value);
  }
  return document.toString({ lineWidth: 0 });
}

/** Appends an item to a sequence (creating it when missing). */
export function withAppended(text: string, path: string, item: Record<string, unknown>): string {
  const { document } = parseAgreement(text);
  if (!document) return text;
  const segments = segmentsOf(path);
  const node = document.createNode(item, { flow: true });
  if (document.hasIn(segments)) document.addIn(segments, node);
  else document.setIn(segments, document.createNode([item]));
  return document.toString({ lineWidth: 0 });
}

export function withRemoved(text: string, path: string): string {
  const { document } = parseAgreement(text);
  if (!document) return text;
  document.deleteIn(segmentsOf(path));
  return document.toString({ lineWidth: 0 });
}

/** The 1-based line where the value at a path (or its nearest existing parent) is written. */
export function lineOfPath(parsed: ParsedDocument, path: string): number | null {
  if (!parsed.document) return null;
  const segments = segmentsOf(path);
  for (let length = segments.length; length > 0; length--) {
    const node = parsed.document.getIn(segments.slice(0, length), true) as { range?: [number, number, number] } | null;
    if (node?.range) return parsed.lineCounter.linePos(node.range[0]).line;
  }
  return null;
}

/** Whether a finding's path concerns a field (the field itself or something inside it). */
export function concerns(findingPath: string, fieldPath: string): boolean {
  return findingPath === fieldPath || findingPath.startsWith(`${fieldPath}.`);
}
