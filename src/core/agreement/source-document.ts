/**
 * Reads an agreement's text (YAML, or strict JSON) into plain data, and keeps the syntax tree so that every issue
 * found later can point at a line and column of the source. Syntax errors are reported all together with their
 * positions as `AGREEMENT_PARSE_ERROR`.
 */
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { DomainError } from '../errors.ts';
import type { AgreementIssue } from './agreement-issues.ts';

export type AgreementFormat = 'yaml' | 'json';

/** A parsed source: its data, and where each path of it is written. */
export interface SourceDocument {
  readonly value: unknown;
  /** The 1-based line and column of the node at a dotted path (or of its nearest written ancestor). */
  locate(path: string): { line: number; column: number } | undefined;
}

const MAX_ALIASES = 100;

/** Parses the text; throws `AGREEMENT_PARSE_ERROR` with every syntax problem and its position. */
export function readSourceDocument(text: string, format: AgreementFormat = 'yaml'): SourceDocument {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const syntaxIssue = (message: string, offset?: number): AgreementIssue => {
    const at = position(offset);
    return {
      path: '',
      code: 'AGREEMENT_PARSE_ERROR',
      message: at.line ? `line ${at.line}, column ${at.column}: ${message}` : message,
      ...at,
    };
  };

  const issues: AgreementIssue[] = [];
  let value: unknown;
  if (format === 'json') {
    try {
      value = JSON.parse(text);
    } catch (error) {
      const located = document.errors[0];
      issues.push(syntaxIssue(`not valid JSON: ${(error as Error).message}`, located?.pos[0]));
    }
  }
  for (const error of document.errors) {
    // Valid JSON is valid YAML; for JSON only the duplicate keys that JSON.parse silently accepts are added.
    if (format === 'json' && (issues.length > 0 || error.code !== 'DUPLICATE_KEY')) continue;
    issues.push(syntaxIssue(error.message, error.pos[0]));
  }
  if (issues.length === 0 && format === 'yaml') {
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (error) {
      issues.push(syntaxIssue((error as Error).message));
    }
  }
  if (issues.length > 0) {
    throw new DomainError(
      'AGREEMENT_PARSE_ERROR',
      `the agreement is not valid ${format === 'json' ? 'JSON' : 'YAML'}: ${issues[0]!.message}`,
      { issues },
    );
  }
  return {
    value,
    locate(path) {
      const offset = offsetOf(document, path);
      return offset === undefined ? undefined : (position(offset) as { line: number; column: number });
    },
  };
}

/** Start offset of the node at a dotted path, or of the deepest ancestor that exists. */
function offsetOf(document: Document, path: string): number | undefined {
  let node: unknown = document.contents;
  let offset = rangeStart(node);
  for (const segment of path === '' ? [] : path.split('.')) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === segment);
      if (!pair) break;
      offset = rangeStart(pair.value) ?? rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && /^\d+$/.test(segment)) {
      const item = node.items[Number(segment)];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else break;
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}
