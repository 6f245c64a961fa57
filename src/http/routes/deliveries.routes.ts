/**
 * Delivery lines (OTIF targets): one at a time, or in batches of up to 10,000 lines that upsert by (customer, order,
 * line) so that a repeated batch changes nothing.
 */
import { z } from 'zod';
import {
  createDelivery,
  type DeliveryInput,
  deleteDelivery,
  getDelivery,
  listDeliveries,
  MAX_DELIVERY_BATCH,
  updateDelivery,
  upsertDeliveries,
} from '../../app/facts/manage-deliveries.ts';
import type { DeliveryRecord } from '../../app/ports/delivery-repository.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import { flagOf, flagQuery, instantOf, quantity } from './facts-route-schemas.ts';
import {
  errorBody,
  idParams,
  instantInput,
  instantSchema,
  iso,
  listEnvelope,
  pageBody,
  pageOf,
  pageQuery,
  standardErrors,
  textInput,
} from './route-schemas.ts';

/** 10,000 lines of JSON are about 3 MB; the server's default limit is 1 MB. */
const BATCH_BODY_LIMIT = 16 * 1024 * 1024;

const deliverySchema = z.object({
  id: z.string(),
  customerId: z.string(),
  agreementId: z.string().nullable(),
  orderId: z.string(),
  lineId: z.string(),
  orderedQuantity: z.number(),
  deliveredQuantity: z.number().nullable(),
  promisedAt: instantSchema,
  deliveredAt: instantSchema.nullable(),
  delivered: z.boolean(),
  createdAt: instantSchema,
});

function presentDelivery(delivery: DeliveryRecord): z.infer<typeof deliverySchema> {
  return {
    id: delivery.id,
    customerId: delivery.customerId,
    agreementId: delivery.agreementId,
    orderId: delivery.orderId,
    lineId: delivery.lineId,
    orderedQuantity: delivery.orderedQuantity,
    deliveredQuantity: delivery.deliveredQuantity,
    promisedAt: iso(delivery.promisedAt),
    deliveredAt: iso(delivery.deliveredAt),
    delivered: delivery.deliveredAt !== null,
    createdAt: iso(delivery.createdAt),
  };
}

const reference = textInput.min(1).max(100);

const changeableFields = {
  agreementId: z.uuid().nullable().describe('The agreement the line is measured under (of the same customer).'),
  orderedQuantity: quantity,
  deliveredQuantity: quantity.nullable().describe('Given together with deliveredAt, or both null (not delivered).'),
  promisedAt: instantInput,
  deliveredAt: instantInput.nullable().describe('When the (last shipment of the) line arrived.'),
};

const lineBody = z.strictObject({
  customerId: z.uuid(),
  orderId: reference,
  lineId: reference,
  ...changeableFields,
  agreementId: changeableFields.agreementId.optional(),
  deliveredQuantity: changeableFields.deliveredQuantity.optional(),
  deliveredAt: changeableFields.deliveredAt.optional(),
});

function lineInput(line: z.infer<typeof lineBody>): DeliveryInput {
  return { ...line, promisedAt: instantOf(line.promisedAt), deliveredAt: instantOf(line.deliveredAt) };
}

export function deliveryRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  const { store } = dependencies;
  app.get(
    '/api/v1/deliveries',
    {
      schema: {
        tags: ['facts'],
        summary: 'List delivery lines, by promised instant',
        querystring: z.strictObject({
          ...pageQuery,
          from: instantInput.optional().describe('Lines promised at or after this instant.'),
          to: instantInput.optional().describe('Lines promised before this instant.'),
          customerId: z.uuid().optional(),
          agreementId: z.uuid().optional(),
          orderId: reference.optional(),
          delivered: flagQuery,
          sort: z.enum(['promisedAt', '-promisedAt']).default('promisedAt'),
        }),
        response: { 200: listEnvelope(deliverySchema), ...standardErrors },
      },
    },
    async (request) => {
      const { limit, offset, from, to, delivered, ...filter } = request.query;
      const page = await listDeliveries(store, principalOf(request), pageOf({ limit, offset }), {
        ...filter,
        from: instantOf(from),
        to: instantOf(to),
        delivered: flagOf(delivered),
      });
      return pageBody(page, presentDelivery);
    },
  );
  app.post(
    '/api/v1/deliveries',
    {
      schema: {
        tags: ['facts'],
        summary: 'Record one delivery line',
        body: lineBody,
        response: { 201: deliverySchema, ...standardErrors, 409: errorBody },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentDelivery(await createDelivery(dependencies, principalOf(request), lineInput(request.body)))),
  );
  app.post(
    '/api/v1/deliveries/batch',
    {
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        tags: ['facts'],
        summary: `Upsert up to ${MAX_DELIVERY_BATCH.toLocaleString('en-US')} lines by (customer, order, line); all or nothing`,
        body: z.strictObject({ lines: z.array(lineBody).min(1).max(MAX_DELIVERY_BATCH) }),
        response: {
          200: z.object({
            received: z.number(),
            created: z.number(),
            updated: z.number(),
            unchanged: z.number(),
          }),
          ...standardErrors,
        },
      },
    },
    async (request) => upsertDeliveries(dependencies, principalOf(request), request.body.lines.map(lineInput)),
  );
  app.get(
    '/api/v1/deliveries/:id',
    {
      schema: {
        tags: ['facts'],
        summary: 'A delivery line',
        params: idParams,
        response: { 200: deliverySchema, ...standardErrors },
      },
    },
    async (request) => presentDelivery(await getDelivery(store, principalOf(request), request.params.id)),
  );
  app.patch(
    '/api/v1/deliveries/:id',
    {
      schema: {
        tags: ['facts'],
        summary: 'Change a delivery line (customer, order and line ids stay)',
        params: idParams,
        body: z.strictObject(z.object(changeableFields).partial().shape),
        response: { 200: deliverySchema, ...standardErrors },
      },
    },
    async (request) => {
      const { promisedAt, deliveredAt, ...rest } = request.body;
      const delivery = await updateDelivery(dependencies, principalOf(request), request.params.id, {
        ...rest,
        promisedAt: instantOf(promisedAt),
        deliveredAt: instantOf(deliveredAt),
      });
      return presentDelivery(delivery);
    },
  );
  app.delete(
    '/api/v1/deliveries/:id',
    {
      schema: {
        tags: ['facts'],
        summary: 'Delete a delivery line',
        params: idParams,
        response: { 204: z.null(), ...standardErrors },
      },
    },
    async (request, reply) => {
      await deleteDelivery(dependencies, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
