import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { instantOfLocalDateTime } from '../../../src/core/time/index.ts';
import { propertyZones, runs } from './calendar-arbitraries.ts';

describe('local wall-clock time to instant', () => {
  it('agrees with Temporal (compatible disambiguation) everywhere, including gaps and overlaps', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...propertyZones),
        fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true }),
        (zone, date) => {
          const [y, m, d, h, min] = [
            date.getUTCFullYear(),
            date.getUTCMonth() + 1,
            date.getUTCDate(),
            date.getUTCHours(),
            date.getUTCMinutes(),
          ];
          const expected = Temporal.ZonedDateTime.from(
            { year: y, month: m, day: d, hour: h, minute: min, timeZone: zone },
            { disambiguation: 'compatible' },
          ).epochMilliseconds;
          expect(instantOfLocalDateTime(zone, y, m, d, h, min)).toBe(expected);
        },
      ),
      { numRuns: runs(3000) },
    );
  });

  it('agrees with Temporal on every wall-clock minute around every transition of 2000-2030 in the test zones', () => {
    let checked = 0;
    for (const zone of propertyZones) {
      for (
        let cursor = Temporal.Instant.from('2000-01-01T00:00:00Z')
          .toZonedDateTimeISO(zone)
          .getTimeZoneTransition('next');
        cursor !== null && cursor.year <= 2030;
        cursor = cursor.getTimeZoneTransition('next')
      ) {
        const before = cursor.subtract({ hours: 2 }).toPlainDateTime();
        for (let minutes = 0; minutes <= 240; minutes += 5) {
          const local = before.add({ minutes });
          const expected = local.toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
          const actual = instantOfLocalDateTime(zone, local.year, local.month, local.day, local.hour, local.minute);
          if (actual !== expected)
            expect({ zone, local: local.toString(), actual }).toEqual({
              zone,
              local: local.toString(),
              actual: expected,
            });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it('handles the New York transitions of 2024', () => {
    expect(instantOfLocalDateTime('America/New_York', 2024, 3, 10, 2, 30)).toBe(
      Date.parse('2024-03-10T03:30:00-04:00'),
    );
    expect(instantOfLocalDateTime('America/New_York', 2024, 11, 3, 1, 30)).toBe(
      Date.parse('2024-11-03T01:30:00-04:00'),
    );
    expect(instantOfLocalDateTime('America/Sao_Paulo', 2016, 2, 29, 1, 16)).toBe(
      Date.parse('2016-02-29T01:16:00-03:00'),
    );
  });
});
