/**
 * What the server's and the worker's logs may carry (decision 0034). A failed query's error holds every value the
 * query was given — drizzle's `params` and its message ("Failed query: … params: …"), PGlite's `params`, PostgreSQL's
 * `detail` ("Key (email)=(…) already exists") — and those values are password hashes, webhook signing secrets, API
 * token hashes, e-mail addresses. Errors are therefore logged through `serializeErrorSafely`, which keeps what
 * explains a fault (type, SQLSTATE code, constraint, table, column, the query text with its literals blanked, the stack
 * frames) and drops every value; and request logs redact credentials and secrets wherever they may appear.
 */
import type { DestinationStream, LoggerOptions } from 'pino';

const REDACTED = '[redacted]';

/** Log paths that may hold a credential or a secret (headers, and fields of any logged object or body). */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  ...[
    'password',
    'newPassword',
    'currentPassword',
    'passwordHash',
    'secret',
    'previousSecrets',
    'token',
    'tokenHash',
  ].flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

/** Properties of database errors that explain the fault without repeating any value. */
const KEPT_FIELDS = [
  'code',
  'severity',
  'constraint',
  'table',
  'column',
  'schema',
  'dataType',
  'routine',
  'statusCode',
];
const MAX_CAUSES = 5;
const MAX_QUERY_CHARS = 2000;

/**
 * The pino options of the server (through fastify) and of `covenant worker`: one level, the redactions, and the
 * safe error serializer for `err` and `error`. `stream` is where lines go (stdout unless given; tests capture them).
 */
export function safeLoggerOptions(
  level: string,
  stream?: DestinationStream,
): LoggerOptions & { stream?: DestinationStream } {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    serializers: { err: serializeErrorSafely, error: serializeErrorSafely },
    ...(stream ? { stream } : {}),
  };
}

/** An error (and its causes) as a log object without the values it was given. */
export function serializeErrorSafely(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return typeof error === 'object' ? '[non-error object]' : String(error);
  const source = error as Error & Record<string, unknown>;
  const fromDatabase = isDatabaseError(source);
  const message = safeMessage(source.message, fromDatabase);
  const type = source.constructor?.name ?? source.name;
  const serialized: Record<string, unknown> = { type, message };
  for (const field of KEPT_FIELDS) {
    const value = source[field];
    if (typeof value === 'string' || typeof value === 'number') serialized[field] = value;
  }
  if (typeof source.query === 'string') serialized.query = blankLiterals(source.query);
  if (Array.isArray(source.params)) serialized.params = `[${source.params.length} parameters not logged]`;
  if (typeof source.stack === 'string') {
    const frames = source.stack.split('\n').filter((line) => /^\s+at /.test(line));
    serialized.stack = [`${type}: ${message}`, ...frames].join('\n');
  }
  if (source.cause !== undefined && depth < MAX_CAUSES)
    serialized.cause = serializeErrorSafely(source.cause, depth + 1);
  return serialized;
}

/** A database error: a drizzle query failure or a PostgreSQL error (a five-character SQLSTATE code). */
function isDatabaseError(error: Record<string, unknown>): boolean {
  return (
    'params' in error || (typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code) && 'severity' in error)
  );
}

/**
 * Drizzle's "Failed query: <sql>\nparams: <values>" loses its values; PostgreSQL messages lose a quoted value at
 * their end (`invalid input syntax for type uuid: "…"`), keeping object names such as a constraint's.
 */
function safeMessage(message: string, fromDatabase: boolean): string {
  const withoutParams = message.replace(/\nparams: [\s\S]*$/, '\nparams: [not logged]');
  const failedQuery = /^Failed query: ([\s\S]*?)\nparams: \[not logged\]$/.exec(withoutParams);
  if (failedQuery) return `Failed query: ${blankLiterals(failedQuery[1]!)}\nparams: [not logged]`;
  return fromDatabase ? withoutParams.replace(/: "[\s\S]*"$/, ': "…"') : withoutParams;
}

/** Query text with string literals blanked (parameters are placeholders; an inlined value would be a literal). */
function blankLiterals(query: string): string {
  return query.replace(/'(?:[^']|'')*'/g, "'…'").slice(0, MAX_QUERY_CHARS);
}

/** An error's stack (or message) as a person may read it in a terminal: without the values it was given. */
export function safeStackOf(error: unknown): string {
  const serialized = serializeErrorSafely(error);
  if (typeof serialized !== 'object' || serialized === null) return String(serialized);
  const { stack, message } = serialized as { stack?: string; message?: string };
  return stack ?? message ?? 'unknown error';
}
