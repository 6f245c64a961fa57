import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  compileCalendar,
  elapsedBusinessMinutes,
  parseInstant,
} from '../../../src/core/time/index.ts';

interface Vector {
  id: string;
  description: string;
  calendar: unknown;
  op: 'add' | 'elapsed';
  start?: string;
  minutes?: number;
  from?: string;
  to?: string;
  expected: string | number | null;
}

// A copy of ../shared/fixtures/businesstime-vectors.json (the conformance sample), kept in the repo so a user's
// clone runs it too.
const vectors: Vector[] = JSON.parse(
  readFileSync(new URL('../../fixtures/businesstime-vectors.json', import.meta.url), 'utf8'),
).vectors;

describe('business-time conformance vectors', () => {
  it('holds the whole sample', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(49);
  });

  for (const vector of vectors) {
    it(`${vector.id}: ${vector.description}`, () => {
      const calendar = compileCalendar(vector.calendar);
      if (vector.op === 'add') {
        const result = addBusinessMinutes(calendar, parseInstant(vector.start!), vector.minutes!);
        const expected = vector.expected === null ? null : parseInstant(vector.expected as string);
        expect(result).toBe(expected);
      } else {
        expect(elapsedBusinessMinutes(calendar, parseInstant(vector.from!), parseInstant(vector.to!))).toBe(
          vector.expected,
        );
      }
    });
  }
});
