/** The portal's priority and promises, from the agreement's impact x urgency matrix and its targets. */
import { describe, expect, it } from 'vitest';
import type { AgreementContent } from '../../api/types.ts';
import { describeCalendar, matrixChoices, priorityOf, promisesFor } from './priority-matrix.ts';

// As the API returns it: canonical content with keys in alphabetical order, durations in milliseconds.
const content: AgreementContent = {
  spec: {
    calendars: {
      business: {
        timezone: 'Europe/Warsaw',
        weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '17:00' }],
      },
      always: '24x7',
    },
    priorities: {
      levels: ['P1', 'P2', 'P3', 'P4'],
      matrix: {
        low: { high: 'P3', low: 'P4', medium: 'P4' },
        high: { high: 'P1', low: 'P3', medium: 'P2' },
        medium: { high: 'P2', low: 'P4', medium: 'P3' },
      },
    },
    targets: [
      {
        id: 'p1-response',
        metric: 'first_response',
        priorities: ['P1'],
        within: 1_800_000,
        calendar: 'always',
        goal: 95,
      },
      {
        id: 'p1-resolution',
        metric: 'resolution',
        priorities: ['P1'],
        within: 14_400_000,
        calendar: 'business',
        goal: 90,
      },
      {
        id: 'p1-updates',
        metric: 'periodic_update',
        priorities: ['P1'],
        every: 3_600_000,
        calendar: 'business',
        goal: 90,
      },
      { id: 'availability', metric: 'availability', calendar: 'always' },
      {
        id: 'p2-response',
        metric: 'first_response',
        priorities: ['P2'],
        within: 3_600_000,
        calendar: 'business',
        goal: 95,
      },
    ],
  },
};

describe('the priority matrix in the portal', () => {
  it('offers impacts and urgencies most severe first, whatever order the content has', () => {
    expect(matrixChoices(content)).toEqual({
      impacts: ['high', 'medium', 'low'],
      urgencies: ['high', 'medium', 'low'],
    });
  });

  it('gives the priority of an impact and an urgency', () => {
    expect(priorityOf(content, 'high', 'high')).toBe('P1');
    expect(priorityOf(content, 'medium', 'high')).toBe('P2');
    expect(priorityOf(content, 'unknown', 'high')).toBeNull();
  });

  it("lists the priority's ticket targets in words, with the hours they count in", () => {
    expect(promisesFor(content, 'P1')).toEqual([
      {
        targetId: 'p1-response',
        what: 'First response',
        within: 'within 30 business min',
        hours: 'around the clock',
        goal: '95 % of tickets',
      },
      {
        targetId: 'p1-resolution',
        what: 'Resolution',
        within: 'within 4 business h',
        hours: 'business hours Mon–Fri 08:00–17:00 (Europe/Warsaw)',
        goal: '90 % of tickets',
      },
      {
        targetId: 'p1-updates',
        what: 'Periodic update',
        within: 'every 1 business h',
        hours: 'business hours Mon–Fri 08:00–17:00 (Europe/Warsaw)',
        goal: '90 % of tickets',
      },
    ]);
    expect(promisesFor(content, 'P4')).toEqual([]);
    expect(describeCalendar(content, 'missing')).toBe('the “missing” calendar');
  });
});
