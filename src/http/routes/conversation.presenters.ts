/** How the messages of a ticket's conversation look in the API (docs/mail.md#the-conversation). */
import { z } from 'zod';
import type { TicketMessageRecord } from '../../app/ports/ticket-message-repository.ts';
import { instantSchema, iso } from './route-schemas.ts';

export const messageSchema = z
  .object({
    id: z.string(),
    kind: z
      .enum(['reply', 'note', 'call', 'automatic'])
      .describe(
        'reply: a public message in or out; note: internal, the provider only; call: a logged phone call; automatic: ' +
          'automatic mail kept on the ticket (out-of-office, bounce) or an acknowledgement sent, which changed nothing.',
      ),
    direction: z.enum(['in', 'out']).describe("in: from the customer's side; out: from the provider's side."),
    channel: z.enum(['email', 'portal', 'web', 'api', 'phone']),
    author: z
      .object({ name: z.string().nullable(), address: z.string().nullable(), userId: z.string().nullable() })
      .nullable(),
    recipients: z.array(z.object({ address: z.string(), name: z.string(), kind: z.enum(['to', 'cc']) })),
    subject: z.string().nullable(),
    text: z.string().describe('The new text of the message (for e-mail, without the quoted history).'),
    quotedText: z.string().describe('The quoted history of an e-mail (shown folded), empty when none.'),
    html: z.string().nullable().describe('The HTML of an e-mail, sanitised (no scripts, no remote loading), or null.'),
    automaticReason: z.string().nullable(),
    call: z.object({ caller: z.string(), startedAt: instantSchema, durationSeconds: z.number() }).nullable(),
    delivery: z
      .object({ state: z.enum(['queued', 'sent', 'failed']), error: z.string().nullable() })
      .nullable()
      .describe('For a message Covenant e-mails: queued until the SMTP server accepted it, then sent (or failed).'),
    occurredAt: instantSchema,
    attachments: z.array(
      z.object({
        id: z.string(),
        filename: z.string().nullable(),
        contentType: z.string(),
        size: z.number(),
        inline: z.boolean(),
        omittedReason: z
          .string()
          .nullable()
          .describe('Why the content was not stored (over a size limit); the download then answers 404.'),
        url: z.string(),
      }),
    ),
  })
  .describe('A message of the conversation on a ticket.');

export function presentMessage(message: TicketMessageRecord): z.infer<typeof messageSchema> {
  const hasAuthor = message.authorName !== null || message.authorAddress !== null || message.authorUserId !== null;
  return {
    id: message.id,
    kind: message.kind,
    direction: message.direction,
    channel: message.channel,
    author: hasAuthor
      ? { name: message.authorName, address: message.authorAddress, userId: message.authorUserId }
      : null,
    recipients: [...message.recipients],
    subject: message.subject,
    text: message.text,
    quotedText: message.quotedText,
    html: message.html,
    automaticReason: message.automaticReason,
    call:
      message.call === null
        ? null
        : {
            caller: message.call.caller,
            startedAt: iso(message.call.startedAt),
            durationSeconds: message.call.durationSeconds,
          },
    delivery: message.deliveryState === null ? null : { state: message.deliveryState, error: message.deliveryError },
    occurredAt: iso(message.occurredAt),
    attachments: message.attachments.map((attachment) => ({
      id: attachment.id,
      filename: attachment.filename,
      contentType: attachment.contentType,
      size: attachment.size,
      inline: attachment.inline,
      omittedReason: attachment.omittedReason,
      url: `/api/v1/tickets/${message.ticketId}/attachments/${attachment.id}`,
    })),
  };
}
