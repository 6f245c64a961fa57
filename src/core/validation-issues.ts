/**
 * Turns zod issues into precise, user-facing issues: a union failure reports the branch that got furthest (the one
 * the author evidently meant) instead of zod's bare "Invalid input", and unknown keys are reported one by one at
 * their own path.
 */
import type { z } from 'zod';
import type { DomainErrorCode, DomainIssue } from './errors.ts';

type PathSegment = PropertyKey;

export function toDomainIssues(issues: readonly z.core.$ZodIssue[], code: DomainErrorCode): DomainIssue[] {
  return issues.flatMap((issue) => expand(issue, [], code));
}

function expand(issue: z.core.$ZodIssue, prefix: readonly PathSegment[], code: DomainErrorCode): DomainIssue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]!;
    if (depth(best) > 0) return best.flatMap((inner) => expand(inner, path, code));
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: formatPath([...path, key]), code, message: `unknown field "${key}"` }));
  }
  return [{ path: formatPath(path), code, message: issue.message }];
}

function depth(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((issue) => issue.path.length));
}

export function formatPath(path: readonly PathSegment[]): string {
  return path.map(String).join('.');
}
