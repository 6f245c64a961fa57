/**
 * The e-mail domain chip input's logic: what a person types or pastes ("@Acme.example, acme-labs.example") becomes
 * chips in the form the server stores (lower case, no "@", no trailing dot). Only the shape of a domain is checked
 * here, with the server's own words; whether a domain is a public mail provider or another customer's is the
 * server's answer, shown at the chip it concerns.
 */

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const malformedDomainMessage = 'Must be a domain name such as acme.example (the part of an address after the @)';

/** A pasted address ("jan@acme.example") gives its domain; "@acme.example" and "acme.example." give acme.example. */
export function normaliseDomain(input: string): string {
  const trimmed = input.trim().toLowerCase();
  return trimmed.slice(trimmed.lastIndexOf('@') + 1).replace(/\.$/, '');
}

export function isDomainName(domain: string): boolean {
  if (domain.length === 0 || domain.length > 253) return false;
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && !/^[0-9]+$/.test(labels.at(-1)!);
}

export interface ChipEntry {
  /** The chips after the entry: the existing ones and the new valid ones, in the order given, without repeats. */
  readonly chips: string[];
  /** What was typed and cannot be a domain: it stays in the text box with the message. */
  readonly rejected: string;
  readonly problem: string | null;
}

/** Adds what was typed (one or several domains, separated by commas, semicolons, spaces or new lines). */
export function addDomains(chips: readonly string[], typed: string): ChipEntry {
  const next = [...chips];
  const rejected: string[] = [];
  for (const part of typed.split(/[\s,;]+/)) {
    if (part.trim() === '') continue;
    const domain = normaliseDomain(part);
    if (!isDomainName(domain)) rejected.push(part.trim());
    else if (!next.includes(domain)) next.push(domain);
  }
  return {
    chips: next,
    rejected: rejected.join(', '),
    problem: rejected.length > 0 ? `${rejected.join(', ')}: ${lowerFirst(malformedDomainMessage)}` : null,
  };
}

export function removeDomain(chips: readonly string[], domain: string): string[] {
  return chips.filter((chip) => chip !== domain);
}

function lowerFirst(text: string): string {
  return text[0]!.toLowerCase() + text.slice(1);
}
