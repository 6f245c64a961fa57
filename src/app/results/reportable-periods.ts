/**
 * Which months of an agreement have results (issue 18, defect 12): those that meet the time its versions were in
 * force, [the effective instant of the first version put in force, the end of the last one or now), read in the
 * agreement's zone (decision 0025 for when a version is in force). A report screen opens on the latest of them
 * instead of on a month the agreement never covered.
 */
import { monthLabelAt } from './results-period.ts';
import { agreementTimeZone, type ResultsVersion } from './results-versions.ts';

export interface ReportablePeriods {
  /** The zone the months are cut in. */
  readonly timeZone: string;
  /** The first and the latest month (`YYYY-MM`) in which a version was in force. */
  readonly firstMonth: string;
  readonly latestMonth: string;
  /** Whether a version is in force now (the latest month is then the current one, still running). */
  readonly inForceNow: boolean;
}

/** Null when no version has ever been in force (none put in force, or none for a moment). */
export function reportablePeriods(versions: readonly ResultsVersion[], now: number): ReportablePeriods | null {
  const spans = versions
    .map((version) => ({ from: version.inForceFrom, to: version.inForceTo }))
    .filter((span) => span.from < span.to && span.from <= now);
  if (spans.length === 0) return null;
  const timeZone = agreementTimeZone(versions, now);
  const first = Math.min(...spans.map((span) => span.from));
  const end = Math.max(...spans.map((span) => span.to));
  const inForceNow = spans.some((span) => span.from <= now && now < span.to);
  // The last instant in force: now while a version is, else the instant before the last one ended.
  const last = inForceNow ? now : end - 1;
  return {
    timeZone,
    firstMonth: monthLabelAt(timeZone, first).label,
    latestMonth: monthLabelAt(timeZone, Math.max(first, last)).label,
    inForceNow,
  };
}
