/** KPI values: one number per agreement, KPI target and period, upserted by that key. */
import { z } from 'zod';
import {
  deleteKpiValue,
  getKpiValue,
  listKpiValues,
  updateKpiValue,
  upsertKpiValue,
} from '../../app/facts/manage-kpi-values.ts';
import type { KpiValueRecord } from '../../app/ports/kpi-value-repository.ts';
import { principalOf } from '../authentication.ts';
import type { HttpDependencies } from '../http-dependencies.ts';
import type { ZodApp } from '../zod-app.ts';
import { description } from './facts-route-schemas.ts';
import {
  idParams,
  instantSchema,
  iso,
  listEnvelope,
  pageBody,
  pageOf,
  pageQuery,
  slug,
  standardErrors,
  textInput,
} from './route-schemas.ts';

const kpiValueSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  agreementId: z.string(),
  targetId: z.string(),
  period: z.string(),
  value: z.number(),
  note: z.string().nullable(),
  createdAt: instantSchema,
});

function presentKpiValue(record: KpiValueRecord): z.infer<typeof kpiValueSchema> {
  return {
    id: record.id,
    customerId: record.customerId,
    agreementId: record.agreementId,
    targetId: record.targetId,
    period: record.period,
    value: record.value,
    note: record.note,
    createdAt: iso(record.createdAt),
  };
}

const periodLabel = textInput
  .min(4)
  .max(10)
  .describe('2026-10 (month), 2026-Q4 (quarter), 2026-W41 (ISO week), 2026-10-05 (day) or 2026 (year).');

const value = z.number().min(-1e15).max(1e15);

export function kpiValueRoutes(app: ZodApp, dependencies: HttpDependencies): void {
  const { store } = dependencies;
  app.get(
    '/api/v1/kpi-values',
    {
      schema: {
        tags: ['facts'],
        summary: 'List KPI values, by period',
        querystring: z.strictObject({
          ...pageQuery,
          customerId: z.uuid().optional(),
          agreementId: z.uuid().optional(),
          targetId: slug.optional(),
          period: periodLabel.optional(),
          periodFrom: periodLabel.optional().describe('Inclusive; with periodTo, a label of the same kind.'),
          periodTo: periodLabel.optional().describe('Inclusive.'),
        }),
        response: { 200: listEnvelope(kpiValueSchema), ...standardErrors },
      },
    },
    async (request) => {
      const { limit, offset, ...query } = request.query;
      return pageBody(
        await listKpiValues(store, principalOf(request), pageOf({ limit, offset }), query),
        presentKpiValue,
      );
    },
  );
  app.put(
    '/api/v1/kpi-values',
    {
      schema: {
        tags: ['facts'],
        summary: 'Record the value of a KPI target in a period (replaces the value recorded before)',
        description: '201 when the value is new, 200 when it replaced or repeated the one recorded before.',
        body: z.strictObject({
          agreementId: z.uuid(),
          targetId: slug,
          period: periodLabel,
          value,
          note: description.nullable().optional(),
        }),
        response: { 200: kpiValueSchema, 201: kpiValueSchema, ...standardErrors },
      },
    },
    async (request, reply) => {
      const { outcome, record } = await upsertKpiValue(dependencies, principalOf(request), request.body);
      return reply.status(outcome === 'created' ? 201 : 200).send(presentKpiValue(record));
    },
  );
  app.get(
    '/api/v1/kpi-values/:id',
    {
      schema: {
        tags: ['facts'],
        summary: 'A KPI value',
        params: idParams,
        response: { 200: kpiValueSchema, ...standardErrors },
      },
    },
    async (request) => presentKpiValue(await getKpiValue(store, principalOf(request), request.params.id)),
  );
  app.patch(
    '/api/v1/kpi-values/:id',
    {
      schema: {
        tags: ['facts'],
        summary: 'Change the value or note of a KPI value',
        params: idParams,
        body: z.strictObject({ value: value.optional(), note: description.nullable().optional() }),
        response: { 200: kpiValueSchema, ...standardErrors },
      },
    },
    async (request) =>
      presentKpiValue(await updateKpiValue(dependencies, principalOf(request), request.params.id, request.body)),
  );
  app.delete(
    '/api/v1/kpi-values/:id',
    {
      schema: {
        tags: ['facts'],
        summary: 'Delete a KPI value',
        params: idParams,
        response: { 204: z.null(), ...standardErrors },
      },
    },
    async (request, reply) => {
      await deleteKpiValue(dependencies, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
