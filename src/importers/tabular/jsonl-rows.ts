/**
 * JSON Lines as rows: one object per line, its properties the columns (nested values kept as JSON text, numbers and
 * booleans as their text, null as empty). A line that is not JSON, or not an object, is a problem; blank lines are
 * skipped. Lines are split as the text streams in, so a file of millions of lines is never held whole.
 */
import type { TabularItem } from './tabular-types.ts';

export async function* readJsonLinesRows(text: AsyncIterable<string>): AsyncGenerator<TabularItem> {
  let pending = '';
  let line = 0;
  for await (const chunk of text) {
    pending += chunk;
    let newline = pending.indexOf('\n');
    let start = 0;
    while (newline !== -1) {
      line++;
      const item = itemOf(pending.slice(start, newline), line);
      if (item !== undefined) yield item;
      start = newline + 1;
      newline = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
  }
  if (pending.length > 0) {
    const item = itemOf(pending, line + 1);
    if (item !== undefined) yield item;
  }
}

function itemOf(text: string, line: number): TabularItem | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    const reason = `not JSON: ${(error as Error).message}`;
    return { kind: 'problem', problem: { kind: 'bad_json', line, column: null, value: excerpt(trimmed), reason } };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const reason = 'each line must be a JSON object (column -> value)';
    return { kind: 'problem', problem: { kind: 'not_an_object', line, column: null, value: excerpt(trimmed), reason } };
  }
  const values: Record<string, string> = {};
  for (const [column, cell] of Object.entries(value)) values[column] = cellText(cell);
  return { kind: 'row', row: { line, values } };
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return JSON.stringify(cell);
}

function excerpt(text: string): string {
  return text.length <= 200 ? text : `${text.slice(0, 200)}...`;
}
