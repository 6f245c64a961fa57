/**
 * The durations of an agreement's targets as its author wrote them. The normalised model keeps milliseconds, so
 * `PT24H` and `P1D` look the same there; lint needs the words to quote them and to know whether the author counted
 * in days (docs/decisions/0027-durations-and-metric-names-for-people.md).
 */
import { type AgreementFormat, readSourceDocument } from './source-document.ts';

const durationFields = ['within', 'every', 'objective', 'onTime.early', 'onTime.late'] as const;

/** Each target duration written as text, by its lint path (`spec.targets.3.within` -> `PT24H`). */
export function writtenDurationsOf(text: string, format: AgreementFormat): ReadonlyMap<string, string> {
  const written = new Map<string, string>();
  const targets = field(field(readSourceDocument(text, format).value, 'spec'), 'targets');
  if (!Array.isArray(targets)) return written;
  targets.forEach((target, index) => {
    for (const path of durationFields) {
      const value = path.split('.').reduce<unknown>((node, key) => field(node, key), target);
      if (typeof value === 'string') written.set(`spec.targets.${index}.${path}`, value);
    }
  });
  return written;
}

/** The days an ISO-8601 duration writes before its time part (`P2D` -> 2, `P1DT12H` -> 1, `PT24H` -> 0). */
export function writtenDays(duration: string): number {
  const match = /^P(\d+(?:[.,]\d+)?)D/.exec(duration);
  return match ? Number(match[1]!.replace(',', '.')) : 0;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
