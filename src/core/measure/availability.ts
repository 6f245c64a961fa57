/**
 * Availability of a service in a period (docs/semantics.md#availability). Agreed service time (AST) is the business
 * time of the target's calendar in the period; downtime is the business time covered by outages, weighted by severity,
 * each instant counted once at the highest weight that covers it. Planned maintenance announced with the agreed notice
 * follows the agreement's mode: `excluded` (removed from AST), `up` (available), `down` (downtime at weight 1);
 * maintenance announced too late is an ordinary full outage. Everything is computed on span sets from `openIntervals`,
 * never minute by minute, and the result carries the numbers it was computed from.
 */
import { type CompiledCalendar, MS_PER_MINUTE, openIntervals, type TimeSpan } from '../time/index.ts';
import { formatFixed, roundHalfAwayFromZero } from './decimal.ts';
import { assertPeriod, invalidMeasurement, type Period, requireFiniteNumber } from './period.ts';
import { intersectSpans, spanLength, subtractSpans, unionOfSpans } from './span-set.ts';

export type OutageSeverity = 'full' | 'partial';

/** An outage `[from, to)`; an ongoing outage is passed with `to` = the evaluation instant. */
export interface Outage {
  readonly id?: string;
  readonly from: number;
  readonly to: number;
  readonly severity: OutageSeverity;
}

/** A planned maintenance window `[from, to)` and when it was announced to the customer. */
export interface MaintenanceWindow {
  readonly id?: string;
  readonly from: number;
  readonly to: number;
  readonly announcedAt: number;
}

export type MaintenanceMode = 'excluded' | 'up' | 'down';

/** The agreement's maintenance clause: how announced maintenance counts, and the notice it needs. */
export interface MaintenancePolicy {
  readonly mode: MaintenanceMode;
  readonly noticeHours: number;
}

export interface AvailabilityInput {
  /** The target's calendar (`compileCalendar('24x7')` for round-the-clock service). */
  readonly calendar: CompiledCalendar;
  readonly period: Period;
  readonly outages: readonly Outage[];
  readonly maintenance?: readonly MaintenanceWindow[];
  readonly maintenancePolicy: MaintenancePolicy;
  /** Weight of a partial outage, 0..1 (a full outage weighs 1). */
  readonly partialWeight: number;
}

/** How one maintenance window was treated. */
export interface MaintenanceTreatment {
  readonly id?: string;
  readonly from: number;
  readonly to: number;
  readonly announcedAt: number;
  /** `planned`: announced with the agreed notice, follows the mode; `late_notice`: counts as a full outage. */
  readonly treatedAs: 'planned' | 'late_notice';
  /** Notice given (from - announcedAt), in hours. */
  readonly noticeHours: number;
  /** Business time of the window inside the period (overlaps with other windows counted in each). */
  readonly businessMs: number;
}

/** Weighted downtime, split by what caused it. Each instant is attributed once, to the first cause in this order. */
export interface DowntimeBreakdown {
  /** Planned maintenance in mode `down` (weight 1). */
  readonly plannedMaintenanceMs: number;
  /** Full outages (weight 1). */
  readonly fullOutageMs: number;
  /** Maintenance announced with less than the agreed notice (weight 1). */
  readonly lateNoticeMaintenanceMs: number;
  /** Partial outages not covered by any of the above, unweighted. */
  readonly partialOutageMs: number;
  readonly partialWeight: number;
  /** The weighted total: plannedMaintenance + fullOutage + lateNoticeMaintenance + partialWeight × partialOutage. */
  readonly totalMs: number;
}

/** The numbers an availability percentage was computed from. */
export interface AvailabilityTrace {
  readonly from: number;
  readonly to: number;
  readonly mode: MaintenanceMode;
  /** Business time of the calendar in the period, before any exclusion. */
  readonly businessMs: number;
  /** Business time of planned maintenance removed from AST (mode `excluded`), else 0. */
  readonly excludedMs: number;
  /** The AST used as the denominator: businessMs - excludedMs. */
  readonly agreedServiceMs: number;
  readonly downtime: DowntimeBreakdown;
  /**
   * Business time of outages (or late-notice maintenance) that did not count because planned maintenance covered it
   * (modes `up` and `excluded`; 0 in mode `down`, where the instant counts once as maintenance).
   */
  readonly outageInsideMaintenanceMs: number;
  readonly maintenance: readonly MaintenanceTreatment[];
  /** The computation in minutes, e.g. "(43200 - 150) / 43200 × 100 = 99.653 %". */
  readonly formula: string;
}

export interface AvailabilityResult {
  /** (AST - downtime) / AST × 100, unrounded; null when there is no agreed service time. */
  readonly percent: number | null;
  readonly reason: { readonly code: 'NO_AGREED_SERVICE_TIME'; readonly message: string } | null;
  readonly trace: AvailabilityTrace;
}

const MS_PER_HOUR = 3_600_000;
const maintenanceModes: readonly MaintenanceMode[] = ['excluded', 'up', 'down'];

