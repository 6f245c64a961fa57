import { describe, expect, it } from 'vitest';
import {
  deliveryLinesForMeasurement,
  maintenanceForMeasurement,
  outagesForMeasurement,
} from '../../../src/app/facts/measurement-inputs.ts';
import type { DeliveryRecord } from '../../../src/app/ports/delivery-repository.ts';
import type { MaintenanceWindowRecord } from '../../../src/app/ports/maintenance-window-repository.ts';
import type { OutageRecord } from '../../../src/app/ports/outage-repository.ts';
import { formatFixed, measureAvailability, measureOtif } from '../../../src/core/measure/index.ts';
import { compileCalendar } from '../../../src/core/time/index.ts';

const minute = 60_000;
const t0 = Date.parse('2026-09-01T00:00:00Z');

function outage(id: string, from: number, to: number | null, overrides: Partial<OutageRecord> = {}): OutageRecord {
  return {
    id,
    workspaceId: 'w',
    customerId: null,
    service: 'shop-platform',
    startsAt: t0 + from * minute,
    endsAt: to === null ? null : t0 + to * minute,
    severity: 'full',
    source: 'api',
    externalRef: null,
    description: null,
    createdAt: t0,
    ...overrides,
  };
}

function window(
  id: string,
  from: number,
  to: number,
  overrides: Partial<MaintenanceWindowRecord> = {},
): MaintenanceWindowRecord {
  return {
    id,
    workspaceId: 'w',
    customerId: null,
    kind: 'planned_maintenance',
    services: [],
    startsAt: t0 + from * minute,
    endsAt: t0 + to * minute,
    announcedAt: t0 - 7 * 24 * 60 * minute,
    pausesClocks: true,
    description: null,
    createdAt: t0,
    ...overrides,
  };
}

describe('facts as measurement inputs', () => {
  it('measures an ongoing outage up to now and keeps to the service', () => {
    const outages = [outage('a', 10, 40), outage('b', 100, null), outage('c', 0, 5, { service: 'database' })];
    expect(outagesForMeasurement(outages, [], 'shop-platform', t0 + 130 * minute)).toEqual([
      { id: 'a', from: t0 + 10 * minute, to: t0 + 40 * minute, severity: 'full' },
      { id: 'b', from: t0 + 100 * minute, to: t0 + 130 * minute, severity: 'full' },
    ]);
  });

  it('takes force-majeure time out of the outages it covers, and only for the services it covers', () => {
    const outages = [outage('a', 0, 100), outage('d', 0, 100, { service: 'database' })];
    const windows = [
      window('fm', 20, 50, { kind: 'force_majeure', services: ['shop-platform'] }),
      window('planned', 60, 70),
    ];
    expect(outagesForMeasurement(outages, windows, 'shop-platform', t0 + 200 * minute)).toEqual([
      { id: 'a#1', from: t0, to: t0 + 20 * minute, severity: 'full' },
      { id: 'a#2', from: t0 + 50 * minute, to: t0 + 100 * minute, severity: 'full' },
    ]);
    expect(outagesForMeasurement(outages, windows, 'database', t0)).toEqual([
      { id: 'd', from: t0, to: t0 + 100 * minute, severity: 'full' },
    ]);
    expect(maintenanceForMeasurement(windows, 'shop-platform')).toEqual([
      { id: 'planned', from: t0 + 60 * minute, to: t0 + 70 * minute, announcedAt: t0 - 7 * 24 * 60 * minute },
    ]);
  });

  it('reproduces the availability example of docs/semantics.md#availability from stored facts', () => {
    // 30-day month, 30 min full outage, 120 min planned maintenance announced with notice: down 99.653 %.
    const period = { from: t0, to: t0 + 30 * 24 * 60 * minute };
    const input = {
      calendar: compileCalendar('24x7'),
      period,
      outages: outagesForMeasurement([outage('o', 600, 630)], [], 'shop-platform', period.to),
      maintenance: maintenanceForMeasurement(
        [window('m', 1000, 1120, { services: ['shop-platform'] })],
        'shop-platform',
      ),
      partialWeight: 0.5,
    };
    const down = measureAvailability({ ...input, maintenancePolicy: { mode: 'down', noticeHours: 72 } });
    const up = measureAvailability({ ...input, maintenancePolicy: { mode: 'up', noticeHours: 72 } });
    expect(formatFixed(down.percent!, 3)).toBe('99.653');
    expect(formatFixed(up.percent!, 3)).toBe('99.931');
  });

  it('passes an undelivered line with quantity 0 and no instant', () => {
    const stored: DeliveryRecord[] = [
      {
        id: '1',
        workspaceId: 'w',
        customerId: 'c',
        agreementId: null,
        orderId: 'A',
        lineId: '1',
        orderedQuantity: 100,
        deliveredQuantity: 100,
        promisedAt: t0,
        deliveredAt: t0,
        createdAt: t0,
      },
      {
        id: '2',
        workspaceId: 'w',
        customerId: 'c',
        agreementId: null,
        orderId: 'A',
        lineId: '2',
        orderedQuantity: 50,
        deliveredQuantity: null,
        promisedAt: t0,
        deliveredAt: null,
        createdAt: t0,
      },
    ];
    const lines = deliveryLinesForMeasurement(stored);
    expect(lines[1]).toEqual({
      orderId: 'A',
      lineId: '2',
      orderedQty: 50,
      deliveredQty: 0,
      promisedAt: t0,
      deliveredAt: null,
    });
    const result = measureOtif(lines, { level: 'line', onTime: { lateMs: 0 }, inFull: { under: 0, over: 0 } });
    expect(result.lines).toMatchObject({ total: 2, otif: 1 });
  });
});
