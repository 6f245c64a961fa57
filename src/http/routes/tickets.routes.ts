/**
 * Tickets and their events: open a ticket (retry-safe with Idempotency-Key), post events one at a time or in batches
 * of up to 10,000 (each event's key makes a retry harmless), read a ticket's clocks and timeline, rebuild clocks.
 */
import { z } from 'zod';
import { AppError } from '../../app/app-error.ts';
import { openTicketByCall } from '../../app/conversation/log-call.ts';
import { recordEventWithMessage } from '../../app/conversation/record-event-with-message.ts';
import { openTicket } from '../../app/tickets/open-ticket.ts';
import { countUnmeasuredTickets, getTicketDetail, listTickets } from '../../app/tickets/read-tickets.ts';
import { rebuildAllowed } from '../../app/tickets/rebuild-on-request.ts';
import { eventChannels, ticketEventTypes, unmeasuredReasons, unmeasuredReasonTexts } from '../../core/clocks/index.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import {
  errorBody,
  idParams,
  instantInput,
  listEnvelope,
  pageBody,
  pageOf,
  pageQuery,
  standardErrors,
  textInput,
} from './route-schemas.ts';
import { callInput } from './ticket-messages.routes.ts';
import {
  clockSchema,
  eventSchema,
  presentClock,
  presentEvent,
  presentTicket,
  ticketSchema,
} from './tickets.presenters.ts';

const BATCH_BODY_LIMIT = 16 * 1024 * 1024;
const name = textInput.min(1).max(100);

const eventInput = {
  key: textInput.min(1).max(200).optional().describe('Idempotency key: the same key twice records the event once.'),
  type: z.enum(ticketEventTypes.filter((type) => type !== 'opened') as [string, ...string[]]),
  occurredAt: instantInput,
  status: name.optional(),
  priority: name.optional(),
  impact: name.optional(),
  urgency: name.optional(),
  assignee: textInput.min(1).max(200).optional(),
  channel: z
    .enum(eventChannels)
    .optional()
    .describe('Where the event came from (informational: what counts as a response is the type).'),
};

const eventMessage = z
  .strictObject({
    text: textInput.min(1).max(100_000),
    html: textInput.max(1_000_000).optional().describe('Sanitised when stored (no scripts, no remote loading).'),
  })
  .optional()
  .describe('On agent_reply and customer_reply: the text of the reply, stored as a message of the conversation.');

type EventBody = { key?: string | undefined; type: string; occurredAt: string } & Record<string, unknown>;
const toEvent = (body: EventBody) => ({
  ...(body as object),
  type: body.type as never,
  occurredAt: Date.parse(body.occurredAt),
});

const recordedSchema = z.object({
  recorded: z.number(),
  duplicates: z.number(),
  events: z.array(z.object({ ticketId: z.string(), key: z.string(), outcome: z.enum(['recorded', 'duplicate']) })),
});

