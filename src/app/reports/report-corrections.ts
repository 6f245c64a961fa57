/**
 * Corrections of a published report (docs/semantics.md#published-reports-and-corrections: later changes show as
 * corrections, never as silent edits): the figures of the frozen report beside the figures the data gives now, wherever
 * they differ. Compared are the outcomes a reader acts on (values, counts, RAG, credits, termination triggers, ticket
 * flow), not the business-time statistics, which for a breach still running grow with every hour without any change of
 * the data.
 */
import { unmeasuredReasons } from '../../core/clocks/index.ts';
import type { AgreementReport } from './agreement-report.ts';

export interface Correction {
  /** What changed, as a path: `targets.p1-resolution.breached`, `credits.credit`, `flow.backlogAtEnd`. */
  readonly item: string;
  readonly published: number | string | boolean | null;
  readonly current: number | string | boolean | null;
}

export interface Corrections {
  /** Whether the data the report was computed from changed since it was published (its fingerprint differs). */
  readonly dataChanged: boolean;
  readonly changes: readonly Correction[];
}

export const NO_CORRECTIONS: Corrections = { dataChanged: false, changes: [] };

type Figure = number | string | boolean | null;

/** The figures of a report that corrections compare, by item path, in report order. */
export function reportFigures(report: AgreementReport): Map<string, Figure> {
  const figures = new Map<string, Figure>();
  const results = report.results;
  figures.set('version', results.version.record.number);
  for (const target of results.targets) {
    const prefix = `targets.${target.target.id}`;
    figures.set(`${prefix}.value`, round(target.value));
    figures.set(`${prefix}.rag`, target.rag.status);
    if (target.tickets) {
      figures.set(`${prefix}.met`, target.tickets.met);
      figures.set(`${prefix}.breached`, target.tickets.breached);
    }
  }
  for (const other of results.otherTargets) {
    figures.set(`otherTargets.${other.targetId}.met`, other.met);
    figures.set(`otherTargets.${other.targetId}.breached`, other.breached);
  }
  if (results.credits) {
    figures.set('credits.credit', results.credits.result.credit);
    figures.set('credits.boundBy', results.credits.result.boundBy);
  }
  for (const status of results.termination ?? [])
    figures.set(`termination.${status.triggerId}.triggered`, status.triggered);
  for (const key of ['opened', 'resolved', 'reopened', 'backlogAtStart', 'backlogAtEnd'] as const) {
    figures.set(`flow.${key}`, report.flow[key]);
  }
  // Reports published before tickets said why they were not measured have no such counts: nothing to compare.
  if (report.flow.unmeasured !== undefined) {
    for (const reason of unmeasuredReasons)
      figures.set(`flow.notMeasured.${reason}`, report.flow.unmeasured[reason] ?? 0);
  }
  return figures;
}

/** The differences between the published report and the same report computed from the data now. */
export function correctionsBetween(published: AgreementReport, current: AgreementReport): Corrections {
  const before = reportFigures(published);
  const after = reportFigures(current);
  const changes: Correction[] = [];
  for (const [item, value] of before) {
    const now = after.has(item) ? after.get(item)! : null;
    if (value !== now) changes.push({ item, published: value, current: now });
  }
  for (const [item, value] of after) {
    if (!before.has(item)) changes.push({ item, published: null, current: value });
  }
  return { dataChanged: true, changes };
}

/** Values compared to 1e-9: the same data gives the same float, but text round trips must not look like changes. */
function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1e9) / 1e9;
}
