/**
 * Whether a received message is automatic mail (docs/mail.md#automatic-mail): auto-replies, bounces, delivery and read
 * reports, bulk and mailing-list mail. Automatic mail never opens a ticket and never counts as a customer reply, so an
 * out-of-office answer to an agent's reply cannot stop a clock and two auto-responders cannot feed each other tickets.
 *
 * Each rule looks at one sign a machine leaves and a person does not, so ordinary mail that happens to carry machine
 * vocabulary stays human: `Auto-Submitted: no`, Outlook's `X-Auto-Response-Suppress` on a person's message, a bounce
 * forwarded by a person as an attached message (only the top-level type counts), a role address such as postmaster@
 * writing an ordinary request.
 */
import type { AutomaticMailReason, MailAddress } from './inbound-message.ts';

export interface MailHeaderField {
  /** The field name as written; compared without regard to case. */
  readonly name: string;
  /** The unfolded, decoded value. */
  readonly value: string;
}

export interface AutomaticMailEvidence {
  /** The message's own (top-level) header fields in their order. */
  readonly headers: readonly MailHeaderField[];
  /** The top-level media type in lower case, e.g. `multipart/report`. */
  readonly contentType: string;
  readonly from: MailAddress | null;
}

export interface AutomaticMailOptions {
  /** Whether mail from mailing lists is automatic (default true). Off when the support address is itself a list. */
  readonly listMailIsAutomatic?: boolean;
}

export interface AutomaticMailVerdict {
  readonly automatic: boolean;
  readonly reason: AutomaticMailReason | null;
}

/** The order of the rules decides the reason given when several apply: the most telling first. */
export function classifyAutomaticMail(
  evidence: AutomaticMailEvidence,
  options: AutomaticMailOptions = {},
): AutomaticMailVerdict {
  const headers = headerIndex(evidence.headers);
  const rules: [AutomaticMailReason, (headers: HeaderIndex, evidence: AutomaticMailEvidence) => boolean][] = [
    ['delivery_report', isDeliveryReport],
    ['auto_submitted', isAutoSubmitted],
    ['auto_reply_header', hasAutoReplyHeader],
    ['mailer_daemon', isFromMailSystem],
    ['precedence', hasBulkPrecedence],
  ];
  if (options.listMailIsAutomatic ?? true) rules.push(['mailing_list', isListMail]);
  for (const [reason, applies] of rules) {
    if (applies(headers, evidence)) return { automatic: true, reason };
  }
  return { automatic: false, reason: null };
}

/** Field values by lower-case name, in order of appearance. */
type HeaderIndex = ReadonlyMap<string, readonly string[]>;

function headerIndex(fields: readonly MailHeaderField[]): HeaderIndex {
  const index = new Map<string, string[]>();
  for (const field of fields) {
    const name = field.name.trim().toLowerCase();
    const values = index.get(name) ?? [];
    values.push(field.value);
    index.set(name, values);
  }
  return index;
}

/** The first token of a structured value, without comments or parameters, in lower case. */
function keyword(value: string): string {
  return value
    .replace(/\([^)]*\)/g, ' ')
    .split(';')[0]!
    .trim()
    .toLowerCase();
}

const first = (headers: HeaderIndex, name: string): string | undefined => headers.get(name)?.[0];

/** RFC 3464 delivery status notifications, RFC 8098 read receipts, RFC 5965 abuse reports are all multipart/report. */
function isDeliveryReport(headers: HeaderIndex, evidence: AutomaticMailEvidence): boolean {
  const type = evidence.contentType.trim().toLowerCase();
  if (type === 'multipart/report' || type === 'message/delivery-status') return true;
  // Exim, Gmail and Exchange name the failed recipients in a header only on bounces they generate.
  return headers.has('x-failed-recipients') || headers.has('x-ms-exchange-message-is-ndr');
}

/** RFC 3834: any value other than `no` marks mail sent by a program, not by a person. */
function isAutoSubmitted(headers: HeaderIndex): boolean {
  return (headers.get('auto-submitted') ?? []).some((value) => {
    const token = keyword(value);
    return token !== '' && token !== 'no';
  });
}

/** Vendor headers auto-responders add; a value that says no (`X-Autoreply: no`) is taken at its word. */
const autoReplyHeaders = [
  'x-autoreply',
  'x-autorespond',
  'x-autoresponder',
  'x-autoreply-from',
  'x-mail-autoreply',
  'x-auto-reply',
] as const;

