/**
 * `covenant connector explain --vendor V PAYLOAD.json...`: what each vendor webhook payload becomes, without a
 * database (docs/connectors.md#covenant-connector-explain): ticket events (the ticket, the kind of change, status and
 * priority after it, when, and whether the customer acted) or outages. Every file is explained even when another
 * cannot be read; the exit status says whether all could, as `covenant mail explain` does.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import {
  type ConnectorAction,
  type ConnectorVendor,
  connectorVendors,
  type VendorEvent,
  type VendorOutage,
  type WebhookNormalisation,
} from '../../core/connectors/connector-types.ts';
import { normaliseWebhook } from '../../core/connectors/normalise-webhook.ts';
import { type CliIo, exitCodes } from '../cli-io.ts';

interface ExplainOptions {
  vendor: ConnectorVendor;
  event?: string;
  json?: boolean;
}

/** GitHub refuses to deliver payloads over 25 MB; a larger file is no webhook payload. */
const maxPayloadBytes = 25 * 1024 * 1024;

/** A file that could not be turned into a payload, with the stable code to print. */
class PayloadFileError extends Error {
  constructor(
    readonly code: 'PAYLOAD_FILE_UNREADABLE' | 'PAYLOAD_FILE_TOO_LARGE' | 'PAYLOAD_NOT_JSON',
    message: string,
  ) {
    super(message);
  }
}

export function connectorCommand(io: CliIo): Command {
  const connector = new Command('connector').description('helpdesk, issue tracker and monitoring connectors');
  connector
    .command('explain')
    .description('show what each vendor webhook payload becomes (no database needed)')
    .argument('<files...>', 'webhook payloads (JSON bodies as the vendor posts them)')
    .addOption(
      new Option('--vendor <vendor>', 'the vendor that sent the payloads')
        .choices([...connectorVendors])
        .makeOptionMandatory(),
    )
    .option(
      '--event <name>',
      "the event name from the delivery's header (GitHub X-GitHub-Event, GitLab X-Gitlab-Event)",
    )
    .option('--json', 'print one JSON line per file')
    .addHelpText(
      'after',
      '\nTicket events: opened, status_changed, priority_changed, assigned, public_comment, internal_comment,\n' +
        'resolved, closed, reopened, other; alertmanager and statuspage payloads give outages instead.\n' +
        'Exit status 2 when a file cannot be read or is no payload of the vendor; the other files are still explained.\n',
    )
    .action(async (files: string[], options: ExplainOptions) => {
      process.exitCode = await explainFiles(io, files, options);
    });
  return connector;
}

/** What a file became, or why it could not be read or normalised. */
type Explanation = WebhookNormalisation | { readonly error: { readonly code: string; readonly message: string } };

async function explainFiles(io: CliIo, files: readonly string[], options: ExplainOptions): Promise<number> {
  let failed = false;
  for (const file of files) {
    const explanation = await explainFile(resolve(io.cwd, file), options);
    if ('error' in explanation) {
      failed = true;
      const { code, message } = explanation.error;
      if (options.json) io.stdout.write(`${JSON.stringify({ file, error: { code, message } })}\n`);
      else io.stderr.write(`${file}\n  error [${code}]: ${message}\n\n`);
      continue;
    }
    io.stdout.write(options.json ? `${JSON.stringify({ file, ...explanation })}\n` : textBlock(file, explanation));
  }
  return failed ? exitCodes.badInput : exitCodes.ok;
}

async function explainFile(path: string, options: ExplainOptions): Promise<Explanation> {
  let payload: unknown;
  try {
    payload = await readPayload(path);
  } catch (error) {
    return { error: describeFailure(error) };
  }
  return normaliseWebhook(options.vendor, payload, options.event);
}

