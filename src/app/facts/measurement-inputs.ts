/**
 * How stored facts become the inputs of `core/measure` (decision 0008): the one place where that mapping lives, so
 * reports and what-if use it alike.
 *   - An ongoing outage is measured up to the evaluation instant.
 *   - Force-majeure windows take their time out of the outages they overlap (the outage does not count as downtime
 *     while the event lasts; the agreed service time is unchanged), for the services they cover.
 *   - Planned maintenance windows covering the service are the maintenance input; the agreement's mode and notice
 *     decide how they count.
 *   - A delivery line not delivered yet is passed with quantity 0 and no instant (OTIF then judges it pending or
 *     failed).
 */
import type { DeliveryLine, MaintenanceWindow, Outage } from '../../core/measure/index.ts';
import { subtractSpans, unionOfSpans } from '../../core/measure/index.ts';
import type { DeliveryRecord } from '../ports/delivery-repository.ts';
import type { MaintenanceWindowRecord } from '../ports/maintenance-window-repository.ts';
import type { OutageRecord } from '../ports/outage-repository.ts';

/** Whether a window covers a service: it lists the service, or it lists none (all services). */
export function windowCoversService(window: MaintenanceWindowRecord, service: string): boolean {
  return window.services.length === 0 || window.services.includes(service);
}

/**
 * The outages of a service as `measureAvailability` takes them, evaluated at `now`, with force-majeure time removed.
 * An outage split by a force-majeure window becomes several pieces (ids `<id>#1`, `<id>#2`...).
 */
export function outagesForMeasurement(
  outages: readonly OutageRecord[],
  windows: readonly MaintenanceWindowRecord[],
  service: string,
  now: number,
): Outage[] {
  const forceMajeure = unionOfSpans(
    windows
      .filter((window) => window.kind === 'force_majeure' && windowCoversService(window, service))
      .map((window) => ({ start: window.startsAt, end: window.endsAt })),
  );
  const result: Outage[] = [];
  for (const outage of outages) {
    if (outage.service !== service) continue;
    const to = outage.endsAt ?? Math.max(now, outage.startsAt);
    if (to <= outage.startsAt) continue;
    const pieces = subtractSpans([{ start: outage.startsAt, end: to }], forceMajeure);
    const whole = pieces.length === 1 && pieces[0]!.start === outage.startsAt && pieces[0]!.end === to;
    pieces.forEach((piece, index) => {
      const id = whole ? outage.id : `${outage.id}#${index + 1}`;
      result.push({ id, from: piece.start, to: piece.end, severity: outage.severity });
    });
  }
  return result;
}

/** The planned maintenance of a service as `measureAvailability` takes it. */
export function maintenanceForMeasurement(
  windows: readonly MaintenanceWindowRecord[],
  service: string,
): MaintenanceWindow[] {
  return windows
    .filter((window) => window.kind === 'planned_maintenance' && windowCoversService(window, service))
    .map((window) => ({ id: window.id, from: window.startsAt, to: window.endsAt, announcedAt: window.announcedAt }));
}

/** Delivery lines as `measureOtif` takes them. */
export function deliveryLinesForMeasurement(deliveries: readonly DeliveryRecord[]): DeliveryLine[] {
  return deliveries.map((delivery) => ({
    orderId: delivery.orderId,
    lineId: delivery.lineId,
    orderedQty: delivery.orderedQuantity,
    deliveredQty: delivery.deliveredQuantity ?? 0,
    promisedAt: delivery.promisedAt,
    deliveredAt: delivery.deliveredAt,
  }));
}
