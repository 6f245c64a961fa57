/**
 * What happens when targets are at risk or missed: escalation levels on the clocks, service credits (tiers or per
 * breach, with caps) and termination rights with their measurable triggers.
 */
import { z } from 'zod';
import {
  addCodedIssue,
  distinctList,
  emailSchema,
  percentSchema,
  proseSchema,
  slugSchema,
} from './schema-primitives.ts';

/** Who an escalation can notify besides named people (by e-mail address). */
export const notifyKeywords = ['assignee', 'owner', 'manager', 'customer_contact'] as const;

const recipientSchema = z
  .string()
  .refine((value) => (notifyKeywords as readonly string[]).includes(value) || emailSchema.safeParse(value).success, {
    error: `expected ${notifyKeywords.join(', ')} or an e-mail address`,
  })
  .meta({
    anyOf: [{ enum: [...notifyKeywords] }, { type: 'string', format: 'email' }],
    description:
      'assignee (of the ticket), owner (of the service), manager (service level managers), customer_contact (the customer representative on the ticket), or an e-mail address.',
  });

export const escalationLevelSchema = z
  .strictObject({
    at: percentSchema({ min: 0, max: 1000, exclusiveMin: true }).meta({
      description: 'Percent of the clock duration used, e.g. 75% (may exceed 100%, after the breach).',
    }),
    notify: distinctList(recipientSchema, 'recipient').min(1),
    reassignTo: z.string().trim().min(1).max(200).optional().meta({ description: 'Group or person to reassign to.' }),
    raisePriority: z.boolean().default(false).meta({ description: 'Raise the ticket one priority level.' }),
    openDeviation: z.boolean().default(false).meta({ description: 'Open a deviation in the improvement register.' }),
    targets: distinctList(slugSchema, 'target', 'AGREEMENT_DUPLICATE_ID')
      .min(1)
      .optional()
      .meta({ description: 'Ticket targets this level applies to; default: all ticket targets.' }),
  })
  .meta({ description: 'An escalation level on the SLA clocks.' });

export const escalationSchema = z
  .array(escalationLevelSchema)
  .default([])
  .superRefine((levels, ctx) => {
    const seen = new Set<string>();
    levels.forEach((level, index) => {
      const key = `${level.at}|${[...(level.targets ?? [])].sort().join(',')}`;
      if (seen.has(key)) {
        addCodedIssue(
          ctx,
          'AGREEMENT_INVALID',
          `another level already escalates at ${level.at}% for the same targets; merge them`,
          [index, 'at'],
        );
      }
      seen.add(key);
    });
  });

const tierSchema = z.strictObject({
  below: percentSchema({ min: 0, max: 100, exclusiveMin: true }).meta({
    description: 'The tier applies when the result is below this percent.',
  }),
  credit: percentSchema({ min: 0, max: 100, exclusiveMin: true }).meta({ description: 'Credit, percent of the fee.' }),
});

export const creditRuleSchema = z
  .strictObject({
    target: slugSchema.meta({ description: 'The target whose results earn the credit (a target id).' }),
    tiers: z
      .array(tierSchema)
      .min(1)
      .optional()
      .meta({ description: 'Credit tiers by attainment or availability; the deepest tier reached applies.' }),
    perBreach: percentSchema({ min: 0, max: 100, exclusiveMin: true })
      .optional()
      .meta({ description: 'Credit per breached ticket, percent of the fee.' }),
  })
  .superRefine((rule, ctx) => {
    if ((rule.tiers === undefined) === (rule.perBreach === undefined)) {
      addCodedIssue(ctx, 'AGREEMENT_INVALID', 'give exactly one of "tiers" or "perBreach"');
    }
    const seen = new Set<number>();
    rule.tiers?.forEach((tier, index) => {
      if (seen.has(tier.below)) {
        addCodedIssue(ctx, 'AGREEMENT_INVALID', `two tiers start below ${tier.below}%`, ['tiers', index, 'below']);
      }
      seen.add(tier.below);
    });
  })
  .transform(
    (rule): CreditRule =>
      rule.tiers
        ? { target: rule.target, tiers: [...rule.tiers].sort((a, b) => b.below - a.below) }
        : { target: rule.target, perBreach: rule.perBreach ?? 0 },
  )
  .meta({ oneOf: [{ required: ['tiers'] }, { required: ['perBreach'] }], description: 'A service credit rule.' });

/** A credit tier: below `below` percent, `credit` percent of the fee. */
export interface CreditTier {
  below: number;
  credit: number;
}
/** Tiers are sorted from the shallowest (highest `below`) to the deepest. */
export type CreditRule = { target: string; tiers: CreditTier[] } | { target: string; perBreach: number };

export const creditsSchema = z
  .strictObject({
    monthlyFee: z.strictObject({
      amount: z
        .number()
        .positive()
        .refine((amount) => /^\d+(\.\d{1,2})?$/.test(String(amount)), {
          error: 'give the fee in cents at most, e.g. 12000.50',
        }),
      currency: z.string().regex(/^[A-Z]{3}$/, { error: 'expected an ISO 4217 currency code such as EUR or PLN' }),
    }),
    rules: z.array(creditRuleSchema).default([]),
    monthlyCap: percentSchema({ min: 0, max: 100 })
      .optional()
      .meta({ description: 'Credits in a month never exceed this percent of the monthly fee.' }),
    rollingTwelveMonthCap: percentSchema({ min: 0, max: 100 })
      .optional()
      .meta({ description: 'Credits over the last twelve months never exceed this percent of their fees.' }),
    claimWithinDays: z.int().min(0).max(3650).optional().meta({ description: 'Days the customer has to claim.' }),
  })
  .meta({ description: 'Service credits computed from the measured results.' });

export const terminationTriggerSchema = z
  .strictObject({
    target: slugSchema,
    missedConsecutivePeriods: z.int().min(1).max(120).optional(),
    missedOf: z
      .strictObject({ missed: z.int().min(1), periods: z.int().min(1).max(120) })
      .refine((value) => value.missed <= value.periods, {
        error: '"missed" cannot exceed "periods"',
        path: ['missed'],
      })
      .optional()
      .meta({ description: 'Missed in at least `missed` of the last `periods` periods.' }),
  })
  .superRefine((trigger, ctx) => {
    if ((trigger.missedConsecutivePeriods === undefined) === (trigger.missedOf === undefined)) {
      addCodedIssue(ctx, 'AGREEMENT_INVALID', 'give exactly one of "missedConsecutivePeriods" or "missedOf"');
    }
  })
  .transform(
    (trigger): TerminationTrigger =>
      trigger.missedOf
        ? { target: trigger.target, missedOf: trigger.missedOf }
        : { target: trigger.target, missedConsecutivePeriods: trigger.missedConsecutivePeriods ?? 1 },
  )
  .meta({ oneOf: [{ required: ['missedConsecutivePeriods'] }, { required: ['missedOf'] }] });

/** A measurable termination trigger: N consecutive missed periods, or M missed of the last K. */
export type TerminationTrigger =
  | { target: string; missedConsecutivePeriods: number }
  | { target: string; missedOf: { missed: number; periods: number } };

export const terminationClauseSchema = z
  .strictObject({
    trigger: terminationTriggerSchema.optional(),
    right: proseSchema.meta({
      description: 'The right the trigger gives, e.g. "the customer may terminate for cause".',
    }),
  })
  .meta({ description: 'A termination right and its trigger.' });
