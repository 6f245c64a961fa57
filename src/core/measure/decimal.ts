/**
 * Exact decimal rounding. Binary floating point cannot hold 99.653 or 0.125 cents exactly, and `Math.round(x * 100) /
 * 100` rounds 1.005 down; reports and credit notes must round the number a person reads. So a number is taken as the
 * decimal its shortest round-trip text shows (`String(x)`, e.g. "99.65277777777777"), and that decimal is rounded
 * exactly with BigInt arithmetic.
 */
import { DomainError } from '../errors.ts';

/** A decimal number `units / 10^scale`, exactly. */
export interface ExactDecimal {
  readonly units: bigint;
  readonly scale: number;
}

const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/** The exact decimal a finite number's shortest round-trip text denotes (`0.1` is 1/10, not the binary double). */
export function exactDecimalOf(value: number): ExactDecimal {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DomainError('MEASUREMENT_INPUT_INVALID', `a finite number is needed, got ${String(value)}`, { value });
  }
  const match = NUMBER_TEXT.exec(String(value));
  if (match === null) throw new Error(`unexpected number text ${String(value)}`);
  const [, sign = '', integer = '0', fraction = '', exponent = '0'] = match;
  let units = BigInt(`${sign}${integer}${fraction}`);
  let scale = fraction.length - Number(exponent);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units, scale };
}

/** `numerator / denominator` rounded to an integer, halves away from zero. The denominator must be positive. */
export function divideRoundingHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new Error('the denominator must be positive');
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = magnitude / denominator;
  const rounded = (magnitude % denominator) * 2n >= denominator ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

/**
 * Rounds to `decimals` places, halves away from zero, on the decimal the number shows: 1.005 -> 1.01, -0.125 -> -0.13,
 * 99.65277777777777 -> 99.653 (3 places).
 */
export function roundHalfAwayFromZero(value: number, decimals: number): number {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 15) {
    throw new DomainError('MEASUREMENT_INPUT_INVALID', `decimals must be an integer from 0 to 15, got ${decimals}`, {
      decimals,
    });
  }
  const { units, scale } = exactDecimalOf(value);
  if (scale <= decimals) return value;
  const rounded = divideRoundingHalfAwayFromZero(units, 10n ** BigInt(scale - decimals));
  // Both operands are exact, so the division yields the double nearest to the rounded decimal.
  const result = Number(rounded) / 10 ** decimals;
  return result === 0 ? 0 : result;
}

/** `part / whole × 100`, or null when `whole` is 0 (nothing to measure against). */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : (part / whole) * 100;
}

/** Text with exactly `decimals` places, rounded halves away from zero: formatFixed(99.93, 3) = "99.930". */
export function formatFixed(value: number, decimals: number): string {
  const rounded = exactDecimalOf(roundHalfAwayFromZero(value, decimals));
  const units = rounded.units * 10n ** BigInt(decimals - rounded.scale);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, '0');
  const integer = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${integer}${decimals > 0 ? `.${fraction}` : ''}`;
}
