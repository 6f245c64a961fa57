/**
 * A customer's e-mail domains decide whose mail an unknown sender's message is (docs/customers.md): they are kept in
 * one form (lower case, no leading "@" or trailing dot) so matching a sender is an exact comparison, and a domain that
 * anyone can get an address at is refused, because it would make every stranger on it that customer's requester.
 */

/** RFC 1035 host name, at least two labels, the last not all digits (that would be an IP address). */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_DOMAIN_LENGTH = 253;

/** Free-mail providers: an address there says nothing about the company its owner works for. */
export const publicMailDomains: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.net',
  'gmx.de',
  'web.de',
  'mail.com',
  'yandex.ru',
  'yandex.com',
  'mail.ru',
  'qq.com',
  '163.com',
  '126.com',
  'wp.pl',
  'o2.pl',
  'onet.pl',
  'interia.pl',
  'zoho.com',
  'fastmail.com',
]);

/** The stored form of what a person typed: trimmed, lower case, without a leading "@" or a trailing dot. */
export function normaliseEmailDomain(input: string): string {
  return input.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
}

export type EmailDomainProblem = 'malformed' | 'public';

/** Why a normalised domain cannot be a customer's, or null when it can. */
export function emailDomainProblem(domain: string): EmailDomainProblem | null {
  if (domain.length === 0 || domain.length > MAX_DOMAIN_LENGTH) return 'malformed';
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return 'malformed';
  if (/^[0-9]+$/.test(labels.at(-1)!)) return 'malformed';
  if (publicMailDomains.has(domain)) return 'public';
  return null;
}

export const emailDomainMessages: Record<EmailDomainProblem, string> = {
  malformed: 'must be a domain name such as acme.example (the part of an address after the @)',
  public: 'is a public mail provider: anyone can have an address there, so it cannot identify a customer',
};
