/**
 * What the composer checks before it sends, with the limits the API has (text 1..100,000 characters, cc as
 * addresses), so a person learns of a mistake at the field instead of from a refused request; the server still
 * decides, and its answer is shown by field too.
 */

export const MAX_MESSAGE_LENGTH = 100_000;
export const MAX_CC = 20;

/** The shape of an address the server accepts (one @, a dot in the domain, no spaces or angle brackets). */
const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]+$/;

export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && ADDRESS.test(text);
}

/** "a@x.example, B@y.example; c@z.example" -> the addresses as written, split by commas, semicolons or spaces. */
export function parseAddressList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export type ComposerMode = 'reply' | 'note';

export interface ComposerDraft {
  readonly mode: ComposerMode;
  readonly text: string;
  readonly cc: string;
}

export interface ComposerCheck {
  readonly problems: Partial<Record<'text' | 'cc', string>>;
  readonly body: { kind: ComposerMode; text: string; cc?: string[] } | null;
}

export function checkComposer(draft: ComposerDraft): ComposerCheck {
  const problems: ComposerCheck['problems'] = {};
  const text = draft.text.replace(/\s+$/, '');
  if (text.trim() === '') problems.text = draft.mode === 'note' ? 'Write the note.' : 'Write the reply.';
  else if (text.length > MAX_MESSAGE_LENGTH)
    problems.text = `At most ${MAX_MESSAGE_LENGTH.toLocaleString('en')} characters (this has ${text.length.toLocaleString('en')}).`;
  const cc = draft.mode === 'reply' ? [...new Set(parseAddressList(draft.cc).map((entry) => entry.toLowerCase()))] : [];
  const wrong = parseAddressList(draft.mode === 'reply' ? draft.cc : '').filter((entry) => !isEmailAddress(entry));
  if (wrong.length > 0) problems.cc = `Not an e-mail address: ${wrong.join(', ')}`;
  else if (cc.length > MAX_CC) problems.cc = `At most ${MAX_CC} addresses in cc.`;
  if (Object.keys(problems).length > 0) return { problems, body: null };
  return { problems, body: { kind: draft.mode, text, ...(cc.length > 0 ? { cc } : {}) } };
}

export interface CallDraft {
  readonly caller: string;
  /** From a datetime-local control: wall time in the viewer's zone, "2026-10-05T09:30". */
  readonly start: string;
  /** Minutes, or "mm:ss", or "h:mm:ss". */
  readonly duration: string;
  readonly summary: string;
}

export interface CallCheck {
  readonly problems: Partial<Record<'caller' | 'start' | 'duration' | 'summary', string>>;
  readonly call: { caller: string; startedAt: string; durationSeconds: number; summary: string } | null;
}

/** Parses "12" (minutes), "12:30" (minutes and seconds) or "1:02:30"; null when it is none of these. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d{1,4}$/.test(trimmed)) return Number(trimmed) * 60;
  const parts = /^(?:(\d{1,2}):)?(\d{1,3}):([0-5]\d)$/.exec(trimmed);
  if (!parts) return null;
  return Number(parts[1] ?? 0) * 3600 + Number(parts[2]) * 60 + Number(parts[3]);
}

/**
 * Checks a call. `toInstant` turns the wall time of the start into an instant in the viewer's zone (the screen owns
 * zones); `now` is the present, since a call cannot have started in the future. An empty start means the call just
 * ended: it started its duration ago (but not before `notBefore`, the ticket's opening, when it is logged on one).
 */
export function checkCall(
  draft: CallDraft,
  toInstant: (wall: string) => string | null,
  now: number,
  notBefore?: number,
): CallCheck {
  const problems: CallCheck['problems'] = {};
  const caller = draft.caller.trim();
  if (caller === '') problems.caller = 'Name who called (a name, an address or a number).';
  else if (caller.length > 200) problems.caller = 'At most 200 characters.';
  const seconds = parseDuration(draft.duration);
  if (seconds === null) problems.duration = 'Give minutes (e.g. 12) or minutes and seconds (e.g. 12:30).';
  else if (seconds > 24 * 3600) problems.duration = 'At most 24 hours.';
  let startedAt: string | null = null;
  if (draft.start === '') {
    if (seconds !== null) startedAt = new Date(Math.max(now - seconds * 1000, notBefore ?? 0)).toISOString();
  } else {
    startedAt = toInstant(draft.start);
    if (!startedAt) problems.start = 'Give the date and time the call started, or leave it empty.';
    else if (Date.parse(startedAt) > now + 60_000) problems.start = 'The call cannot start in the future.';
    else if (notBefore !== undefined && Date.parse(startedAt) < notBefore - 60_000)
      problems.start = 'The call cannot start before the ticket was opened.';
  }
  const summary = draft.summary.trim();
  if (summary === '') problems.summary = 'Summarise what was said.';
  else if (summary.length > MAX_MESSAGE_LENGTH) problems.summary = `At most ${MAX_MESSAGE_LENGTH} characters.`;
  if (Object.keys(problems).length > 0 || startedAt === null) return { problems, call: null };
  return { problems, call: { caller, startedAt, durationSeconds: seconds!, summary } };
}
