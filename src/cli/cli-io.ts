/**
 * What every CLI command needs from the outside world, passed in by the composition root so commands stay testable:
 * output streams, standard input, and the current time.
 */
import type { Readable, Writable } from 'node:stream';
import { DomainError } from '../core/errors.ts';

export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable;
  readonly now: () => number;
  readonly cwd: string;
}

/** Exit codes shared by every command; documented in `covenant --help`. */
export const exitCodes = { ok: 0, failure: 1, badInput: 2, noResult: 3 } as const;

/** A failure to report to the user with a stable code and an exit status. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = exitCodes.badInput,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Prints an error for a human (or as JSON with --json) and returns the exit code to use. */
export function reportError(io: CliIo, error: unknown, json: boolean): number {
  const { code, message, details, exitCode } = describeError(error);
  if (json) io.stdout.write(`${JSON.stringify({ error: { code, message, details } })}\n`);
  else {
    io.stderr.write(`error [${code}]: ${message}\n`);
    const issues = (details.issues ?? []) as { path: string; message: string }[];
    if (issues.length > 1)
      for (const issue of issues) io.stderr.write(`  - ${issue.path || '(root)'}: ${issue.message}\n`);
  }
  return exitCode;
}

export function describeError(error: unknown): {
  code: string;
  message: string;
  details: Record<string, unknown>;
  exitCode: number;
} {
  if (error instanceof DomainError) {
    return { code: error.code, message: error.message, details: { ...error.details }, exitCode: exitCodes.badInput };
  }
  if (error instanceof CliError) {
    return { code: error.code, message: error.message, details: error.details, exitCode: error.exitCode };
  }
  const message = error instanceof Error ? error.message : String(error);
  // Errors of adapters that carry a stable code (configuration, a locked data directory, a refused connection).
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) {
    return { code, message, details: {}, exitCode: code === 'CONFIG_INVALID' ? exitCodes.badInput : exitCodes.failure };
  }
  return { code: 'INTERNAL_ERROR', message, details: {}, exitCode: exitCodes.failure };
}
