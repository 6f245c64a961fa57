/**
 * XLSX as rows with exceljs's streaming reader: the first worksheet (or the one named), its first row the header,
 * each row numbered as the spreadsheet numbers it. Rows are read as the zip streams in, never the whole workbook.
 * Date cells carry no zone (Excel stores wall-clock serial numbers), so they become `YYYY-MM-DDTHH:mm:ss` local
 * times, read with `timestamps.format: iso` in the mapping's zone; formulas give their cached result.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { type TabularItem, TabularReadError } from './tabular-types.ts';

export async function* readXlsxRows(
  bytes: AsyncIterable<Uint8Array>,
  sheet: string | undefined,
): AsyncGenerator<TabularItem> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let found = false;
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name?: string }).name;
      if (found || (sheet !== undefined && name !== sheet)) {
        // Sheets other than the one read must still be consumed for the zip stream to move on.
        for await (const _row of worksheet) {
          // skipped
        }
        continue;
      }
      found = true;
      let header: string[] | undefined;
      for await (const row of worksheet) {
        const cells = (row.values as unknown[]).slice(1).map(cellText);
        if (header === undefined) {
          header = cells.map((cell) => cell.trim());
          yield { kind: 'header', columns: header };
          continue;
        }
        if (cells.every((cell) => cell === '')) continue;
        const values: Record<string, string> = {};
        header.forEach((column, index) => {
          values[column] = cells[index] ?? '';
        });
        if (cells.length > header.length && cells.slice(header.length).some((cell) => cell !== '')) {
          const reason = `expected at most ${header.length} cells as in the header, got ${cells.length}`;
          yield {
            kind: 'problem',
            problem: { kind: 'wrong_field_count', line: row.number, column: null, value: null, reason },
          };
          continue;
        }
        yield { kind: 'row', row: { line: row.number, values } };
      }
    }
  } catch (error) {
    if (error instanceof TabularReadError) throw error;
    throw new TabularReadError('IMPORT_FILE_UNREADABLE', `not a readable XLSX workbook: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!found) {
    const what = sheet === undefined ? 'no worksheet' : `no worksheet named "${sheet}"`;
    throw new TabularReadError('IMPORT_SHEET_MISSING', `the workbook has ${what}`);
  }
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return localDateTimeText(value);
  if (typeof value === 'object') {
    const cell = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(cell.richText)) return cell.richText.map((part) => part.text).join('');
    if ('result' in cell) return cellText(cell.result);
    if (typeof cell.text === 'string') return cell.text;
    if (cell.error !== undefined) return String(cell.error);
  }
  return String(value);
}

/** Excel's serial date as exceljs gives it (a Date whose UTC fields are the wall-clock fields). */
function localDateTimeText(date: Date): string {
  const iso = date.toISOString(); // 2024-05-01T10:00:00.000Z
  return iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
}
