import { describe, expect, it } from 'vitest';
import { createTimestampParser } from '../../../src/importers/servicenow/index.ts';

describe('ServiceNow timestamps', () => {
  const saoPaulo = createTimestampParser('America/Sao_Paulo');

  it('reads day-first d/m/yyyy H:MM without zero padding, in the given zone', () => {
    // 29 Feb 2016: Brazilian summer time ended on 21 Feb, so Sao Paulo is at -03:00.
    expect(saoPaulo('29/2/2016 01:16')).toBe(Date.parse('2016-02-29T01:16:00-03:00'));
    expect(saoPaulo('5/3/2016 12:00')).toBe(Date.parse('2016-03-05T12:00:00-03:00'));
    expect(saoPaulo('16/2/2017 14:17')).toBe(Date.parse('2017-02-16T14:17:00-02:00'));
    expect(saoPaulo('1/3/2016 9:05:30')).toBe(Date.parse('2016-03-01T09:05:30-03:00'));
  });

  it('reads the ISO-like yyyy-mm-dd HH:MM[:SS] of ServiceNow default exports', () => {
    expect(saoPaulo('2016-03-01 09:05:00')).toBe(Date.parse('2016-03-01T09:05:00-03:00'));
    expect(saoPaulo('2016-03-01T09:05')).toBe(Date.parse('2016-03-01T09:05:00-03:00'));
  });

  it('never reads month first, and refuses impossible or malformed values', () => {
    for (const text of [
      '2/29/2016 01:16',
      '31/4/2016 09:00',
      '29/2/2015 09:00',
      '1/3/2016 24:00',
      '1/3/2016 09:60',
      '1/3/2016 09:00:60',
      '0/3/2016 09:00',
      '1/3/1899 09:00',
      '1/3/16 09:00',
      ' 1/3/2016 09:00',
      '1/3/2016 09:00 ',
      '1/3/2016',
      '?',
      '',
    ]) {
      expect(saoPaulo(text), text).toBeUndefined();
    }
  });

  it('follows the compatible rule in DST gaps and overlaps', () => {
    // 16 Oct 2016 00:00 -> 01:00 (gap); 19 Feb 2017 00:00 -> 18 Feb 23:00 (overlap).
    expect(saoPaulo('16/10/2016 00:30')).toBe(Date.parse('2016-10-16T01:30:00-02:00'));
    expect(saoPaulo('18/2/2017 23:30')).toBe(Date.parse('2017-02-18T23:30:00-02:00'));
  });

  it('does not depend on the host zone and keeps parsers for different zones apart', () => {
    const utc = createTimestampParser('UTC');
    expect(utc('1/3/2016 09:00')).toBe(Date.UTC(2016, 2, 1, 9, 0));
    expect(saoPaulo('1/3/2016 09:00')).toBe(Date.UTC(2016, 2, 1, 12, 0));
    expect(utc('1/3/2016 09:00')).toBe(Date.UTC(2016, 2, 1, 9, 0));
  });
});
