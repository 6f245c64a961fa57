/**
 * Use-case: answer one business-time question (a deadline or an elapsed time) given as plain data, the way the
 * CLI, the batch protocol and the HTTP API receive it: ISO instants in, an ISO instant in the calendar's zone (or
 * minutes) out. Invalid requests become DomainErrors with stable codes.
 */
import { z } from 'zod';
import { DomainError } from '../../core/errors.ts';
import {
  addBusinessMinutes,
  compileCalendar,
  elapsedBusinessMinutes,
  formatInstant,
  parseInstant,
} from '../../core/time/index.ts';
import { toDomainIssues } from '../../core/validation-issues.ts';

const addRequestSchema = z.object({
  op: z.literal('add'),
  calendar: z.unknown(),
  start: z.string(),
  minutes: z.number().finite().nonnegative(),
});

const elapsedRequestSchema = z.object({
  op: z.literal('elapsed'),
  calendar: z.unknown(),
  from: z.string(),
  to: z.string(),
});

const requestSchema = z.discriminatedUnion('op', [addRequestSchema, elapsedRequestSchema]);

export type BusinessTimeRequest = z.infer<typeof requestSchema>;

/** An ISO instant in the calendar's zone, null when the calendar has no such business time, or minutes. */
export type BusinessTimeAnswer = string | number | null;

export function computeBusinessTime(request: unknown): BusinessTimeAnswer {
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success) {
    throw DomainError.fromIssues(toDomainIssues(parsed.error.issues, 'REQUEST_INVALID'));
  }
  const input = parsed.data;
  if (input.calendar === undefined) {
    throw new DomainError('REQUEST_INVALID', 'calendar is required', { issues: [] });
  }
  const calendar = compileCalendar(input.calendar);
  if (input.op === 'add') {
    const deadline = addBusinessMinutes(calendar, parseInstant(input.start, 'start'), input.minutes);
    return deadline === null ? null : formatInstant(deadline, calendar.definition.timezone);
  }
  return elapsedBusinessMinutes(calendar, parseInstant(input.from, 'from'), parseInstant(input.to, 'to'));
}
