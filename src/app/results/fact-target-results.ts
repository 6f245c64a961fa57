/**
 * Results of the targets measured on facts (decision 0010): availability from outages and maintenance windows, OTIF
 * from delivery lines, KPIs from recorded values, mean resolution time from the stored resolution cycles. The facts
 * become `core/measure` inputs through `facts/measurement-inputs.ts`, the one place of that mapping.
 */
import {
  type Agreement,
  type AvailabilityTarget,
  defineAgreementCalendars,
  type KpiTarget,
  type MeanResolutionTimeTarget,
  type OtifTarget,
} from '../../core/agreement/index.ts';
import {
  type AvailabilityResult,
  type DeliveryLine,
  evaluateKpi,
  type KpiResult,
  measureAvailability,
  measureOtif,
  type OtifPolicy,
  type OtifResult,
} from '../../core/measure/index.ts';
import {
  addBusinessMs,
  type CompiledCalendar,
  compileCalendar,
  compileDefinition,
  elapsedBusinessMs,
} from '../../core/time/index.ts';
import { workspaceCalendars } from '../agreements/agreement-documents.ts';
import {
  deliveryLinesForMeasurement,
  maintenanceForMeasurement,
  outagesForMeasurement,
} from '../facts/measurement-inputs.ts';
import type { DeliveryRecord } from '../ports/delivery-repository.ts';
import type { MaintenanceWindowRecord } from '../ports/maintenance-window-repository.ts';
import type { OutageRecord } from '../ports/outage-repository.ts';
import type { KpiValueOfPeriod, ResolutionTimeRow, ResultsBucket } from '../ports/results-repository.ts';
import type { Repositories } from '../ports/store.ts';

/** The compiled calendars of a version by name (references to workspace calendars resolved). */
export async function versionCalendars(
  repositories: Repositories,
  workspaceId: string,
  agreement: Agreement,
): Promise<Map<string, CompiledCalendar>> {
  const { resolve } = await workspaceCalendars(repositories, workspaceId, agreement);
  const compiled = new Map<string, CompiledCalendar>();
  for (const [name, definition] of defineAgreementCalendars(agreement, resolve)) {
    compiled.set(name, compileDefinition(definition));
  }
  return compiled;
}

const roundTheClock = compileCalendar('24x7');

/**
 * Availability of the target's service over the period up to now (an ongoing outage counts up to now; a period not
 * over yet is measured from its start to now).
 */
export function availabilityResult(
  target: AvailabilityTarget,
  calendars: ReadonlyMap<string, CompiledCalendar>,
  period: ResultsBucket,
  outages: readonly OutageRecord[],
  windows: readonly MaintenanceWindowRecord[],
  now: number,
): AvailabilityResult {
  const calendar = (target.calendar === undefined ? undefined : calendars.get(target.calendar)) ?? roundTheClock;
  return measureAvailability({
    calendar,
    period: { from: period.from, to: Math.min(period.to, now) },
    outages: outagesForMeasurement(outages, windows, target.service, now),
    maintenance: maintenanceForMeasurement(windows, target.service),
    maintenancePolicy: target.maintenance,
    partialWeight: target.partialWeight,
  });
}

/**
 * OTIF of the lines promised in the period, judged at now (lines not delivered whose on-time window is still open are
 * pending). When the target names a calendar, its tolerances are business time of that calendar: each line is then
 * judged against its own window, and passed to the core as exactly on time, just early or just late.
 */
export function otifResult(
  target: OtifTarget,
  calendars: ReadonlyMap<string, CompiledCalendar>,
  deliveries: readonly DeliveryRecord[],
  period: ResultsBucket,
  now: number,
): OtifResult {
  const inPeriod = deliveries.filter(
    (delivery) => delivery.promisedAt >= period.from && delivery.promisedAt < period.to,
  );
  const lines = deliveryLinesForMeasurement(inPeriod);
  const inFull = { under: target.inFull.under / 100, over: target.inFull.over / 100 };
  const calendar = target.calendar === undefined ? undefined : calendars.get(target.calendar);
  if (calendar === undefined) {
    const policy: OtifPolicy = {
      level: target.level,
      onTime: { earlyMs: target.onTime.early ?? null, lateMs: target.onTime.late },
      inFull,
    };
    return measureOtif(lines, policy, { asOf: now });
  }
  const policy: OtifPolicy = { level: target.level, onTime: { earlyMs: 0, lateMs: 0 }, inFull };
  return measureOtif(
    lines.map((line) => inBusinessTime(line, target, calendar)),
    policy,
    { asOf: now },
  );
}

function inBusinessTime(line: DeliveryLine, target: OtifTarget, calendar: CompiledCalendar): DeliveryLine {
  const late = target.onTime.late;
  const latest = late === 0 ? line.promisedAt : (addBusinessMs(calendar, line.promisedAt, late) ?? Infinity);
  const bound = Number.isFinite(latest) ? latest : line.promisedAt;
  if (line.deliveredAt === null) return { ...line, promisedAt: bound };
  const early = target.onTime.early;
  const tooEarly =
    early !== undefined &&
    line.deliveredAt < line.promisedAt &&
    elapsedBusinessMs(calendar, line.deliveredAt, line.promisedAt) > early;
  const tooLate = line.deliveredAt > latest;
  return { ...line, promisedAt: bound, deliveredAt: tooLate ? bound + 1 : tooEarly ? bound - 1 : bound };
}

/** A KPI target's value of the period (null when none was recorded). */
export function kpiResult(
  target: KpiTarget,
  values: readonly KpiValueOfPeriod[],
  label: string | null,
): KpiResult & { note: string | null } {
  const recorded = label === null ? undefined : values.find((v) => v.targetId === target.id && v.period === label);
  return {
    ...evaluateKpi({ value: recorded?.value ?? null, objective: target.objective, direction: target.direction }),
    note: recorded?.note ?? null,
  };
}

/**
 * Mean resolution time: the mean business time used by the resolution cycles that stopped (met or breached) in the
 * period, of tickets whose current priority is one of the target's (all when it names none) and, when the target
 * names a service, of that service. The used time is that of the resolution targets' own calendars and pauses.
 */
export function meanResolutionResult(
  target: MeanResolutionTimeTarget,
  rows: readonly ResolutionTimeRow[],
  bucket: number,
): KpiResult & { cycles: number } {
  let count = 0;
  let sum = 0;
  for (const row of rows) {
    if (row.bucket !== bucket) continue;
    if (target.priorities !== undefined && (row.priority === null || !target.priorities.includes(row.priority))) {
      continue;
    }
    if (target.service !== undefined && row.service !== target.service) continue;
    count += row.count;
    sum += row.sumMs;
  }
  return {
    ...evaluateKpi({ value: count === 0 ? null : sum / count, objective: target.objective, direction: 'atMost' }),
    cycles: count,
  };
}
