/**
 * Facts read by period results (decision 0010): outages, maintenance windows, delivery lines and KPI values of one
 * agreement's customer, as rows.
 */
import { and, asc, eq, gt, gte, inArray, isNull, lt, or } from 'drizzle-orm';
import type { DeliveryRecord } from '../../app/ports/delivery-repository.ts';
import type { MaintenanceKind, MaintenanceWindowRecord } from '../../app/ports/maintenance-window-repository.ts';
import type { OutageRecord } from '../../app/ports/outage-repository.ts';
import type { KpiValueOfPeriod, ResultsRepository } from '../../app/ports/results-repository.ts';
import type { OutageSeverity } from '../../core/measure/index.ts';
import { deliveries, kpiValues, maintenanceWindows, outages } from '../schema.ts';
import type { Db } from './facts-predicates.ts';
import { dateOf, millis } from './row-mapping.ts';

export type ResultFactQueries = Pick<ResultsRepository, 'outages' | 'maintenanceWindows' | 'deliveries' | 'kpiValues'>;

export function resultFactQueries(db: Db): ResultFactQueries {
  return {
    async outages(workspaceId, customerId, services, range) {
      if (services.length === 0) return [];
      const rows = await db
        .select()
        .from(outages)
        .where(
          and(
            eq(outages.workspaceId, workspaceId),
            or(eq(outages.customerId, customerId), isNull(outages.customerId)),
            inArray(outages.service, [...services]),
            or(isNull(outages.endsAt), gt(outages.endsAt, dateOf(range.from))),
            lt(outages.startsAt, dateOf(range.to)),
          ),
        )
        .orderBy(asc(outages.startsAt), asc(outages.id));
      return rows.map(
        (row): OutageRecord => ({
          id: row.id,
          workspaceId: row.workspaceId,
          customerId: row.customerId,
          service: row.service,
          startsAt: millis(row.startsAt),
          endsAt: millis(row.endsAt),
          severity: row.severity as OutageSeverity,
          source: row.source,
          externalRef: row.externalRef,
          description: row.description,
          createdAt: millis(row.createdAt),
        }),
      );
    },

    async maintenanceWindows(workspaceId, customerId, range) {
      const rows = await db
        .select()
        .from(maintenanceWindows)
        .where(
          and(
            eq(maintenanceWindows.workspaceId, workspaceId),
            or(eq(maintenanceWindows.customerId, customerId), isNull(maintenanceWindows.customerId)),
            gt(maintenanceWindows.endsAt, dateOf(range.from)),
            lt(maintenanceWindows.startsAt, dateOf(range.to)),
          ),
        )
        .orderBy(asc(maintenanceWindows.startsAt), asc(maintenanceWindows.id));
      return rows.map(
        (row): MaintenanceWindowRecord => ({
          id: row.id,
          workspaceId: row.workspaceId,
          customerId: row.customerId,
          kind: row.kind as MaintenanceKind,
          services: Array.isArray(row.services) ? (row.services as string[]) : [],
          startsAt: millis(row.startsAt),
          endsAt: millis(row.endsAt),
          announcedAt: millis(row.announcedAt),
          pausesClocks: row.pausesClocks,
          description: row.description,
          createdAt: millis(row.createdAt),
        }),
      );
    },

    async deliveries(workspaceId, customerId, agreementId, range) {
      const rows = await db
        .select()
        .from(deliveries)
        .where(
          and(
            eq(deliveries.workspaceId, workspaceId),
            eq(deliveries.customerId, customerId),
            or(eq(deliveries.agreementId, agreementId), isNull(deliveries.agreementId)),
            gte(deliveries.promisedAt, dateOf(range.from)),
            lt(deliveries.promisedAt, dateOf(range.to)),
          ),
        )
        .orderBy(asc(deliveries.promisedAt), asc(deliveries.orderId), asc(deliveries.lineId));
      return rows.map(
        (row): DeliveryRecord => ({
          id: row.id,
          workspaceId: row.workspaceId,
          customerId: row.customerId,
          agreementId: row.agreementId,
          orderId: row.orderId,
          lineId: row.lineId,
          orderedQuantity: row.orderedQuantity,
          deliveredQuantity: row.deliveredQuantity,
          promisedAt: millis(row.promisedAt),
          deliveredAt: millis(row.deliveredAt),
          createdAt: millis(row.createdAt),
        }),
      );
    },

    async kpiValues(workspaceId, agreementId, periods) {
      if (periods.length === 0) return [];
      const rows = await db
        .select({
          targetId: kpiValues.targetId,
          period: kpiValues.period,
          value: kpiValues.value,
          note: kpiValues.note,
        })
        .from(kpiValues)
        .where(
          and(
            eq(kpiValues.workspaceId, workspaceId),
            eq(kpiValues.agreementId, agreementId),
            inArray(kpiValues.period, [...periods]),
          ),
        );
      return rows.map((row): KpiValueOfPeriod => ({ ...row }));
    },
  };
}
