import { describe, expect, it } from 'vitest';
import { selectGoverningVersion, versionInForceAt } from '../../../src/core/agreement/index.ts';

const day = 86_400_000;
const v1 = { name: 'v1', activatedAt: 0, endedAt: 100 * day, appliesToOpenTickets: false };
const v2 = { name: 'v2', activatedAt: 100 * day, endedAt: 200 * day, appliesToOpenTickets: false };
const v3 = { name: 'v3', activatedAt: 200 * day, endedAt: null, appliesToOpenTickets: true };
const draft = { name: 'draft', activatedAt: null, appliesToOpenTickets: true };
const versions = [v3, draft, v1, v2];

const governing = (openedAt: number, options = {}) => selectGoverningVersion(versions, openedAt, options)?.name;

describe('selectGoverningVersion', () => {
  it('pins a ticket to the version in force when it was opened', () => {
    expect(governing(10 * day)).toBe('v3'); // v3 applies to open tickets
    expect(governing(10 * day, { asOf: 150 * day })).toBe('v1');
    expect(governing(100 * day - 1, { asOf: 150 * day })).toBe('v1');
    expect(governing(100 * day, { asOf: 150 * day })).toBe('v2');
    expect(governing(150 * day)).toBe('v3');
  });

  it('moves an open ticket to a later version that applies to open tickets, but not a closed one', () => {
    expect(governing(150 * day, { asOf: 250 * day })).toBe('v3');
    expect(governing(150 * day, { asOf: 250 * day, ticketClosedAt: 180 * day })).toBe('v2');
    expect(governing(150 * day, { ticketClosedAt: 200 * day })).toBe('v2');
  });

  it('ignores versions that never became active and finds none before the first one', () => {
    expect(governing(-day)).toBe('v3');
    expect(governing(-day, { asOf: 50 * day })).toBeUndefined();
    expect(selectGoverningVersion([draft], 0)).toBeUndefined();
  });

  it('finds none after the last version ended, unless an amendment applies', () => {
    const ended = [{ ...v1 }, { ...v2, endedAt: 150 * day }];
    expect(selectGoverningVersion(ended, 160 * day)).toBeUndefined();
    expect(selectGoverningVersion(ended, 120 * day)?.activatedAt).toBe(100 * day);
  });

  it('keeps an amendment that applied to the ticket even after a later version without that option', () => {
    const later = { name: 'v4', activatedAt: 300 * day, endedAt: null, appliesToOpenTickets: false };
    const withV4 = [v1, v2, { ...v3, endedAt: 300 * day }, later];
    expect(selectGoverningVersion(withV4, 150 * day)?.name).toBe('v3');
    expect(selectGoverningVersion(withV4, 310 * day)?.name).toBe('v4');
  });
});

describe('a version is in force from its effective instant, whenever it was put in force', () => {
  // Version 1 takes effect on day 10 but is put in force (approval completed) only on day 20.
  const late = {
    name: 'late',
    effectiveFrom: 10 * day,
    activatedAt: 20 * day,
    endedAt: null,
    appliesToOpenTickets: false,
  };

  it('governs the tickets opened between its effective date and the click on "put in force"', () => {
    expect(selectGoverningVersion([late], 15 * day)?.name).toBe('late');
    expect(selectGoverningVersion([late], 10 * day)?.name).toBe('late');
    expect(selectGoverningVersion([late], 10 * day - 1)).toBeUndefined();
    // As of day 15 nobody had put it in force: the ticket was not measured then.
    expect(selectGoverningVersion([late], 15 * day, { asOf: 15 * day })).toBeUndefined();
  });

  it("hands over to an amendment from the amendment's effective instant, not from its activation", () => {
    const first = { name: 'first', effectiveFrom: 0, activatedAt: 0, endedAt: 120 * day, appliesToOpenTickets: false };
    const amendment = {
      name: 'amendment',
      effectiveFrom: 100 * day,
      activatedAt: 120 * day,
      endedAt: null,
      appliesToOpenTickets: false,
    };
    const both = [amendment, first];
    expect(selectGoverningVersion(both, 99 * day)?.name).toBe('first');
    expect(selectGoverningVersion(both, 110 * day)?.name).toBe('amendment');
    expect(selectGoverningVersion(both, 110 * day, { asOf: 115 * day })?.name).toBe('first');
    expect(versionInForceAt(both, 110 * day)?.name).toBe('amendment');
    expect(versionInForceAt(both, 50 * day)?.name).toBe('first');
  });

  it('takes an amendment without an effective date from its activation', () => {
    const first = { name: 'first', effectiveFrom: 0, activatedAt: 0, endedAt: 120 * day, appliesToOpenTickets: false };
    const undated = {
      name: 'undated',
      effectiveFrom: null,
      activatedAt: 120 * day,
      endedAt: null,
      appliesToOpenTickets: false,
    };
    expect(selectGoverningVersion([first, undated], 110 * day)?.name).toBe('first');
    expect(selectGoverningVersion([first, undated], 120 * day)?.name).toBe('undated');
  });

  it("moves tickets open at an amendment's effective instant when it applies to open tickets", () => {
    const first = { name: 'first', effectiveFrom: 0, activatedAt: 0, endedAt: 120 * day, appliesToOpenTickets: false };
    const amendment = {
      name: 'amendment',
      effectiveFrom: 100 * day,
      activatedAt: 120 * day,
      endedAt: null,
      appliesToOpenTickets: true,
    };
    expect(selectGoverningVersion([first, amendment], 90 * day)?.name).toBe('amendment');
    expect(selectGoverningVersion([first, amendment], 90 * day, { ticketClosedAt: 105 * day })?.name).toBe('amendment');
    expect(selectGoverningVersion([first, amendment], 90 * day, { ticketClosedAt: 100 * day })?.name).toBe('first');
  });

  it('ends a terminated version at its termination, and leaves a gap until the next one takes effect', () => {
    const terminated = { name: 't', effectiveFrom: 0, activatedAt: 0, endedAt: 50 * day, appliesToOpenTickets: false };
    const next = {
      name: 'next',
      effectiveFrom: 60 * day,
      activatedAt: 70 * day,
      endedAt: null,
      appliesToOpenTickets: false,
    };
    expect(selectGoverningVersion([terminated, next], 49 * day)?.name).toBe('t');
    expect(selectGoverningVersion([terminated, next], 55 * day)).toBeUndefined();
    expect(selectGoverningVersion([terminated, next], 65 * day)?.name).toBe('next');
  });
});
