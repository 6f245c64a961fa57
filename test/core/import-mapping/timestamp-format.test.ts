import { describe, expect, it } from 'vitest';
import { compileTimestampFormat, type TimestampReader } from '../../../src/core/import-mapping/index.ts';

function reader(format: string, zone: string): TimestampReader {
  const compiled = compileTimestampFormat(format, zone);
  if ('error' in compiled) throw new Error(compiled.error);
  return compiled;
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('timestamp formats', () => {
  it('reads day-first patterns in the mapping zone, with or without zero padding', () => {
    const read = reader('D/M/YYYY H:mm', 'America/Sao_Paulo');
    expect(iso(read('29/2/2016 01:16'))).toBe('2016-02-29T04:16:00.000Z');
    expect(iso(read('05/03/2016 12:00'))).toBe('2016-03-05T15:00:00.000Z');
    const strict = reader('DD.MM.YYYY HH:mm:ss', 'Europe/Prague');
    expect(iso(strict('31.12.2024 23:59:59'))).toBe('2024-12-31T22:59:59.000Z');
    expect(strict('1.12.2024 23:59:59')).toBeUndefined();
  });

  it('lets an explicit offset in the data win over the zone', () => {
    const read = reader('YYYY-MM-DD HH:mm', 'Europe/Prague');
    expect(iso(read('2024-07-01 10:00'))).toBe('2024-07-01T08:00:00.000Z');
    expect(iso(read('2024-07-01 10:00 +0000'))).toBe('2024-07-01T10:00:00.000Z');
    expect(iso(read('2024-07-01 10:00Z'))).toBe('2024-07-01T10:00:00.000Z');
  });

  it('reads ISO-8601 with or without offset, seconds and fractions', () => {
    const read = reader('iso', 'America/New_York');
    expect(iso(read('2024-01-08T09:00:00-05:00'))).toBe('2024-01-08T14:00:00.000Z');
    expect(iso(read('2024-01-08T09:00'))).toBe('2024-01-08T14:00:00.000Z');
    expect(iso(read('2024-01-08 09:00:00.250Z'))).toBe('2024-01-08T09:00:00.250Z');
    expect(iso(read('2024-07-08'))).toBe('2024-07-08T04:00:00.000Z');
  });

  it('follows the compatible rule in DST gaps and overlaps', () => {
    const read = reader('iso', 'America/New_York');
    expect(iso(read('2024-03-10T02:30'))).toBe('2024-03-10T07:30:00.000Z'); // gap: 03:30 EDT
    expect(iso(read('2024-11-03T01:30'))).toBe('2024-11-03T05:30:00.000Z'); // overlap: the earlier, EDT
  });

  it('refuses impossible dates and times, and text that is not of the format', () => {
    const read = reader('D/M/YYYY H:mm', 'UTC');
    for (const text of ['31/4/2024 10:00', '29/2/2023 10:00', '1/1/2024 24:00', '1/1/2024 10:60', '2024-01-01', '']) {
      expect(read(text), text).toBeUndefined();
    }
  });

  it('explains an unusable pattern', () => {
    expect(compileTimestampFormat('YYYY-MM-DD hh:mm', 'UTC')).toEqual({
      error: expect.stringContaining('unknown pattern letter "h"'),
    });
    expect(compileTimestampFormat('HH:mm', 'UTC')).toEqual({
      error: 'the pattern has no year (YYYY, MM or M, DD or D)',
    });
    expect(compileTimestampFormat('YYYY-MM-DD MM', 'UTC')).toEqual({ error: 'the pattern names the month twice' });
  });
});
