import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intakeLanes, type OrderingKeys } from '../../../src/core/mail/intake-order.ts';

const keys = (sender: string | null, messageIds: string[] = [], ticketNumber: number | null = null): OrderingKeys => ({
  sender,
  messageIds,
  ticketNumber,
});

describe('intake lanes: which messages of a batch may be taken in side by side', () => {
  it('keeps unrelated messages apart, one lane each', () => {
    expect(intakeLanes([keys('a@x', ['<1>']), keys('b@y', ['<2>']), keys('c@z', ['<3>'])])).toEqual([[0], [1], [2]]);
  });

  it('puts a reply behind the request it answers, even from another person', () => {
    const lanes = intakeLanes([
      keys('anna@acme', ['<req>']),
      keys('bob@globex', ['<other>']),
      keys('carl@acme', ['<reply>', '<req>']),
    ]);
    expect(lanes).toEqual([[0, 2], [1]]);
  });

  it('joins two replies to the same thread, and a message that arrived twice', () => {
    expect(
      intakeLanes([
        keys('a@x', ['<r1>', '<root>']),
        keys('b@y', ['<r2>', '<root>']),
        keys('c@z', ['<dup>']),
        keys('c@z', ['<dup>']),
      ]),
    ).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('joins messages by sender (the loop count sees them in order) and by ticket key, case-insensitively', () => {
    expect(
      intakeLanes([keys('Anna@Acme', ['<1>']), keys('x@y', ['<2>'], 7), keys('anna@acme', ['<3>']), keys(null, [], 7)]),
    ).toEqual([
      [0, 2],
      [1, 3],
    ]);
  });

  it('joins lanes transitively and keeps each lane in batch order', () => {
    expect(intakeLanes([keys('a@x', ['<1>']), keys('b@y', ['<2>']), keys('a@x', ['<3>', '<2>'])])).toEqual([[0, 1, 2]]);
  });

  it('gives a message that could not be read a lane of its own', () => {
    expect(intakeLanes([null, keys('a@x'), null, keys('a@x')])).toEqual([[0], [1, 3], [2]]);
  });

  it('for any batch: a partition in order, and related messages always share a lane', () => {
    const key = fc.record({
      sender: fc.option(fc.constantFrom('a@x', 'b@x', 'c@x', 'd@x'), { nil: null }),
      messageIds: fc.array(fc.constantFrom('<1>', '<2>', '<3>', '<4>', '<5>', '<6>'), { maxLength: 3 }),
      ticketNumber: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(fc.option(key, { nil: null, freq: 8 }), { maxLength: 40 }), (batch) => {
        const lanes = intakeLanes(batch);
        expect(lanes.flat().sort((a, b) => a - b)).toEqual(batch.map((_, index) => index));
        for (const lane of lanes) expect([...lane].sort((a, b) => a - b)).toEqual(lane);
        const laneOf = new Map(lanes.flatMap((lane, number) => lane.map((index) => [index, number] as const)));
        batch.forEach((first, i) => {
          batch.forEach((second, j) => {
            if (first === null || second === null || i >= j) return;
            const related =
              (first.sender !== null && first.sender === second.sender) ||
              first.messageIds.some((id) => second.messageIds.includes(id)) ||
              (first.ticketNumber !== null && first.ticketNumber === second.ticketNumber);
            if (related) expect(laneOf.get(i)).toBe(laneOf.get(j));
          });
        });
      }),
    );
  });
});
