/**
 * Monitoring (decision 0016): the clock queue (what is at risk, breached, due soon), the attention queue (breached
 * first, then at risk, with counts per assignee and customer), the outbox with its retry of
 * dead messages, deviations, and the e-mail settings with a test e-mail.
 */
import { z } from 'zod';
import { getEmailSettings, sendTestEmail } from '../../app/monitoring/email-settings.ts';
import { listDeviations, updateDeviation } from '../../app/monitoring/manage-deviations.ts';
import { readAttentionQueue } from '../../app/monitoring/read-attention-queue.ts';
import { listClocks } from '../../app/monitoring/read-clocks.ts';
import { listOutbox, retryOutboxMessage } from '../../app/monitoring/read-outbox.ts';
import { clockStates, deviationStatuses, ticketLifecycles } from '../../app/ports/notification-repository.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import {
  attentionQueueSchema,
  deviationSchema,
  idempotencyHeaders,
  monitoredClockSchema,
  noBody,
  outboxSchema,
  presentAttentionQueue,
  presentClock,
  presentDeviation,
  presentOutboxMessage,
  queuedSchema,
} from './monitoring.presenters.ts';
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

const name = textInput.min(1).max(100);
const outboxParams = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_.:-]+$/, { error: 'must be an outbox message id, e.g. m_3f2a...' }),
});

export function monitoringRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  const { store } = dependencies;
  app.get(
    '/api/v1/clocks',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'The clock queue: clocks of open tickets, soonest due first (the at-risk queue)',
        querystring: z.strictObject({
          ...pageQuery,
          state: z.enum(clockStates).optional(),
          customerId: z.uuid().optional(),
          service: name.optional(),
          priority: name.optional(),
          targetId: name.optional(),
          dueBefore: instantInput.optional().describe('Only clocks due before this instant.'),
          lifecycle: z
            .enum([...ticketLifecycles, 'any'])
            .default('open')
            .describe("The tickets' lifecycle (default open); any: every ticket."),
          sort: z
            .enum(['due', '-due', 'percent'])
            .default('due')
            .describe('due: soonest first, no due instant last; -due: latest first; percent: most used first.'),
        }),
        response: { 200: listEnvelope(monitoredClockSchema), ...standardErrors },
      },
    },
    async (request) => {
      const { limit, offset, dueBefore, ...filter } = request.query;
      const page = await listClocks(store, principalOf(request), pageOf({ limit, offset }), {
        ...filter,
        dueBefore: dueBefore === undefined ? undefined : Date.parse(dueBefore),
      });
      return pageBody(page, presentClock);
    },
  );
  app.get(
    '/api/v1/clocks/attention',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'What needs attention first: open tickets breached and still running, then at risk, with counts',
        description:
          'Clocks of open tickets past their due instant and not stopped (longest past due first), then running ' +
          'clocks with 75 % or more of their time used (most used first); counts of those tickets per assignee ' +
          '(null: unassigned) and per customer over every match, not only the page.',
        querystring: z.strictObject({
          ...pageQuery,
          customerId: z.uuid().optional(),
          service: name.optional(),
          priority: name.optional(),
          targetId: name.optional(),
        }),
        response: { 200: attentionQueueSchema, ...standardErrors },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return presentAttentionQueue(
        await readAttentionQueue(dependencies, principalOf(request), pageOf({ limit, offset }), filter),
      );
    },
  );
  app.get(
    '/api/v1/outbox',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'Outgoing e-mails and webhooks with their delivery state, newest first',
        querystring: z.strictObject({
          ...pageQuery,
          status: z.enum(['pending', 'sending', 'delivered', 'dead']).optional(),
          channel: z.enum(['email', 'webhook']).optional(),
        }),
        response: { 200: listEnvelope(outboxSchema), ...standardErrors },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      const page = await listOutbox(store, principalOf(request), pageOf({ limit, offset }), filter);
      return pageBody(page, presentOutboxMessage);
    },
  );
  app.post(
    '/api/v1/outbox/:id/retry',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'Send a dead message again: pending now, attempts reset (409 OUTBOX_MESSAGE_NOT_DEAD otherwise)',
        params: outboxParams,
        body: noBody,
        response: { 200: outboxSchema, ...standardErrors, 409: errorBody },
      },
    },
    async (request) =>
      presentOutboxMessage(await retryOutboxMessage(dependencies, principalOf(request), request.params.id)),
  );
  app.get(
    '/api/v1/deviations',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'Deviations, newest first',
        querystring: z.strictObject({
          ...pageQuery,
          status: z.enum(deviationStatuses).optional(),
          customerId: z.uuid().optional(),
        }),
        response: { 200: listEnvelope(deviationSchema), ...standardErrors },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return pageBody(
        await listDeviations(store, principalOf(request), pageOf({ limit, offset }), filter),
        presentDeviation,
      );
    },
  );
  app.patch(
    '/api/v1/deviations/:id',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'Move a deviation on (open, in_progress, closed) with an optional note',
        params: idParams,
        body: z.strictObject({
          status: z.enum(deviationStatuses),
          note: textInput.trim().min(1).max(2000).nullable().optional().describe('Left out: kept; null: cleared.'),
        }),
        response: { 200: deviationSchema, ...standardErrors },
      },
    },
    async (request) =>
      presentDeviation(await updateDeviation(dependencies, principalOf(request), request.params.id, request.body)),
  );
  app.get(
    '/api/v1/settings/email',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'Whether outgoing e-mail is configured, its SMTP host and sender (never credentials)',
        response: {
          200: z.object({ configured: z.boolean(), host: z.string().nullable(), from: z.string().nullable() }),
          ...standardErrors,
        },
      },
    },
    async (request) => getEmailSettings(principalOf(request), dependencies.emailSettings),
  );
  app.post(
    '/api/v1/settings/email/test',
    {
      schema: {
        tags: ['monitoring'],
        summary: "Queue a test e-mail to the signed-in administrator's address (409 EMAIL_NOT_CONFIGURED)",
        headers: idempotencyHeaders,
        body: noBody,
        response: { 202: queuedSchema, ...standardErrors, 409: errorBody },
      },
    },
    async (request, reply) => {
      const queued = await sendTestEmail(
        dependencies,
        principalOf(request),
        dependencies.emailSettings,
        request.headers['idempotency-key'],
      );
      return reply.status(202).send(queued);
    },
  );
}
