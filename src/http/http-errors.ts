/**
 * Every error leaves the server as `{ error: { code, message, details } }` with the right status, mapped here and
 * nowhere else. Bad input of any kind is a 4xx; a 5xx means a fault of ours, logged with the request id.
 */
import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type AppErrorKind } from '../app/app-error.ts';
import { DomainError } from '../core/errors.ts';

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details: Record<string, unknown> };
}

const statusOfKind: Record<AppErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  precondition_required: 428,
  rate_limited: 429,
  unavailable: 503,
};

/** Domain errors are about the content sent: 422 when it parses but breaks a rule, 400 otherwise. */
const unprocessableDomainCodes = new Set([
  'AGREEMENT_VERSION_LOCKED',
  'AGREEMENT_TRANSITION_INVALID',
  'AGREEMENT_NOT_YET_EFFECTIVE',
  'APPROVAL_HASH_MISMATCH',
  'APPROVAL_ALREADY_GIVEN',
  'APPROVER_NOT_SIGNATORY',
  'LINT_ERRORS_BLOCK_SUBMISSION',
]);

/** `bodyLimit`: the limit of the route the error happened on, named when a body exceeds it. */
export function toErrorResponse(
  error: unknown,
  bodyLimit?: number,
): { status: number; body: ErrorBody; unexpected: boolean } {
  const respond = (status: number, code: string, message: string, details: Record<string, unknown> = {}) => ({
    status,
    body: { error: { code, message, details } },
    unexpected: false,
  });
  if (error instanceof AppError) return respond(statusOfKind[error.kind], error.code, error.message, error.details);
  if (error instanceof DomainError) {
    const status = unprocessableDomainCodes.has(error.code) ? 422 : 400;
    return respond(status, error.code, error.message, { ...error.details });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((issue) => ({
      path: [
        error.validationContext,
        ...(issue.instancePath ? issue.instancePath.split('/').filter(Boolean) : []),
      ].join('.'),
      message: issue.message ?? 'invalid value',
      code: String((issue.params as { issue?: { code?: unknown } } | undefined)?.issue?.code ?? 'invalid'),
    }));
    const first = issues[0];
    return respond(400, 'VALIDATION_FAILED', first ? `${first.path}: ${first.message}` : 'the request is invalid', {
      issues,
    });
  }
  const fastifyError = error as FastifyError;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return respond(400, 'MALFORMED_JSON', 'the request body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return bodyLimit === undefined
        ? respond(413, 'BODY_TOO_LARGE', 'the request body is too large')
        : respond(413, 'BODY_TOO_LARGE', `the request body is larger than this route accepts (${bodyLimit} bytes)`, {
            limitBytes: bodyLimit,
          });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return respond(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the request body as application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return respond(400, 'BAD_CONTENT_LENGTH', 'the Content-Length header does not match the body');
    case 'FST_ERR_BAD_URL':
      return respond(400, 'BAD_URL', 'the URL is malformed');
    case 'FST_ERR_VALIDATION':
      return respond(400, 'VALIDATION_FAILED', fastifyError.message);
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return respond(fastifyError.statusCode, 'BAD_REQUEST', fastifyError.message);
  }
  return {
    status: 500,
    body: {
      error: { code: 'INTERNAL_ERROR', message: 'an unexpected error occurred; it has been logged', details: {} },
    },
    unexpected: true,
  };
}
