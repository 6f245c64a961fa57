import { describe, expect, it } from 'vitest';

// Guards the guard: core tests are only meaningful under a non-UTC host zone, so check the zone really took effect.
describe('core test host zone', () => {
  it('runs under the non-UTC zone its project sets', () => {
    const expected = process.env.COVENANT_EXPECTED_TZ;
    expect(expected).toBeTruthy();
    // ICU may spell the zone by an older alias (Asia/Calcutta), so compare canonical forms.
    const canonicalExpected = new Intl.DateTimeFormat('en', { timeZone: expected }).resolvedOptions().timeZone;
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(canonicalExpected);
    expect(new Date(Date.UTC(2024, 0, 15)).getTimezoneOffset()).not.toBe(0);
  });
});
