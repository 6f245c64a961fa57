/**
 * The building blocks of the agreement schema: identifiers, dates, e-mail addresses, durations, periods and percents.
 * Each accepts what authors write (its JSON Schema says so, for editors) and yields the normalised value. A value that
 * has the right type but the wrong form is reported with its own stable code (`DURATION_INVALID`, `PERCENT_INVALID`)
 * through the issue's `params.code`, which `agreement-issues.ts` reads.
 */
import { z } from 'zod';
import type { DomainErrorCode } from '../errors.ts';
import { parseIsoDate } from '../time/civil-date.ts';
import {
  businessDurationJsonPattern,
  calendarPeriodJsonPattern,
  explainBusinessDuration,
  parseBusinessDuration,
  parseCalendarPeriod,
  parsePercent,
  percentJsonPattern,
} from './quantities.ts';

/** Adds an issue carrying its own domain error code. */
export function addCodedIssue(
  ctx: z.core.$RefinementCtx,
  code: DomainErrorCode,
  message: string,
  path?: PropertyKey[],
) {
  ctx.addIssue({ code: 'custom', message, params: { code }, ...(path ? { path } : {}) });
}

const slugPattern = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

/** A lower-case identifier: letters, digits, single hyphens or underscores between them (`p1-response`, `erp`). */
export const slugSchema = z
  .string()
  .max(64)
  .regex(slugPattern, { error: 'use lower-case letters, digits and single hyphens, e.g. "p1-response"' })
  .meta({ description: 'Lower-case identifier: letters, digits, single hyphens or underscores.' });

/** A status name: lower_snake_case. */
export const statusNameSchema = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/, {
    error: 'write status names in lower_snake_case, e.g. "awaiting_customer"',
  });

/** A priority level, impact or urgency name (`P1`, `high`). */
export const levelNameSchema = z
  .string()
  .max(32)
  .regex(/^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$/, { error: 'use letters and digits, e.g. "P1" or "high"' });

/** Free text where prose belongs: never empty. */
export const proseSchema = z.string().trim().min(1, { error: 'write the text or leave the field out' }).max(10_000);

/** A short label (a name, a title). */
export const labelTextSchema = z.string().trim().min(1, { error: 'must not be empty' }).max(300);

/** An e-mail address. */
export const emailSchema = z.email({ error: 'expected an e-mail address such as sla@customer.example' });

/** A local calendar date `YYYY-MM-DD`, kept as text. */
export const dateSchema = z
  .string({ error: (issue) => (issue.input === undefined ? undefined : 'expected a date written as YYYY-MM-DD') })
  .superRefine((text, ctx) => {
    if (parseIsoDate(text) === undefined)
      addCodedIssue(ctx, 'AGREEMENT_INVALID', `"${text}" is not a date; write YYYY-MM-DD`);
  })
  .meta({ format: 'date', description: 'A local calendar date, YYYY-MM-DD.' });

/** A business duration: ISO-8601 text in, milliseconds out. */
export const durationSchema = z
  .string({
    error: (issue) =>
      issue.input === undefined ? undefined : 'expected an ISO-8601 duration such as PT30M, PT4H or P2D (text)',
  })
  .transform((text, ctx) => {
    const ms = parseBusinessDuration(text);
    if (ms === undefined) {
      addCodedIssue(ctx, 'DURATION_INVALID', explainBusinessDuration(text));
      return z.NEVER;
    }
    return ms;
  })
  .meta({
    pattern: businessDurationJsonPattern,
    description:
      'ISO-8601 duration of business time (PT30M, PT4H, P2D). A day is 24 hours of business time of the calendar.',
  });

/** A review, meeting or reporting cadence: ISO-8601 text in, `{months, days}` out. */
export const periodSchema = z
  .string({ error: (issue) => (issue.input === undefined ? undefined : 'expected an ISO-8601 period such as P1M') })
  .transform((text, ctx) => {
    const period = parseCalendarPeriod(text);
    if (period === undefined) {
      addCodedIssue(ctx, 'DURATION_INVALID', `"${text}" is not a period; write e.g. P1M, P3M, P1Y, P2W or P90D`);
      return z.NEVER;
    }
    return period;
  })
  .meta({ pattern: calendarPeriodJsonPattern, description: 'ISO-8601 calendar period: P1M, P3M, P1Y, P2W, P90D.' });

/** Bounds of a percent; `exclusive` bounds refuse the bound itself. */
interface PercentBounds {
  readonly min: number;
  readonly max: number;
  readonly exclusiveMin?: boolean;
  readonly exclusiveMax?: boolean;
}

/** A percent written as `95%` or `95`, normalised to the number 95, within the given bounds. */
export function percentSchema(bounds: PercentBounds = { min: 0, max: 100 }) {
  const range = `${bounds.exclusiveMin ? 'above' : 'from'} ${bounds.min}% ${bounds.exclusiveMax ? 'and below' : 'to'} ${bounds.max}%`;
  return z
    .custom<number | string>((value) => typeof value === 'number' || typeof value === 'string', {
      error: (issue) => (issue.input === undefined ? 'required' : 'expected a percent such as 95% or 95'),
    })
    .transform((value, ctx) => {
      const percent = parsePercent(value);
      if (percent === undefined) {
        addCodedIssue(ctx, 'PERCENT_INVALID', `"${String(value)}" is not a percent; write e.g. 95% or 99.5%`);
        return z.NEVER;
      }
      const tooLow = bounds.exclusiveMin ? percent <= bounds.min : percent < bounds.min;
      const tooHigh = bounds.exclusiveMax ? percent >= bounds.max : percent > bounds.max;
      if (tooLow || tooHigh) {
        addCodedIssue(ctx, 'PERCENT_INVALID', `${percent}% is out of range; expected ${range}`);
        return z.NEVER;
      }
      return percent;
    })
    .meta({
      anyOf: [
        {
          type: 'number',
          ...(bounds.exclusiveMin ? { exclusiveMinimum: bounds.min } : { minimum: bounds.min }),
          ...(bounds.exclusiveMax ? { exclusiveMaximum: bounds.max } : { maximum: bounds.max }),
        },
        { type: 'string', pattern: percentJsonPattern },
      ],
      description: `A percent, written 95% or 95 (${range}).`,
    });
}

/**
 * A list whose entries must be distinct, reported at the second occurrence with the given code; `notAList` is the
 * message for a value written where the list belongs (zod's own otherwise).
 */
export function distinctList<T extends z.ZodType>(
  item: T,
  what: string,
  code: DomainErrorCode = 'AGREEMENT_INVALID',
  notAList?: string,
) {
  const list = notAList
    ? z.array(item, { error: (issue) => (issue.input === undefined ? undefined : notAList) })
    : z.array(item);
  return list.superRefine((values, ctx) => {
    const seen = new Set<string>();
    values.forEach((value, index) => {
      const key = JSON.stringify(value);
      if (seen.has(key)) addCodedIssue(ctx, code, `${what} ${key} is listed twice`, [index]);
      seen.add(key);
    });
  });
}
