import { describe, expect, it } from 'vitest';
import { addDomains, isDomainName, normaliseDomain, removeDomain } from './domain-chips.ts';

describe('e-mail domain chips', () => {
  it('stores what was typed in the server form: lower case, no @, no trailing dot; an address gives its domain', () => {
    expect(normaliseDomain('  @ACME.Example. ')).toBe('acme.example');
    expect(normaliseDomain('Jan.Kowalski@Acme.example')).toBe('acme.example');
    expect(normaliseDomain('acme-labs.example')).toBe('acme-labs.example');
  });

  it('accepts host names with two labels or more and refuses what cannot be a domain', () => {
    for (const good of ['acme.example', 'mail.acme.co.uk', 'xn--bcher-kva.example', 'a1.b2']) {
      expect(isDomainName(good), good).toBe(true);
    }
    for (const bad of ['acme', 'acme..example', '-acme.example', 'acme-.example', '10.0.0.1', 'a b.example', '']) {
      expect(isDomainName(bad), bad).toBe(false);
    }
    expect(isDomainName(`${'a'.repeat(64)}.example`)).toBe(false);
  });

  it('adds several pasted domains at once, in order, without repeats, keeping the bad ones with the message', () => {
    const entry = addDomains(['acme.example'], 'ACME.example, acme-labs.example; nonsense\nacme.co.uk  a..b');
    expect(entry.chips).toEqual(['acme.example', 'acme-labs.example', 'acme.co.uk']);
    expect(entry.rejected).toBe('nonsense, a..b');
    expect(entry.problem).toBe(
      'nonsense, a..b: must be a domain name such as acme.example (the part of an address after the @)',
    );
  });

  it('clears the problem when everything typed was a domain, and removes a chip', () => {
    const entry = addDomains([], 'acme.example');
    expect(entry).toEqual({ chips: ['acme.example'], rejected: '', problem: null });
    expect(addDomains(['acme.example'], '   ')).toEqual({ chips: ['acme.example'], rejected: '', problem: null });
    expect(removeDomain(['a.example', 'b.example'], 'a.example')).toEqual(['b.example']);
  });
});
