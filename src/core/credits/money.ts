/**
 * Money in whole cents. Amounts enter as decimal numbers with at most two places (12000, 11.01) and become integer
 * cents; a percentage of an amount is computed exactly (BigInt over the percentage's decimal digits) and rounded to
 * the cent once, halves away from zero. So 10 % of 12.05 is 1.21 (1.205 rounded up), never 1.2049999.
 */
import { DomainError } from '../errors.ts';
import { divideRoundingHalfAwayFromZero, exactDecimalOf } from '../measure/decimal.ts';

/** Integer cents of an amount with at most two decimal places; throws `CREDIT_INPUT_INVALID` otherwise. */
export function toCents(amount: number, path: string): number {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    throw new DomainError('CREDIT_INPUT_INVALID', `${path}: must be an amount >= 0, got ${String(amount)}`, {
      path,
      value: amount,
    });
  }
  const { units, scale } = exactDecimalOf(amount);
  if (scale > 2) {
    throw new DomainError('CREDIT_INPUT_INVALID', `${path}: must be whole cents (two decimals), got ${amount}`, {
      path,
      value: amount,
    });
  }
  const cents = units * 10n ** BigInt(2 - scale);
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DomainError('CREDIT_INPUT_INVALID', `${path}: amount too large`, { path, value: amount });
  }
  return Number(cents);
}

/** The amount of integer cents as a decimal number (1101 -> 11.01). */
export function fromCents(cents: number): number {
  return cents / 100;
}

/**
 * `count × percent % × cents`, rounded to the cent, halves away from zero, computed exactly from the decimal digits of
 * `percent` (2.5 means 2.5 %).
 */
export function percentOfCents(cents: number, percent: number, count = 1): number {
  const { units, scale } = exactDecimalOf(percent);
  const numerator = BigInt(cents) * BigInt(count) * units;
  return Number(divideRoundingHalfAwayFromZero(numerator, 100n * 10n ** BigInt(scale)));
}

/** Cents as text with two decimals ("0.99", "1200.00"). */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const magnitude = Math.abs(cents);
  return `${sign}${Math.floor(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`;
}
