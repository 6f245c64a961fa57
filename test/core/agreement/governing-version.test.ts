import { describe, expect, it } from 'vitest';
import { selectGoverningVersion } from '../../../src/core/agreement/index.ts';

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
