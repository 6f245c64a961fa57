/**
 * A month of an agreement's trend (decision 0014): every target of the version in force that month with its value and
 * RAG against that version's goal, for the attainment trend and the SLAM chart (docs/semantics.md#rag-status: RAG per
 * target per month). Months without a version in force have no targets.
 */
import type { Target } from '../../core/agreement/index.ts';
import type { RagResult } from '../../core/measure/index.ts';
import type { ResultsPeriod } from './results-period.ts';
import type { ResultsVersion } from './results-versions.ts';
import type { TargetGoal } from './target-goals.ts';

export interface TrendCell {
  readonly targetId: string;
  readonly metric: Target['metric'];
  /** As the target's headline value: percent, milliseconds (mean resolution time) or the KPI's number. */
  readonly value: number | null;
  readonly goal: TargetGoal | null;
  readonly rag: RagResult;
  /** Counted cycles of ticket targets; null for other targets. */
  readonly met: number | null;
  readonly breached: number | null;
}

export interface TrendMonth {
  readonly label: string;
  readonly from: number;
  readonly to: number;
  /** Whether the month was still running when measured. */
  readonly current: boolean;
  readonly versionId: string | null;
  readonly versionNumber: number | null;
  readonly targets: readonly TrendCell[];
}

/** What a month's result of one target brings to the trend (a structural part of the period results). */
export interface TrendSource {
  readonly target: Target;
  readonly goal: TargetGoal | null;
  readonly value: number | null;
  readonly rag: RagResult;
  readonly tickets?: { readonly met: number; readonly breached: number } | undefined;
}

export function trendMonth(
  month: ResultsPeriod,
  version: ResultsVersion | undefined,
  results: readonly TrendSource[],
  now: number,
): TrendMonth {
  return {
    label: month.label ?? '',
    from: month.from,
    to: month.to,
    current: now < month.to,
    versionId: version?.record.id ?? null,
    versionNumber: version?.record.number ?? null,
    targets: results.map((result) => ({
      targetId: result.target.id,
      metric: result.target.metric,
      value: result.value,
      goal: result.goal,
      rag: result.rag,
      met: result.tickets?.met ?? null,
      breached: result.tickets?.breached ?? null,
    })),
  };
}