/**
 * Subject prefixes Outlook and Exchange give an out-of-office answer, in the languages we meet. Alone they are only
 * words a person could type, so they count together with the header Exchange adds to what its rules send.
 */
const outlookAutoReplySubject =
  /^\s*(automatic reply|auto reply|autoreply|out of office autoreply|automatische antwort|réponse automatique|odpowiedź automatyczna|respuesta automática|risposta automatica|automatisch antwoord|resposta automática|autosvar|automatisk svar|automaattinen vastaus|автоматический ответ|automatická odpověď|自動応答|自动回复)\s*:/iu;

function hasAutoReplyHeader(headers: HeaderIndex): boolean {
  const saysYes = (value: string) => !['no', 'false', '0'].includes(keyword(value));
  if (autoReplyHeaders.some((name) => (headers.get(name) ?? []).some(saysYes))) return true;
  if ((headers.get('x-autogenerated') ?? []).some((value) => keyword(value) === 'reply')) return true;
  // Apple iCloud's vacation responder.
  if ((headers.get('x-apple-action') ?? []).some((value) => keyword(value) === 'vacation')) return true;
  const subject = first(headers, 'subject') ?? '';
  const exchangeRuleMessage = headers.has('x-ms-exchange-inbox-rules-loop') || headers.has('x-auto-response-suppress');
  return exchangeRuleMessage && outlookAutoReplySubject.test(subject);
}

const mailSystemLocalPart = /^(mailer[-_.]?daemon|microsoftexchange[0-9a-f]{32})$/i;
const mailSystemName = /^\s*(mailer[-_ ]?daemon|mail delivery (sub)?system|mail delivery service)\s*$/i;
const postmaster = /^post[-_.]?master$/i;
const bounceSubject =
  /(undeliverable|undelivered|delivery status notification|delivery fail|failure notice|returned mail|mail system error|non[- ]?delivery|nondeliverable|delivery has failed|配信できません|配送できません)/i;

/** The local part of an address, or the whole text when it has no @ (`<MAILER-DAEMON>`). */
function localPartOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? address : address.slice(0, at);
}

/**
 * The mail system writing on its own behalf: the null return path (`Return-Path: <>`) that RFC 5321 reserves for bounces
 * and RFC 3834 asks auto-responders to use, or a return path to MAILER-DAEMON; MAILER-DAEMON by address or display
 * name; a From without any address (`From: <>`), which no person's client sends. A postmaster@ address is often a
 * person at small companies, so it counts only when the message also reads like a bounce.
 */
function isFromMailSystem(headers: HeaderIndex, evidence: AutomaticMailEvidence): boolean {
  const returnPath = first(headers, 'return-path')
    ?.trim()
    .replace(/^<\s*|\s*>$/g, '');
  if (returnPath !== undefined && (returnPath === '' || mailSystemLocalPart.test(localPartOf(returnPath)))) return true;
  const from = evidence.from;
  if (from === null) return false;
  if (from.address === '') return true;
  const localPart = localPartOf(from.address);
  if (mailSystemLocalPart.test(localPart) || mailSystemName.test(from.name)) return true;
  return postmaster.test(localPart) && bounceSubject.test(first(headers, 'subject') ?? '');
}

/** `Precedence: bulk|junk` (and `auto_reply`, which some responders send); `list` is mailing-list mail. */
function hasBulkPrecedence(headers: HeaderIndex): boolean {
  const values = [...(headers.get('precedence') ?? []), ...(headers.get('x-precedence') ?? [])];
  return values.some((value) => ['bulk', 'junk', 'auto_reply'].includes(keyword(value)));
}

/**
 * RFC 2919 List-Id and RFC 2369 List-Post, the older Mailing-List headers, fml's X-ML-Name and X-MLServer,
 * `Precedence: list`, and RFC 8058 one-click unsubscription (used by bulk senders only). List-Unsubscribe alone is left
 * out: some sales tools add it to the one-to-one mail of a person.
 */
const listHeaders = [
  'list-id',
  'list-post',
  'mailing-list',
  'x-mailing-list',
  'x-ml-name',
  'x-mlserver',
  'list-unsubscribe-post',
];

function isListMail(headers: HeaderIndex): boolean {
  if (listHeaders.some((name) => headers.has(name))) return true;
  const values = [...(headers.get('precedence') ?? []), ...(headers.get('x-precedence') ?? [])];
  return values.some((value) => keyword(value) === 'list');
}
