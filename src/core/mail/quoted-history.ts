/**
 * Splits a message's text into what the sender wrote now and the quoted history below or between it
 * (docs/mail.md#quoted-history), so the conversation shows the new words and folds the history instead of repeating
 * every earlier message. Nothing is dropped: every line lands in exactly one of the two parts, in its order.
 *
 * Recognised: `>` quoted blocks with the attribution line above them ("On ... wrote:", "Am ... schrieb ...:",
 * "W dniu ... pisze:", ...), including replies written below or between the quotes; Outlook's
 * "-----Original Message-----" separators and its "From: / Sent: / To: / Subject:" header blocks (localized: "Von: /
 * Gesendet:", "Od: / Wysłano:", "De : / Envoyé :", ...), after which everything is history; an attribution line
 * without `>` quotes below it (Outlook on the web, Apple Mail in HTML turned into text). A signature stays with the
 * new text. Forwarded messages ("---------- Forwarded message ---------") are not history: the sender chose to send
 * them, they are usually the request itself.
 */

export interface QuotedHistorySplit {
  /** What the sender wrote in this message (blank lines at either end dropped). */
  readonly newText: string;
  /** The quoted earlier messages, to show folded; empty when there are none. */
  readonly quotedText: string;
}

/** Attribution and header lines are short; longer lines are text, and are never run through the patterns below. */
const maxMarkerLength = 400;

const quoteLine = /^\s*>/;
const endsInColon = /[:：]\s*$/;
const blankLine = /^\s*$/;

const originalMessageSeparator = new RegExp(
  '^\\s*[-_=]{2,}\\s*(original message|reply message|originalnachricht|ursprüngliche nachricht|message d.origine|' +
    'mensaje original|messaggio originale|oorspronkelijk bericht|originalmeddelande|oprindelig meddelelse|' +
    'opprinnelig melding|alkuperäinen viesti|wiadomość oryginalna|oryginalna wiadomość|исходное сообщение|' +
    'původní zpráva|eredeti üzenet|mensagem original|orijinal ileti|原始邮件|原始郵件|元のメッセージ)\\s*[-_=]{2,}\\s*$',
  'iu',
);

const fromLabel =
  /^\s*\*?(from|von|de|od|da|van|från|fra|lähettäjä|от|kimden|feladó|差出人|发件人|寄件者|expéditeur|remitente)\*?\s*[:：]/iu;
const sentLabel =
  /^\s*\*?(sent|gesendet|envoyé|wysłano|enviado|enviado el|inviato|verzonden|skickat|sendt|lähetetty|отправлено|gönderildi|elküldve|odesláno|送信日時|发送时间|寄件日期|date|datum|data|fecha|dátum|päivämäärä|дата)\*?\s*[:：]/iu;
const toOrSubjectLabel =
  /^\s*\*?(to|an|à|a|do|para|aan|till|til|vastaanottaja|кому|kime|címzett|komu|宛先|收件人|subject|betreff|objet|temat|asunto|oggetto|onderwerp|ämne|emne|aihe|тема|konu|tárgy|předmět|件名|主题|主旨|cc)\*?\s*[:：]/iu;
/** Lines that introduce a forwarded message: what follows is what the sender chose to send, not history. */
const forwardMarker = new RegExp(
  '^\\s*([-_=]{2,}\\s*(forwarded message|weitergeleitete nachricht|message transféré|wiadomość przekazana dalej|' +
    'przekazana wiadomość|mensaje reenviado|messaggio inoltrato|doorgestuurd bericht|vidarebefordrat meddelande|' +
    'videresendt meddelelse|пересылаемое сообщение|転送されたメッセージ|转发的邮件)\\s*[-_=]{2,}|' +
    'begin forwarded message:|início da mensagem encaminhada:|anfang der weitergeleiteten nachricht:)\\s*$',
  'iu',
);
/** The rule Outlook draws above its header block. */
const horizontalRule = /^\s*(_{8,}|-{8,})\s*$/;

/** Verbs of attribution lines ("On <date>, <name> wrote:") in the languages we meet, ending the line. */
const attributionVerb = new RegExp(
  '(?<![\\p{L}\\p{N}_])(wrote|writes|schrieb|a écrit|escribió|ha scritto|schreef|escreveu|pisze|napisał(\\(a\\)|a)?|' +
    'skrev|kirjoitti|написал(\\(а\\)|а)?|napsal(\\(a\\)|a)?|írta|yazdı|写道|寫道|のメッセージ)\\s*[:：]\\s*$',
  'iu',
);
/** German, Dutch and Scandinavian clients put the name after the verb: "Am <date> schrieb <name>:". */
const verbThenName = /(?<![\p{L}\p{N}_])(schrieb|schreef|skrev)\s+[^:：]{1,120}[:：]\s*$/iu;
/** How attribution lines begin, so one standing without quotes below it is told from a sentence that ends in "wrote:". */
const attributionOpening = /^\s*(on|am|le|el|il|op|den|em|dne|w dniu)\s/iu;
/** Gmail in Japanese and others write only the date and the address: "2012年4月2日(月) 18:26 Megan <m@x.jp>:". */
const addressAttribution = /<[^<>\s@]+@[^<>\s]+>\s*[:：]\s*$/u;

