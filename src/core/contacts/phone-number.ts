/**
 * A contact's phone number as people write it: digits with the usual separators, an optional leading "+" and an
 * optional extension. Kept as typed (agents read and dial it); only what cannot be a number is refused.
 */
const PHONE = /^\+?[0-9][0-9 ()./-]{1,38}[0-9)](?: ?(?:ext\.?|x) ?[0-9]{1,6})?$/i;

export function isPhoneNumber(text: string): boolean {
  const digits = text.replace(/[^0-9]/g, '').length;
  return PHONE.test(text) && digits >= 3 && digits <= 20;
}

export const phoneNumberMessage =
  'must be a phone number such as +48 22 000 00 00 (digits, spaces, + ( ) . / - and ext.)';
