/**
 * The conversation's logic, apart from how it looks: which messages a viewer sees in the thread, how a message's
 * quoted history is folded (shown on request, never dropped), and how calls and sizes read.
 */
import type { TicketMessage } from '../../api/conversation-types.ts';

export interface MessageBody {
  /** What the sender wrote in this message. */
  readonly visible: string;
  /** The history their mail client quoted below (or above) it; empty when there is none. */
  readonly quoted: string;
}

/**
 * Splits a message into what is new and what is quoted. The server separates the quoted history of e-mail
 * (`quotedText`); a text that still carries a quoted tail (a portal reply pasted from mail, an older message) is
 * folded at its first line that starts a quotation: "> …" lines or an attribution such as "On … wrote:". Nothing is
 * dropped: visible and quoted together are the whole text.
 */
export function splitQuoted(message: Pick<TicketMessage, 'text' | 'quotedText'>): MessageBody {
  if (message.quotedText.trim() !== '') return { visible: message.text.trimEnd(), quoted: message.quotedText };
  const lines = message.text.split('\n');
  const start = quotationStart(lines);
  if (start === null) return { visible: message.text.trimEnd(), quoted: '' };
  return { visible: lines.slice(0, start).join('\n').trimEnd(), quoted: lines.slice(start).join('\n') };
}

const ATTRIBUTION = [
  /^On .{4,200} wrote:\s*$/,
  /^Am .{4,200} schrieb .{1,200}:\s*$/,
  /^Le .{4,200} a écrit\s?:\s*$/,
  /^W dniu .{4,200} pisze:\s*$/,
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i,
  /^-{2,}\s*Forwarded message\s*-{2,}\s*$/i,
];

/** An attribution line, or Outlook's header block ("From: …" followed by "Sent: …" or "Date: …"). */
function isAttribution(lines: readonly string[], index: number): boolean {
  const line = lines[index]!.trim();
  if (ATTRIBUTION.some((pattern) => pattern.test(line))) return true;
  return /^From: .+/.test(line) && /^(Sent|Date): .+/.test(lines[index + 1]?.trim() ?? '');
}

/**
 * The first line of a quoted tail: a quotation that runs (blank lines aside) to the end of the text. Quotes in the
 * middle of a reply (answering point by point) are part of what the sender wrote and stay visible.
 */
function quotationStart(lines: readonly string[]): number | null {
  let start: number | null = null;
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    if (/^\s*>/.test(line)) {
      start = index;
      continue;
    }
    break;
  }
  if (start === null) {
    const attribution = lines.findIndex((_, index) => isAttribution(lines, index));
    return attribution > 0 ? attribution : null;
  }
  // An attribution line just above the quoted block belongs to it.
  let above = start - 1;
  while (above >= 0 && lines[above]!.trim() === '') above--;
  if (above >= 0 && isAttribution(lines, above)) start = above;
  return start > 0 ? start : null;
}

export type Audience = 'provider' | 'customer';

/** The thread a viewer reads, oldest first: a customer never sees internal notes or automatic mail. */
export function threadFor(messages: readonly TicketMessage[], audience: Audience): TicketMessage[] {
  return messages
    .filter((message) => audience === 'provider' || (message.kind !== 'note' && message.kind !== 'automatic'))
    .toSorted((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.id.localeCompare(b.id));
}

/** "12 min 5 s", "1 h 3 min", "45 s". */
export function formatCallDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
  return `${rest} s`;
}

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Who a message is from, as the thread names it. */
export function authorLabel(message: TicketMessage): string {
  const author = message.author;
  if (author?.name && author.address) return `${author.name} <${author.address}>`;
  return author?.name ?? author?.address ?? (message.direction === 'in' ? 'Customer' : 'Provider');
}

/**
 * A sanitised HTML body as a whole document for a sandboxed iframe's srcdoc: a Content Security Policy that loads
 * nothing from anywhere (the server already removed remote references; this is the second lock), and a base style.
 */
export function htmlDocument(html: string): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'">`,
    '<style>body{font:14px/1.5 system-ui,sans-serif;color:#1a1a1a;margin:0;overflow-wrap:anywhere}',
    'img{max-width:100%;height:auto}table{max-width:100%}blockquote{margin:0 0 0 .5em;padding-left:.75em;border-left:3px solid #ccc;color:#555}</style>',
    '</head><body>',
    html,
    '</body></html>',
  ].join('');
}
