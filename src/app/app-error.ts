/**
 * Failures of use-cases that are not about the domain's rules but about access and state: not found, not allowed,
 * a conflict, a stale version. Each has a stable code; the HTTP edge maps `kind` to a status once.
 */
export type AppErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'precondition_required'
  | 'rate_limited'
  | 'unavailable';

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly kind: AppErrorKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The one "not found" answer: also used where the caller may not know the thing exists at all. */
export function notFound(entity: string, id: string): AppError {
  return new AppError('not_found', 'NOT_FOUND', `${entity} ${id} was not found`, { entity, id });
}

export function forbidden(message: string, code = 'FORBIDDEN'): AppError {
  return new AppError('forbidden', code, message);
}

export function conflict(code: string, message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('conflict', code, message, details);
}

export function invalid(code: string, message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('invalid', code, message, details);
}
