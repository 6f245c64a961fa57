/**
 * The conversation on a ticket: its messages (a customer sees the public ones), writing a reply or an internal note,
 * logging a phone call, downloading an attachment.
 */
import { z } from 'zod';
import { logCall } from '../../app/conversation/log-call.ts';
import { postTicketMessage } from '../../app/conversation/post-ticket-message.ts';
import { downloadAttachment, listTicketMessages } from '../../app/conversation/read-conversation.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import { messageSchema, presentMessage } from './conversation.presenters.ts';
import { errorBody, idParams, instantInput, standardErrors, textInput } from './route-schemas.ts';

const idempotencyHeaders = z
  .object({
    'idempotency-key': textInput
      .min(1)
      .max(200)
      .optional()
      .describe('A retry with the same key returns the message created with it (200).'),
  })
  .passthrough();

export const callInput = {
  caller: textInput.trim().min(1).max(200).describe('Who called: a name, a number.'),
  startedAt: instantInput.describe('When the call started.'),
  durationSeconds: z.number().int().min(0).max(86_400),
  summary: textInput.max(100_000).describe('What was said.'),
};

export function ticketMessageRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  app.get(
    '/api/v1/tickets/:id/messages',
    {
      schema: {
        tags: ['tickets'],
        summary: "The ticket's conversation, oldest first (a customer sees replies and calls, never internal notes)",
        params: idParams,
        response: { 200: z.object({ items: z.array(messageSchema) }), ...standardErrors },
      },
    },
    async (request) => {
      const messages = await listTicketMessages(dependencies.store, principalOf(request), request.params.id);
      return { items: messages.map(presentMessage) };
    },
  );
  app.post(
    '/api/v1/tickets/:id/messages',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Write on the ticket: a public reply, or an internal note (provider only)',
        description:
          "An agent's reply records an agent_reply event and is e-mailed to the requester and the cc's, threaded " +
          '(In-Reply-To, References, the ticket key in the subject); its delivery state follows the outbox. A customer ' +
          "representative's reply records a customer_reply event (the portal). A note records no event and never counts " +
          'as a response.',
        params: idParams,
        headers: idempotencyHeaders,
        body: z.strictObject({
          kind: z.enum(['reply', 'note']),
          text: textInput.min(1).max(100_000),
          cc: z.array(z.email().max(320)).max(50).optional().describe("Who else receives an agent's reply."),
          occurredAt: instantInput.optional().describe('Default: now.'),
        }),
        response: { 200: messageSchema, 201: messageSchema, ...standardErrors },
      },
    },
    async (request, reply) => {
      const { occurredAt, ...body } = request.body;
      const result = await postTicketMessage(dependencies, principalOf(request), request.params.id, {
        ...body,
        occurredAt: occurredAt === undefined ? undefined : Date.parse(occurredAt),
        idempotencyKey: request.headers['idempotency-key'],
      });
      return reply.status(result.created ? 201 : 200).send(presentMessage(result.message));
    },
  );
  app.post(
    '/api/v1/tickets/:id/calls',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Log a phone call on the ticket (records a call event at its start)',
        params: idParams,
        headers: idempotencyHeaders,
        body: z.strictObject(callInput),
        response: { 200: messageSchema, 201: messageSchema, ...standardErrors },
      },
    },
    async (request, reply) => {
      const { startedAt, ...call } = request.body;
      const result = await logCall(
        dependencies,
        principalOf(request),
        request.params.id,
        { ...call, startedAt: Date.parse(startedAt) },
        request.headers['idempotency-key'],
      );
      return reply.status(result.created ? 201 : 200).send(presentMessage(result.message));
    },
  );
  app.get(
    '/api/v1/tickets/:id/attachments/:attachmentId',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Download an attachment (for whoever may see the message it came with)',
        params: idParams.extend({ attachmentId: z.uuid({ error: 'must be an id (UUID)' }) }),
        response: { ...standardErrors, 404: errorBody },
      },
    },
    async (request, reply) => {
      const { summary, content } = await downloadAttachment(
        dependencies.store,
        principalOf(request),
        request.params.id,
        request.params.attachmentId,
      );
      return reply
        .header('content-type', safeContentType(summary.contentType))
        .header('content-disposition', attachmentDisposition(summary.filename ?? 'attachment'))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(content.buffer, content.byteOffset, content.byteLength) as never);
    },
  );
}

/** The stored type when it is a plain `type/subtype`; anything else is served as bytes. */
function safeContentType(contentType: string): string {
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i.test(contentType)
    ? contentType.toLowerCase()
    : 'application/octet-stream';
}

/** `attachment` with an ASCII file name and the exact one in RFC 5987 form (non-ASCII names, quotes, slashes). */
export function attachmentDisposition(filename: string): string {
  const base = filename.split(/[\\/]/).pop() || 'attachment';
  const ascii = base.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(base).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16)}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
