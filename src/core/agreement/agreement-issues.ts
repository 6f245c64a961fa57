/**
 * Zod issues of an agreement document turned into precise issues with stable codes. Like `validation-issues.ts`,
 * a union failure reports the branch the author evidently meant and unknown keys are reported one by one; in
 * addition each issue gets its own code: the one a primitive attached (`DURATION_INVALID`, `PERCENT_INVALID`, ...),
 * `CALENDAR_INVALID` inside a calendar, `AGREEMENT_INVALID` otherwise.
 */
import type { z } from 'zod';
import type { DomainErrorCode, DomainIssue } from '../errors.ts';
import { formatPath } from '../validation-issues.ts';

/** An issue in an agreement document, with its place in the source text when known (1-based). */
export interface AgreementIssue extends DomainIssue {
  readonly line?: number;
  readonly column?: number;
}

export function agreementIssuesFromZod(issues: readonly z.core.$ZodIssue[]): AgreementIssue[] {
  return issues.flatMap((issue) => expand(issue, []));
}

function expand(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): AgreementIssue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]!;
    if (depth(best) > 0) return best.flatMap((inner) => expand(inner, path));
    const messages = [...new Set(issue.errors.flat().map((inner) => inner.message))];
    return [{ path: formatPath(path), code: codeOf(issue, path), message: unionMessage(path, messages) }];
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: formatPath([...path, key]),
      code: codeOf(issue, path),
      message: `unknown field "${key}"`,
    }));
  }
  if (issue.code === 'invalid_key') {
    const reason = issue.issues[0]?.message ?? issue.message;
    return [
      {
        path: formatPath(path),
        code: 'AGREEMENT_INVALID',
        message: `invalid name "${String(path.at(-1))}": ${reason}`,
      },
    ];
  }
  return [{ path: formatPath(path), code: codeOf(issue, path), message: messageOf(issue, path) }];
}

function codeOf(issue: z.core.$ZodIssue, path: readonly PropertyKey[]): DomainErrorCode {
  if (issue.code === 'custom') {
    const code = (issue.params as { code?: DomainErrorCode } | undefined)?.code;
    if (code) return code;
  }
  return isInsideCalendar(path) ? 'CALENDAR_INVALID' : 'AGREEMENT_INVALID';
}

function messageOf(issue: z.core.$ZodIssue, path: readonly PropertyKey[]): string {
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) {
    return `missing required field "${String(path.at(-1) ?? '')}"`;
  }
  if (issue.code === 'invalid_type' && path.length === 0) {
    return 'an agreement is a mapping that starts with apiVersion: covenant/v1 and kind: Agreement';
  }
  return issue.message;
}

function unionMessage(path: readonly PropertyKey[], messages: readonly string[]): string {
  if (isInsideCalendar(path) && path.length === 3) {
    return 'a calendar is "24x7", an object with a timezone and weekly hours, or { use: <workspace calendar id> }';
  }
  return messages.join('; or ');
}

function isInsideCalendar(path: readonly PropertyKey[]): boolean {
  return path.length >= 3 && path[0] === 'spec' && path[1] === 'calendars';
}

function depth(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((issue) => issue.path.length));
}