async function readPayload(path: string): Promise<unknown> {
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new PayloadFileError('PAYLOAD_FILE_UNREADABLE', `${path} is not a file`);
    if (info.size > maxPayloadBytes) {
      throw new PayloadFileError(
        'PAYLOAD_FILE_TOO_LARGE',
        `${path} is larger than ${maxPayloadBytes / 1024 / 1024} MiB`,
      );
    }
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof PayloadFileError) throw error;
    // ENOENT, EACCES and the like: the file could not be read at all.
    throw new PayloadFileError('PAYLOAD_FILE_UNREADABLE', error instanceof Error ? error.message : String(error));
  }
  let text: string;
  try {
    // JSON travels as UTF-8 (RFC 8259); a BOM, which some editors add, is dropped by the decoder.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new PayloadFileError('PAYLOAD_NOT_JSON', `${path} is not UTF-8 text`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // The parser quotes the start of the text, line breaks and all: one line is what a person and a log can read.
    const reason = (error as Error).message.replace(/\s+/g, ' ');
    throw new PayloadFileError('PAYLOAD_NOT_JSON', `${path} is not JSON: ${reason}`);
  }
}

function describeFailure(error: unknown): { code: string; message: string } {
  if (error instanceof PayloadFileError) return { code: error.code, message: error.message };
  return { code: 'PAYLOAD_FILE_UNREADABLE', message: error instanceof Error ? error.message : String(error) };
}

const actionWords: Readonly<Record<ConnectorAction, string>> = {
  opened: 'opened',
  status_changed: 'status changed',
  priority_changed: 'priority changed',
  assigned: 'assigned',
  public_comment: 'public comment',
  internal_comment: 'internal comment',
  resolved: 'resolved',
  closed: 'closed',
  reopened: 'reopened',
  other: 'other change',
};

function textBlock(file: string, normalised: Exclude<Explanation, { error: unknown }>): string {
  const lines = 'events' in normalised ? eventLines(normalised.events) : alignedColumns(outageRows(normalised));
  if (lines.length === 0) lines.push('  no outages in this notification');
  return `${[file, ...lines].join('\n')}\n\n`;
}

/**
 * A labelled block per ticket: the changes one payload makes to one ticket share the ticket, instant, actor, status
 * and priority, so they are listed on one line (`change: resolved, assigned`).
 */
function eventLines(events: readonly VendorEvent[]): string[] {
  const groups: { event: VendorEvent; changes: string[] }[] = [];
  for (const event of events) {
    const last = groups.at(-1);
    if (last !== undefined && sameTicketState(last.event, event)) last.changes.push(actionWords[event.action]);
    else groups.push({ event, changes: [actionWords[event.action]] });
  }
  return groups.flatMap(({ event, changes }) => [
    `  ticket:    ${event.externalId}`,
    `  change:    ${changes.join(', ')}`,
    `  at:        ${event.occurredAt ?? '(not given in the payload)'}`,
    `  by:        ${actorWords(event.actorIsCustomer)}`,
    `  status:    ${event.status ?? '(not given)'}`,
    `  priority:  ${event.priority ?? '(none)'}`,
  ]);
}

function sameTicketState(left: VendorEvent, right: VendorEvent): boolean {
  return (
    left.externalId === right.externalId &&
    left.occurredAt === right.occurredAt &&
    left.actorIsCustomer === right.actorIsCustomer &&
    left.status === right.status &&
    left.priority === right.priority
  );
}

function actorWords(actorIsCustomer: boolean | null): string {
  if (actorIsCustomer === null) return 'unknown (the payload does not tell whether it is the requester)';
  return actorIsCustomer ? 'the requester (the customer)' : 'someone other than the requester';
}

function outageRows(normalised: { outages: readonly VendorOutage[]; group?: VendorOutage }): string[][] {
  const rows = normalised.outages.map((outage) => outageRow('outage', outage));
  if (normalised.group) rows.push(outageRow('alert group', normalised.group));
  return rows;
}

function outageRow(kind: string, outage: VendorOutage): string[] {
  return [
    `${kind} ${outage.id}`,
    outage.state,
    `from ${outage.startedAt ?? '(start not given)'}`,
    outage.endedAt === null ? 'not ended' : `until ${outage.endedAt}`,
  ];
}

/** Rows indented under the file name, each column padded to its widest cell (the last one is not padded). */
function alignedColumns(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [column, cell] of row.entries()) widths[column] = Math.max(widths[column] ?? 0, cell.length);
  }
  return rows.map(
    (row) =>
      `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')}`,
  );
}
