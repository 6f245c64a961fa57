/**
 * Stable domain error codes. The core reports every failure through one of these codes; adapters map them to
 * HTTP statuses, CLI exit codes or UI messages, never the other way round.
 */
export const domainErrorCodes = [
  'CALENDAR_INVALID',
  'CALENDAR_UNKNOWN_TIMEZONE',
  'CALENDAR_INVALID_TIME',
  'CALENDAR_EMPTY_INTERVAL',
  'CALENDAR_OVERLAPPING_INTERVALS',
  'CALENDAR_INVALID_DATE',
  'CALENDAR_DUPLICATE_OVERRIDE',
  'CALENDAR_UNKNOWN_HOLIDAY_REGION',
  'CALENDAR_HAS_NO_WORKING_TIME',
  'CALENDAR_TOO_MANY_HOLIDAYS',
  'CALENDAR_TOO_MANY_OVERRIDES',
  'INSTANT_INVALID',
  'INSTANT_OUT_OF_RANGE',
  'DURATION_INVALID',
  'REQUEST_INVALID',
  'PERIOD_INVALID',
  'MEASUREMENT_INPUT_INVALID',
  'CREDIT_INPUT_INVALID',
  'TERMINATION_INPUT_INVALID',
  // Agreements (src/core/agreement): parsing, cross-references, approval.
  'AGREEMENT_PARSE_ERROR',
  'AGREEMENT_INVALID',
  'AGREEMENT_UNKNOWN_REFERENCE',
  'AGREEMENT_INCOMPATIBLE_REFERENCE',
  'AGREEMENT_DUPLICATE_ID',
  'PERCENT_INVALID',
  'AGREEMENT_VERSION_LOCKED',
  'AGREEMENT_TRANSITION_INVALID',
  'AGREEMENT_NOT_YET_EFFECTIVE',
  'APPROVAL_HASH_MISMATCH',
  'APPROVAL_ALREADY_GIVEN',
  'APPROVER_NOT_SIGNATORY',
  'LINT_ERRORS_BLOCK_SUBMISSION',
] as const;

export type DomainErrorCode = (typeof domainErrorCodes)[number];

/** One precise problem inside an input document: where it is, what rule it breaks, what it says. */
export interface DomainIssue {
  readonly path: string;
  readonly code: DomainErrorCode;
  readonly message: string;
}

/** The only error type the core throws on purpose. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: DomainErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: DomainErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }

  /** Builds one error from several issues: the first issue names the error, all of them travel in `details.issues`. */
  static fromIssues(issues: readonly DomainIssue[], summary?: string): DomainError {
    const first = issues[0];
    if (!first) throw new Error('DomainError.fromIssues needs at least one issue');
    const message =
      summary ??
      (issues.length === 1
        ? `${first.path ? `${first.path}: ` : ''}${first.message}`
        : `${issues.length} problems, first: ${first.path ? `${first.path}: ` : ''}${first.message}`);
    return new DomainError(first.code, message, { issues });
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