export function ticketRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  app.post(
    '/api/v1/tickets',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Open a ticket (send Idempotency-Key to make retries safe)',
        headers: z
          .object({
            'idempotency-key': textInput
              .min(1)
              .max(200)
              .optional()
              .describe(
                'A retry with the same key returns the ticket created with it (200). A key already used for a ticket ' +
                  'the caller may not see answers 409 IDEMPOTENCY_KEY_CONFLICT.',
              ),
          })
          .passthrough(),
        body: z.strictObject({
          customerId: z
            .uuid()
            .optional()
            .describe('Required for provider roles; a customer representative opens for its own customer.'),
          agreementId: z.uuid().optional().describe("Default: the customer's only agreement in force."),
          externalRef: textInput.min(1).max(200).optional(),
          title: textInput.min(1).max(500),
          description: textInput.max(20_000).optional(),
          service: name.optional(),
          category: name.optional(),
          channel: name.optional(),
          priority: name.optional(),
          impact: name.optional(),
          urgency: name.optional(),
          status: name.optional(),
          openedAt: instantInput.optional(),
          requesterEmail: z.email().max(320).optional().describe('Who asked: replies are e-mailed there.'),
          requesterName: textInput.trim().min(1).max(200).optional(),
          call: z
            .strictObject(callInput)
            .optional()
            .describe('With channel "phone": the call that asked for the ticket; it opens at the call\'s start.'),
        }),
        response: { 200: ticketSchema, 201: ticketSchema, ...standardErrors, 409: errorBody },
      },
    },
    async (request, reply) => {
      const { openedAt, call, ...body } = request.body;
      const input = {
        ...body,
        idempotencyKey: request.headers['idempotency-key'],
        openedAt: openedAt === undefined ? undefined : Date.parse(openedAt),
      };
      if (call !== undefined && body.channel !== 'phone') {
        throw new AppError('invalid', 'CALL_NEEDS_PHONE_CHANNEL', 'a ticket opened with a call has channel "phone"');
      }
      const result =
        call === undefined
          ? await openTicket(dependencies, principalOf(request), input)
          : await openTicketByCall(dependencies, principalOf(request), input, {
              ...call,
              startedAt: Date.parse(call.startedAt),
            });
      return reply.status(result.created ? 201 : 200).send(presentTicket(result.ticket));
    },
  );
  app.get(
    '/api/v1/tickets',
    {
      schema: {
        tags: ['tickets'],
        summary: 'List tickets',
        querystring: z.strictObject({
          ...pageQuery,
          customerId: z.uuid().optional(),
          agreementId: z.uuid().optional(),
          lifecycle: z.enum(['open', 'resolved', 'closed', 'cancelled']).optional(),
          measurement: z
            .enum(['measured', 'none'])
            .optional()
            .describe('Only tickets that are measured, or only those that are not ("not measured", with a reason).'),
          unmeasuredReason: z.enum(unmeasuredReasons).optional().describe('Only tickets not measured for this reason.'),
          priority: name.optional(),
          service: name.optional(),
          openedFrom: instantInput.optional(),
          openedTo: instantInput.optional(),
          search: textInput.max(100).optional(),
          sort: z.enum(['opened', '-opened', 'updated', '-updated']).default('-opened'),
        }),
        response: { 200: listEnvelope(ticketSchema), ...standardErrors },
      },
    },
    async (request) => {
      const { limit, offset, openedFrom, openedTo, ...filter } = request.query;
      const page = await listTickets(dependencies.store, principalOf(request), pageOf({ limit, offset }), {
        ...filter,
        openedFrom: openedFrom === undefined ? undefined : Date.parse(openedFrom),
        openedTo: openedTo === undefined ? undefined : Date.parse(openedTo),
      });
      return pageBody(page, (ticket) => presentTicket(ticket));
    },
  );
  app.get(
    '/api/v1/tickets/:id',
    {
      schema: {
        tags: ['tickets'],
        summary: 'A ticket with its clocks, evaluated now',
        params: idParams,
        response: { 200: ticketSchema.extend({ clocks: z.array(clockSchema) }), ...standardErrors },
      },
    },
    async (request) => {
      const detail = await getTicketDetail(dependencies, principalOf(request), request.params.id);
      return { ...presentTicket(detail.ticket), clocks: detail.projection.evaluation.clocks.map(presentClock) };
    },
  );
  app.get(
    '/api/v1/tickets/not-measured',
    {
      schema: {
        tags: ['tickets'],
        summary: 'How many tickets are not measured, and why (list them with GET /api/v1/tickets?measurement=none)',
        querystring: z.strictObject({ customerId: z.uuid().optional() }),
        response: {
          200: z.object({
            total: z.number(),
            reasons: z.array(z.object({ reason: z.enum(unmeasuredReasons), count: z.number(), message: z.string() })),
          }),
          ...standardErrors,
        },
      },
    },
    async (request) => {
      const reasons = await countUnmeasuredTickets(dependencies.store, principalOf(request), request.query);
      return {
        total: reasons.reduce((sum, entry) => sum + entry.count, 0),
        reasons: reasons.map((entry) => ({ ...entry, message: unmeasuredReasonTexts[entry.reason] })),
      };
    },
  );
  app.get(
    '/api/v1/tickets/:id/timeline',
    {
      schema: {
        tags: ['tickets'],
        summary: "The ticket's events in the order they happened, and its clocks with every cycle",
        params: idParams,
        response: {
          200: z.object({ ticket: ticketSchema, events: z.array(eventSchema), clocks: z.array(clockSchema) }),
          ...standardErrors,
        },
      },
    },
    async (request) => {
      const detail = await getTicketDetail(dependencies, principalOf(request), request.params.id);
      return {
        ticket: presentTicket(detail.ticket),
        events: detail.events.map(presentEvent),
        clocks: detail.projection.evaluation.clocks.map(presentClock),
      };
    },
  );
  app.post(
    '/api/v1/tickets/:id/events',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Record one event of the ticket (Idempotency-Key header or "key" field)',
        params: idParams,
        headers: z.object({ 'idempotency-key': textInput.min(1).max(200).optional() }).passthrough(),
        body: z.strictObject({ ...eventInput, message: eventMessage }),
        response: { 201: recordedSchema, 200: recordedSchema, ...standardErrors },
      },
    },
    async (request, reply) => {
      const { message, ...body } = request.body;
      const event = {
        ...toEvent(body as EventBody),
        key: body.key ?? request.headers['idempotency-key'],
      };
      const result =
        message === undefined
          ? await dependencies.eventRecorder.record(principalOf(request), [{ ticketId: request.params.id, event }])
          : await recordEventWithMessage(dependencies, principalOf(request), request.params.id, event, message);
      dependencies.metrics.ticketEvents.inc({ outcome: 'recorded' }, result.recorded);
      dependencies.metrics.ticketEvents.inc({ outcome: 'duplicate' }, result.duplicates);
      return reply
        .status(result.recorded > 0 ? 201 : 200)
        .send({ recorded: result.recorded, duplicates: result.duplicates, events: [...result.events] });
    },
  );
  app.post(
    '/api/v1/ticket-events/batch',
    {
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        tags: ['tickets'],
        summary: 'Record up to 10,000 events of any tickets in one transaction (keys make retries harmless)',
        body: z.strictObject({
          events: z
            .array(z.strictObject({ ticketId: z.uuid(), ...eventInput }))
            .min(1)
            .max(10_000),
        }),
        response: { 200: recordedSchema, ...standardErrors, 413: errorBody },
      },
    },
    async (request) => {
      const items = request.body.events.map(({ ticketId, ...event }) => ({
        ticketId,
        event: toEvent(event as EventBody),
      }));
      const result = await dependencies.eventRecorder.record(principalOf(request), items);
      dependencies.metrics.ticketEvents.inc({ outcome: 'recorded' }, result.recorded);
      dependencies.metrics.ticketEvents.inc({ outcome: 'duplicate' }, result.duplicates);
      return { recorded: result.recorded, duplicates: result.duplicates, events: [...result.events] };
    },
  );
  app.post(
    '/api/v1/tickets/rebuild',
    {
      schema: {
        tags: ['tickets'],
        summary: "Rebuild the clock projection from the events (all tickets, or one agreement's)",
        body: z.strictObject({ agreementId: z.uuid().optional(), onlyOpen: z.boolean().default(false) }),
        response: { 200: z.object({ tickets: z.number(), clocks: z.number() }), ...standardErrors },
      },
    },
    async (request) => rebuildAllowed(dependencies, principalOf(request), request.body),
  );
}