/** Measures availability over the period; see the module comment for the rules. */
export function measureAvailability(input: AvailabilityInput): AvailabilityResult {
  const { calendar, period, outages, maintenancePolicy: policy } = input;
  const maintenance = input.maintenance ?? [];
  checkInput(input, maintenance);
  const noticeMs = policy.noticeHours * MS_PER_HOUR;
  const business = openIntervals(calendar, period.from, period.to);
  const businessMs = spanLength(business);

  const isPlanned = (window: MaintenanceWindow) => window.from - window.announcedAt >= noticeMs;
  const spansOf = (items: readonly { from: number; to: number }[]) =>
    unionOfSpans(
      items.map((item) => ({ start: item.from, end: item.to })),
      period.from,
      period.to,
    );
  const planned = spansOf(maintenance.filter(isPlanned));
  const lateNotice = spansOf(maintenance.filter((window) => !isPlanned(window)));
  const full = spansOf(outages.filter((outage) => outage.severity === 'full'));
  const partial = spansOf(outages.filter((outage) => outage.severity === 'partial'));

  const plannedBusiness = intersectSpans(business, planned);
  const excludedMs = policy.mode === 'excluded' ? spanLength(plannedBusiness) : 0;
  const agreedServiceMs = businessMs - excludedMs;

  // Attribute each business instant once, in order of precedence; what is left after each cause is "remaining".
  let remaining: readonly TimeSpan[] = business;
  const take = (cause: readonly TimeSpan[]): number => {
    const covered = spanLength(intersectSpans(remaining, cause));
    remaining = subtractSpans(remaining, cause);
    return covered;
  };
  const plannedMaintenanceMs = policy.mode === 'down' ? take(planned) : 0;
  const outageInsideMaintenanceMs =
    policy.mode === 'down'
      ? 0
      : spanLength(intersectSpans(plannedBusiness, unionOfSpans([...full, ...partial, ...lateNotice])));
  if (policy.mode !== 'down') remaining = subtractSpans(remaining, planned);
  const fullOutageMs = take(full);
  const lateNoticeMaintenanceMs = take(lateNotice);
  const partialOutageMs = take(partial);
  const totalMs = plannedMaintenanceMs + fullOutageMs + lateNoticeMaintenanceMs + input.partialWeight * partialOutageMs;

  const percent = agreedServiceMs > 0 ? ((agreedServiceMs - totalMs) / agreedServiceMs) * 100 : null;
  const trace: AvailabilityTrace = {
    from: period.from,
    to: period.to,
    mode: policy.mode,
    businessMs,
    excludedMs,
    agreedServiceMs,
    downtime: {
      plannedMaintenanceMs,
      fullOutageMs,
      lateNoticeMaintenanceMs,
      partialOutageMs,
      partialWeight: input.partialWeight,
      totalMs,
    },
    outageInsideMaintenanceMs,
    maintenance: maintenance.map((window) => ({
      ...(window.id === undefined ? {} : { id: window.id }),
      from: window.from,
      to: window.to,
      announcedAt: window.announcedAt,
      treatedAs: isPlanned(window) ? 'planned' : 'late_notice',
      noticeHours: (window.from - window.announcedAt) / MS_PER_HOUR,
      businessMs: spanLength(intersectSpans(business, spansOf([window]))),
    })),
    formula: formulaOf(agreedServiceMs, totalMs, percent),
  };
  const reason =
    percent === null
      ? {
          code: 'NO_AGREED_SERVICE_TIME' as const,
          message:
            businessMs === 0
              ? 'the calendar has no business time in the period, so there is no agreed service time to measure'
              : 'planned maintenance excluded all of the agreed service time in the period',
        }
      : null;
  return { percent, reason, trace };
}

function formulaOf(agreedMs: number, downtimeMs: number, percent: number | null): string {
  const minutes = (ms: number) => String(roundHalfAwayFromZero(ms / MS_PER_MINUTE, 3));
  if (percent === null) return `agreed service time ${minutes(agreedMs)} min: no availability`;
  return `(${minutes(agreedMs)} - ${minutes(downtimeMs)}) / ${minutes(agreedMs)} × 100 = ${formatFixed(percent, 3)} %`;
}

function checkInput(input: AvailabilityInput, maintenance: readonly MaintenanceWindow[]): void {
  assertPeriod(input.period);
  requireFiniteNumber(input.partialWeight, 'partialWeight', 0, 1);
  const policy = input.maintenancePolicy;
  if (!maintenanceModes.includes(policy?.mode)) {
    invalidMeasurement('maintenancePolicy.mode', `must be one of ${maintenanceModes.join(', ')}`, policy?.mode);
  }
  requireFiniteNumber(policy.noticeHours, 'maintenancePolicy.noticeHours', 0);
  for (const [index, outage] of input.outages.entries()) {
    checkSpan(outage, `outages[${index}]`);
    if (outage.severity !== 'full' && outage.severity !== 'partial') {
      invalidMeasurement(`outages[${index}].severity`, 'must be full or partial', outage.severity);
    }
  }
  for (const [index, window] of maintenance.entries()) {
    checkSpan(window, `maintenance[${index}]`);
    requireFiniteNumber(window.announcedAt, `maintenance[${index}].announcedAt`);
  }
}

function checkSpan(span: { from: number; to: number }, path: string): void {
  requireFiniteNumber(span?.from, `${path}.from`);
  requireFiniteNumber(span.to, `${path}.to`);
  if (span.to < span.from) invalidMeasurement(`${path}.to`, 'must not be before from', span.to);
}
