/**
 * `covenant mail explain FILE.eml...`: what e-mail intake would make of each message, without a database
 * (docs/mail.md#covenant-mail-explain): who sent it, whether it is automatic mail and why, what the text says once
 * decoded and split from its quoted history, the attachments, and the decision (new ticket, reply, ignored). Every file
 * is explained even when another cannot be read; the exit status says whether all could.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { InboundMessage } from '../../core/mail/inbound-message.ts';
import { decideFromMessageAlone, type IntakeVerdict } from '../../core/mail/intake-decision.ts';
import { type CliIo, exitCodes } from '../cli-io.ts';

interface ExplainOptions {
  json?: boolean;
  listMailIsHuman?: boolean;
}

/** A file this large is no e-mail a mail server would have accepted; reading it would only exhaust memory. */
const maxMessageBytes = 64 * 1024 * 1024;
const newTextLinesShown = 6;

export function mailCommand(io: CliIo): Command {
  const mail = new Command('mail').description('e-mail intake tools');
  mail
    .command('explain')
    .description('show what e-mail intake would do with each message (no database needed)')
    .argument('<files...>', 'raw messages (.eml)')
    .option('--json', 'print one JSON line per file')
    .option('--list-mail-is-human', 'treat mailing-list mail as ordinary mail (when the support address is a list)')
    .addHelpText(
      'after',
      '\nDecisions: ignored (automatic mail: auto-replies, bounces, bulk and list mail), reply (In-Reply-To,\n' +
        'References or a [T-<number>] ticket key in the subject), new_ticket (anything else).\n' +
        'Exit status 2 when a file cannot be read or parsed; the other files are still explained.\n',
    )
    .action(async (files: string[], options: ExplainOptions) => {
      process.exitCode = await explainFiles(io, files, options);
    });
  return mail;
}

async function explainFiles(io: CliIo, files: readonly string[], options: ExplainOptions): Promise<number> {
  // Loaded on use: mailparser and the HTML sanitiser are not needed by the other commands.
  const { parseMail } = await import('../../mail/parse-mail.ts');
  let failed = false;
  for (const file of files) {
    let message: InboundMessage;
    try {
      message = await parseMail(await readMessage(resolve(io.cwd, file)), {
        listMailIsAutomatic: options.listMailIsHuman !== true,
      });
    } catch (error) {
      failed = true;
      const { code, message: text } = describeFailure(error);
      if (options.json) io.stdout.write(`${JSON.stringify({ file, error: { code, message: text } })}\n`);
      else io.stderr.write(`${file}\n  error [${code}]: ${text}\n\n`);
      continue;
    }
    const verdict = decideFromMessageAlone(message);
    io.stdout.write(
      options.json ? `${JSON.stringify(explanationJson(file, message, verdict))}\n` : textBlock(file, message, verdict),
    );
  }
  return failed ? exitCodes.badInput : exitCodes.ok;
}

async function readMessage(path: string): Promise<Uint8Array> {
  const info = await stat(path);
  if (!info.isFile()) throw Object.assign(new Error(`${path} is not a file`), { code: 'MAIL_FILE_UNREADABLE' });
  if (info.size > maxMessageBytes) {
    throw Object.assign(new Error(`${path} is larger than ${maxMessageBytes / 1024 / 1024} MiB`), {
      code: 'MAIL_FILE_TOO_LARGE',
    });
  }
  return readFile(path);
}

function describeFailure(error: unknown): { code: string; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^MAIL_[A-Z_]+$/.test(code)) return { code, message };
  // ENOENT, EACCES, EISDIR and the like: the file could not be read at all.
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return { code: 'MAIL_FILE_UNREADABLE', message };
  return { code: 'MAIL_UNPARSEABLE', message };
}

function explanationJson(file: string, message: InboundMessage, verdict: IntakeVerdict) {
  return {
    file,
    from: message.from?.address ?? null,
    replyTo: message.replyTo.map((address) => address.address),
    subject: message.subject,
    messageId: message.messageId,
    inReplyTo: message.inReplyTo,
    references: message.references,
    automatic: message.automatic,
    automaticReason: message.automaticReason,
    text: message.text,
    newText: message.newText,
    quotedText: message.quotedText,
    html: message.html,
    attachments: message.attachments.map(({ filename, contentType, size }) => ({ filename, contentType, size })),
    decision: verdict.decision,
    decisionReason: verdict.reason,
    ticketNumber: verdict.ticketNumber,
  };
}

const decisionNames = { new_ticket: 'new ticket', reply: 'reply', ignored: 'ignored' } as const;

function textBlock(file: string, message: InboundMessage, verdict: IntakeVerdict): string {
  const from = message.from === null ? '(none)' : displayAddress(message.from.name, message.from.address);
  const lines = [
    file,
    `  from:        ${from}`,
    `  subject:     ${message.subject === '' ? '(none)' : message.subject}`,
    `  decision:    ${decisionNames[verdict.decision]} - ${verdict.reason}`,
  ];
  if (message.attachments.length === 0) lines.push('  attachments: none');
  else {
    lines.push(`  attachments: ${message.attachments.length}`);
    for (const attachment of message.attachments) {
      const omitted = attachment.contentOmitted ? ', too large: not kept' : '';
      lines.push(
        `    - ${attachment.filename ?? '(no name)'} (${attachment.contentType}, ${byteSize(attachment.size)}${omitted})`,
      );
    }
  }
  const newLines = message.newText === '' ? ['(empty)'] : withoutRepeatedBlankLines(message.newText.split('\n'));
  lines.push(`  new text:    ${newLines[0]}`);
  for (const line of newLines.slice(1, newTextLinesShown)) lines.push(`               ${line}`);
  if (newLines.length > newTextLinesShown)
    lines.push(`               ... (${newLines.length - newTextLinesShown} more lines)`);
  if (message.quotedText !== '') lines.push(`  quoted:      ${message.quotedText.split('\n').length} lines of history`);
  return `${lines.join('\n')}\n\n`;
}

function withoutRepeatedBlankLines(lines: readonly string[]): string[] {
  return lines.filter((line, index) => line.trim() !== '' || (lines[index - 1] ?? '').trim() !== '');
}

function displayAddress(name: string, address: string): string {
  return name === '' ? address : `${name} <${address}>`;
}

function byteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