export function splitQuotedHistory(text: string): QuotedHistorySplit {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const quoted = new Array<boolean>(lines.length).fill(false);
  let index = 0;
  while (index < lines.length) {
    if (blankLine.test(lines[index]!)) {
      index += 1;
      continue;
    }
    const tail = historyTailAt(lines, index);
    if (tail !== null) {
      quoted.fill(true, tail);
      break;
    }
    const block = quoteBlockAt(lines, index);
    if (block !== null) {
      quoted.fill(true, block.start, block.end);
      index = block.end;
      continue;
    }
    index += 1;
  }
  const pick = (wanted: boolean) => trimBlankLines(lines.filter((_, line) => quoted[line] === wanted)).join('\n');
  return { newText: pick(false), quotedText: pick(true) };
}

/** Where history that runs to the end of the text starts at this line (a line before it, for Outlook's rule). */
function historyTailAt(lines: readonly string[], index: number): number | null {
  const line = lines[index]!;
  if (line.length > maxMarkerLength || quoteLine.test(line)) return null;
  if (originalMessageSeparator.test(line)) return index;
  if (fromLabel.test(line) && isOutlookHeaderBlock(lines, index)) {
    const previous = previousNonBlank(lines, index);
    if (previous !== null && forwardMarker.test(lines[previous]!)) return null;
    return previous !== null && horizontalRule.test(lines[previous]!) ? previous : index;
  }
  const attribution = attributionAt(lines, index);
  if (attribution !== null && isStandaloneAttribution(attribution.text)) {
    // Followed by `>` quotes, the history may end and the reply continue below it (see quoteBlockAt).
    const next = nextNonBlank(lines, attribution.end);
    if (next === null || !quoteLine.test(lines[next]!)) return index;
  }
  return null;
}

/** An attribution line that starts the history even without `>` quotes below it. */
function isStandaloneAttribution(text: string): boolean {
  return attributionOpening.test(text) && (attributionVerb.test(text) || verbThenName.test(text));
}

/** A From: line followed closely by a Sent:/Date: line and a To:/Subject: line. */
function isOutlookHeaderBlock(lines: readonly string[], fromIndex: number): boolean {
  const following = lines.slice(fromIndex + 1, fromIndex + 7).filter((line) => line.length <= maxMarkerLength);
  return following.some((line) => sentLabel.test(line)) && following.some((line) => toOrSubjectLabel.test(line));
}

/** A run of `>` lines (blank lines inside it included) and the attribution line right above it. */
function quoteBlockAt(lines: readonly string[], index: number): { start: number; end: number } | null {
  let quoteStart = index;
  const attribution = attributionAt(lines, index);
  if (attribution !== null) {
    const next = nextNonBlank(lines, attribution.end);
    if (next === null || !quoteLine.test(lines[next]!)) return null;
    quoteStart = next;
  } else if (!quoteLine.test(lines[index]!)) {
    return null;
  }
  let end = quoteStart;
  let cursor = quoteStart;
  while (cursor < lines.length && (quoteLine.test(lines[cursor]!) || blankLine.test(lines[cursor]!))) {
    if (quoteLine.test(lines[cursor]!)) end = cursor + 1;
    cursor += 1;
  }
  return { start: index, end };
}

/** An attribution line starting here, possibly wrapped onto a second line as Gmail does with long names. */
function attributionAt(lines: readonly string[], index: number): { text: string; end: number } | null {
  const line = lines[index]!;
  if (line.length > maxMarkerLength || blankLine.test(line) || quoteLine.test(line)) return null;
  // Every attribution ends in a colon: the cheap test spares most lines the patterns below.
  const isAttribution = (text: string) =>
    endsInColon.test(text) && (attributionVerb.test(text) || verbThenName.test(text) || addressAttribution.test(text));
  if (isAttribution(line)) return { text: line, end: index + 1 };
  const second = lines[index + 1];
  if (second === undefined || second.length > maxMarkerLength || quoteLine.test(second) || blankLine.test(second)) {
    return null;
  }
  const joined = `${line.trimEnd()} ${second.trim()}`;
  return isAttribution(joined) ? { text: joined, end: index + 2 } : null;
}

function nextNonBlank(lines: readonly string[], from: number): number | null {
  for (let index = from; index < lines.length; index += 1) if (!blankLine.test(lines[index]!)) return index;
  return null;
}

function previousNonBlank(lines: readonly string[], before: number): number | null {
  for (let index = before - 1; index >= 0; index -= 1) if (!blankLine.test(lines[index]!)) return index;
  return null;
}

function trimBlankLines(lines: readonly string[]): readonly string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && blankLine.test(lines[start]!)) start += 1;
  while (end > start && blankLine.test(lines[end - 1]!)) end -= 1;
  return lines.slice(start, end);
}
