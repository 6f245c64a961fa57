/**
 * CSV text (RFC 4180): comma-separated, CRLF line ends, a field quoted when it holds a comma, a quote, a line break or
 * leading/trailing space, quotes doubled. Safe to open in a spreadsheet: a text field that starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return (which spreadsheets read as a formula) gets a leading apostrophe, the OWASP
 * recommendation against CSV injection. Numbers are written as numbers (a negative number stays a number).
 */

export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document: the header, then one line per row, each ending in CRLF. */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
