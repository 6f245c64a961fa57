/**
 * A world for the e-mail intake and conversation tests: the API fixture with the ERP agreement in force for acme and
 * globex (a copy that declares P2 as the default priority, so a ticket opened by mail is measured at once), a forward
 * mailbox read "by sender" that acknowledges requests, and helpers that compose real MIME messages (nodemailer) and
 * hand them to POST /mail/inbound.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import nodemailer from 'nodemailer';
import { type ApiFixture, type ApiResponse, createApiFixture } from '../support/api-fixture.ts';
import { seedActiveAgreement } from '../support/seed-agreement.ts';
import type { TestBackend } from '../support/test-database.ts';

export const at = (iso: string) => Date.parse(iso);

export interface MailWorld {
  readonly api: ApiFixture;
  /** The forward mailbox read by sender, with acknowledgements. */
  readonly mailboxId: string;
}

/** The ERP example with `priorities.default: P2`, written to a temporary file for the seed. */
function agreementWithDefaultPriority(): URL {
  const text = readFileSync(new URL('../../examples/agreements/erp-support.yaml', import.meta.url), 'utf8');
  const withDefault = text.replace('    levels: [P1, P2, P3, P4]\n', '    levels: [P1, P2, P3, P4]\n    default: P2\n');
  if (withDefault === text) throw new Error('the ERP example no longer lists its levels as expected');
  const file = join(mkdtempSync(join(tmpdir(), 'covenant-mail-')), 'erp-default-p2.yaml');
  writeFileSync(file, withDefault);
  return pathToFileURL(file);
}

export async function createMailWorld(backend: TestBackend): Promise<MailWorld> {
  const api = await createApiFixture(backend);
  const { alpha } = api.world;
  const file = agreementWithDefaultPriority();
  for (const [customerId, slug] of [
    [alpha.acme, 'erp-acme'],
    [alpha.globex, 'erp-globex'],
  ] as const) {
    await seedActiveAgreement(api.handle, {
      workspaceId: alpha.workspaceId,
      customerId,
      example: 'erp-support',
      file,
      activatedAt: at('2026-01-01T00:00:00Z'),
      slug,
    });
  }
  const created = await api.request('admin', 'POST', '/api/v1/mailboxes', {
    name: 'support',
    kind: 'forward',
    service: 'erp',
    acknowledge: true,
  });
  if (created.status !== 201) throw new Error(`mailbox not created: ${JSON.stringify(created.body)}`);
  return { api, mailboxId: created.body.id };
}

export interface MailInput {
  readonly from: string;
  readonly to?: string;
  readonly cc?: string;
  readonly replyTo?: string;
  readonly subject?: string;
  readonly text?: string;
  readonly messageId?: string;
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
  readonly headers?: Record<string, string>;
  readonly attachments?: readonly { filename: string; content: Buffer; contentType?: string }[];
  /** Drop the Message-ID header nodemailer would add. */
  readonly withoutMessageId?: boolean;
}

const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

/** A real MIME message, as a mail client would send it. */
export async function composeMail(input: MailInput): Promise<Buffer> {
  const info = await composer.sendMail({
    from: input.from,
    to: input.to ?? 'support@provider.example',
    ...(input.cc ? { cc: input.cc } : {}),
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    subject: input.subject ?? 'A question',
    text: input.text ?? 'Hello, something is wrong.',
    ...(input.messageId ? { messageId: input.messageId } : {}),
    ...(input.inReplyTo ? { inReplyTo: input.inReplyTo } : {}),
    ...(input.references ? { references: [...input.references] } : {}),
    headers: input.headers ?? {},
    attachments: (input.attachments ?? []).map((attachment) => ({ ...attachment })),
    date: new Date('2026-10-05T08:00:00Z'),
  });
  const raw = info.message as Buffer;
  return input.withoutMessageId
    ? Buffer.from(raw.toString('latin1').replace(/^Message-ID: .*\r\n/im, ''), 'latin1')
    : raw;
}

/** POSTs a raw message to the mailbox as an agent API token (mail.intake). */
export async function postRaw(world: MailWorld, raw: Buffer, mailboxId = world.mailboxId): Promise<ApiResponse> {
  return world.api.request('agent', 'POST', `/api/v1/mail/inbound?mailbox=${mailboxId}`, raw, {
    'content-type': 'message/rfc822',
  });
}

/** Composes and takes in a message; fails the test unless intake answered 202. */
export async function mail(world: MailWorld, input: MailInput) {
  const response = await postRaw(world, await composeMail(input));
  if (response.status !== 202) throw new Error(`intake answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as {
    outcome: string;
    reason: string | null;
    ticketId: string | null;
    ticketKey: string | null;
    inboundId: string | null;
  };
}

let sequence = 0;
/** A fresh Message-ID. */
export function messageId(label = 'mail'): string {
  sequence++;
  return `<${label}.${sequence}.${Math.random().toString(36).slice(2, 8)}@client.example>`;
}
