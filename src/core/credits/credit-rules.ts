/**
 * Credit rules (docs/semantics.md#service-credits): a tier rule credits a percentage of the fee when a result falls
 * below a threshold, the deepest tier reached applying alone (tiers never add up); a per-breach rule credits a
 * percentage of the fee for every breached cycle. Each rule yields one credit line in whole cents, with the reason it
 * was (or was not) due.
 */
import { DomainError } from '../errors.ts';
import { roundHalfAwayFromZero } from '../measure/decimal.ts';
import { formatCents, percentOfCents } from './money.ts';

/** "Below `belowPercent` %, credit `creditPercent` % of the fee." */
export interface CreditTier {
  readonly belowPercent: number;
  readonly creditPercent: number;
}

export type CreditRule =
  | { readonly kind: 'tiers'; readonly id?: string; readonly targetId: string; readonly tiers: readonly CreditTier[] }
  | { readonly kind: 'per_breach'; readonly id?: string; readonly targetId: string; readonly percentPerBreach: number };

/** A target's measured result in the period, as the rules need it. */
export interface TargetOutcome {
  readonly targetId: string;
  /** Attainment or availability in percent, unrounded; null when nothing was measured. Needed by tier rules. */
  readonly percent?: number | null;
  /** Breached cycles counted in the period. Needed by per-breach rules. */
  readonly breached?: number;
}

/** One rule's contribution before caps. */
export interface CreditLine {
  readonly ruleId: string;
  readonly targetId: string;
  readonly kind: CreditRule['kind'];
  /** The result the rule read: a percentage (tiers) or a breach count (per breach). */
  readonly basis: { readonly percent: number | null } | { readonly breached: number };
  /** The tier applied (tiers), or null when no tier was reached or there was no result. */
  readonly tier: CreditTier | null;
  /** Percentage of the fee credited by this line (tier credit, or breaches × percentPerBreach). */
  readonly creditPercent: number;
  readonly amountCents: number;
  readonly explanation: string;
}

/**
 * A result as a person reads it beside the tiers it was compared with: three decimals (99.828, not
 * 99.82755973808187), more only when fewer would make it read as equal to a threshold or on its other side.
 */
export function percentBeside(percent: number, tiers: readonly CreditTier[]): string {
  for (let decimals = 3; decimals <= 12; decimals++) {
    const shown = roundHalfAwayFromZero(percent, decimals);
    const readsTheSame = tiers.every(
      (tier) => shown < tier.belowPercent === percent < tier.belowPercent && shown !== tier.belowPercent,
    );
    if (readsTheSame || shown === percent) return String(shown);
  }
  return String(percent);
}

/** The deepest tier the value is strictly below (the one with the lowest threshold), or null. */
export function deepestTierReached(tiers: readonly CreditTier[], percent: number): CreditTier | null {
  let deepest: CreditTier | null = null;
  for (const tier of tiers) {
    if (percent < tier.belowPercent && (deepest === null || tier.belowPercent < deepest.belowPercent)) deepest = tier;
  }
  return deepest;
}

/** Applies one rule to its target's outcome for a fee in cents. */
export function applyCreditRule(rule: CreditRule, outcome: TargetOutcome, feeCents: number, index: number): CreditLine {
  const ruleId = rule.id ?? `${rule.targetId}#${index}`;
  const base = { ruleId, targetId: rule.targetId, kind: rule.kind };
  if (rule.kind === 'per_breach') {
    const breached = outcome.breached;
    if (breached === undefined || !Number.isInteger(breached) || breached < 0) {
      return invalid(`results[${rule.targetId}].breached`, 'a per-breach rule needs the breach count', breached);
    }
    const amountCents = percentOfCents(feeCents, rule.percentPerBreach, breached);
    return {
      ...base,
      basis: { breached },
      tier: null,
      creditPercent: roundHalfAwayFromZero(breached * rule.percentPerBreach, 9),
      amountCents,
      explanation: `${breached} breach(es) × ${rule.percentPerBreach} % of ${formatCents(feeCents)} = ${formatCents(amountCents)}`,
    };
  }
  const percent = outcome.percent;
  if (percent === undefined) {
    return invalid(`results[${rule.targetId}].percent`, 'a tier rule needs the attainment or availability', percent);
  }
  if (percent === null) {
    return {
      ...base,
      basis: { percent },
      tier: null,
      creditPercent: 0,
      amountCents: 0,
      explanation: 'no result in the period: no credit',
    };
  }
  if (typeof percent !== 'number' || !Number.isFinite(percent)) {
    return invalid(`results[${rule.targetId}].percent`, 'must be a finite percentage or null', percent);
  }
  const tier = deepestTierReached(rule.tiers, percent);
  if (tier === null) {
    return {
      ...base,
      basis: { percent },
      tier: null,
      creditPercent: 0,
      amountCents: 0,
      explanation: `${percentBeside(percent, rule.tiers)} % is below no tier: no credit`,
    };
  }
  const amountCents = percentOfCents(feeCents, tier.creditPercent);
  return {
    ...base,
    basis: { percent },
    tier,
    creditPercent: tier.creditPercent,
    amountCents,
    explanation: `${percentBeside(percent, rule.tiers)} % is below ${tier.belowPercent} % (deepest tier reached): ${tier.creditPercent} % of ${formatCents(feeCents)} = ${formatCents(amountCents)}`,
  };
}

/** Throws `CREDIT_INPUT_INVALID` unless the rule is well formed. */
export function checkCreditRule(rule: CreditRule, path: string): void {
  if (typeof rule?.targetId !== 'string' || rule.targetId === '')
    invalid(`${path}.targetId`, 'must be a target id', rule);
  if (rule.kind === 'per_breach') {
    checkPercent(rule.percentPerBreach, `${path}.percentPerBreach`);
    return;
  }
  if (rule.kind !== 'tiers') invalid(`${path}.kind`, 'must be tiers or per_breach', (rule as { kind: unknown }).kind);
  if (!Array.isArray(rule.tiers) || rule.tiers.length === 0)
    invalid(`${path}.tiers`, 'needs at least one tier', rule.tiers);
  const thresholds = new Set<number>();
  for (const [index, tier] of rule.tiers.entries()) {
    checkPercent(tier?.belowPercent, `${path}.tiers[${index}].belowPercent`);
    checkPercent(tier.creditPercent, `${path}.tiers[${index}].creditPercent`);
    if (thresholds.has(tier.belowPercent))
      invalid(`${path}.tiers[${index}].belowPercent`, 'duplicate threshold', tier.belowPercent);
    thresholds.add(tier.belowPercent);
  }
}

function checkPercent(value: unknown, path: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    invalid(path, 'must be a percentage >= 0', value);
}

function invalid(path: string, message: string, value: unknown): never {
  throw new DomainError('CREDIT_INPUT_INVALID', `${path}: ${message}`, { path, value });
}
