/** CSV fields (src/reports/csv.ts): RFC 4180 quoting, and text a spreadsheet would run as a formula neutralised. */
import { describe, expect, it } from 'vitest';
import { csvDocument, csvField } from '../../src/reports/csv.ts';

describe('CSV fields', () => {
  it('leaves plain text and numbers alone, and writes nothing for a missing value', () => {
    expect(csvField('p1-response')).toBe('p1-response');
    expect(csvField(95.5)).toBe('95.5');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(true)).toBe('true');
  });

  it('quotes commas, quotes, line breaks and surrounding spaces, doubling quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('one\ntwo')).toBe('"one\ntwo"');
    expect(csvField('one\r\ntwo')).toBe('"one\r\ntwo"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('Zakłady Łódź, Şişli')).toBe('"Zakłady Łódź, Şişli"');
  });

  it('prefixes text starting like a formula with an apostrophe', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+48 22 000')).toBe("'+48 22 000");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('a=b')).toBe('a=b');
  });

  it('writes a header and rows, each line ending in CRLF', () => {
    expect(
      csvDocument(
        ['target', 'value'],
        [
          ['p1', 50],
          ['p2, urgent', null],
        ],
      ),
    ).toBe('target,value\r\np1,50\r\n"p2, urgent",\r\n');
  });
});
