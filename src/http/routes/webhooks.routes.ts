/**
 * Webhook subscriptions (administrators; decision 0016): where signed alerts are POSTed. The signing secret is in
 * the answer to the creation and to a rotation (`rotateSecret: true`) only. The delivery log shows every attempt;
 * a test message goes through the real outbox.
 */
import { z } from 'zod';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  sendTestWebhook,
  updateWebhook,
  WEBHOOK_URL_MAX_LENGTH,
} from '../../app/monitoring/manage-webhooks.ts';
import { webhookEventTypes } from '../../app/ports/notification-repository.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import {
  deliverySchema,
  idempotencyHeaders,
  noBody,
  presentDelivery,
  presentWebhook,
  queuedSchema,
  webhookSchema,
} from './monitoring.presenters.ts';
import { idParams, listEnvelope, pageBody, pageOf, pageQuery, standardErrors, textInput } from './route-schemas.ts';

const webhookFields = {
  url: textInput
    .min(1)
    .max(WEBHOOK_URL_MAX_LENGTH)
    .describe(
      'https:// or http:// (anything else: 400 WEBHOOK_URL_INVALID). Loopback, private, link-local and other internal ' +
        'addresses (also `localhost` and any spelling of them) are refused with 400 WEBHOOK_URL_ADDRESS_REFUSED ' +
        'unless the server allow-lists them (COVENANT_WEBHOOK_ALLOW_HOSTS); a name is judged again by what it ' +
        'resolves to at every delivery. Redirects are not followed; the delivery log keeps the status, not the body.',
    ),
  eventTypes: z
    .array(z.enum(webhookEventTypes))
    .min(1)
    .max(webhookEventTypes.length * 4),
  description: textInput.trim().min(1).max(500).nullable(),
  active: z.boolean(),
};

const secretField = z.string().describe('The signing secret: shown in this answer only, keep it now.');

export function webhookRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  const { store } = dependencies;
  app.get(
    '/api/v1/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'List webhook subscriptions (never their secrets)',
        querystring: z.strictObject(pageQuery),
        response: { 200: listEnvelope(webhookSchema), ...standardErrors },
      },
    },
    async (request) => pageBody(await listWebhooks(store, principalOf(request), pageOf(request.query)), presentWebhook),
  );
  app.post(
    '/api/v1/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Subscribe a URL to event types; the answer carries the signing secret, once',
        body: z.strictObject({
          ...webhookFields,
          description: webhookFields.description.optional(),
          active: webhookFields.active.optional(),
        }),
        response: { 201: webhookSchema.extend({ secret: secretField }), ...standardErrors },
      },
    },
    async (request, reply) => {
      const { webhook, secret } = await createWebhook(dependencies, principalOf(request), request.body);
      return reply.status(201).send({ ...presentWebhook(webhook), secret: secret! });
    },
  );
  app.get(
    '/api/v1/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'A webhook subscription (never its secret)',
        params: idParams,
        response: { 200: webhookSchema, ...standardErrors },
      },
    },
    async (request) => presentWebhook(await getWebhook(store, principalOf(request), request.params.id)),
  );
  app.patch(
    '/api/v1/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Change a subscription; rotateSecret: true answers the new secret, once',
        params: idParams,
        body: z.strictObject({
          ...z.object(webhookFields).partial().shape,
          rotateSecret: z.boolean().optional(),
        }),
        response: { 200: webhookSchema.extend({ secret: secretField.optional() }), ...standardErrors },
      },
    },
    async (request) => {
      const { webhook, secret } = await updateWebhook(
        dependencies,
        principalOf(request),
        request.params.id,
        request.body,
      );
      return secret === null ? presentWebhook(webhook) : { ...presentWebhook(webhook), secret };
    },
  );
  app.delete(
    '/api/v1/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Delete a subscription (queued messages to it are dead-lettered when their turn comes)',
        params: idParams,
        response: { 204: z.null(), ...standardErrors },
      },
    },
    async (request, reply) => {
      await deleteWebhook(dependencies, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      schema: {
        tags: ['webhooks'],
        summary: "The subscription's delivery attempts, newest first",
        params: idParams,
        querystring: z.strictObject(pageQuery),
        response: { 200: listEnvelope(deliverySchema), ...standardErrors },
      },
    },
    async (request) =>
      pageBody(
        await listWebhookDeliveries(store, principalOf(request), request.params.id, pageOf(request.query)),
        presentDelivery,
      ),
  );
  app.post(
    '/api/v1/webhooks/:id/test',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Queue a signed notification.test message to the subscription (active or not)',
        params: idParams,
        headers: idempotencyHeaders,
        body: noBody,
        response: { 202: queuedSchema, ...standardErrors },
      },
    },
    async (request, reply) => {
      const queued = await sendTestWebhook(
        dependencies,
        principalOf(request),
        request.params.id,
        request.headers['idempotency-key'],
      );
      return reply.status(202).send(queued);
    },
  );
}
