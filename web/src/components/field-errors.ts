/**
 * The server's refusal of a form, field by field: validation issues carry paths such as `body.emailDomains.1`, and
 * conflicts name their field in `details.field` (EMAIL_DOMAIN_TAKEN, CONTACT_EMAIL_TAKEN). Screens show each message
 * beside the control it concerns, in the server's words, so the UI never words a rule differently from the API.
 */
import { ApiError } from '../api/client.ts';

export interface FieldErrors {
  /** Messages by field name ("emailDomains") and by item ("emailDomains.1"). */
  readonly byField: Readonly<Record<string, string>>;
  /** What no field of the form shows (say it above the form). */
  readonly other: ApiError | Error | null;
}

export function fieldErrorsOf(error: unknown, fields: readonly string[]): FieldErrors {
  if (!error) return { byField: {}, other: null };
  if (!(error instanceof ApiError))
    return { byField: {}, other: error instanceof Error ? error : new Error(String(error)) };
  const byField: Record<string, string> = {};
  for (const issue of error.details.issues ?? []) {
    const path = issue.path.replace(/^body\./, '');
    const field = path.split('.')[0]!;
    if (!fields.includes(field)) continue;
    byField[path] ??= withCode(issue.message, error.code);
    byField[field] ??= withCode(issue.message, error.code);
  }
  const named = typeof error.details.field === 'string' ? error.details.field : null;
  if (named && fields.includes(named)) byField[named] ??= withCode(error.message, error.code);
  return { byField, other: Object.keys(byField).length > 0 ? null : error };
}

function withCode(message: string, code: string): string {
  return `${capitalise(message)} (${code})`;
}

/** "must be …" reads as a sentence; a message that starts with a name ("acme.example is …") keeps its case. */
function capitalise(text: string): string {
  return /^[a-z]+(?=\s)/.test(text) ? text[0]!.toUpperCase() + text.slice(1) : text;
}
