/**
 * E-mail intake over HTTP (docs/mail.md): raw messages forwarded by a mail service (POST /mail/inbound, the only route
 * that reads `message/rfc822`, up to the intake's message limit), the requests waiting in triage with the assignment
 * of their customer, and the intake log with the release of held messages.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../app/app-error.ts';
import { readMailLog, releaseHeldMail } from '../../app/mail/mail-log.ts';
import { assignTriage, listTriage } from '../../app/mail/mail-triage.ts';
import { type IntakeResult, takeInForwardedMail } from '../../app/mail/take-in-mail.ts';
import { inboundOutcomes } from '../../app/ports/mail-repository.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import { errorBody, idParams, instantSchema, iso, standardErrors } from './route-schemas.ts';

const intakeResultSchema = z
  .object({
    outcome: z.enum([...inboundOutcomes, 'duplicate']),
    reason: z.string().nullable(),
    ticketId: z.string().nullable(),
    ticketKey: z.string().nullable(),
    inboundId: z.string().nullable(),
  })
  .describe(
    'What intake did: new_ticket, reply, automatic (kept on its ticket), ignored (automatic mail for no ticket, or no ' +
      'sender), triage (sender unknown), held (loop protection), refused (unreadable), duplicate (taken in before: ' +
      'nothing changed).',
  );

function presentIntake(result: IntakeResult): z.infer<typeof intakeResultSchema> {
  const { outcome, reason, ticketId, ticketKey, inboundId } = result;
  return { outcome, reason, ticketId, ticketKey, inboundId };
}

const logEntrySchema = z.object({
  id: z.string(),
  mailboxId: z.string().nullable(),
  receivedAt: instantSchema,
  from: z.string().nullable(),
  subject: z.string().nullable(),
  outcome: z.enum(inboundOutcomes),
  reason: z.string().nullable(),
  ticketId: z.string().nullable(),
});

const CURSOR_PATTERN = /^(\d{1,16})_([0-9a-f-]{36})$/;

export function mailRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  app.register(async (scope) => forwardedMailRoute(scope.withTypeProvider<ZodTypeProvider>(), dependencies));
  app.get(
    '/api/v1/mail/triage',
    {
      schema: {
        tags: ['mail'],
        summary: 'Requests from senders no customer is known for, oldest first ("not measured: customer unknown")',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                receivedAt: instantSchema,
                from: z.string().nullable(),
                subject: z.string().nullable(),
                text: z.string().describe('The start of the request (up to 2,000 characters).'),
                messages: z.number().describe('Messages of the thread waiting with it, the first included.'),
                reason: z.string().nullable(),
                suggestedCustomers: z.array(z.object({ id: z.string(), name: z.string() })),
              }),
            ),
          }),
          ...standardErrors,
        },
      },
    },
    async (request) => {
      const items = await listTriage(dependencies, principalOf(request), request.query.limit);
      return {
        items: items.map((item) => ({
          ...item,
          receivedAt: iso(item.receivedAt),
          suggestedCustomers: [...item.suggestedCustomers],
        })),
      };
    },
  );
  app.post(
    '/api/v1/mail/triage/:id/assign',
    {
      schema: {
        tags: ['mail'],
        summary: "Name a triage request's customer: its ticket opens at the first message's arrival",
        params: idParams,
        body: z.strictObject({
          customerId: z.uuid(),
          agreementId: z.uuid().optional().describe("Default: the customer's agreement in force at the arrival."),
          rememberSender: z
            .enum(['contact', 'domain'])
            .nullable()
            .optional()
            .describe("Also add the sender as a contact of the customer, or its domain to the customer's domains."),
        }),
        response: {
          201: z.object({ ticketId: z.string(), ticketKey: z.string() }),
          ...standardErrors,
          409: errorBody,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await assignTriage(dependencies, principalOf(request), request.params.id, request.body)),
  );
  app.get(
    '/api/v1/mail/log',
    {
      schema: {
        tags: ['mail'],
        summary: 'Every message intake received, newest first, with what became of it',
        querystring: z.strictObject({
          outcome: z.enum(inboundOutcomes).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          cursor: z.string().regex(CURSOR_PATTERN).optional().describe('The nextCursor of the previous page.'),
        }),
        response: {
          200: z.object({ items: z.array(logEntrySchema), nextCursor: z.string().nullable() }),
          ...standardErrors,
        },
      },
    },
    async (request) => {
      const { outcome, limit, cursor } = request.query;
      const page = await readMailLog(dependencies.store, principalOf(request), {
        outcome,
        limit,
        after: cursor === undefined ? undefined : cursorOf(cursor),
      });
      return {
        items: page.items.map((entry) => ({
          id: entry.id,
          mailboxId: entry.mailboxId,
          receivedAt: iso(entry.receivedAt),
          from: entry.fromAddress,
          subject: entry.subject,
          outcome: entry.outcome,
          reason: entry.reason,
          ticketId: entry.ticketId,
        })),
        nextCursor: page.next === null ? null : `${page.next.receivedAt}_${page.next.id}`,
      };
    },
  );
  app.post(
    '/api/v1/mail/log/:id/release',
    {
      schema: {
        tags: ['mail'],
        summary: 'Take in a held message now (loop protection held it)',
        params: idParams,
        response: { 200: intakeResultSchema, ...standardErrors, 409: errorBody },
      },
    },
    async (request) => presentIntake(await releaseHeldMail(dependencies, principalOf(request), request.params.id)),
  );
}

function cursorOf(cursor: string): { receivedAt: number; id: string } {
  const [, receivedAt, id] = CURSOR_PATTERN.exec(cursor)!;
  return { receivedAt: Number(receivedAt), id: id! };
}

/**
 * POST /mail/inbound in a scope of its own: the `message/rfc822` body parser exists only here, so every other route
 * keeps refusing anything but JSON, and only here may a body be as large as a message (authentication still comes
 * first, before any byte of it is read).
 */
function forwardedMailRoute(scope: ZodApp, dependencies: HttpDependencies): void {
  const bodyLimit = dependencies.mail.limits.maxMessageBytes;
  scope.addContentTypeParser('message/rfc822', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
    done(null, body);
  });
  scope.post(
    '/api/v1/mail/inbound',
    {
      bodyLimit,
      schema: {
        tags: ['mail'],
        summary: 'Take in one raw e-mail forwarded by a mail service (Content-Type: message/rfc822)',
        description:
          'The body is the message exactly as received (RFC 5322 with MIME). Exactly once: the same message sent again ' +
          '(same Message-ID) answers duplicate and changes nothing. Needs the mail.intake permission (an admin, or an ' +
          'agent API token). Larger bodies than the intake limit (25 MiB by default) answer 413.',
        querystring: z.strictObject({
          mailbox: z.uuid().describe('The mailbox (kind forward or imap) it arrived at.'),
        }),
        response: { 202: intakeResultSchema, ...standardErrors, 413: errorBody, 415: errorBody },
      },
    },
    async (request, reply) => {
      const raw = request.body as unknown;
      if (!Buffer.isBuffer(raw)) {
        throw new AppError('invalid', 'MAIL_BODY_REQUIRED', 'send the raw message with Content-Type: message/rfc822');
      }
      const result = await takeInForwardedMail(
        dependencies,
        principalOf(request),
        request.query.mailbox,
        new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength),
      );
      return reply.status(202).send(presentIntake(result));
    },
  );
}
