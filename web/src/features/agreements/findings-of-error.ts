/** A refused save or submission, as findings the editor can place at their fields. */
import { ApiError } from '../../api/client.ts';
import type { LintFinding } from '../../api/types.ts';

export function findingsOfError(error: unknown): LintFinding[] | null {
  if (!(error instanceof ApiError)) return null;
  const lint = error.details.findings;
  if (Array.isArray(lint)) return lint as LintFinding[];
  const issues = error.details.issues;
  if (!issues || (error.code !== 'AGREEMENT_INVALID' && error.code !== 'AGREEMENT_PARSE_ERROR')) return null;
  return issues.map((issue) => ({
    path: issue.path,
    rule: issue.code ?? error.code,
    severity: 'error' as const,
    message: issue.line ? `${issue.message} (line ${issue.line})` : issue.message,
    suggestion: '',
  }));
}
